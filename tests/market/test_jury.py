"""Jury.vy, the market sampler: rounds, the commit-reveal seed, sampling, gaps, and the
court's side (challenged / rule). The attacks of audit C-1 and M-1 are written as tests:
each fails on the Jury.vy before this design (see the report of the change)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import vyper
from eth_abi import encode
from eth_utils import keccak

from augury.chain import Chain, Contract
from augury.chain.embedded import block_randao
from augury.errors import TransactionFailed
from augury.market.lmsr import NO, ONE, YES
from augury.protocol import (
    MarketSystem,
    Rule,
    State,
    deploy_markets,
    is_sampled,
    seed_commitment,
    seed_of,
)

W = 3600  # the seed reveal window
BOND = 5 * ONE
N_COMMITTERS = 4
COURT = 6  # account index of the stand-in court
TRADER = 5
LEAD, LENGTH = 100, 1000  # a test round starts LEAD s ahead and lasts LENGTH s


@pytest.fixture(scope="module")
def system() -> MarketSystem:
    chain = Chain.embedded()
    s = deploy_markets(
        chain,
        creation_fee=ONE // 100,
        seed_bond=BOND,
        seed_reveal_period=W,
        court=chain.accounts[COURT],
    )
    for a in chain.accounts[: COURT + 2]:
        s.fund(a, 10**30)
    return s


@pytest.fixture
def s(system: MarketSystem) -> Iterator[MarketSystem]:
    with system.chain.anchor():
        yield system


def _committers(s: MarketSystem) -> list[Any]:
    return s.chain.accounts[1 : N_COMMITTERS + 1]


def _secret(i: int) -> bytes:
    return bytes([i + 1]) * 32


def _reverts(fn: Callable[[], object], reason: str) -> None:
    with pytest.raises(TransactionFailed) as exc:
        fn()
    assert exc.value.reason == reason


def _open(s: MarketSystem, rate_ppm: int = 1_000_000, reward: int = ONE) -> tuple[int, int, int]:
    now = s.chain.timestamp()
    start, end = now + LEAD, now + LEAD + LENGTH
    rnd = s.jury_client().open_round(start, end, rate_ppm, reward)
    return rnd, start, end


def _markets(s: MarketSystem, n: int, close: int, rule: Rule = Rule.NEAREST) -> list[int]:
    c = s.markets_client(s.chain.accounts[0])
    trader = s.markets_client(s.chain.accounts[TRADER])
    ids = []
    for i in range(n):
        m = c.create(f"q{close}-{i}-{s.chain.block_number()}", ONE, close, rule)
        trader.buy(m, i % 2, ONE, 10**30)
        ids.append(m)
    return ids


def _to(s: MarketSystem, t: int) -> None:
    s.chain.advance_time(max(0, t - s.chain.timestamp()))


def _round(
    s: MarketSystem, n_markets: int, rate_ppm: int, reveal: int = N_COMMITTERS
) -> tuple[int, list[int], list[bytes]]:
    """A round with N_COMMITTERS commitments and ``n_markets`` markets closing in it;
    ``reveal`` of them reveal; the seed is fixed and readable. Returns the revealed
    secrets too."""
    jc = s.jury_client()
    rnd, start, end = _open(s, rate_ppm)
    cs = _committers(s)
    for i, c in enumerate(cs):
        jc.commit_seed(rnd, _secret(i), c)
    ids = _markets(s, n_markets, start + LENGTH // 2)
    _to(s, end)
    for i, c in enumerate(cs[:reveal]):
        jc.reveal_seed(rnd, _secret(i), c)
    _to(s, end + W)
    jc.fix_seed(rnd)
    s.chain.advance_time(1)  # the sample is readable from the next block on
    return rnd, ids, [_secret(i) for i in range(reveal)]


def _conserved(s: MarketSystem) -> None:
    assert s.token.balanceOf(s.jury) == s.jury.pool() + s.jury.bonded()


# ------------------------------------------------------------------ C-1


def test_the_seed_is_the_secrets_and_not_the_public_commitments(s: MarketSystem) -> None:
    """Audit C-1: revealSeed XOR-ed keccak(secret, juror), i.e. the public commitment,
    into the seed, so anyone computed the sample from `seedCommit` while markets
    traded. Now the seed is recomputed from the secrets (and the recorded prevrandao)
    alone, and what an outsider can compute from the commitments is not it."""
    jc = s.jury_client()
    rnd, ids, secrets = _round(s, 12, 400_000)
    info = jc.round(rnd)
    assert info.seed_fixed and info.seed_reveals == N_COMMITTERS
    assert info.seed == seed_of(secrets, info.randao, rnd)
    # the outsider's prediction from public data, by the old formula and the new one
    acc = 0
    for i, c in enumerate(_committers(s)):
        acc ^= int.from_bytes(seed_commitment(_secret(i), c, rnd), "big")
    public = acc.to_bytes(32, "big")
    old = bytes(keccak(encode(["bytes32", "uint256"], [public, rnd])))
    assert info.seed not in (old, bytes(keccak(encode(["bytes32", "bytes32", "uint256"],
                                                       [public, info.randao, rnd]))))  # fmt: skip
    assert info.seed_acc != public
    sampled = jc.sampled(rnd, ids)
    assert [m for m in ids if s.jury.isSampled(rnd, m)] == sampled
    assert 0 < len(sampled) < len(ids)
    assert [m for m in ids if is_sampled(old, m, 400_000)] != sampled


def test_commits_close_before_the_first_market_of_the_round_closes(s: MarketSystem) -> None:
    """Audit C-1: commits stayed open until periodEnd, after every market closed, so
    the last committer ground secrets off-line. Commits now close at periodStart."""
    jc = s.jury_client()
    _reverts(lambda: _open_at(s, s.chain.timestamp()), "period start not in the future")
    rnd, start, _ = _open(s)
    late = _committers(s)[0]
    _to(s, start)
    _reverts(lambda: jc.commit_seed(rnd, _secret(0), late), "seed commit window closed")
    rnd2, start2, _ = _open_next(s)
    jc.commit_seed(rnd2, _secret(0), late)
    _to(s, start2 - 5)
    _reverts(lambda: jc.close_commits(rnd2), "seed commit window open")
    _to(s, start2)
    jc.close_commits(rnd2)
    _reverts(lambda: jc.close_commits(rnd2), "commits already closed")


def _open_at(s: MarketSystem, start: int) -> int:
    return s.jury_client().open_round(start, start + LENGTH, 1_000_000, 0)


def _open_next(s: MarketSystem) -> tuple[int, int, int]:
    n = int(s.jury.roundCount())
    start = s.jury_client().round(n).period_end + 10
    return _open_at(s, start), start, start + LENGTH


# ------------------------------------------------------------------ M-1


def test_a_committer_who_withholds_forfeits_her_whole_bond(s: MarketSystem) -> None:
    """Audit M-1: withholding a secret cost slashBps of minStake (0.1 token) for one bit
    of the sample. Now each commitment bonds seedBond and a non-revealer loses all of
    it, to the reward pool; revealers get theirs back."""
    jc = s.jury_client()
    cs = _committers(s)
    before = [s.token.balanceOf(c) for c in cs]
    rnd, _, _ = _round(s, 1, 0, reveal=2)
    pool = s.jury.pool()
    _conserved(s)
    assert s.jury.bonded() == 2 * BOND
    for c in cs[2:]:
        jc.slash_seed(rnd, c)
    assert s.jury.pool() == pool + 2 * BOND and s.jury.bonded() == 0
    after = [s.token.balanceOf(c) for c in cs]
    assert after[:2] == before[:2]
    assert [b - a for a, b in zip(after[2:], before[2:], strict=True)] == [BOND, BOND]
    _reverts(lambda: jc.slash_seed(rnd, cs[0]), "nothing to slash")
    _reverts(lambda: jc.slash_seed(rnd, cs[2]), "nothing to slash")
    _conserved(s)


def test_with_no_reveal_the_seed_is_not_known_when_fixseed_is_called(s: MarketSystem) -> None:
    """Audit M-1: with zero reveals the seed was keccak(acc, round, prevrandao) of
    whichever transaction fixed it. Now fixSeed anchors the NEXT block, and the seed
    mixes that block's hash: two histories that differ only after the call get two
    seeds, so no caller can know (or choose) it when deciding to call."""
    jc = s.jury_client()
    rnd, start, end = _open(s, 500_000)
    jc.commit_seed(rnd, _secret(0), _committers(s)[0])  # and never revealed
    ids = _markets(s, 8, start + 10)
    _to(s, end + W)
    r = s.jury.fixSeed(rnd)
    anchor = int(r.event("SeedAnchored")["anchorBlock"])
    assert anchor == r.block_number + 1 and not jc.round(rnd).seed_fixed
    _reverts(lambda: s.jury.fixSeed(rnd), "anchor block not mined yet")
    seeds = []
    for wait in (1, 2):
        with s.chain.anchor():
            s.chain.advance_time(wait)  # block `anchor`, a different one each time
            anchor_id = bytes.fromhex(s.chain.head().hash[2:])
            s.jury.fixSeed(rnd)
            info = jc.round(rnd)
            assert info.seed == seed_of([], info.randao, rnd, anchor_id)
            seeds.append(info.seed)
    assert seeds[0] != seeds[1]
    # an expired anchor is replaced, never used stale
    for _ in range(257):
        s.chain.advance_time(1)
    r = s.jury.fixSeed(rnd)
    assert int(r.event("SeedAnchored")["anchorBlock"]) == r.block_number + 1
    s.chain.advance_time(1)
    assert jc.fix_seed(rnd) != bytes(32)
    s.chain.advance_time(1)
    assert jc.sampled(rnd, ids) == [m for m in ids if s.jury.isSampled(rnd, m)]


ATTACKER = """
# pragma version ~=0.4.3
interface IJury:
    def fixSeed(_round: uint256) -> bytes32: nonpayable
    def isSampled(_round: uint256, _market: uint256) -> bool: view
    def settleUnsampled(_round: uint256, _market: uint256): nonpayable

