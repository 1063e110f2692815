"""Contract ABIs: encoding calls, decoding results, events and revert data.

Both chain backends execute raw bytes; everything that gives those bytes meaning
lives here, so a call or an event decodes identically on the embedded EVM and on
a JSON-RPC node.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_abi.exceptions import DecodingError, EncodingError
from eth_abi.grammar import BasicType, TupleType, parse
from eth_utils import keccak, to_checksum_address

from augury.chain.types import Event, Log
from augury.errors import AuguryError

ERROR_SELECTOR = bytes.fromhex("08c379a0")  # Error(string)
PANIC_SELECTOR = bytes.fromhex("4e487b71")  # Panic(uint256)

# Solidity/Vyper panic codes (https://docs.soliditylang.org/en/latest/control-structures.html)
PANIC_CODES = {
    0x00: "generic panic",
    0x01: "assertion failed",
    0x11: "arithmetic overflow or underflow",
    0x12: "division or modulo by zero",
    0x21: "invalid enum value",
    0x22: "invalid storage byte array",
    0x31: "pop on empty array",
    0x32: "array index out of bounds",
    0x41: "out of memory",
    0x51: "call to an uninitialised function",
}


class ABIError(AuguryError):
    """Arguments do not fit a function's ABI, or return data does not decode."""


def canonical_type(param: Mapping[str, Any]) -> str:
    """The canonical type string of one ABI parameter (tuples spelled out)."""
    typ: str = param["type"]
    if typ.startswith("tuple"):
        inner = ",".join(canonical_type(c) for c in param["components"])
        return f"({inner}){typ[len('tuple') :]}"
    return typ


def _normalize_out(typ: Any, value: Any) -> Any:
    """Checksum decoded addresses, recursing through arrays and tuples."""
    if typ.is_array:
        item = typ.item_type
        return [_normalize_out(item, v) for v in value]
    if isinstance(typ, TupleType):
        return tuple(_normalize_out(c, v) for c, v in zip(typ.components, value, strict=True))
    if isinstance(typ, BasicType) and typ.base == "address":
        return to_checksum_address(value)
    return value


def _normalize_in(value: Any) -> Any:
    """Accept accounts and contracts wherever an address is expected."""
    address = getattr(value, "address", None)
    if isinstance(address, str):
        return address
    if isinstance(value, list | tuple):
        return type(value)(_normalize_in(v) for v in value)
    return value


def decode_values(types: Sequence[str], data: bytes) -> tuple[Any, ...]:
    """Decode ABI data to Python values, addresses checksummed."""
    try:
        raw = abi_decode(list(types), data)
    except (DecodingError, OverflowError, ValueError) as exc:
        raise ABIError(f"cannot decode {len(data)} bytes as ({','.join(types)}): {exc}") from exc
    return tuple(_normalize_out(parse(t), v) for t, v in zip(types, raw, strict=True))


@dataclass(frozen=True)
class Function:
    """One function entry of an ABI."""

    name: str
    input_names: tuple[str, ...]
    input_types: tuple[str, ...]
    output_types: tuple[str, ...]
    mutability: str

    @property
    def signature(self) -> str:
        return f"{self.name}({','.join(self.input_types)})"

    @property
    def selector(self) -> bytes:
        return keccak(text=self.signature)[:4]

    @property
    def is_view(self) -> bool:
        return self.mutability in ("view", "pure")

    @property
    def payable(self) -> bool:
        return self.mutability == "payable"

    def encode(self, args: Sequence[Any]) -> bytes:
        """Calldata for a call with ``args``; raises ABIError naming the function."""
        if len(args) != len(self.input_types):
            raise ABIError(
                f"{self.signature} takes {len(self.input_types)} arguments, got {len(args)}"
            )
        try:
            return self.selector + abi_encode(
                list(self.input_types), [_normalize_in(a) for a in args]
            )
        except (EncodingError, TypeError, ValueError, OverflowError) as exc:
            raise ABIError(f"bad arguments for {self.signature}: {exc}") from exc

    def decode_output(self, data: bytes) -> Any:
        """The return value: ``None``, a single value, or a tuple for several outputs."""
        if not self.output_types:
            return None
        values = decode_values(self.output_types, data)
        return values[0] if len(values) == 1 else values


