"""Reading what a dapp sends: the EIP-1193 request, its calldata, typed data and EIP-7702
authorizations.

:func:`parse_request` (:mod:`~augury.guard.decode.request`) turns ``{"method", "params"}``
into a :class:`TxRequest`, :class:`TypedDataRequest` or :class:`MessageRequest`;
:func:`decode_calldata` (:mod:`~augury.guard.decode.calldata`, with the vendored selector
table of :mod:`~augury.guard.decode.selectors`) names a call and its arguments;
:class:`TypedData` (:mod:`~augury.guard.decode.eip712`) parses and hashes EIP-712 data, which
the per-protocol readers of :mod:`augury.guard.readers` then read;
:mod:`~augury.guard.decode.eip7702` reads and recovers EIP-7702 authorizations.
"""

from augury.guard.decode.calldata import DecodedCall, decode_calldata, grants_in_call
from augury.guard.decode.eip712 import TypedData, as_address, as_bytes, as_int
from augury.guard.decode.eip7702 import authorization_hash, read_authorization, recover_authority
from augury.guard.decode.request import (
    SIGNING_METHODS,
    TX_METHODS,
    MessageRequest,
    TxRequest,
    TypedDataRequest,
    WalletRequest,
    parse_address,
    parse_request,
    read_request_file,
)

__all__ = [
    "SIGNING_METHODS",
    "TX_METHODS",
    "DecodedCall",
    "MessageRequest",
    "TxRequest",
    "TypedData",
    "TypedDataRequest",
    "WalletRequest",
    "as_address",
    "as_bytes",
    "as_int",
    "authorization_hash",
    "decode_calldata",
    "grants_in_call",
    "parse_address",
    "parse_request",
    "read_authorization",
    "read_request_file",
    "recover_authority",
]