@external
def fixAndPeek(_jury: address, _round: uint256, _market: uint256):
    # a grinder: mined only in a block whose seed leaves its market unsampled
    extcall IJury(_jury).fixSeed(_round)
    assert not staticcall IJury(_jury).isSampled(_round, _market), "sampled: retry"

@external
def fixAndSettle(_jury: address, _round: uint256, _market: uint256):
    extcall IJury(_jury).fixSeed(_round)
    extcall IJury(_jury).settleUnsampled(_round, _market)
"""


def _attacker(chain: Chain) -> Contract:
    out = vyper.compile_code(ATTACKER, output_formats=["abi", "bytecode"])
    return chain.deploy_code(out["abi"], bytes.fromhex(out["bytecode"][2:]), name="Grinder")


@pytest.mark.parametrize("reveals", [0, 2])
def test_no_transaction_sees_the_sample_of_the_seed_it_fixes(s: MarketSystem, reveals: int) -> None:
    """Audit M-1: a contract that fixes the seed and reverts when its market is sampled
    is only mined in a block that suits it (prevrandao grinding). Every reader of the
    sample now needs a block after the one that fixed the seed."""
    jc = s.jury_client()
    rnd, start, end = _open(s, 500_000)
    for i, c in enumerate(_committers(s)[:2]):
        jc.commit_seed(rnd, _secret(i), c)
    (m,) = _markets(s, 1, start + 10)
    _to(s, end)
    for i, c in enumerate(_committers(s)[:reveals]):
        jc.reveal_seed(rnd, _secret(i), c)
    _to(s, end + W)
    grinder = _attacker(s.chain)
    if reveals == 0:
        s.jury.fixSeed(rnd)  # anchors
        s.chain.advance_time(1)
    reason = "sample not readable in the fixing block"
    for attack in (grinder.fixAndPeek, grinder.fixAndSettle):
        with pytest.raises(TransactionFailed, match=reason):
            attack(s.jury, rnd, m)
    s.jury.fixSeed(rnd)
    # in the fixing block even a view refuses; from the next block on, all read
    _reverts(lambda: s.jury.isSampled(rnd, m), reason)
    assert not s.jury.challenged(m)
    s.chain.advance_time(1)
    assert s.jury.isSampled(rnd, m) == s.jury.challenged(m)


def test_the_prevrandao_is_the_one_of_the_block_that_closed_commits(s: MarketSystem) -> None:
    """Audit M-1: the prevrandao mixed in is recorded once, by the first transaction at
    or after periodStart; two histories that differ only in the blocks (and so the
    prevrandao values) after that give the same seed."""
    jc = s.jury_client()
    rnd, start, end = _open(s, 500_000)
    for i, c in enumerate(_committers(s)):
        jc.commit_seed(rnd, _secret(i), c)
    _to(s, start)
    r = jc.close_commits(rnd)
    ev = r.event("CommitsClosed")
    assert int(ev["blockNumber"]) == r.block_number
    assert bytes(ev["randao"]) == block_randao(s.chain._randao_salt, r.block_number)

    def finish(shift: int) -> bytes:
        s.chain.advance_time(shift)  # later blocks get other numbers, other prevrandao
        _to(s, end)
        for i, c in enumerate(_committers(s)):
            jc.reveal_seed(rnd, _secret(i), c)
        _to(s, end + W)
        return jc.fix_seed(rnd)

    seeds = []
    for shift in (1, 7):
        with s.chain.anchor():
            seeds.append(finish(shift))
    assert seeds[0] == seeds[1] == seed_of([_secret(i) for i in range(N_COMMITTERS)],
                                           bytes(ev["randao"]), rnd)  # fmt: skip
    # and that prevrandao does count: had commits closed a block later, another seed
    assert seed_of([_secret(0)], bytes(ev["randao"]), rnd) != seed_of(
        [_secret(0)], block_randao(s.chain._randao_salt, r.block_number + 1), rnd
    )


# ------------------------------------------------------------------ the court's side


def test_the_court_rules_on_sampled_markets_and_is_paid(s: MarketSystem) -> None:
    jc = s.jury_client()
    court = s.chain.accounts[COURT]
    s.jury.fund(ONE + ONE // 2, sender=s.chain.accounts[0])
    rnd, ids, _ = _round(s, 10, 500_000)
    sampled = jc.sampled(rnd, ids)
    unsampled = [m for m in ids if m not in sampled]
    assert len(sampled) >= 2 and unsampled
    assert all(jc.challenged(m) for m in sampled)
    assert not any(jc.challenged(m) for m in unsampled)
    m0, m1 = sampled[:2]
    _reverts(lambda: jc.rule(m0, True, s.chain.accounts[0]), "only court")
    _reverts(lambda: jc.rule(unsampled[0], True, court), "market not sampled")
    before = s.token.balanceOf(court)
    assert jc.rule(m0, True, court).reward == ONE  # min(rewardPerMarket, pool)
    assert jc.rule(m1, False, court).reward == ONE // 2  # what is left in the pool
    assert s.token.balanceOf(court) == before + ONE + ONE // 2
    mc = s.markets_client()
    assert (mc.state(m0).state, mc.state(m0).outcome) == (State.RESOLVED, YES)
    assert (mc.state(m1).state, mc.state(m1).outcome) == (State.RESOLVED, NO)
    assert not jc.challenged(m0)
    _reverts(lambda: jc.rule(m0, False, court), "already ruled")
    _reverts(lambda: jc.settle_unsampled(rnd, [sampled[2 % len(sampled)]]), "market sampled")
    jc.settle_unsampled(rnd, unsampled)
    for m in unsampled:
        st_ = mc.state(m)
        assert (st_.state, st_.outcome) == (State.RESOLVED, int(st_.q_yes > st_.q_no))
    # a sampled market nobody ruled on expires; a late ruling neither reverts nor pays
    if len(sampled) > 2:
        late = sampled[2]
        s.chain.advance_time(90 * 86400)
        s.markets.expire(late)
        assert not jc.challenged(late)
        assert jc.rule(late, True, court).reward == 0
    new_court = s.chain.accounts[0]
    _reverts(lambda: s.jury.setCourt(new_court, sender=court), "only owner")
    s.jury.setCourt(new_court)
    assert s.jury.court() == new_court.address
    _conserved(s)


# ------------------------------------------------------------------ rounds, gaps, L-3, M-4


def test_markets_in_gaps_settle_by_rule_and_nothing_is_stuck(s: MarketSystem) -> None:
    jc = s.jury_client()
    now = s.chain.timestamp()
    early = _markets(s, 1, now + 50)  # before the first round
    rnd, start, end = _open(s)
    inside = _markets(s, 1, start + 5)
    gap_start, gap_end = end, end + 200
    r2 = _open_at(s, gap_end)
    gap = _markets(s, 2, gap_start + 50)
    assert [jc.round_of(m) for m in early + inside + gap] == [0, rnd, 0, 0]
    assert jc.round_of(_markets(s, 1, gap_end)[0]) == r2
    _reverts(lambda: jc.settle_gap(gap[0]), "market not closed")
    _to(s, gap_start + 60)
    for m in early + gap:
        jc.settle_gap(m, sender=s.chain.accounts[TRADER])
        assert s.markets_client().state(m).state == State.RESOLVED
    _reverts(lambda: jc.settle_gap(inside[0]), "market in a round")
    _reverts(lambda: jc.settle_gap(10**6), "unknown market")


def test_rounds_open_on_schedule_after_the_owner_hands_over(s: MarketSystem) -> None:
    """Audit L-3: after `setOwner(dao)` the DAO could never call `openRound`, so no round
    would open again. Rounds now open on the owner's schedule, by anyone."""
    jc = s.jury_client()
    stranger = s.chain.accounts[TRADER]
    _reverts(lambda: jc.open_next_round(stranger), "no schedule")
    _reverts(lambda: jc.set_schedule(LENGTH, 5, 0, stranger), "only owner")
    _reverts(lambda: jc.set_schedule(31 * 86400, 5, 0), "round too long")
    _reverts(lambda: jc.set_schedule(LENGTH, 2_000_000, 0), "rate above 100%")
    jc.set_schedule(LENGTH, 250_000, ONE)
    s.jury.setOwner(s.markets)  # a contract with no way to call the jury: the worst DAO
    _reverts(lambda: jc.set_schedule(LENGTH, 5, 0), "only owner")
    _reverts(lambda: _open_at(s, s.chain.timestamp() + 10), "only owner")
    first = jc.open_next_round(stranger)
    a = jc.round(first)
    assert (a.period_end - a.period_start, a.rate_ppm, a.reward_per_market) == (
        LENGTH,
        250_000,
        ONE,
    )
    _reverts(lambda: jc.open_next_round(stranger), "next round not due")
    _to(s, a.period_start)
    b = jc.round(jc.open_next_round(stranger))
    assert b.period_start == a.period_end  # contiguous
    _to(s, b.period_end + 500)  # nobody opened the next one in time: a gap, then on
    c = jc.round(jc.open_next_round(stranger))
    assert c.period_start == s.chain.timestamp() + LENGTH


