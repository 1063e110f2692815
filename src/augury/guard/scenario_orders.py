"""Marketplace orders for the corpus: Seaport, Blur and LooksRare typed data as dapps send it.

The struct layouts follow each protocol's published EIP-712 types (Seaport's
``OrderComponents``/``OfferItem``/``ConsiderationItem``, Blur's ``Order``/``Fee``,
LooksRare v2's ``Maker`` and v1's ``MakerOrder``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from augury.guard.scenarios import FEE_RECIPIENT, SEAPORT, Z32, ZERO, World, typed

SEAPORT_TYPES = {
    "OrderComponents": [
        {"name": n, "type": t}
        for n, t in (
            ("offerer", "address"),
            ("zone", "address"),
            ("offer", "OfferItem[]"),
            ("consideration", "ConsiderationItem[]"),
            ("orderType", "uint8"),
            ("startTime", "uint256"),
            ("endTime", "uint256"),
            ("zoneHash", "bytes32"),
            ("salt", "uint256"),
            ("conduitKey", "bytes32"),
            ("counter", "uint256"),
        )
    ],
    "OfferItem": [
        {"name": n, "type": t}
        for n, t in (
            ("itemType", "uint8"),
            ("token", "address"),
            ("identifierOrCriteria", "uint256"),
            ("startAmount", "uint256"),
            ("endAmount", "uint256"),
        )
    ],
    "ConsiderationItem": [
        {"name": n, "type": t}
        for n, t in (
            ("itemType", "uint8"),
            ("token", "address"),
            ("identifierOrCriteria", "uint256"),
            ("startAmount", "uint256"),
            ("endAmount", "uint256"),
            ("recipient", "address"),
        )
    ],
}
BLUR_TYPES = {
    "Order": [
        {"name": n, "type": t}
        for n, t in (
            ("trader", "address"),
            ("side", "uint8"),
            ("matchingPolicy", "address"),
            ("collection", "address"),
            ("tokenId", "uint256"),
            ("amount", "uint256"),
            ("paymentToken", "address"),
            ("price", "uint256"),
            ("listingTime", "uint256"),
            ("expirationTime", "uint256"),
            ("fees", "Fee[]"),
            ("salt", "uint256"),
            ("extraParams", "bytes"),
            ("nonce", "uint256"),
        )
    ],
    "Fee": [{"name": "rate", "type": "uint16"}, {"name": "recipient", "type": "address"}],
}
LOOKS_TYPES = {
    "Maker": [
        {"name": n, "type": t}
        for n, t in (
            ("quoteType", "uint8"),
            ("globalNonce", "uint256"),
            ("subsetNonce", "uint256"),
            ("orderNonce", "uint256"),
            ("strategyId", "uint256"),
            ("collectionType", "uint8"),
            ("collection", "address"),
            ("currency", "address"),
            ("signer", "address"),
            ("startTime", "uint256"),
            ("endTime", "uint256"),
            ("price", "uint256"),
            ("itemIds", "uint256[]"),
            ("amounts", "uint256[]"),
            ("additionalParameters", "bytes"),
        )
    ]
}
LOOKS_V1_TYPES = {
    "MakerOrder": [
        {"name": n, "type": t}
        for n, t in (
            ("isOrderAsk", "bool"),
            ("signer", "address"),
            ("collection", "address"),
            ("price", "uint256"),
            ("tokenId", "uint256"),
            ("amount", "uint256"),
            ("strategy", "address"),
            ("currency", "address"),
            ("nonce", "uint256"),
            ("startTime", "uint256"),
            ("endTime", "uint256"),
            ("minPercentageToAsk", "uint256"),
            ("params", "bytes"),
        )
    ]
}


def seaport_order(
    w: World,
    offer: Sequence[tuple[int, str, int, int]],
    consideration: Sequence[tuple[int, str, int, int, str]],
) -> dict[str, Any]:
    return {
        "offerer": w.user.address,
        "zone": ZERO,
        "offer": [
            {
                "itemType": k,
                "token": t,
                "identifierOrCriteria": str(i),
                "startAmount": str(a),
                "endAmount": str(a),
            }
            for k, t, i, a in offer
        ],
        "consideration": [
            {
                "itemType": k,
                "token": t,
                "identifierOrCriteria": str(i),
                "startAmount": str(a),
                "endAmount": str(a),
                "recipient": r,
            }
            for k, t, i, a, r in consideration
        ],
        "orderType": 0,
        "startTime": "0",
        "endTime": str(2**40),
        "zoneHash": Z32,
        "salt": "7",
        "conduitKey": Z32,
        "counter": "0",
    }


def seaport(w: World, order: dict[str, Any]) -> dict[str, Any]:
    return typed(
        w,
        "OrderComponents",
        SEAPORT_TYPES,
        {"name": "Seaport", "version": "1.6", "chainId": 1, "verifyingContract": SEAPORT},
        order,
    )


def seaport_bulk(w: World, orders: list[dict[str, Any]]) -> dict[str, Any]:
    types = {"BulkOrder": [{"name": "tree", "type": "OrderComponents[2]"}], **SEAPORT_TYPES}
    return typed(
        w,
        "BulkOrder",
        types,
        {"name": "Seaport", "version": "1.6", "chainId": 1, "verifyingContract": SEAPORT},
        {"tree": orders},
    )


def blur(w: World, side: int, price: int, fee_bps: int = 50) -> dict[str, Any]:
    fees = [{"rate": fee_bps, "recipient": FEE_RECIPIENT}] if fee_bps else []
    return typed(
        w,
        "Order",
        BLUR_TYPES,
        {
            "name": "Blur Exchange",
            "version": "1.0",
            "chainId": 1,
            "verifyingContract": MAINNET_BLUR,
        },
        {
            "trader": w.user.address,
            "side": side,
            "matchingPolicy": ZERO,
            "collection": w.nft.address,
            "tokenId": "1",
            "amount": "1",
            "paymentToken": ZERO,
            "price": str(price),
            "listingTime": "0",
            "expirationTime": str(2**40),
            "fees": fees,
            "salt": "1",
            "extraParams": "0x",
            "nonce": "0",
        },
    )


MAINNET_BLUR = "0x000000000000Ad05Ccc4F10045630fb830B95127"


def looksrare(w: World, price: int, ask: bool = True) -> dict[str, Any]:
    return typed(
        w,
        "Maker",
        LOOKS_TYPES,
        {
            "name": "LooksRareProtocol",
            "version": "2",
            "chainId": 1,
            "verifyingContract": "0x0000000000E655fAe4d56241588680F86E3b2377",
        },
        {
            "quoteType": 1 if ask else 0,
            "globalNonce": "0",
            "subsetNonce": "0",
            "orderNonce": "0",
            "strategyId": "0",
            "collectionType": 0,
            "collection": w.nft.address,
            "currency": ZERO,
            "signer": w.user.address,
            "startTime": "0",
            "endTime": str(2**40),
            "price": str(price),
            "itemIds": ["2"],
            "amounts": ["1"],
            "additionalParameters": "0x",
        },
    )


def looksrare_v1(w: World, price: int, min_pct: int) -> dict[str, Any]:
    return typed(
        w,
        "MakerOrder",
        LOOKS_V1_TYPES,
        {
            "name": "LooksRareExchange",
            "version": "1",
            "chainId": 1,
            "verifyingContract": "0x59728544B08AB483533076417FbBB2fD0B17CE3a",
        },
        {
            "isOrderAsk": True,
            "signer": w.user.address,
            "collection": w.nft.address,
            "price": str(price),
            "tokenId": "3",
            "amount": "1",
            "strategy": ZERO,
            "currency": ZERO,
            "nonce": "0",
            "startTime": "0",
            "endTime": str(2**40),
            "minPercentageToAsk": str(min_pct),
            "params": "0x",
        },
    )
