"""Properties over random inputs: decoding round-trips, simulation leaves no trace, and
the approval rules' verdicts depend on who the spender is, not on luck."""

from __future__ import annotations

from eth_abi import encode
from eth_utils import to_checksum_address
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from augury.guard import check
from augury.guard.corpus.scenarios import World, tx
from augury.guard.decode import TxRequest, decode_calldata, parse_request
from augury.guard.simulate import simulate

addresses = st.binary(min_size=20, max_size=20).map(to_checksum_address)
amounts = st.integers(0, 2**256 - 1)
fixture_ok = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@settings(max_examples=100, deadline=None)
@given(to=addresses, amount=amounts)
def test_transfer_calldata_round_trips(to: str, amount: int) -> None:
    call = decode_calldata(bytes.fromhex("a9059cbb") + encode(["address", "uint256"], [to, amount]))
    assert call is not None and call.args == {"to": to, "amount": amount}


@fixture_ok
@given(amount=st.integers(0, 10**24))
def test_simulation_leaves_no_trace(world: World, amount: int) -> None:
    u, f = world.user.address, world.friend.address
    before = (world.usd.balanceOf(u), world.usd.balanceOf(f), world.chain.block_number())
    parsed = parse_request(tx(world, world.usd, world.usd.transfer.calldata(f, amount)))
    assert isinstance(parsed, TxRequest)
    sim = simulate(world.chain, parsed, u)
    assert sim.success
    assert [c.delta for c in sim.changes_of(u)] == ([-amount] if amount else [])
    assert (world.usd.balanceOf(u), world.usd.balanceOf(f), world.chain.block_number()) == before


@fixture_ok
@given(spender=addresses, amount=st.integers(1, 2**256 - 1))
def test_approval_to_a_fresh_eoa_always_blocks(world: World, spender: str, amount: int) -> None:
    report = check(
        tx(world, world.usd, world.usd.approve.calldata(spender, amount)),
        chain=world.chain,
        policy=world.policy,
        use_model=False,
    )
    assert report.verdict == "block"


@fixture_ok
@given(amount=st.integers(0, 2**256 - 1))
def test_approval_to_the_trusted_exchange_never_blocks(world: World, amount: int) -> None:
    report = check(
        tx(world, world.usd, world.usd.approve.calldata(world.swap, amount)),
        chain=world.chain,
        policy=world.policy,
        use_model=False,
    )
    assert report.verdict == "allow"
