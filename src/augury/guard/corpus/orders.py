"""Marketplace orders for the corpus: Seaport, Blur and LooksRare typed data as dapps send it.

The struct layouts follow each protocol's published EIP-712 types (Seaport's
``OrderComponents``/``OfferItem``/``ConsiderationItem``, Blur's ``Order``/``Fee``,
LooksRare v2's ``Maker`` and v1's ``MakerOrder``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from augury.guard.corpus.scenarios import (
    FEE_RECIPIENT,
    SEAPORT,
    Z32,
    ZERO,
    World,
    domain,
    fields,
    typed,
)

#: The members ``OfferItem`` and ``ConsiderationItem`` share.
_ITEM = (
    "uint8 itemType,address token,uint256 identifierOrCriteria,uint256 startAmount,"
    "uint256 endAmount"
)

SEAPORT_TYPES = {
    "OrderComponents": fields(
        "address offerer,address zone,OfferItem[] offer,ConsiderationItem[] consideration,"
        "uint8 orderType,uint256 startTime,uint256 endTime,bytes32 zoneHash,uint256 salt,"
        "bytes32 conduitKey,uint256 counter"
    ),
    "OfferItem": fields(_ITEM),
    "ConsiderationItem": fields(_ITEM + ",address recipient"),
}
BLUR_TYPES = {
    "Order": fields(
        "address trader,uint8 side,address matchingPolicy,address collection,uint256 tokenId,"
        "uint256 amount,address paymentToken,uint256 price,uint256 listingTime,"
        "uint256 expirationTime,Fee[] fees,uint256 salt,bytes extraParams,uint256 nonce"
    ),
    "Fee": fields("uint16 rate,address recipient"),
}
LOOKS_TYPES = {
    "Maker": fields(
        "uint8 quoteType,uint256 globalNonce,uint256 subsetNonce,uint256 orderNonce,"
        "uint256 strategyId,uint8 collectionType,address collection,address currency,"
        "address signer,uint256 startTime,uint256 endTime,uint256 price,uint256[] itemIds,"
        "uint256[] amounts,bytes additionalParameters"
    )
}
LOOKS_V1_TYPES = {
    "MakerOrder": fields(
        "bool isOrderAsk,address signer,address collection,uint256 price,uint256 tokenId,"
        "uint256 amount,address strategy,address currency,uint256 nonce,uint256 startTime,"
        "uint256 endTime,uint256 minPercentageToAsk,bytes params"
    )
}
#: Seaport ``ItemType`` values (ConsiderationEnums.sol) the corpus uses.
NFT, ERC1155, NATIVE = 2, 3, 0


def _item(kind: int, token: str, identifier: int, amount: int) -> dict[str, Any]:
    """An ``OfferItem`` at a fixed amount (start and end the same)."""
    return {
        "itemType": kind,
        "token": token,
        "identifierOrCriteria": str(identifier),
        "startAmount": str(amount),
        "endAmount": str(amount),
    }


def seaport_order(
    w: World,
    offer: Sequence[tuple[int, str, int, int]],
    consideration: Sequence[tuple[int, str, int, int, str]],
) -> dict[str, Any]:
    return {
        "offerer": w.user.address,
        "zone": ZERO,
        "offer": [_item(k, t, i, a) for k, t, i, a in offer],
        "consideration": [{**_item(k, t, i, a), "recipient": r} for k, t, i, a, r in consideration],
        "orderType": 0,
        "startTime": "0",
        "endTime": str(2**40),
        "zoneHash": Z32,
        "salt": "7",
        "conduitKey": Z32,
        "counter": "0",
    }


def listing(w: World, price: int, to_user: float) -> dict[str, Any]:
    """A Seaport listing of NFT #1 for ``price`` wei, ``to_user`` of it to the seller."""
    mine = int(price * to_user)
    cons: list[tuple[int, str, int, int, str]] = []
    if mine:
        cons.append((NATIVE, "0x" + "00" * 20, 0, mine, w.user.address))
    cons.append(
        (NATIVE, "0x" + "00" * 20, 0, price - mine, w.attacker if to_user < 0.5 else FEE_RECIPIENT)
    )
    return seaport_order(w, [(NFT, w.nft.address, 1, 1)], cons)


def seaport(w: World, order: dict[str, Any]) -> dict[str, Any]:
    return typed(
        w,
        "OrderComponents",
        SEAPORT_TYPES,
        domain("Seaport", "1.6", 1, SEAPORT),
        order,
    )


def seaport_bulk(w: World, orders: list[dict[str, Any]]) -> dict[str, Any]:
    types = {"BulkOrder": [{"name": "tree", "type": "OrderComponents[2]"}], **SEAPORT_TYPES}
    return typed(
        w,
        "BulkOrder",
        types,
        domain("Seaport", "1.6", 1, SEAPORT),
        {"tree": orders},
    )


def blur(w: World, side: int, price: int, fee_bps: int = 50) -> dict[str, Any]:
    fees = [{"rate": fee_bps, "recipient": FEE_RECIPIENT}] if fee_bps else []
    return typed(
        w,
        "Order",
        BLUR_TYPES,
        domain("Blur Exchange", "1.0", 1, MAINNET_BLUR),
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
        domain("LooksRareProtocol", "2", 1, "0x0000000000E655fAe4d56241588680F86E3b2377"),
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
        domain("LooksRareExchange", "1", 1, "0x59728544B08AB483533076417FbBB2fD0B17CE3a"),
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
