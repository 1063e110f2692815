"""Readers of marketplace orders: Seaport, Blur and LooksRare."""

from __future__ import annotations

from typing import Any

import pytest

from augury.guard.corpus.orders import (
    blur,
    looksrare,
    looksrare_v1,
    seaport,
    seaport_bulk,
    seaport_order,
)
from augury.guard.corpus.scenarios import ETH, FEE_RECIPIENT, World
from augury.guard.decode import TypedData
from augury.guard.errors import TypedDataError
from augury.guard.readers import read_blur, read_looksrare, read_seaport


def td(request: dict[str, Any]) -> TypedData:
    return TypedData.parse(request["params"][1])


def test_seaport_listing_splits_payouts(world: World) -> None:
    order = seaport_order(
        world,
        [(2, world.nft.address, 1, 1)],
        [
            (0, "0x" + "00" * 20, 0, ETH, world.user.address),
            (0, "0x" + "00" * 20, 0, ETH // 40, FEE_RECIPIENT),
        ],
    )
    (o,) = read_seaport(td(seaport(world, order)))
    assert o.side == "sell" and o.maker == world.user.address
    assert [(i.kind, i.identifier) for i in o.gives] == [("erc721", 1)]
    assert [i.amount for i in o.receives] == [ETH]
    assert [(i.recipient, i.amount) for i in o.others] == [(FEE_RECIPIENT, ETH // 40)]


def test_seaport_bulk_reads_every_leaf(world: World) -> None:
    leaf = seaport_order(world, [(2, world.nft.address, 1, 1)], [])
    orders = read_seaport(td(seaport_bulk(world, [leaf, leaf])))
    assert len(orders) == 2 and all(o.receives == () for o in orders)


def test_seaport_bad_item_type(world: World) -> None:
    order = seaport_order(world, [(9, world.nft.address, 1, 1)], [])
    with pytest.raises(TypedDataError, match="itemType"):
        read_seaport(td(seaport(world, order)))


def test_blur_sell_nets_fees(world: World) -> None:
    (o,) = read_blur(td(blur(world, 1, 2 * ETH, fee_bps=50)))
    assert o.side == "sell"
    assert o.receives[0].amount == 2 * ETH - 2 * ETH * 50 // 10_000
    assert o.others[0].recipient == FEE_RECIPIENT


def test_looksrare_v2_and_v1(world: World) -> None:
    (v2,) = read_looksrare(td(looksrare(world, ETH)))
    assert v2.side == "sell" and v2.receives[0].amount == ETH and v2.gives[0].identifier == 2
    (v1,) = read_looksrare(td(looksrare_v1(world, ETH, 9_800)))
    assert v1.receives[0].amount == ETH * 9_800 // 10_000
    (bid,) = read_looksrare(td(looksrare(world, ETH, ask=False)))
    assert bid.side == "buy"
