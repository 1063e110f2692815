"""Typed-data readers (EIP-2612, DAI, Permit2, Seaport, Blur, LooksRare) and EIP-7702."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account import Account

from augury.guard.blur import read_blur
from augury.guard.eip712 import TypedData
from augury.guard.eip7702 import authorization_hash, read_authorization, recover_authority
from augury.guard.errors import MalformedRequestError, TypedDataError
from augury.guard.looksrare import read_looksrare
from augury.guard.permit import read_permit
from augury.guard.permit2 import read_permit2
from augury.guard.records import MAX_UINT256
from augury.guard.scenario_orders import (
    blur,
    looksrare,
    looksrare_v1,
    seaport,
    seaport_bulk,
    seaport_order,
)
from augury.guard.scenarios import ETH, FEE_RECIPIENT, World, dai_permit, permit, permit2
from augury.guard.seaport import read_seaport


def td(request: dict[str, Any]) -> TypedData:
    return TypedData.parse(request["params"][1])


def test_eip2612_permit(world: World) -> None:
    grant = read_permit(td(permit(world, world.attacker, 123)))
    assert grant is not None
    assert (grant.kind, grant.token, grant.spender, grant.amount) == (
        "permit",
        world.usd.address,
        world.attacker,
        123,
    )
    assert grant.owner == world.user.address and not grant.unlimited


def test_permit_digest_is_what_the_token_verifies(world: World) -> None:
    """The guard's digest of a Permit is the one Token.vy checks: a signature over it
    is accepted on chain, so the reader reads what the contract enforces."""
    data = td(permit(world, world.friend.address, 77))
    assert data.domain_separator() == world.usd.DOMAIN_SEPARATOR()
    sig = Account._sign_hash(data.digest(), world.user.key)
    world.usd.permit(
        world.user,
        world.friend,
        77,
        2**48,
        sig.v,
        sig.r.to_bytes(32, "big"),
        sig.s.to_bytes(32, "big"),
        sender=world.friend,
    )
    assert world.usd.allowance(world.user, world.friend) == 77


def test_dai_permit_is_unlimited(world: World) -> None:
    grant = read_permit(td(dai_permit(world, world.attacker)))
    assert grant is not None and grant.kind == "dai_permit" and grant.amount == MAX_UINT256


@pytest.mark.parametrize(
    ("primary", "kind", "count"),
    [
        ("PermitSingle", "permit2_allowance", 1),
        ("PermitBatch", "permit2_allowance", 2),
        ("PermitTransferFrom", "permit2_transfer", 1),
        ("PermitBatchTransferFrom", "permit2_transfer", 2),
    ],
)
def test_permit2(world: World, primary: str, kind: str, count: int) -> None:
    tokens = [world.usd.address, world.eth.address][:count]
    grants = read_permit2(td(permit2(world, primary, world.attacker, tokens, 2**160 - 1)))
    assert [g.token for g in grants] == tokens
    assert all(g.kind == kind and g.spender == world.attacker and g.unlimited for g in grants)


def test_permit2_is_not_a_permit(world: World) -> None:
    assert (
        read_permit(td(permit2(world, "PermitSingle", world.attacker, [world.usd.address], 1)))
        is None
    )
    assert read_permit2(td(permit(world, world.attacker, 1))) == []


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


def test_eip7702_authorization_matches_eth_account() -> None:
    account = Account.create()
    target = "0x" + "42" * 20
    signed = account.sign_authorization({"chainId": 5, "address": target, "nonce": 3})
    assert authorization_hash(5, target, 3) == bytes(signed.authorization_hash)
    assert recover_authority(5, target, 3, signed.y_parity, signed.r, signed.s) == account.address
    d = read_authorization(signed)
    assert (d.chain_id, d.nonce, d.authority) == (5, 3, account.address)
    # a tampered nonce recovers someone else
    assert recover_authority(5, target, 4, signed.y_parity, signed.r, signed.s) != account.address


def test_eip7702_unsigned_and_bad() -> None:
    d = read_authorization({"chainId": "0x0", "address": "0x" + "42" * 20, "nonce": 0})
    assert d.authority is None and d.chain_id == 0
    with pytest.raises(MalformedRequestError):
        read_authorization({"chainId": 1, "address": "0x12"})
    assert recover_authority(1, "0x" + "42" * 20, 0, 0, 1, 2**256 - 1) is None
