"""EIP-712 typed structured data: parsing, ``hashStruct`` and the signing digest.

Written from the EIP (https://eips.ethereum.org/EIPS/eip-712) rather than taken from a
library, so that the guard can show *which* struct a wallet is asked to sign and check
every value against its declared type; ``tests/guard/decode/test_eip712.py`` checks the digest
against ``eth_account.messages.encode_typed_data`` on the EIP's example and on random data.

Values are accepted as dapps send them in ``eth_signTypedData_v4``: integers as JSON
numbers or decimal/hex strings, addresses and ``bytes`` as 0x-hex strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eth_abi import encode as abi_encode
from eth_utils import is_address, keccak, to_checksum_address

from augury.guard.errors import TypedDataError

# Field order of EIP712Domain when a request leaves its type out (the EIP's order).
DOMAIN_FIELDS = (
    ("name", "string"),
    ("version", "string"),
    ("chainId", "uint256"),
    ("verifyingContract", "address"),
    ("salt", "bytes32"),
)
_ARRAY = re.compile(r"^(.*)\[(\d*)\]$")
_INT = re.compile(r"^(u?)int(\d*)$")
_BYTES_N = re.compile(r"^bytes(\d+)$")


@dataclass(frozen=True)
class Field:
    name: str
    type: str


def as_int(value: Any, what: str = "value") -> int:
    """An integer from a JSON number or a decimal or 0x-hex string."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.lower().startswith(("0x", "-0x")):
                return int(text, 16)
            return int(text, 10)
        except ValueError:
            pass
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise TypedDataError(f"{what} is not an integer: {value!r}")


def as_address(value: Any, what: str = "address") -> str:
    """A checksummed address from a 0x-hex string."""
    if isinstance(value, str) and is_address(value):
        return to_checksum_address(value)
    raise TypedDataError(f"{what} is not an address: {value!r}")


def as_bytes(value: Any, what: str = "bytes") -> bytes:
    """Bytes from a 0x-hex string (an empty string is empty bytes)."""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, str):
        text = value[2:] if value.lower().startswith("0x") else value
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    raise TypedDataError(f"{what} is not hex bytes: {value!r}")


