"""Readers of off-chain approvals: EIP-2612, DAI's permit and Permit2."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account import Account

from augury.guard.corpus.scenarios import World, dai_permit, permit, permit2
from augury.guard.decode import TypedData
from augury.guard.readers import read_permit, read_permit2
from augury.guard.records import MAX_UINT256


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