@dataclass(frozen=True)
class EventABI:
    """One event entry of an ABI."""

    name: str
    names: tuple[str, ...]
    types: tuple[str, ...]
    indexed: tuple[bool, ...]
    anonymous: bool

    @property
    def signature(self) -> str:
        return f"{self.name}({','.join(self.types)})"

    @property
    def topic(self) -> bytes:
        return keccak(text=self.signature)

    def decode(self, topics: Sequence[bytes], data: bytes) -> dict[str, Any]:
        """Decode a log's topics and data into ``{argument name: value}``.

        Indexed dynamic values (strings, bytes, arrays) are stored as their hash
        by the EVM; they come back as that 32-byte hash.
        """
        topic_values = list(topics if self.anonymous else topics[1:])
        data_types = [t for t, ix in zip(self.types, self.indexed, strict=True) if not ix]
        data_values = list(decode_values(data_types, data))
        args: dict[str, Any] = {}
        for name, typ, ix in zip(self.names, self.types, self.indexed, strict=True):
            if ix:
                raw = topic_values.pop(0)
                parsed = parse(typ)
                if parsed.is_dynamic:
                    args[name] = raw
                else:
                    args[name] = decode_values([typ], raw)[0]
            else:
                args[name] = data_values.pop(0)
        return args

    def topic_for(self, name: str, value: Any) -> bytes:
        """The topic that an indexed argument ``name`` equal to ``value`` produces."""
        for arg, typ, ix in zip(self.names, self.types, self.indexed, strict=True):
            if arg == name:
                if not ix:
                    raise ABIError(f"{self.name}.{name} is not indexed and cannot be filtered")
                return abi_encode([typ], [_normalize_in(value)])
        raise ABIError(f"event {self.name} has no argument {name!r}")


class ContractABI:
    """A contract's ABI, indexed for encoding calls and decoding logs."""

    def __init__(self, abi: Sequence[Mapping[str, Any]]) -> None:
        self.abi = list(abi)
        self.functions: dict[str, list[Function]] = {}
        self.events: dict[str, EventABI] = {}
        self.events_by_topic: dict[bytes, EventABI] = {}
        self.constructor: Function | None = None
        for item in self.abi:
            kind = item.get("type", "function")
            if kind == "function":
                fn = Function(
                    name=item["name"],
                    input_names=tuple(i.get("name", "") for i in item.get("inputs", [])),
                    input_types=tuple(canonical_type(i) for i in item.get("inputs", [])),
                    output_types=tuple(canonical_type(o) for o in item.get("outputs", [])),
                    mutability=item.get("stateMutability", "nonpayable"),
                )
                self.functions.setdefault(fn.name, []).append(fn)
            elif kind == "constructor":
                self.constructor = Function(
                    name="constructor",
                    input_names=tuple(i.get("name", "") for i in item.get("inputs", [])),
                    input_types=tuple(canonical_type(i) for i in item.get("inputs", [])),
                    output_types=(),
                    mutability=item.get("stateMutability", "nonpayable"),
                )
            elif kind == "event":
                ev = EventABI(
                    name=item["name"],
                    names=tuple(i["name"] for i in item["inputs"]),
                    types=tuple(canonical_type(i) for i in item["inputs"]),
                    indexed=tuple(bool(i.get("indexed")) for i in item["inputs"]),
                    anonymous=bool(item.get("anonymous", False)),
                )
                self.events[ev.name] = ev
                if not ev.anonymous:
                    self.events_by_topic[ev.topic] = ev

    def function(self, name: str, nargs: int) -> Function:
        """The overload of ``name`` that takes ``nargs`` arguments.

        Vyper exposes default arguments as overloads of different arity, so arity
        is enough to pick one.
        """
        overloads = self.functions.get(name)
        if not overloads:
            raise ABIError(f"contract has no function {name!r}")
        for fn in overloads:
            if len(fn.input_types) == nargs:
                return fn
        arities = sorted(len(f.input_types) for f in overloads)
        raise ABIError(f"{name} takes {' or '.join(map(str, arities))} arguments, got {nargs}")

    def encode_constructor(self, args: Sequence[Any]) -> bytes:
        if self.constructor is None:
            if args:
                raise ABIError(f"constructor takes no arguments, got {len(args)}")
            return b""
        return self.constructor.encode(args)[4:]

    def event(self, name: str) -> EventABI:
        try:
            return self.events[name]
        except KeyError:
            raise ABIError(f"contract has no event {name!r}") from None


def decode_logs(abis: Mapping[str, ContractABI], logs: Sequence[Log]) -> list[Event]:
    """Decode the logs whose emitter's ABI is in ``abis`` (keyed by lowercase address)."""
    events = []
    for log in logs:
        cabi = abis.get(log.address.lower())
        ev = cabi.events_by_topic.get(log.topics[0]) if cabi is not None and log.topics else None
        if ev is None:
            continue
        args = ev.decode(log.topics, log.data)
        events.append(
            Event(ev.name, log.address, args, log.block_number, log.tx_hash, log.log_index)
        )
    return events


def decode_revert(data: bytes) -> str:
    """A readable reason for revert data.

    ``Error(string)`` gives its string, ``Panic(uint256)`` its meaning; empty data
    (a bare ``assert`` or ``raise``) and unknown custom errors are described.
    """
    if not data:
        return "no reason given"
    if data[:4] == ERROR_SELECTOR:
        try:
            (reason,) = abi_decode(["string"], data[4:])
            return str(reason)
        except (DecodingError, ValueError, OverflowError, UnicodeDecodeError):
            return f"malformed Error(string) data 0x{data.hex()}"
    if data[:4] == PANIC_SELECTOR and len(data) == 36:
        code = int.from_bytes(data[4:], "big")
        return f"panic 0x{code:02x} ({PANIC_CODES.get(code, 'unknown panic code')})"
    return f"custom error 0x{data.hex()}"
