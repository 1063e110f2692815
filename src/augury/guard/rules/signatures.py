"""Rules about what a signature gives away: marketplace orders and blind messages.

See :mod:`augury.guard.rules` for the table of every rule.
"""

from __future__ import annotations

from typing import Any

import rlp  # type: ignore[import-untyped]

from augury.guard.context import Facts
from augury.guard.decode import MessageRequest
from augury.guard.records import Finding

#: The seller receiving less than this share of what the order pays out is "~0 proceeds".
MIN_SELLER_SHARE = 0.5


def marketplace_farming(f: Facts) -> list[Finding]:
    out = []
    for o in f.orders:
        name = f"{o.protocol}_farming"
        if o.side == "bulk":
            out.append(
                Finding(
                    name,
                    "warn",
                    f"A {o.protocol} bulk signature approves orders "
                    "the wallet cannot show (blind signing).",
                    {},
                )
            )
            continue
        if o.side != "sell":
            continue
        to_seller = sum(i.amount for i in o.receives if i.kind in ("native", "erc20"))
        to_others = sum(i.amount for i in o.others if i.kind in ("native", "erc20"))
        nft_back = any(i.kind not in ("native", "erc20") for i in o.receives)
        total = to_seller + to_others
        ev: dict[str, Any] = {
            "maker": o.maker,
            "to_seller": to_seller,
            "to_others": to_others,
            "others": sorted({i.recipient or "" for i in o.others}),
        }
        if nft_back:
            continue
        if to_seller == 0:
            out.append(
                Finding(
                    name,
                    "block",
                    f"This {o.protocol} listing gives away "
                    f"{len(o.gives)} item(s) and pays you nothing.",
                    ev,
                )
            )
        elif to_seller < MIN_SELLER_SHARE * total:
            out.append(
                Finding(
                    name,
                    "block",
                    f"Most of this {o.protocol} sale "
                    f"({to_others} of {total}) goes to someone other than you.",
                    ev,
                )
            )
    return out


def raw_signature_farming(f: Facts) -> list[Finding]:
    r = f.request
    if not isinstance(r, MessageRequest) or r.method != "eth_sign":
        return []
    if len(r.data) == 32:
        return [
            Finding(
                "raw_signature_farming",
                "block",
                "eth_sign of a raw 32-byte hash: "
                "it could be any transaction or permit (blind signing).",
                {"hash": r.data},
            )
        ]
    return [
        Finding(
            "raw_signature_farming",
            "warn",
            "eth_sign is deprecated and unsafe; legitimate sites use personal_sign or typed data.",
            {},
        )
    ]


def _is_rlp_transaction(data: bytes) -> bool:
    body = data[1:] if data[:1] in (b"\x01", b"\x02", b"\x04") else data
    try:
        items = rlp.decode(body)
    except Exception:  # anything rlp cannot read is not a transaction
        return False
    return isinstance(items, list) and len(items) >= 6


def personal_sign_hash(f: Facts) -> list[Finding]:
    r = f.request
    if not isinstance(r, MessageRequest) or r.method != "personal_sign":
        return []
    try:
        r.data.decode("utf-8")
        text = True
    except UnicodeDecodeError:
        text = False
    if len(r.data) == 32 and not text:
        return [
            Finding(
                "personal_sign_hash",
                "block",
                "The message is a 32-byte hash, not text: you cannot know what you sign.",
                {"hash": r.data},
            )
        ]
    if not text and _is_rlp_transaction(r.data):
        return [
            Finding(
                "personal_sign_hash",
                "block",
                "The message is an encoded transaction.",
                {"length": len(r.data)},
            )
        ]
    if not text:
        return [
            Finding(
                "personal_sign_hash",
                "warn",
                "The message is binary data, not text.",
                {"length": len(r.data)},
            )
        ]
    return []

