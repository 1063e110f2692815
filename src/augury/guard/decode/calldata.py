"""Decoding transaction calldata with the vendored selector table.

:func:`decode_calldata` names the function (every signature sharing the selector is tried,
in table order, until one decodes the arguments exactly) and gives its arguments, named
for the standard functions the rules read. :func:`grants_in_call` lists the approvals a
call would give, so a rule can judge an ``approve`` before simulation confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_abi.exceptions import DecodingError

from augury.guard.decode.selectors import lookup
from augury.guard.records import Grant

#: Argument names of the functions the rules read (by signature).
ARG_NAMES: dict[str, tuple[str, ...]] = {
    "transfer(address,uint256)": ("to", "amount"),
    "transferFrom(address,address,uint256)": ("from", "to", "amount"),
    "approve(address,uint256)": ("spender", "amount"),
    "increaseAllowance(address,uint256)": ("spender", "amount"),
    "setApprovalForAll(address,bool)": ("operator", "approved"),
    "safeTransferFrom(address,address,uint256)": ("from", "to", "tokenId"),
    "safeTransferFrom(address,address,uint256,bytes)": ("from", "to", "tokenId", "data"),
    "safeTransferFrom(address,address,uint256,uint256,bytes)": (
        "from",
        "to",
        "id",
        "amount",
        "data",
    ),
    "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)": (
        "from",
        "to",
        "ids",
        "amounts",
        "data",
    ),
    "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)": (
        "owner",
        "spender",
        "value",
        "deadline",
        "v",
        "r",
        "s",
    ),
    "approve(address,address,uint160,uint48)": ("token", "spender", "amount", "expiration"),
    "swap(address,uint256,address,uint256)": ("tokenIn", "amountIn", "tokenOut", "minOut"),
}


@dataclass(frozen=True)
class DecodedCall:
    """A decoded call: ``signature`` is None when the selector is not in the table."""

    selector: bytes
    signature: str | None
    section: str | None
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str | None:
        return None if self.signature is None else self.signature.split("(", 1)[0]

    def to_json(self) -> dict[str, Any]:
        def enc(v: Any) -> Any:
            if isinstance(v, bytes):
                return "0x" + v.hex()
            if isinstance(v, bool | str):
                return v
            if isinstance(v, int):
                return str(v)
            if isinstance(v, list | tuple):
                return [enc(x) for x in v]
            return v

        return {
            "selector": "0x" + self.selector.hex(),
            "signature": self.signature,
            "args": {k: enc(v) for k, v in self.args.items()},
        }


def _split_types(arg_types: str) -> list[str]:
    """Top-level comma split of ``(t1,(t2,t3)[],t4)``."""
    inner = arg_types[1:-1]
    out, depth, current = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            out.append(current)
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    if current:
        out.append(current)
    return out


def decode_calldata(data: bytes) -> DecodedCall | None:
    """The call in ``data``, or None for empty data (a plain transfer of the native coin)."""
    if not data:
        return None
    selector = data[:4]
    for entry in lookup(selector):
        types = _split_types(entry.arg_types)
        body = data[4:]
        try:
            values = abi_decode(types, body) if types else ()
            # exact: re-encoding gives the same bytes (rejects look-alike collisions)
            if types and abi_encode(types, values) != body[: len(abi_encode(types, values))]:
                continue
            if not types and body:
                continue
        except (DecodingError, OverflowError, ValueError):
            continue
        names = ARG_NAMES.get(entry.signature) or tuple(f"arg{i}" for i in range(len(types)))
        args = dict(zip(names, values, strict=True))
        for k, v in args.items():
            if isinstance(v, str) and v.startswith("0x") and len(v) == 42:
                from eth_utils import to_checksum_address

                args[k] = to_checksum_address(v)
        return DecodedCall(selector, entry.signature, entry.section, args)
    return DecodedCall(selector, None, None)


def grants_in_call(call: DecodedCall | None, to: str | None, owner: str | None) -> list[Grant]:
    """The approvals a call gives (ERC-20 approve/increaseAllowance, setApprovalForAll,
    Permit2 ``approve``, an EIP-2612 ``permit`` relayed by the owner)."""
    if call is None or call.signature is None or to is None:
        return []
    a, sig = call.args, call.signature
    if sig in ("approve(address,uint256)", "increaseAllowance(address,uint256)"):
        return [Grant("approve", owner, to, a["spender"], a["amount"])]
    if sig == "setApprovalForAll(address,bool)":
        return [Grant("approval_for_all", owner, to, a["operator"], int(bool(a["approved"])))]
    if sig == "approve(address,address,uint160,uint48)" and call.section == "permit2":
        return [
            Grant(
                "permit2_allowance",
                owner,
                a["token"],
                a["spender"],
                a["amount"],
                expiration=a["expiration"],
            )
        ]
    if sig == "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)":
        return [Grant("permit", a["owner"], to, a["spender"], a["value"], deadline=a["deadline"])]
    return []


__all__ = ["DecodedCall", "decode_calldata", "grants_in_call"]