def test_a_mistyped_round_cannot_lock_markets_and_a_stuck_market_has_an_exit(
    s: MarketSystem,
) -> None:
    """Audit M-4: `openRound` took any period end, so one given in milliseconds locked
    every market closing before it for ever. A round lasts at most 30 days and starts
    at most 30 days ahead, the window at most 7, and a market no jury settled 90 days
    after its close is settled by its own rule by anyone (`expire`)."""
    now = s.chain.timestamp()
    _reverts(lambda: s.jury.openRound(now + 10, now * 1000, 5, 0), "round too long")
    _reverts(lambda: s.jury.openRound(now + 10, now + 30 * 86400 + 20, 5, 0), "round too long")
    _reverts(lambda: s.jury.openRound(now * 1000, now * 1000 + 1, 5, 0),
             "period start too far ahead")  # fmt: skip
    with pytest.raises(TransactionFailed, match="window too long"):
        s.chain.deploy("Jury", s.markets, s.chain.accounts[COURT], BOND, 8 * 86400)
    c = s.markets_client(s.chain.accounts[0])
    trader = s.markets_client(s.chain.accounts[TRADER])
    _rnd, start, _ = _open(s)
    refund = c.create(f"stuck-refund-{now}", ONE, start + 10, Rule.REFUND)
    nearest = c.create(f"stuck-nearest-{now}", ONE, start + 10, Rule.NEAREST)
    paid = trader.buy(refund, YES, ONE, 10**30).event("Trade")["amount"]
    trader.buy(nearest, YES, ONE, 10**30)
    stranger = s.chain.accounts[N_COMMITTERS]
    s.chain.advance_time(LEAD + 10 + 89 * 86400)  # nobody ever fixed the seed
    _reverts(lambda: s.markets.expire(refund, sender=stranger), "not stuck")
    _reverts(lambda: s.markets.settleByRule(refund, sender=stranger), "only jury")
    s.chain.advance_time(86400)
    s.markets.expire(refund, sender=stranger)
    s.markets.expire(nearest, sender=stranger)
    assert c.state(refund).state == State.REFUNDED
    assert c.state(nearest).state == State.RESOLVED and c.state(nearest).outcome == YES
    assert trader.redeem(refund) == paid
    _reverts(lambda: s.markets.expire(refund, sender=stranger), "market settled")


