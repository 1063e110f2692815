"""A hypothesis state machine over Jury.vy's rounds: committers who reveal or withhold,
rounds with gaps between them, markets closing anywhere, the zero-reveal fallback, the
court's rulings and settlement by rule, and the clock.

After every step: the jury holds exactly its pool plus the bonds of outstanding
commitments; each committer has lost exactly the bonds she withheld (and those still
outstanding), a revealer nothing; the court has been paid exactly the rewards of the
markets it ruled on; every fixed seed is the one recomputed from the revealed secrets
(:func:`augury.protocol.seed_of`); a market is settled only the way its round says."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, Phase, settings, target
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from augury.chain import Chain
from augury.errors import TransactionFailed
from augury.protocol import (
    JuryClient,
    MarketSystem,
    Rule,
    State,
    deploy_markets,
    is_sampled,
    seed_of,
)

E18 = 10**18
BOND, W, REWARD = 3 * E18, 400, E18
COMMITTERS = 4
people = st.integers(0, COMMITTERS - 1)
SEEN: Counter[str] = Counter()  # what the runs reached, over all examples


def event(what: str) -> None:
    """hypothesis.event (shown by --hypothesis-show-statistics on @given tests), counted
    here too: a state machine run by hand reports no statistics of its own."""
    hypothesis_event(what)
    SEEN[what] += 1


PHASES = [p for p in Phase if p is not Phase.shrink or not os.environ.get("NO_SHRINK")]


@dataclass
class RoundModel:
    n: int
    start: int
    end: int
    rate: int
    secrets: dict[int, bytes] = field(default_factory=dict)
    revealed: list[int] = field(default_factory=list)
    forfeited: set[int] = field(default_factory=set)
    seed: bytes | None = None
    seed_block: int = 0


class JuryMachine(RuleBasedStateMachine):
    chain: Chain

    @initialize()
    def deploy(self) -> None:
        c = self.chain
        self.snap = c.snapshot()
        self.court = c.accounts[6]
        self.s: MarketSystem = deploy_markets(c, seed_bond=BOND, seed_reveal_period=W,
                                              court=self.court)  # fmt: skip
        self.jc = JuryClient(self.s.jury)
        self.committers = c.accounts[1 : COMMITTERS + 1]
        self.trader = c.accounts[5]
        for a in [*self.committers, self.trader, c.accounts[0]]:
            self.s.fund(a, 10**27)
        self.s.jury.fund(20 * E18, sender=c.accounts[0])
        self.start_balance = {a.address: self.s.token.balanceOf(a) for a in self.committers}
        self.rounds: list[RoundModel] = []
        self.markets: dict[int, int] = {}  # market -> close time
        self.settled: set[int] = set()
        self.paid_court = 0
        self.rulings = 0
        self.pool = 20 * E18
        self.salt = 0

    def teardown(self) -> None:
        if hasattr(self, "snap"):
            # steer the search toward runs that reveal, withhold and reach the court
            target(float(sum(len(r.revealed) for r in self.rounds)), label="reveals")
            target(float(sum(len(r.forfeited) for r in self.rounds)), label="bonds forfeited")
            target(float(self.rulings), label="court rulings")
            fixed = sum(r.seed is not None and bool(r.revealed) for r in self.rounds)
            target(float(fixed), label="seeds fixed from reveals")
            self.chain.revert(self.snap)

    def _now(self) -> int:
        return self.chain.timestamp()

    def _round_of(self, t: int) -> RoundModel | None:
        return next((r for r in self.rounds if r.start <= t < r.end), None)

    # candidates, so that rules fire only where they mean something
    def _committable(self) -> list[RoundModel]:
        return [r for r in getattr(self, "rounds", []) if self._now() + 1 < r.start]

    def _revealable(self) -> list[tuple[RoundModel, int]]:
        t = self._now() + 1
        return [(r, w) for r in getattr(self, "rounds", []) if r.end <= t < r.end + W
                for w in sorted(r.secrets) if w not in r.revealed]  # fmt: skip

    def _past_window(self) -> list[RoundModel]:
        return [r for r in getattr(self, "rounds", []) if self._now() + 1 >= r.end + W]

    def _slashable(self) -> list[tuple[RoundModel, int]]:
        return [(r, w) for r in self._past_window() for w in sorted(r.secrets)
                if w not in r.revealed and w not in r.forfeited]  # fmt: skip

    # -- rounds and markets -------------------------------------------------------

    @precondition(lambda self: len(getattr(self, "rounds", [])) < 5)
    @rule(lead=st.integers(5, 300), length=st.integers(50, 800), gap=st.integers(0, 200),
          rate=st.sampled_from([0, 300_000, 700_000, 1_000_000]))  # fmt: skip
    def open_round(self, lead: int, length: int, gap: int, rate: int) -> None:
        now = self._now()
        start = now + 1 + lead
        if self.rounds:
            start = max(start, self.rounds[-1].end + gap)
        n = self.jc.open_round(start, start + length, rate, REWARD)
        self.rounds.append(RoundModel(n, start, start + length, rate))
        event("gap before the round" if gap and len(self.rounds) > 1 else "round opened")

    @precondition(lambda self: hasattr(self, "s"))
    @rule(offset=st.integers(5, 1500), side=st.integers(0, 1),
          nearest=st.booleans())  # fmt: skip
    def create_market(self, offset: int, side: int, nearest: bool) -> None:
        self.salt += 1
        close = self._now() + offset
        rule_ = Rule.NEAREST if nearest else Rule.REFUND
        m = self.s.markets_client(self.chain.accounts[0]).create(f"m{self.salt}", E18, close, rule_)
        self.s.markets_client(self.trader).buy(m, side, E18, 10**30)
        self.markets[m] = close

    @precondition(lambda self: any(r.end > self._now() + 4 for r in getattr(self, "rounds", [])))
    @rule(k=st.integers(0, 5), frac=st.floats(0, 0.99), side=st.integers(0, 1))
    def create_market_in_round(self, k: int, frac: float, side: int) -> None:
        live = [r for r in self.rounds if r.end > self._now() + 4]
        r = live[k % len(live)]
        lo = max(r.start, self._now() + 4)
        close = lo + int(frac * (r.end - lo))
        self.create_market(close - self._now(), side, True)

    @precondition(lambda self: hasattr(self, "s"))
    @rule(seconds=st.sampled_from([1, 30, 200, 500]))
    def advance(self, seconds: int) -> None:
        self.chain.advance_time(seconds)

    @precondition(lambda self: any(r.end + W > self._now() for r in getattr(self, "rounds", [])))
    @rule(k=st.integers(0, 5), after=st.booleans())
    def advance_to_a_window(self, k: int, after: bool) -> None:
        """To a round's reveal window (or past it), so reveals and fixes happen."""
        ahead = [r for r in self.rounds if r.end + W > self._now()]
        r = ahead[k % len(ahead)]
        t = r.end + W if after else r.end
        if t > self._now():
            self.chain.advance_time(t - self._now())

    # -- the seed -----------------------------------------------------------------

    @precondition(lambda self: bool(self._committable()))
    @rule(who=people, k=st.integers(0, 5), data=st.data())
    def commit(self, who: int, k: int, data: st.DataObject) -> None:
        rounds = self._committable()
        r = rounds[k % len(rounds)]
        secret = data.draw(st.binary(min_size=32, max_size=32))
        a = self.committers[who]
        if who in r.secrets:
            with pytest.raises(TransactionFailed, match="already committed"):
                self.jc.commit_seed(r.n, secret, a)
            return
        self.jc.commit_seed(r.n, secret, a)
        r.secrets[who] = secret
        event("secret committed")

    @precondition(lambda self: bool(getattr(self, "rounds", None)))
    @rule(k=st.integers(0, 5))
    def late_commit(self, k: int) -> None:
        closed = [r for r in self.rounds if self._now() + 1 >= r.start]
        if closed:
            r = closed[k % len(closed)]
            with pytest.raises(TransactionFailed, match="seed commit window closed"):
                self.jc.commit_seed(r.n, b"\x09" * 32, self.committers[k % COMMITTERS])

    @precondition(lambda self: bool(self._revealable()))
    @rule(k=st.integers(0, 20))
    def reveal(self, k: int) -> None:
        options = self._revealable()
        r, who = options[k % len(options)]
        self.jc.reveal_seed(r.n, r.secrets[who], self.committers[who])
        r.revealed.append(who)
        event("secret revealed")

    @precondition(lambda self: bool(self._slashable()))
    @rule(k=st.integers(0, 20))
    def slash(self, k: int) -> None:
        options = self._slashable()
        r, who = options[k % len(options)]
        self.jc.slash_seed(r.n, self.committers[who], sender=self.trader)
        r.forfeited.add(who)
        self.pool += BOND
        event("withheld secret forfeited")

    @precondition(lambda self: any(r.seed is None for r in self._past_window()))
    @rule(k=st.integers(0, 5))
    def fix_seed(self, k: int) -> None:
        options = [r for r in self._past_window() if r.seed is None]
        r = options[k % len(options)]
        seed = self.jc.fix_seed(r.n, sender=self.trader)
        info = self.jc.round(r.n)
        assert info.seed_fixed and seed == info.seed
        secrets = [r.secrets[w] for w in r.revealed]
        if r.revealed:
            assert seed == seed_of(secrets, info.randao, r.n)
            event("seed fixed from revealed secrets")
        else:
            heads = self.chain.recent_heads()
            anchor = heads[len(heads) - 1 - (self.chain.block_number() - info.anchor_block)]
            assert seed == seed_of([], info.randao, r.n, bytes.fromhex(anchor[2:]))
            event("zero-reveal fallback seed")
        r.seed, r.seed_block = seed, info.seed_block

    @precondition(lambda self: any(
        r.seed is None and r.secrets and r.end + W > self._now() + 1 >= r.start
        for r in getattr(self, "rounds", [])
    ))  # fmt: skip
    @rule(k=st.integers(0, 5), data=st.data())
    def reveal_some_then_fix(self, k: int, data: st.DataObject) -> None:
        """A whole reveal phase: to the window, a drawn subset reveals (the others
        withhold), past the window, the seed is fixed."""
        options = [
            r
            for r in self.rounds
            if r.seed is None and r.secrets and r.end + W > self._now() + 1 >= r.start
        ]
        r = options[k % len(options)]
        if r.end > self._now():
            self.chain.advance_time(r.end - self._now())
        first = data.draw(st.integers(0, 3), label="first committer reveals") > 0
        for i, who in enumerate(sorted(r.secrets)):
            reveals = first if i == 0 else data.draw(st.booleans(), label=f"reveal {who}")
            if who not in r.revealed and reveals:
                self.jc.reveal_seed(r.n, r.secrets[who], self.committers[who])
                r.revealed.append(who)
                event("secret revealed")
        self.chain.advance_time(r.end + W - self._now())
        self.fix_seed(
            0
            if len(self._past_window()) == 1
            else [x for x in self._past_window() if x.seed is None].index(r)
        )
        for who in sorted(set(r.secrets) - set(r.revealed) - r.forfeited):
            if data.draw(st.booleans(), label=f"slash {who} now"):
                self.slash(self._slashable().index((r, who)))

    # -- settlement ---------------------------------------------------------------

    def _closed(self) -> list[int]:
        t = self._now() + 1
        markets = getattr(self, "markets", {})
        return [m for m in sorted(markets) if m not in self.settled and markets[m] < t]

    @precondition(lambda self: bool(self._closed()))
    @rule(k=st.integers(0, 10**6), upheld=st.booleans())
    def settle(self, k: int, upheld: bool) -> None:
        closed = self._closed()
        m = closed[k % len(closed)]
        r = self._round_of(self.markets[m])
        if r is None:  # a round opened later starts in the future: never this market's
            self.jc.settle_gap(m, sender=self.trader)
            event("gap market settled by rule")
        elif r.seed is None:
            with pytest.raises(TransactionFailed, match="seed not fixed yet"):
                self.jc.settle_unsampled(r.n, [m], sender=self.trader)
            return
        elif is_sampled(r.seed, m, r.rate):
            # a view runs at the head: in the block that fixed the seed, nothing is read
            assert self.jc.challenged(m) == (self.chain.block_number() > r.seed_block)
            with pytest.raises(TransactionFailed, match="market sampled"):
                self.jc.settle_unsampled(r.n, [m], sender=self.trader)
            reward = min(REWARD, self.pool)
            assert self.jc.rule(m, upheld, self.court).reward == reward
            self.paid_court += reward
            self.rulings += 1
            self.pool -= reward
            st_ = self.s.markets_client().state(m)
            assert (st_.state, st_.outcome) == (State.RESOLVED, int(upheld))
            event("sampled market ruled by the court")
        else:
            assert not self.jc.challenged(m)
            self.jc.settle_unsampled(r.n, [m], sender=self.trader)
            event("unsampled market settled by rule")
        self.settled.add(m)

    # -- invariants ---------------------------------------------------------------

    @invariant()
    def books_balance(self) -> None:
        if not hasattr(self, "s"):
            return
        jury = self.s.jury
        outstanding = sum(len(set(r.secrets) - set(r.revealed) - r.forfeited) for r in self.rounds)
        assert jury.bonded() == outstanding * BOND
        assert jury.pool() == self.pool
        assert self.s.token.balanceOf(jury) == self.pool + outstanding * BOND

    @invariant()
    def who_is_paid(self) -> None:
        if not hasattr(self, "s"):
            return
        for i, a in enumerate(self.committers):
            lost = sum(1 for r in self.rounds if i in r.secrets and i not in r.revealed)
            assert self.s.token.balanceOf(a) == self.start_balance[a.address] - lost * BOND
        assert self.s.token.balanceOf(self.court) == self.paid_court


def test_jury_state_machine() -> None:
    # a fixed genesis time: block ids (and so zero-reveal seeds) are the same every run
    chain = Chain.embedded(timestamp=1_700_000_000)
    machine = type("Bound", (JuryMachine,), {"chain": chain})
    machine.TestCase.settings = settings(
        max_examples=100, stateful_step_count=50, deadline=None, phases=PHASES,
        derandomize=True,  # the same runs every time: the reach assertions below hold
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    SEEN.clear()
    machine.TestCase().runTest()
    print("\njury state machine reached:", dict(SEEN))
    for what in ("secret revealed", "withheld secret forfeited", "zero-reveal fallback seed",
                 "seed fixed from revealed secrets",
                 "gap market settled by rule", "sampled market ruled by the court",
                 "unsampled market settled by rule"):  # fmt: skip
        assert SEEN[what] > 0, f"no run reached: {what}"
