"""The reader registry: ``read_grants`` and ``read_orders`` run every reader, in order."""

from __future__ import annotations

from typing import Any

import pytest

from augury.guard.corpus.orders import blur, looksrare, seaport, seaport_bulk, seaport_order
from augury.guard.corpus.scenarios import ETH, World, dai_permit, permit, permit2
from augury.guard.decode import TypedData
from augury.guard.readers import (
    GRANT_READERS,
    ORDER_READERS,
    read_blur,
    read_grants,
    read_looksrare,
    read_orders,
    read_permit,
    read_permit2,
    read_seaport,
)
from augury.guard.records import Order


def td(request: dict[str, Any]) -> TypedData:
    return TypedData.parse(request["params"][1])


def test_registry_order() -> None:
    assert [r.__name__ for r in GRANT_READERS] == ["_permit", "read_permit2"]
    assert (read_seaport, read_blur, read_looksrare) == ORDER_READERS


def test_read_grants_is_every_reader(world: World) -> None:
    for request in (
        permit(world, world.attacker, 5),
        dai_permit(world, world.attacker),
        permit2(world, "PermitBatch", world.attacker, [world.usd.address, world.eth.address], 1),
        seaport(world, seaport_order(world, [(2, world.nft.address, 1, 1)], [])),
    ):
        data = td(request)
        one = read_permit(data)
        expected = ([one] if one else []) + read_permit2(data, owner=world.user.address)
        assert read_grants(data, owner=world.user.address) == expected
    batch = permit2(world, "PermitBatch", world.attacker, ["0x" + "11" * 20] * 3, 1)
    assert len(read_grants(td(batch))) == 3


@pytest.mark.parametrize("kind", ["seaport", "bulk", "blur", "looksrare", "permit"])
def test_read_orders_is_every_reader(world: World, kind: str) -> None:
    leaf = seaport_order(world, [(2, world.nft.address, 1, 1)], [])
    request = {
        "seaport": lambda: seaport(world, leaf),
        "bulk": lambda: seaport_bulk(world, [leaf, leaf]),
        "blur": lambda: blur(world, 1, ETH),
        "looksrare": lambda: looksrare(world, ETH),
        "permit": lambda: permit(world, world.attacker, 1),
    }[kind]()
    data = td(request)
    expected: list[Order] = read_seaport(data) + read_blur(data) + read_looksrare(data)
    assert read_orders(data) == expected
    assert (len(expected) > 0) == (kind != "permit")
