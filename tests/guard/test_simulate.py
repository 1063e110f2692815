"""Simulation: what moves, read from the call tree, the logs and balances, then reverted."""

from __future__ import annotations

from typing import Any

from augury.guard.corpus.scenarios import ETH, World, authorize, tx
from augury.guard.decode import TxRequest, parse_request
from augury.guard.simulate import simulate


def req(r: dict[str, Any]) -> TxRequest:
    parsed = parse_request(r)
    assert isinstance(parsed, TxRequest)
    return parsed


def test_erc20_transfer_changes_and_nothing_persists(world: World) -> None:
    u, f = world.user.address, world.friend.address
    before = (world.usd.balanceOf(u), world.chain.nonce(u), world.chain.block_number())
    sim = simulate(world.chain, req(tx(world, world.usd, world.usd.transfer.calldata(f, 7))), u)
    assert sim.success and sim.gas_used > 21_000
    (mine,) = sim.changes_of(u)
    assert (mine.kind, mine.delta, mine.counterparty, mine.symbol, mine.decimals) == (
        "erc20",
        -7,
        f,
        "aUSD",
        18,
    )
    assert sim.changes_of(f)[0].delta == 7
    assert (world.usd.balanceOf(u), world.chain.nonce(u), world.chain.block_number()) == before


def test_drainer_forwards_value_through_an_internal_call(world: World) -> None:
    u = world.user.address
    sim = simulate(
        world.chain, req(tx(world, world.drainer, world.drainer.claim.calldata(), ETH)), u
    )
    assert sim.success
    assert [(fl.sender, fl.receiver, fl.amount) for fl in sim.flows] == [
        (u, world.drainer.address, ETH),
        (world.drainer.address, world.attacker, ETH),
    ]
    assert [c.delta for c in sim.changes_of(u)] == [-ETH]
    assert sim.changes_of(world.attacker)[0].delta == ETH


def test_swap_gives_and_gets(world: World) -> None:
    u = world.user.address
    call = world.swap.swap.calldata(world.usd, 10 * ETH, world.eth, 10 * ETH)
    sim = simulate(world.chain, req(tx(world, world.swap, call)), u)
    deltas = {c.symbol: c.delta for c in sim.changes_of(u)}
    assert deltas == {"aUSD": -10 * ETH, "aWETH": 10 * ETH}


def test_nft_and_1155_transfers_and_approvals(world: World) -> None:
    u, f = world.user.address, world.friend.address
    sim = simulate(
        world.chain, req(tx(world, world.nft, world.nft.safeTransferFrom.calldata(u, f, 3))), u
    )
    (c,) = sim.changes_of(u)
    assert (c.kind, c.identifier, c.delta) == ("erc721", 3, -1)
    sim = simulate(
        world.chain,
        req(
            tx(world, world.multi, world.multi.safeBatchTransferFrom.calldata(u, f, [7], [4], b""))
        ),
        u,
    )
    (c,) = sim.changes_of(u)
    assert (c.kind, c.identifier, c.delta) == ("erc1155", 7, -4)
    sim = simulate(
        world.chain, req(tx(world, world.nft, world.nft.setApprovalForAll.calldata(f, True))), u
    )
    (a,) = sim.approvals
    assert (a.kind, a.spender, a.amount) == ("approval_for_all", f, 1)
    sim = simulate(world.chain, req(tx(world, world.usd, world.usd.approve.calldata(f, 9))), u)
    assert [(a.kind, a.spender, a.amount) for a in sim.approvals] == [("erc20", f, 9)]


def test_failures_are_reported_not_raised(world: World) -> None:
    u = world.user.address
    too_much = world.usd.transfer.calldata(world.friend, 10**40)
    sim = simulate(world.chain, req(tx(world, world.usd, too_much)), u)
    assert not sim.success and sim.revert_reason == "insufficient balance"
    broke = simulate(world.chain, req(tx(world, world.friend.address, value=10**30)), u)
    assert not broke.success and "insufficient funds" in (broke.revert_reason or "")
    low_gas = simulate(world.chain, req(tx(world, world.friend.address, value=1, gas="0x100")), u)
    assert not low_gas.success


def test_contract_creation(world: World) -> None:
    from augury.contracts import compile_contract

    code = compile_contract("GuardSweeper").bytecode
    sim = simulate(
        world.chain,
        req(
            {
                "method": "eth_sendTransaction",
                "params": [{"from": world.user.address, "data": "0x" + code.hex()}],
            }
        ),
        world.user.address,
    )
    assert sim.success and sim.created is not None
    assert world.chain.code(sim.created) == b""  # reverted afterwards


def test_eip7702_sweep_is_simulated_with_the_delegate_code(world: World) -> None:
    u = world.user.address
    request = tx(
        world,
        u,
        world.sweeper.sweep.calldata(world.attacker),
        authorizationList=[authorize(world, world.sweeper.address)],
    )
    balance = world.chain.balance(u)
    sim = simulate(world.chain, req(request), u)
    assert sim.success
    assert sim.changes_of(world.attacker)[0].delta == balance
    assert world.chain.code(u) == b"" and world.chain.balance(u) == balance
