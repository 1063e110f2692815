"""A hypothesis state machine over Court.vy: jurors stake and unstake, cases open, draw,
vote, tally, escalate, get appealed, finalize and settle, while the clock moves.

After every step: the court's tokens are exactly the stakes, the levels' pots and the
pool; no juror's lock exceeds his stake, and the locks are exactly the draws of the
cases he has not been settled on; sortition weights are whole locks of free stake.
And *who* is paid: each juror's wealth (wallet + stake) is what he started with, plus
the rewards of the draws where he voted the final ruling, minus the locks of the draws
where he did not; a coherent draw's reward is the level's fees and forfeited locks
divided among its coherent draws; a level's pot is empty once its coherent jurors are
settled."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import cache

import pytest
from hypothesis import HealthCheck, Phase, event, settings, target
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from augury.chain import Chain
from augury.errors import TransactionFailed
from augury.protocol.court import FINAL_LEVEL, PANELS, DisputeState, Vote
from tests.contracts.court_setup import E18, WINDOW, CourtSetup, deploy_court

LOCK, FEE, CASE_FEE = 10 * E18, 1 * E18, 7 * E18
WALLET = 10_000 * E18
picks = st.integers(0, 50)
people = st.integers(0, 5)
PHASES = tuple(Phase) if not os.environ.get("COURT_NO_SHRINK") else tuple(
    p for p in Phase if p != Phase.shrink
)


@dataclass
class Case:
    """The model's view of one dispute: fees paid into each level, who committed what."""

    fees: dict[int, int] = field(default_factory=dict)
    votes: dict[tuple[int, str], tuple[bool, bytes]] = field(default_factory=dict)
    revealed: set[tuple[int, str]] = field(default_factory=set)
    draws: dict[tuple[int, str], int] = field(default_factory=dict)
    settled: set[tuple[int, str]] = field(default_factory=set)


@cache
def _chain() -> Chain:
    return Chain.embedded()


