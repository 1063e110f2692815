"""Keys of the standard development mnemonic.

They are public (Hardhat, anvil and Ganache print them at start-up). Deriving
them by BIP-32 costs about half a second, so the first ten are listed here;
``tests/chain/test_accounts.py`` derives them from the mnemonic and checks
this table, and :func:`derive_dev_keys` serves any other count.
"""

from __future__ import annotations

from functools import lru_cache

from eth_account import Account

DEV_KEYS = tuple(
    bytes.fromhex(k)
    for k in (
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    )
)


@lru_cache(maxsize=4)
def derive_dev_keys(mnemonic: str, count: int) -> tuple[bytes, ...]:
    """Derive keys m/44'/60'/0'/0/i for i < count from a BIP-39 mnemonic."""
    Account.enable_unaudited_hdwallet_features()
    return tuple(
        bytes(Account.from_mnemonic(mnemonic, account_path=f"m/44'/60'/0'/0/{i}").key)
        for i in range(count)
    )


def dev_keys(count: int) -> tuple[bytes, ...]:
    if count <= len(DEV_KEYS):
        return DEV_KEYS[:count]
    from augury.chain.accounts import DEV_MNEMONIC

    return derive_dev_keys(DEV_MNEMONIC, count)
