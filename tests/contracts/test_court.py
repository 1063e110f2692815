"""Court.vy against the attacks of audit C-2 / H-1 / H-4: Sybils, head counts, silent
and tied panels; and who is paid. Each exploit is written as the attacker would run it."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from augury.chain import Chain
from augury.errors import TransactionFailed
from augury.protocol import CourtClient, DisputeState, Vote, adjudicate
from augury.protocol.court import PANELS
from tests.contracts.court_setup import E18, FEE, LOCK, WINDOW, CourtSetup, deploy_court


def _one_unit_jurors(s: CourtSetup, n: int) -> list[Any]:
    """n jurors staking exactly one lock each: none can be drawn twice in a level."""
    return [s.add_juror(LOCK) for _ in range(n)]


def _vote(s: CourtSetup, d: int, votes: dict[str, bool]) -> None:
    """Drawn jurors in ``votes`` (address → upheld) commit and reveal; then tally."""
    c = s.client
    by_addr = {j.address: j for j in s.jurors}
    salts = {a: secrets.token_bytes(32) for a in votes}
    for a, upheld in votes.items():
        c.commit_vote(d, upheld, salts[a], by_addr[a])
    s.chain.advance_time(WINDOW)
    for a, upheld in votes.items():
        c.reveal_vote(d, upheld, salts[a], by_addr[a])
    s.chain.advance_time(WINDOW)
    c.tally(d)


def test_sybils_below_one_lock_weigh_nothing(embedded: Chain) -> None:
    """C-2: the audit's four 1-token Sybils. They cannot join below one lock, and stake
    left below a lock (here 99 tokens each) is never drawn: three honest jurors rule."""
    s = deploy_court(embedded)
    with pytest.raises(TransactionFailed, match="stake below one draw"):
        s.add_juror(E18)
    honest = _one_unit_jurors(s, 3)
    sybils = [s.add_juror(LOCK + 49 * E18) for _ in range(4)]
    for j in sybils:
        s.court.unstake(50 * E18, sender=j)
        assert s.court.weightOf(j) == 0 and s.court.stakeOf(j) == LOCK - E18
    d = s.open_case()
    s.client.draw(d)
    assert sorted(s.client.panel(d, 0)) == sorted(j.address for j in honest)
    with pytest.raises(TransactionFailed, match="not drawn"):
        s.court.commitVote(d, b"\x01" * 32, sender=sybils[0])
    _vote(s, d, {j.address: False for j in honest})
    s.chain.advance_time(WINDOW)
    assert not s.client.finalize(d).upheld
    assert not s.arbitrable.upheld(s.dispute(d).case)
    assert s.conserved()


def _attacker_share(split: int, disputes: int) -> float:
    """Draw ``disputes`` level-0 panels from a pool where the attacker holds 30% of the
    stake, in ``split`` equal addresses; his share of all draws."""
    chain = Chain.embedded()
    s = deploy_court(chain, lock=E18)
    attacker = [s.add_juror(300 * E18 // split) for _ in range(split)]
    for _ in range(7):
        s.add_juror(100 * E18)
    mine = {j.address for j in attacker}
    hits = total = 0
    for _ in range(disputes):
        d = s.open_case()
        s.client.draw(d)
        for a in s.client.panel(d, 0):
            n = s.client.draws_of(d, 0, a)
            total += n
            hits += n * (a in mine)
    assert s.conserved()
    return hits / total


def test_splitting_stake_buys_no_extra_draws() -> None:
    """C-2/H-1: 30% of the stake draws ~30% of the seats, in one address or in thirty."""
    whole, split = _attacker_share(1, 80), _attacker_share(30, 80)
    assert abs(whole - 0.3) < 0.09, whole
    assert abs(split - 0.3) < 0.09, split


def test_draws_are_stake_weighted(embedded: Chain) -> None:
    """Jurors holding 1:2:3:4 of the stake are drawn 1:2:3:4 (chi-square, 3 dof, p=0.001)."""
    s = deploy_court(embedded, lock=E18)
    jurors = [s.add_juror(k * 100 * E18) for k in (1, 2, 3, 4)]
    counts = dict.fromkeys((j.address for j in jurors), 0)
    for _ in range(100):
        d = s.open_case()
        s.client.draw(d)
        for a in s.client.panel(d, 0):
            counts[a] += s.client.draws_of(d, 0, a)
    total = sum(counts.values())
    assert total == 300
    chi2 = sum((counts[j.address] - total * k / 10) ** 2 / (total * k / 10)
               for j, k in zip(jurors, (1, 2, 3, 4), strict=True))  # fmt: skip
    assert chi2 < 16.27, counts


def test_a_silent_case_escalates_to_the_last_panel_and_is_not_upheld(embedded: Chain) -> None:
    """C-2 variant B / H-4: nobody votes. Each silent panel escalates for free; the
    silent final panel rules upheld=False; every silent draw loses its lock."""
    s = deploy_court(embedded)
    jurors = _one_unit_jurors(s, sum(PANELS))
    d = s.open_case()
    for level, panel in enumerate(PANELS):
        assert s.dispute(d).level == level
        assert s.client.draw(d) == panel
        s.chain.advance_time(2 * WINDOW)
        assert not s.client.tally(d)
        if level < 3:
            assert s.dispute(d).state == DisputeState.DRAWING
            s.chain.advance_time(1)
    info = s.dispute(d)
    assert info.state == DisputeState.APPEALABLE and info.level == 3 and not info.ruling
    with pytest.raises(TransactionFailed, match="final level: no appeal"):
        s.court.appeal(d, sender=s.owner)
    assert not s.client.finalize(d).upheld
    assert not s.arbitrable.upheld(info.case) and s.arbitrable.ruled(info.case)
    assert all(s.court.stakeOf(j) == 0 for j in jurors)  # every lock forfeited
    assert s.court.pool() == sum(PANELS) * LOCK  # nobody was coherent
    assert s.conserved()


def test_a_tie_escalates(embedded: Chain) -> None:
    s = deploy_court(embedded)
    _one_unit_jurors(s, 5)
    d = s.open_case()
    s.client.draw(d)
    a, b, _ = s.client.panel(d, 0)
    _vote(s, d, {a: True, b: False})  # 1 vs 1 with quorum: a tie
    info = s.dispute(d)
    assert info.level == 1 and info.state == DisputeState.DRAWING
    assert s.level(d, 1).pot == 0  # an escalation costs nobody a fee


def test_low_turnout_escalates(embedded: Chain) -> None:
    s = deploy_court(embedded)
    _one_unit_jurors(s, 4)
    d = s.open_case()
    s.client.draw(d)
    _vote(s, d, {s.client.panel(d, 0)[0]: True})  # 1 of 3: below a strict majority
    assert s.dispute(d).level == 1


def test_coherent_jurors_share_fees_and_the_others_locks(embedded: Chain) -> None:
    """Two coherent draws share the arbitrable's fee and the lock of the juror who voted
    the other way; a juror who committed but did not reveal loses his lock too."""
    case_fee = 10 * E18
    s = deploy_court(embedded, case_fee=case_fee)
    _one_unit_jurors(s, 3)
    for silent_third in (False, True):
        d = s.open_case()
        s.client.draw(d)
        a, b, c = s.client.panel(d, 0)
        votes = {a: False, b: False} if silent_third else {a: False, b: False, c: True}
        if silent_third:  # c commits and never reveals
            s.court.commitVote(d, b"\x02" * 32, sender=c)
        _vote(s, d, votes)
        s.chain.advance_time(WINDOW)
        before = {x: int(s.court.stakeOf(x)) for x in (a, b, c)}
        ruling = s.client.finalize(d)
        assert not ruling.upheld and ruling.fee == case_fee
        paid = s.client.settle_all(d)
        each = (case_fee + LOCK) // 2
        assert paid == {(0, a): each, (0, b): each}
        assert s.court.stakeOf(a) == before[a] + each and s.court.lockedOf(a) == 0
        assert s.court.stakeOf(c) == before[c] - LOCK and s.court.lockedOf(c) == 0
        assert s.client.vote_of(d, 0, c) == (Vote.NONE if silent_third else Vote.UPHELD)
        with pytest.raises(TransactionFailed, match="already settled"):
            s.court.settle(d, 0, c)
        assert s.level(d, 0).pot == 0 and s.conserved()
        s.token.transfer(c, LOCK, sender=s.owner)
        s.court.stake(LOCK, sender=c)  # c buys back in for the next case


def test_an_appeal_pays_the_next_panel_and_coherence_follows_the_final_ruling(
    embedded: Chain,
) -> None:
    s = deploy_court(embedded)
    _one_unit_jurors(s, 10)
    d = s.open_case()
    s.client.draw(d)
    first = s.client.panel(d, 0)
    _vote(s, d, dict.fromkeys(first, True))
    assert s.dispute(d).state == DisputeState.APPEALABLE and s.dispute(d).ruling
    with pytest.raises(TransactionFailed, match="appeal window open"):
        s.court.finalize(d)
    appellant = s.chain.accounts[3]
    s.token.transfer(appellant, 100 * E18, sender=s.owner)
    with pytest.raises(TransactionFailed):  # no allowance: no fee, no appeal
        s.court.appeal(d, sender=appellant)
    before = int(s.token.balanceOf(appellant))
    assert CourtClient(s.court).appeal(d, sender=appellant) == FEE * 7
    assert int(s.token.balanceOf(appellant)) == before - FEE * 7
    assert s.level(d, 1).pot == FEE * 7
    s.chain.advance_time(1)
    assert s.client.draw(d) == 7
    second = s.client.panel(d, 1)
    _vote(s, d, dict.fromkeys(second, False))
    s.chain.advance_time(WINDOW)
    assert not s.client.finalize(d).upheld
    paid = s.client.settle_all(d)
    assert all(paid[(1, a)] == FEE + 0 for a in second)  # 7 fees, 7 coherent draws
    assert s.level(d, 0).coherent_draws == 0  # level 0 voted against the final ruling
    assert s.court.pool() == 3 * LOCK  # its forfeited locks had nobody to go to
    assert all(s.court.stakeOf(a) == 0 for a in first)
    assert s.conserved()


def test_appeal_window_and_final_level_bounds(embedded: Chain) -> None:
    s = deploy_court(embedded)
    _one_unit_jurors(s, 3)
    d = s.open_case()
    s.client.draw(d)
    _vote(s, d, dict.fromkeys(s.client.panel(d, 0), True))
    s.chain.advance_time(WINDOW)
    with pytest.raises(TransactionFailed, match="appeal window closed"):
        s.court.appeal(d, sender=s.owner)
    assert s.client.finalize(d).upheld
    with pytest.raises(TransactionFailed, match="no ruling to finalize"):
        s.court.finalize(d)


def test_draw_guards_and_the_stale_seed(embedded: Chain) -> None:
    s = deploy_court(embedded)
    _one_unit_jurors(s, 2)
    s.arbitrable.challenge(7, sender=s.owner)
    d = s.client.open_dispute(s.arbitrable, 7, s.owner)
    with pytest.raises(TransactionFailed, match="seed block not mined yet"):
        s.court.draw(d)  # the opener cannot draw from a hash he can see
    s.chain.advance_time(1)
    with pytest.raises(TransactionFailed, match="pool cannot supply the panel"):
        s.court.draw(d)
    s.add_juror(LOCK)
    for _ in range(257):
        s.chain.advance_time(1)
    assert s.client.draw(d) == 0  # re-anchored, not drawn from a zero hash
    assert s.dispute(d).seed_block == embedded.block_number() + 1
    with pytest.raises(TransactionFailed, match="seed block not mined yet"):
        s.court.draw(d)
    s.chain.advance_time(1)
    assert s.client.draw(d) == 3
    with pytest.raises(TransactionFailed, match="not awaiting a draw"):
        s.court.draw(d)


def test_open_dispute_guards(embedded: Chain) -> None:
    s = deploy_court(embedded)
    with pytest.raises(TransactionFailed, match="case not challenged"):
        s.court.openDispute(s.arbitrable, 1)
    with pytest.raises(TransactionFailed, match="unknown arbitrable"):
        s.court.openDispute(s.token, 1)
    s.arbitrable.challenge(1, sender=s.owner)
    s.court.openDispute(s.arbitrable, 1)
    with pytest.raises(TransactionFailed, match="dispute already open"):
        s.court.openDispute(s.arbitrable, 1)
    with pytest.raises(TransactionFailed, match="only owner"):
        s.court.setCourt(s.token, True, sender=s.chain.accounts[1])


def test_stake_weight_and_locks(embedded: Chain) -> None:
    s = deploy_court(embedded)
    j = s.add_juror(LOCK * 5 // 2)  # 2.5 locks weigh 2
    assert s.court.weightOf(j) == 2 * LOCK == s.court.totalWeight()
    _one_unit_jurors(s, 1)
    d = s.open_case()
    s.client.draw(d)
    assert s.client.draws_of(d, 0, j) == 2  # all his weight: drawn twice, two votes
    assert s.court.lockedOf(j) == 2 * LOCK and s.court.weightOf(j) == 0
    with pytest.raises(TransactionFailed, match="insufficient free stake"):
        s.court.unstake(LOCK, sender=j)
    s.court.unstake(LOCK // 2, sender=j)  # the free half lock may leave
    assert s.court.caseValueCap() == LOCK * 31 // 2


def test_adjudicate_on_both_backends(chain: Chain) -> None:
    """The dev helper runs a case end to end (real block hashes on Hardhat)."""
    s = deploy_court(chain, case_fee=3 * E18)
    jurors = [s.add_juror(LOCK * 3, account=a) for a in chain.accounts[1:9]]
    s.arbitrable.challenge(1, sender=s.owner)
    ruling = adjudicate(chain, s.court, s.arbitrable, 1, jurors, lambda j: True)
    assert ruling.upheld and ruling.level == 0 and ruling.fee == 3 * E18
    assert s.arbitrable.upheld(1)
    assert all(s.court.lockedOf(j) == 0 for j in jurors)
    assert s.conserved()