class CourtMachine(RuleBasedStateMachine):
    @property
    def chain(self) -> Chain:
        return _chain()  # one embedded chain; each run inside a snapshot

    @initialize()
    def deploy(self) -> None:
        self.snap = self.chain.snapshot()
        self.s: CourtSetup = deploy_court(self.chain, lock=LOCK, fee=FEE, case_fee=CASE_FEE)
        self.people = self.chain.accounts[1:7]
        for j in self.people:
            self.s.add_juror(20 * LOCK, account=j)
            self.s.token.transfer(j, WALLET - 20 * LOCK, sender=self.s.owner)
        self.wealth = {j.address: WALLET for j in self.people}
        # the model: each juror's stake, each level's pot, jurors whose rows to re-read
        self.stakes = {j.address: 20 * LOCK for j in self.people}
        self.pots: dict[tuple[int, int], int] = {}
        self.dirty = {j.address for j in self.people}
        self.cases: dict[int, Case] = {}
        self.max_level = 0

    def teardown(self) -> None:
        if hasattr(self, "snap"):
            target(float(self.max_level), label="highest level reached")
            event(f"highest level reached: {self.max_level}")
            self.chain.revert(self.snap)

    # -- helpers -----------------------------------------------------------------

    def _pick(self, state: DisputeState, pick: int) -> int | None:
        ids = [d for d in sorted(self.cases) if self.s.dispute(d).state == state]
        return ids[pick % len(ids)] if ids else None

    def _now(self) -> int:
        return self.chain.timestamp() + 1  # the next transaction's block time

    def _mine_seed(self, d: int) -> None:
        while self.chain.block_number() + 1 <= self.s.dispute(d).seed_block:
            self.chain.advance_time(1)

    # -- stake -------------------------------------------------------------------

    @rule(who=people, halves=st.integers(1, 20))
    def stake(self, who: int, halves: int) -> None:
        j = self.people[who]
        amount = halves * LOCK // 2
        if int(self.s.court.jurorIndex(j)) == 0 and int(self.s.court.stakeOf(j)) + amount < LOCK:
            # a new juror must bring a whole lock: less could never be drawn
            with pytest.raises(TransactionFailed, match="stake below one draw"):
                self.s.court.stake(amount, sender=j)
            return
        self.s.court.stake(amount, sender=j)
        self.stakes[j.address] += amount
        self.dirty.add(j.address)

    @rule(who=people, quarters=st.sampled_from([1, 2, 4]), extra=st.booleans())
    def unstake(self, who: int, quarters: int, extra: bool) -> None:
        j = self.people[who]
        free = self.s.client.free_stake(j)
        amount = free * quarters // 4  # integers: a float share can round past `free`
        if extra:  # one wei more than is free: locked stake stays
            with pytest.raises(TransactionFailed, match="insufficient free stake"):
                self.s.court.unstake(free + 1, sender=j)
        elif amount > 0:
            self.s.court.unstake(amount, sender=j)
            self.stakes[j.address] -= amount
            self.dirty.add(j.address)

    # -- a case ------------------------------------------------------------------

    @rule()
    def open(self) -> None:
        s = self.s
        s.cases += 1
        s.arbitrable.challenge(s.cases, sender=s.owner)
        d = s.client.open_dispute(s.arbitrable, s.cases, s.owner)
        self.cases[d] = Case(fees={0: 0})

    @rule(pick=picks)
    def draw(self, pick: int) -> None:
        d = self._pick(DisputeState.DRAWING, pick)
        if d is None:
            return
        self._mine_seed(d)
        level = self.s.dispute(d).level
        if int(self.s.court.totalWeight()) < PANELS[level] * LOCK:
            event("draw refused: pool too small")
            with pytest.raises(TransactionFailed, match="pool cannot supply the panel"):
                self.s.court.draw(d)
            return
        assert self.s.client.draw(d) == PANELS[level]
        assert self.s.level(d, level).draws == PANELS[level]
        for a in self.s.client.panel(d, level):
            self.cases[d].draws[(level, a)] = self.s.client.draws_of(d, level, a)
            self.dirty.add(a)
        assert sum(n for (lv, _), n in self.cases[d].draws.items() if lv == level) == PANELS[level]

    def _in_commit(self, d: int) -> bool:
        return self._now() < self.s.level(d, self.s.dispute(d).level).drawn_at + WINDOW

    @rule(pick=picks, who=people, upheld=st.booleans())
    def commit(self, pick: int, who: int, upheld: bool) -> None:
        d = self._pick(DisputeState.VOTING, pick)
        if d is None or not self._in_commit(d):
            return
        j, level = self.people[who], self.s.dispute(d).level
        if self.s.client.draws_of(d, level, j) == 0:
            with pytest.raises(TransactionFailed, match="not drawn"):
                self.s.client.commit_vote(d, upheld, bytes(32), j)
            return
        if (level, j.address) in self.cases[d].votes:
            return
        salt = secrets.token_bytes(32)
        self.s.client.commit_vote(d, upheld, salt, j)
        self.cases[d].votes[(level, j.address)] = (upheld, salt)

    @rule(pick=picks, upheld_share=st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0]),
          turnout=st.sampled_from([0.0, 0.5, 1.0]))  # fmt: skip
    def vote_level(self, pick: int, upheld_share: float, turnout: float) -> None:
        """Every drawn juror of a level (up to ``turnout``) commits, reveals, and the level
        is tallied: the quick way through a level, so appeals and the last level come."""
        d = self._pick(DisputeState.VOTING, pick)
        if d is None or not self._in_commit(d):
            return
        level = self.s.dispute(d).level
        panel = self.s.client.panel(d, level)
        by_addr = {j.address: j for j in self.people}
        voters = panel[: round(len(panel) * turnout)]
        for i, a in enumerate(voters):
            if (level, a) not in self.cases[d].votes:
                upheld, salt = i < len(voters) * upheld_share, secrets.token_bytes(32)
                self.s.client.commit_vote(d, upheld, salt, by_addr[a])
                self.cases[d].votes[(level, a)] = (upheld, salt)
        self.chain.advance_time(max(0, self.s.level(d, level).drawn_at + WINDOW - self._now()))
        self._reveal_all(d)
        self.chain.advance_time(WINDOW)
        self.tally(pick=sorted(self.cases).index(d))

    @rule(pick=picks, upheld_share=st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0]),
          turnout=st.sampled_from([0.0, 0.5, 1.0]), appeal=st.booleans())  # fmt: skip
    def advance_case(self, pick: int, upheld_share: float, turnout: float, appeal: bool) -> None:
        """Take one case one step further, whatever its state: draw, vote a level, appeal
        or finalize a ruling, settle its jurors. Drives runs to appeals and the last level."""
        if not self.cases:
            return self.open()
        ids = sorted(self.cases)
        d = ids[pick % len(ids)]
        info = self.s.dispute(d)
        if info.state == DisputeState.DRAWING:
            return self.draw(pick=0 if len(ids) == 1 else self._index(d, DisputeState.DRAWING))
        if info.state == DisputeState.VOTING:
            if self._in_commit(d):
                return self.vote_level(self._index(d, DisputeState.VOTING), upheld_share, turnout)
            lv = self.s.level(d, info.level)
            self.chain.advance_time(max(0, lv.drawn_at + 2 * WINDOW - self._now()))
            return self.tally(pick=ids.index(d))
        if info.state == DisputeState.APPEALABLE:
            if appeal and info.level < FINAL_LEVEL and self._now() < info.appeal_end:
                return self.appeal(pick=self._index(d, DisputeState.APPEALABLE))
            self.chain.advance_time(max(0, info.appeal_end - self._now()))
            return self.finalize(pick=self._index(d, DisputeState.APPEALABLE))
        for who in range(len(self.people)):
            self.settle(pick=self._index(d, DisputeState.RESOLVED), who=who)
        return None

    def _index(self, d: int, state: DisputeState) -> int:
        return [x for x in sorted(self.cases) if self.s.dispute(x).state == state].index(d)

    def _reveal_all(self, d: int) -> None:
        level = self.s.dispute(d).level
        by_addr = {j.address: j for j in self.people}
        for (lv, a), (upheld, salt) in self.cases[d].votes.items():
            if lv == level and (lv, a) not in self.cases[d].revealed:
                self.s.client.reveal_vote(d, upheld, salt, by_addr[a])
                self.cases[d].revealed.add((lv, a))

    @rule(pick=picks)
    def reveal(self, pick: int) -> None:
        d = self._pick(DisputeState.VOTING, pick)
        if d is None:
            return
        start = self.s.level(d, self.s.dispute(d).level).drawn_at + WINDOW
        if start <= self._now() < start + WINDOW:
            self._reveal_all(d)

    @rule(pick=picks)
    def tally(self, pick: int) -> None:
        ids = sorted(self.cases)
        d = ids[pick % len(ids)] if ids else None
        if d is None or self.s.dispute(d).state != DisputeState.VOTING:
            return
        level = self.s.dispute(d).level
        lv = self.s.level(d, level)
        if self._now() < lv.drawn_at + 2 * WINDOW:
            with pytest.raises(TransactionFailed, match="reveal window open"):
                self.s.court.tally(d)
            return
        decided = self.s.client.tally(d)
        up, rej = lv.upheld_weight, lv.rejected_weight
        assert decided == ((up + rej) * 2 > PANELS[level] and up != rej)
        after = self.s.dispute(d)
        if decided:
            event(f"level {level} decided")
            assert after.ruling == (up > rej) and after.state == DisputeState.APPEALABLE
        elif level < FINAL_LEVEL:
            event(f"level {level} escalated ({'tie' if up == rej and up else 'turnout'})")
            assert after.level == level + 1 and after.state == DisputeState.DRAWING
            self.cases[d].fees[level + 1] = 0
        else:
            event("final level undecided: not upheld")
            assert not after.ruling and after.state == DisputeState.APPEALABLE
        self.max_level = max(self.max_level, after.level)

    @rule(pick=picks)
    def appeal(self, pick: int) -> None:
        d = self._pick(DisputeState.APPEALABLE, pick)
        if d is None:
            return
        info = self.s.dispute(d)
        if info.level == FINAL_LEVEL or self._now() >= info.appeal_end:
            with pytest.raises(TransactionFailed, match=r"no appeal|appeal window closed"):
                self.s.court.appeal(d, sender=self.s.owner)
            return
        assert self.s.client.appeal(d, sender=self.s.owner) == FEE * PANELS[info.level + 1]
        self.cases[d].fees[info.level + 1] = FEE * PANELS[info.level + 1]
        self.pots[(d, info.level + 1)] = FEE * PANELS[info.level + 1]
        event(f"appealed to level {info.level + 1}")
        self.max_level = max(self.max_level, info.level + 1)

    @rule(pick=picks)
    def finalize(self, pick: int) -> None:
        d = self._pick(DisputeState.APPEALABLE, pick)
        if d is None:
            return
        info, s, case = self.s.dispute(d), self.s, self.cases[d]
        if info.level < FINAL_LEVEL and self._now() < info.appeal_end:
            with pytest.raises(TransactionFailed, match="appeal window open"):
                s.court.finalize(d)
            return
        arb_before = int(s.token.balanceOf(s.arbitrable))
        ruling = s.client.finalize(d)
        case.fees[0] = arb_before - int(s.token.balanceOf(s.arbitrable))
        assert ruling.fee == case.fees[0] and ruling.upheld == info.ruling
        assert s.arbitrable.ruled(info.case) and s.arbitrable.upheld(info.case) == info.ruling
        event(f"finalized at level {info.level}, upheld={info.ruling}")
        coherent = Vote.UPHELD if info.ruling else Vote.REJECTED
        lost: dict[str, int] = {}
        for level in range(info.level + 1):
            forfeited, coherent_draws = 0, 0
            for a in s.client.panel(d, level):
                n = case.draws[(level, a)]
                if s.client.vote_of(d, level, a) == coherent:
                    coherent_draws += n
                else:  # the incoherent and the silent lose their whole lock, nothing more
                    forfeited += n * LOCK
                    lost[a] = lost.get(a, 0) + n * LOCK
                    case.settled.add((level, a))
            lv = s.level(d, level)
            total = case.fees.get(level, 0) + forfeited
            each = total // coherent_draws if coherent_draws else 0
            assert lv.coherent_draws == coherent_draws and lv.reward_per_draw == each
            assert lv.pot == each * coherent_draws
            self.pots[(d, level)] = each * coherent_draws
        if lost:
            event("locks forfeited at finalize")
        for a, amount in lost.items():  # checked against the contract by the invariants
            self.stakes[a] -= amount
            self.wealth[a] -= amount
        self.dirty |= set(self.stakes)

    @rule(pick=picks, who=people)
    def settle(self, pick: int, who: int) -> None:
        d = self._pick(DisputeState.RESOLVED, pick)
        if d is None:
            return
        j, s, case = self.people[who], self.s, self.cases[d]
        for level in range(s.dispute(d).level + 1):
            n = case.draws.get((level, j.address), 0)
            if n == 0 or (level, j.address) in case.settled:
                if n:
                    with pytest.raises(TransactionFailed, match="already settled"):
                        s.court.settle(d, level, j)
                continue
            reward = s.client.settle(d, level, j)
            event("coherent juror settled")
            assert reward == n * s.level(d, level).reward_per_draw >= 0  # coherent only gain
            self.stakes[j.address] += reward
            self.wealth[j.address] += reward
            self.pots[(d, level)] -= reward
            self.dirty.add(j.address)
            case.settled.add((level, j.address))
            if all((lv, a) in case.settled for lv, a in case.draws if lv == level):
                assert self.pots[(d, level)] == 0 == s.level(d, level).pot  # fully paid out
            return

    @rule(seconds=st.sampled_from([1, WINDOW // 2, WINDOW, 3 * WINDOW]))
    def wait(self, seconds: int) -> None:
        self.chain.advance_time(seconds)

    # -- invariants --------------------------------------------------------------

    @invariant()
    def tokens_are_stakes_pots_and_pool(self) -> None:
        if not hasattr(self, "s"):
            return
        s = self.s
        held = int(s.token.balanceOf(s.court))
        assert held == sum(self.stakes.values()) + sum(self.pots.values()) + int(s.court.pool())

    @invariant()
    def each_juror_has_what_his_votes_earned(self) -> None:
        """Stake as modelled, locks = the unsettled draws <= stake, weight = whole locks of
        free stake, wallet + stake = start + rewards of coherent draws - forfeited locks."""
        if not hasattr(self, "s"):
            return
        s, total = self.s, 0
        for j in self.people:
            a = j.address
            locked = LOCK * sum(
                n for case in self.cases.values() for key, n in case.draws.items()
                if key[1] == a and key not in case.settled
            )  # fmt: skip
            weight = (self.stakes[a] - locked) // LOCK * LOCK
            total += weight
            if a not in self.dirty:
                continue
            stake = int(s.court.stakeOf(j))
            assert stake == self.stakes[a]
            assert int(s.court.lockedOf(j)) == locked <= stake
            assert int(s.court.weightOf(j)) == weight
            assert int(s.token.balanceOf(j)) + stake == self.wealth[a]
        self.dirty.clear()
        assert int(s.court.totalWeight()) == total


# Collected by pytest as a hypothesis test, so `--hypothesis-show-statistics` reports the
# events above (levels decided, escalations, appeals, final-level rulings).
TestCourtStateMachine = CourtMachine.TestCase
TestCourtStateMachine.settings = settings(
    max_examples=int(os.environ.get("COURT_EXAMPLES", "30")), stateful_step_count=60,
    deadline=None, phases=PHASES, suppress_health_check=list(HealthCheck),
)  # fmt: skip