@dataclass(frozen=True)
class TypedData:
    """One ``eth_signTypedData_v4`` payload. Build it with :meth:`parse`."""

    types: Mapping[str, tuple[Field, ...]]
    primary_type: str
    domain: Mapping[str, Any]
    message: Mapping[str, Any]

    @classmethod
    def parse(cls, payload: Any) -> TypedData:
        """Read a payload given as a JSON string or an already parsed object.

        Raises :class:`TypedDataError` naming the first thing that does not follow EIP-712.
        """
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except json.JSONDecodeError as exc:
                raise TypedDataError(f"typed data is not JSON: {exc.msg}") from None
        if not isinstance(payload, dict):
            raise TypedDataError("typed data must be a JSON object")
        raw_types, primary = payload.get("types"), payload.get("primaryType")
        domain, message = payload.get("domain", {}), payload.get("message")
        if not isinstance(raw_types, dict) or not isinstance(primary, str):
            raise TypedDataError("typed data needs 'types' (object) and 'primaryType' (string)")
        if not isinstance(domain, dict) or not isinstance(message, dict):
            raise TypedDataError("typed data needs 'domain' and 'message' objects")
        types: dict[str, tuple[Field, ...]] = {}
        for name, fields in raw_types.items():
            if not isinstance(fields, list):
                raise TypedDataError(f"type {name!r} must be a list of fields")
            try:
                types[name] = tuple(Field(str(f["name"]), str(f["type"])) for f in fields)
            except (TypeError, KeyError):
                raise TypedDataError(f"type {name!r} has a field without name or type") from None
        if "EIP712Domain" not in types:
            types["EIP712Domain"] = tuple(Field(n, t) for n, t in DOMAIN_FIELDS if n in domain)
        if primary not in types:
            raise TypedDataError(f"primaryType {primary!r} is not among the types")
        data = cls(types, primary, domain, message)
        data.encode_type(primary)  # rejects undefined and cyclic types early
        return data

    # -- the EIP's functions -------------------------------------------------

    def _dependencies(self, name: str, found: list[str], path: tuple[str, ...]) -> None:
        if name in path:
            raise TypedDataError(f"type {name!r} contains itself")
        if name in found:
            return
        if name not in self.types:
            raise TypedDataError(f"type {name!r} is used but not defined")
        found.append(name)
        for f in self.types[name]:
            base = _base_type(f.type)
            if base in self.types or not _is_atomic_or_dynamic(base):
                self._dependencies(base, found, (*path, name))

    def encode_type(self, name: str) -> str:
        """``encodeType``: the struct and its dependencies, the latter sorted by name."""
        deps: list[str] = []
        self._dependencies(name, deps, ())
        ordered = [name, *sorted(d for d in deps if d != name)]
        return "".join(
            f"{n}({','.join(f'{f.type} {f.name}' for f in self.types[n])})" for n in ordered
        )

    def type_hash(self, name: str) -> bytes:
        return keccak(text=self.encode_type(name))

    def hash_struct(self, name: str, value: Mapping[str, Any]) -> bytes:
        """``hashStruct(s) = keccak256(typeHash || encodeData(s))``."""
        if not isinstance(value, Mapping):
            raise TypedDataError(f"value of struct {name} must be an object")
        parts = [self.type_hash(name)]
        for f in self.types[name]:
            if f.name not in value:
                raise TypedDataError(f"{name}.{f.name} is missing")
            parts.append(self._encode_value(f.type, value[f.name], f"{name}.{f.name}"))
        return keccak(b"".join(parts))

    def _encode_value(self, typ: str, value: Any, where: str) -> bytes:
        array = _ARRAY.match(typ)
        if array:
            item, size = array.group(1), array.group(2)
            if not isinstance(value, list):
                raise TypedDataError(f"{where} must be an array")
            if size and len(value) != int(size):
                raise TypedDataError(f"{where} must have {size} items, has {len(value)}")
            return keccak(
                b"".join(self._encode_value(item, v, f"{where}[{i}]") for i, v in enumerate(value))
            )
        if typ in self.types:
            return self.hash_struct(typ, value)
        if typ == "string":
            if not isinstance(value, str):
                raise TypedDataError(f"{where} must be a string")
            return keccak(text=value)
        if typ == "bytes":
            return keccak(as_bytes(value, where))
        return _encode_atomic(typ, value, where)

    def domain_separator(self) -> bytes:
        return self.hash_struct("EIP712Domain", self.domain)

    def struct_hash(self) -> bytes:
        return self.hash_struct(self.primary_type, self.message)

    def digest(self) -> bytes:
        """What the wallet signs: keccak256(0x1901 || domainSeparator || hashStruct(message))."""
        return keccak(b"\x19\x01" + self.domain_separator() + self.struct_hash())

    # -- reading -------------------------------------------------------------

    @property
    def chain_id(self) -> int | None:
        raw = self.domain.get("chainId")
        return None if raw is None else as_int(raw, "domain.chainId")

    @property
    def verifying_contract(self) -> str | None:
        raw = self.domain.get("verifyingContract")
        return None if raw is None else as_address(raw, "domain.verifyingContract")

    def to_json(self) -> dict[str, Any]:
        return {
            "primaryType": self.primary_type,
            "domain": dict(self.domain),
            "message": dict(self.message),
        }


def _base_type(typ: str) -> str:
    while True:
        m = _ARRAY.match(typ)
        if not m:
            return typ
        typ = m.group(1)


def _is_atomic_or_dynamic(typ: str) -> bool:
    return (
        typ in ("address", "bool", "string", "bytes")
        or bool(_INT.match(typ))
        or bool(_BYTES_N.match(typ))
    )


def _encode_atomic(typ: str, value: Any, where: str) -> bytes:
    if typ == "address":
        return abi_encode(["address"], [as_address(value, where)])
    if typ == "bool":
        if isinstance(value, str):
            value = {"true": True, "false": False}.get(value.lower(), value)
        if not isinstance(value, bool | int):
            raise TypedDataError(f"{where} must be a bool")
        return abi_encode(["bool"], [bool(value)])
    m = _INT.match(typ)
    if m:
        bits = int(m.group(2) or 256)
        number = as_int(value, where)
        lo, hi = (0, 2**bits) if m.group(1) else (-(2 ** (bits - 1)), 2 ** (bits - 1))
        if not lo <= number < hi or bits % 8 or not 8 <= bits <= 256:
            raise TypedDataError(f"{where} = {number} does not fit {typ}")
        return number.to_bytes(32, "big", signed=not m.group(1))
    m = _BYTES_N.match(typ)
    if m:
        size = int(m.group(1))
        raw = as_bytes(value, where)
        if not 1 <= size <= 32 or len(raw) > size:
            raise TypedDataError(f"{where} is {len(raw)} bytes, does not fit {typ}")
        return raw.ljust(32, b"\0")
    raise TypedDataError(f"{where} has unknown type {typ!r}")
