"""One interface to Ethereum: the embedded EVM (default) or any JSON-RPC node.

>>> from augury.chain import Chain
>>> chain = Chain.embedded()
>>> token = chain.deploy("Token", "Augury USD", "aUSD", 18, 10**24)
>>> token.balanceOf(chain.accounts[0]) == 10**24
True

This package knows nothing of AI: the capabilities build on it.
"""

from augury.chain.abi import ContractABI, decode_revert
from augury.chain.base import DEV_MNEMONIC, Chain, dev_accounts, load_private_key, to_address
from augury.chain.contract import BoundFunction, Contract
from augury.chain.gas import BLOCK_GAS_LIMIT, intrinsic_gas
from augury.chain.types import (
    Authorization,
    BlockId,
    BlockRef,
    CallResult,
    Event,
    Log,
    NativeTransfer,
    Receipt,
    SentTransaction,
    Trace,
)

__all__ = [
    "BLOCK_GAS_LIMIT",
    "DEV_MNEMONIC",
    "Authorization",
    "BlockId",
    "BlockRef",
    "BoundFunction",
    "CallResult",
    "Chain",
    "Contract",
    "ContractABI",
    "Event",
    "Log",
    "NativeTransfer",
    "Receipt",
    "SentTransaction",
    "Trace",
    "decode_revert",
    "dev_accounts",
    "intrinsic_gas",
    "load_private_key",
    "to_address",
]
