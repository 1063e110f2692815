from __future__ import annotations

import pytest

from augury.chain import DEV_MNEMONIC, dev_accounts, load_private_key
from augury.chain._devkeys import DEV_KEYS, derive_dev_keys
from augury.errors import InvalidPrivateKey

KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"


def test_the_key_table_is_the_mnemonic_derivation() -> None:
    assert derive_dev_keys(DEV_MNEMONIC, len(DEV_KEYS)) == DEV_KEYS


def test_first_dev_account_is_hardhats() -> None:
    assert dev_accounts(1)[0].address == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


@pytest.mark.parametrize("text", [KEY, KEY[2:], "  " + KEY + "\n"])
def test_private_keys_load_with_or_without_prefix(text: str) -> None:
    assert load_private_key(text).address == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


@pytest.mark.parametrize(
    "text", [KEY[:-2], KEY + "00", "0x" + "zz" * 32, "0x" + "00" * 32, "0x" + "ff" * 32, ""]
)
def test_malformed_keys_are_rejected_without_echoing_them(text: str) -> None:
    with pytest.raises(InvalidPrivateKey) as err:
        load_private_key(text)
    message = str(err.value)
    assert message.startswith("malformed private key")
    if len(text) > 8:
        assert text.strip()[4:-4] not in message
