"""Reading wallet requests exactly as a dapp sends them over EIP-1193 / JSON-RPC.

:func:`parse_request` turns ``{"method", "params"}`` into one of three typed requests:
a transaction (:class:`TxRequest`, from ``eth_sendTransaction``/``eth_signTransaction`` or a
signed ``eth_sendRawTransaction``, whose sender is recovered from the signature), typed data
(:class:`TypedDataRequest`) or a raw message (:class:`MessageRequest` for ``personal_sign``
and ``eth_sign``). Anything else raises :class:`UnsupportedMethodError`; malformed params raise
:class:`MalformedRequestError` with a one-line reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from eth_account import Account
from eth_utils import is_address, to_checksum_address

from augury.errors import ConfigError
from augury.guard.decode.eip712 import TypedData, as_bytes, as_int
from augury.guard.decode.eip7702 import read_authorization
from augury.guard.errors import (
    MalformedRequestError,
    RequestTooLargeError,
    TypedDataError,
    UnsupportedMethodError,
)
from augury.guard.records import Delegation

#: Largest calldata or message accepted (bytes). Mainnet's 30M gas buys ~1.8 MB of calldata at
#: 16 gas a byte, but no wallet request comes near 256 KiB; larger is an attack on the checker.
MAX_DATA = 256 * 1024
TX_METHODS = ("eth_sendTransaction", "eth_signTransaction")
TYPED_METHODS = ("eth_signTypedData_v4", "eth_signTypedData_v3", "eth_signTypedData")
MESSAGE_METHODS = ("personal_sign", "eth_sign")
SIGNING_METHODS = (*TX_METHODS, "eth_sendRawTransaction", *TYPED_METHODS, *MESSAGE_METHODS)


@dataclass(frozen=True)
class TxRequest:
    """A transaction to simulate. ``to`` is None for contract creation."""

    method: str
    sender: str | None
    to: str | None
    value: int
    data: bytes
    gas: int | None = None
    chain_id: int | None = None
    nonce: int | None = None
    authorizations: tuple[Delegation, ...] = ()
    raw: bytes | None = None


@dataclass(frozen=True)
class TypedDataRequest:
    method: str
    signer: str | None
    typed: TypedData


@dataclass(frozen=True)
class MessageRequest:
    method: Literal["personal_sign", "eth_sign"]
    signer: str | None
    data: bytes


WalletRequest = TxRequest | TypedDataRequest | MessageRequest


def parse_address(value: Any, what: str) -> str:
    if isinstance(value, bytes | bytearray) and len(value) == 20:
        value = "0x" + bytes(value).hex()
    if not isinstance(value, str) or not is_address(value):
        raise MalformedRequestError(f"{what} is not an address: {str(value)[:60]!r}")
    return to_checksum_address(value)


def _data(value: Any, what: str) -> bytes:
    if value is None:
        return b""
    if isinstance(value, str) and len(value) > 2 * MAX_DATA + 2:
        raise RequestTooLargeError(f"{what} is larger than {MAX_DATA} bytes")
    try:
        raw = as_bytes(value, what)
    except TypedDataError:
        raise MalformedRequestError(f"{what} is not 0x-hex") from None
    if len(raw) > MAX_DATA:
        raise RequestTooLargeError(f"{what} is larger than {MAX_DATA} bytes")
    return raw


def _int(value: Any, what: str, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return as_int(value, what)
    except TypedDataError:
        raise MalformedRequestError(f"{what} is not a number: {str(value)[:40]!r}") from None


def tx_from_dict(tx: Any, method: str, sender: str | None = None) -> TxRequest:
    """A :class:`TxRequest` from a transaction object (JSON-RPC field names)."""
    if not isinstance(tx, dict):
        raise MalformedRequestError(f"{method} needs a transaction object as its first param")
    from_ = tx.get("from")
    to = tx.get("to")
    auths = tx.get("authorizationList") or []
    if not isinstance(auths, list | tuple):
        raise MalformedRequestError("authorizationList must be an array")
    return TxRequest(
        method=method,
        sender=parse_address(from_, "from") if from_ is not None else sender,
        to=parse_address(to, "to") if to not in (None, "", "0x") else None,
        value=_int(tx.get("value"), "value", 0) or 0,
        data=_data(tx.get("data", tx.get("input")), "data"),
        gas=_int(tx.get("gas"), "gas"),
        chain_id=_int(tx.get("chainId"), "chainId"),
        nonce=_int(tx.get("nonce"), "nonce"),
        authorizations=tuple(read_authorization(a) for a in auths),
    )


def decode_raw_transaction(raw_hex: Any) -> TxRequest:
    """A signed transaction (legacy or typed, EIP-7702 included) with its recovered sender."""
    raw = _data(raw_hex, "raw transaction")
    if not raw:
        raise MalformedRequestError("raw transaction is empty")
    try:
        sender = Account.recover_transaction(raw)
        if raw[0] >= 0xC0:
            from eth_account._utils.legacy_transactions import Transaction

            fields = Transaction.from_bytes(raw).as_dict()
        else:
            from eth_account.typed_transactions import (  # type: ignore[attr-defined]
                TypedTransaction,
            )
            from hexbytes import HexBytes

            fields = TypedTransaction.from_bytes(HexBytes(raw)).as_dict()
    except Exception as exc:  # rlp, signature and type errors from eth-account alike
        raise MalformedRequestError(f"undecodable raw transaction: {type(exc).__name__}") from None
    tx = {k: fields.get(k) for k in ("to", "value", "data", "gas", "chainId", "nonce")}
    tx["authorizationList"] = list(fields.get("authorizationList") or [])
    to = tx.get("to")
    tx["to"] = "0x" + bytes(to).hex() if to else None
    parsed = tx_from_dict(tx, "eth_sendRawTransaction", to_checksum_address(sender))
    return TxRequest(**{**parsed.__dict__, "raw": raw})


def parse_request(request: Any, sender: str | None = None) -> WalletRequest:
    """Read one EIP-1193 request ``{"method": ..., "params": [...]}``."""
    if not isinstance(request, dict) or not isinstance(request.get("method"), str):
        raise MalformedRequestError("a request is an object with a string 'method'")
    method: str = request["method"]
    params = request.get("params", [])
    if not isinstance(params, list):
        raise MalformedRequestError(f"{method} params must be an array")
    if method not in SIGNING_METHODS:
        raise UnsupportedMethodError(f"{method} is not a signing method the guard checks")
    if not params:
        raise MalformedRequestError(f"{method} needs params")
    if method in TX_METHODS:
        return tx_from_dict(params[0], method, sender)
    if method == "eth_sendRawTransaction":
        return decode_raw_transaction(params[0])
    if method in TYPED_METHODS:
        if len(params) < 2:
            raise MalformedRequestError(f"{method} params are [address, typedData]")
        first, second = params[0], params[1]
        # v1-era dapps swap the order; the address is whichever param is one
        addr, payload = (
            (first, second)
            if isinstance(first, str) and is_address(first)
            else (
                second,
                first,
            )
        )
        if isinstance(payload, str) and len(payload) > MAX_DATA:
            raise RequestTooLargeError(f"typed data is larger than {MAX_DATA} bytes")
        return TypedDataRequest(method, parse_address(addr, "signer"), TypedData.parse(payload))
    if method == "eth_sign":
        if len(params) < 2:
            raise MalformedRequestError("eth_sign params are [address, data]")
        return MessageRequest(
            "eth_sign", parse_address(params[0], "signer"), _data(params[1], "data")
        )
    # personal_sign: [data, address] per MetaMask; tolerate the reversed order
    data_param, addr = params[0], params[1] if len(params) > 1 else sender
    if (
        isinstance(data_param, str)
        and is_address(data_param)
        and isinstance(addr, str)
        and (not is_address(addr) or len(addr) != 42)
    ):
        data_param, addr = addr, data_param
    return MessageRequest(
        "personal_sign", parse_address(addr, "signer") if addr else None, _message_bytes(data_param)
    )


def _message_bytes(value: Any) -> bytes:
    """personal_sign data: 0x-hex is bytes, anything else is UTF-8 text (as MetaMask reads it)."""
    if not isinstance(value, str):
        raise MalformedRequestError("personal_sign data must be a string")
    if len(value) > 2 * MAX_DATA + 2:
        raise RequestTooLargeError(f"message is larger than {MAX_DATA} bytes")
    if value.startswith("0x"):
        try:
            return bytes.fromhex(value[2:])
        except ValueError:
            pass
    return value.encode()


def read_request_file(path: Path) -> Any:
    """The JSON document of a request file (``augury guard check --request``), or one
    clear :class:`~augury.errors.ConfigError` for a file that cannot be read or is not JSON.
    What the document means is :func:`parse_request`'s to judge."""
    try:
        return json.loads(path.read_text())
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path} is not JSON: {exc.msg} at line {exc.lineno}") from None
