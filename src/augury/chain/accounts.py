"""Accounts and addresses: the development keys, private keys, checksummed addresses.

Kept apart from :mod:`augury.chain.base` so the interface module holds the interface;
``augury.chain.base`` re-exports every name here for existing imports.
"""

from __future__ import annotations

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import is_address, to_checksum_address

from augury.errors import ConfigError, InvalidPrivateKey

Sender = str | LocalAccount

# The standard development mnemonic of Hardhat, Foundry and Ganache. Its keys are
# public: they fund test accounts on the embedded chain and match the accounts a
# Hardhat or anvil node unlocks, so the same addresses exist on both backends.
DEV_MNEMONIC = "test test test test test test test test test test test junk"
DEV_ACCOUNT_COUNT = 10
DEV_BALANCE = 10_000 * 10**18


def dev_accounts(count: int = DEV_ACCOUNT_COUNT) -> list[LocalAccount]:
    """The first ``count`` accounts of :data:`DEV_MNEMONIC` (BIP-44 path m/44'/60'/0'/0/i)."""
    from augury.chain._devkeys import dev_keys

    return [Account.from_key(k) for k in dev_keys(count)]


def load_private_key(key: str) -> LocalAccount:
    """An account from a hex private key; the error never repeats the key."""
    text = key.strip()
    hexpart = text[2:] if text.lower().startswith("0x") else text
    if len(hexpart) != 64:
        raise InvalidPrivateKey(
            f"malformed private key: expected 32 bytes of hex, got {len(hexpart)} characters"
        )
    try:
        account: LocalAccount = Account.from_key(bytes.fromhex(hexpart))
        return account
    except ValueError:
        raise InvalidPrivateKey(
            "malformed private key: not hex, or outside the secp256k1 range"
        ) from None


def to_address(value: object) -> str:
    """Checksummed address of a string, an account or a contract handle."""
    address = getattr(value, "address", value)
    if not isinstance(address, str) or not is_address(address):
        raise ConfigError(f"not an Ethereum address: {address!r}")
    return to_checksum_address(address)