def test_windows_and_bad_input(s: MarketSystem) -> None:
    jc = s.jury_client()
    cs = _committers(s)
    now = s.chain.timestamp()
    _reverts(lambda: s.jury.openRound(now + 10, now + 20, 5, 0, sender=cs[0]), "only owner")
    _reverts(lambda: s.jury.openRound(now + 10, now + 20, 2_000_000, 0), "rate above 100%")
    _reverts(lambda: s.jury.openRound(now + 10, now + 10, 5, 0), "empty round")
    _reverts(lambda: s.jury.commitSeed(1, b"\1" * 32, sender=cs[0]), "unknown round")
    rnd, _start, end = _open(s)
    _reverts(lambda: _open_at(s, end - 1), "period start before previous round's end")
    _reverts(lambda: s.jury.commitSeed(rnd, bytes(32), sender=cs[0]), "empty commitment")
    jc.commit_seed(rnd, _secret(0), cs[0])
    _reverts(lambda: jc.commit_seed(rnd, _secret(0), cs[0]), "already committed")
    broke = s.chain.new_account()
    _reverts(lambda: s.jury.commitSeed(rnd, b"\1" * 32, sender=broke), "insufficient allowance")
    _reverts(lambda: jc.reveal_seed(rnd, _secret(0), cs[0]), "seed reveal window not open")
    _reverts(lambda: s.jury.fixSeed(rnd), "seed reveal window open")
    _reverts(lambda: s.jury.isSampled(rnd, 1), "seed not fixed yet")
    _to(s, end)
    _reverts(lambda: jc.reveal_seed(rnd, _secret(1), cs[0]), "seed does not match commitment")
    _reverts(lambda: jc.reveal_seed(rnd, _secret(0), cs[1]), "no seed commitment")
    # a commitment binds its round: the same secret committed for another round fails
    _reverts(lambda: jc.slash_seed(rnd, cs[0]), "seed reveal window open")
    jc.reveal_seed(rnd, _secret(0), cs[0])
    _to(s, end + W)
    _reverts(lambda: jc.reveal_seed(rnd, _secret(0), cs[0]), "seed reveal window closed")
    jc.fix_seed(rnd)
    _reverts(lambda: s.jury.fixSeed(rnd), "seed already fixed")
    late = _markets(s, 1, s.chain.timestamp() + 10)[0]
    s.chain.advance_time(20)
    _reverts(lambda: s.jury.settleUnsampled(rnd, late), "market not in round")
    _reverts(lambda: s.jury.roundOf(10**6), "unknown market")
    with pytest.raises(TransactionFailed, match="zero seed bond"):
        s.chain.deploy("Jury", s.markets, s.chain.accounts[COURT], 0, W)


def test_fees_flow_from_markets_to_the_pool(s: MarketSystem) -> None:
    _markets(s, 3, s.chain.timestamp() + 500)
    before = s.jury.pool()
    assert s.jury.collectFees().status
    assert s.jury.pool() == before + 3 * (ONE // 100)
    _conserved(s)


def test_a_whole_round_through_the_python_client(s: MarketSystem) -> None:
    """20 markets, a 30% sample ruled on by the court by label, the rest settled by
    rule; then everyone redeems and withdraws and nothing is left in Markets."""
    from augury.protocol import resolve_sampled

    jc, accts = s.jury_client(), s.chain.accounts
    creator, trader, court = accts[0], accts[TRADER], accts[COURT]
    rnd, start, end = _open(s, 300_000, ONE // 10)
    for i, c in enumerate(_committers(s)):
        jc.commit_seed(rnd, _secret(i), c)
    rules = [Rule.REFUND, Rule.NEAREST]
    ids = [
        s.markets_client(creator).create(f"d{i}", ONE, start + 500, rules[i % 2]) for i in range(20)
    ]
    labels = {m: (m * 7) % 3 % 2 for m in ids}
    for m in ids:
        s.markets_client(trader).buy(m, (m % 2), ONE, 10**30)
    _to(s, end)
    for i, c in enumerate(_committers(s)):
        jc.reveal_seed(rnd, _secret(i), c)
    _to(s, end + W)
    seed = jc.fix_seed(rnd)
    sampled = jc.sampled(rnd, ids)
    assert sampled == [m for m in ids if is_sampled(seed, m, 300_000)]
    assert 0 < len(sampled) < len(ids)
    jc.settle_unsampled(rnd, [m for m in ids if m not in sampled])
    s.jury.collectFees()
    rulings = resolve_sampled(s.jury, {m: labels[m] for m in sampled}, court)
    assert [r.market for r in rulings] == sorted(sampled)
    mc = s.markets_client()
    for m in ids:
        st_ = mc.state(m)
        if m in sampled:
            assert (st_.state, st_.outcome) == (State.RESOLVED, labels[m])
        elif st_.rule == Rule.REFUND:
            assert st_.state == State.REFUNDED
        else:
            assert (st_.state, st_.outcome) == (State.RESOLVED, int(st_.q_yes > st_.q_no))
    for a in (creator, trader):
        s.markets.redeemMany(ids, sender=a)
        s.markets.withdraw(s.markets.balanceOf(a), sender=a)
    assert s.token.balanceOf(s.markets) == s.markets.balanceOf(s.jury) == 0
    _conserved(s)


def test_a_contested_market_is_sampled_whatever_the_seed(s: MarketSystem) -> None:
    """Audit H-2, the sustained re-flip: an attacker who flips a NEAREST market back after
    each honest correction holds the closing window, so the window rule alone loses the
    race. A market whose price crossed 1/2 there and back inside its window is sampled
    even at rate 0, and goes to the court; one crossing (news, or a flip the window
    outweighs) is not."""
    jc = s.jury_client()
    rnd, start, end = _open(s, 0)
    for i, c in enumerate(_committers(s)):
        jc.commit_seed(rnd, _secret(i), c)
    mc = s.markets_client(s.chain.accounts[0])
    trader = s.markets_client(s.chain.accounts[TRADER])
    close = start + LENGTH // 2
    once = mc.create(f"once-{close}", ONE, close, Rule.NEAREST)
    twice = mc.create(f"twice-{close}", ONE, close, Rule.NEAREST)
    for m in (once, twice):
        trader.buy(m, YES, ONE, 10**30)  # the first crossing
    trader.buy(twice, NO, 2 * ONE, 10**30)  # and back
    assert (int(s.markets.crossings(once)), int(s.markets.crossings(twice))) == (1, 2)
    _to(s, end)
    for i, c in enumerate(_committers(s)):
        jc.reveal_seed(rnd, _secret(i), c)
    _to(s, end + W)
    jc.fix_seed(rnd)
    s.chain.advance_time(1)
    assert jc.sampled(rnd, [once, twice]) == [twice]
    assert s.jury.isSampled(rnd, twice) and not s.jury.isSampled(rnd, once)
    assert s.jury.challenged(twice)
    _reverts(lambda: s.jury.settleUnsampled(rnd, twice), "market sampled")
    s.jury.settleUnsampled(rnd, once)
