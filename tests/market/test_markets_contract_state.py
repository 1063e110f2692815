"""Markets.vy invariants under random trading (hypothesis state machine).

After every step: each market's funds cover every outcome (and the exact LMSR
cost), REFUND markets hold exactly subsidy + what traders paid, prices stay in
(0, 1) at 1e18 scale and agree with the exact price, the contract's tokens equal
what it owes, and only the jury can settle. Each NEAREST market's closing-window
tally equals the Python reference's (augury.market.closing), and settling it by its
rule gives the reference's outcome. At the end every market settles,
everyone redeems and withdraws, and the contract is left with nothing.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from augury.chain import Chain
from augury.errors import TransactionFailed
from augury.market import lmsr
from augury.market.closing import ClosingWindow
from augury.market.lmsr import NO, ONE, YES, LMSRError
from augury.protocol import MarketSystem, Rule, State, deploy_markets

FEE = 10**15
N_TRADERS = 3
_SYSTEM: MarketSystem | None = None


def _system() -> MarketSystem:
    global _SYSTEM
    if _SYSTEM is None:
        chain = Chain.embedded()
        _SYSTEM = deploy_markets(chain, creation_fee=FEE)
        for a in chain.accounts[: N_TRADERS + 1]:
            _SYSTEM.fund(a, 10**30)
    return _SYSTEM


class MarketsMachine(RuleBasedStateMachine):
    markets = Bundle("markets")

    def __init__(self) -> None:
        super().__init__()
        self.s = _system()
        self.snap = self.s.chain.snapshot()
        self.accts = self.s.chain.accounts[: N_TRADERS + 1]  # 0 creates, 1..3 trade
        self.holdings: dict[int, int] = {}  # tokens attributable to each market
        self.rules: dict[int, Rule] = {}
        self.windows: dict[int, ClosingWindow] = {}  # the reference tally, NEAREST markets

    def teardown(self) -> None:
        self.s.chain.revert(self.snap)

    def _state(self, m: int) -> tuple[int, ...]:
        return tuple(self.s.markets.market(m))

    @initialize(
        target=markets,
        rule_=st.sampled_from(list(Rule)),
        b=st.sampled_from([10**6, 10**18, 37 * 10**18, 10**24]),
    )
    def first_market(self, rule_: Rule, b: int) -> int:
        return self.create(rule_, b)

    @rule(
        target=markets,
        rule_=st.sampled_from(list(Rule)),
        b=st.sampled_from([10**6, 10**18, 37 * 10**18, 10**24]),
    )
    def create(self, rule_: Rule, b: int) -> int:
        c = self.s.markets_client(self.accts[0])
        close = self.s.chain.timestamp() + 1000
        m = c.create(f"m{len(self.holdings)}", b, close, rule_)
        self.holdings[m] = lmsr.subsidy(b)
        self.rules[m] = rule_
        if rule_ == Rule.NEAREST:
            window = self.s.markets.closingWindow()
            self.windows[m] = ClosingWindow.open(self.s.chain.timestamp(), close, window)
        return m

    @rule(
        m=markets,
        trader=st.integers(1, N_TRADERS),
        outcome=st.sampled_from([NO, YES]),
        frac=st.floats(0.0001, 30.0),
    )
    def buy(self, m: int, trader: int, outcome: int, frac: float) -> None:
        st_ = self._state(m)
        b, q_no, q_yes = st_[5], st_[7], st_[8]
        shares = max(1, int(b * frac))
        try:
            expected = lmsr.fp_buy_cost(q_no, q_yes, b, outcome, shares)
        except LMSRError:
            expected = None
        try:
            r = self.s.markets.buy(m, outcome, shares, 2**255, sender=self.accts[trader])
        except TransactionFailed as exc:
            assert expected is None or st_[3] != State.OPEN or self._closed(m), exc.reason
            return
        assert r.event("Trade")["amount"] == expected
        self.holdings[m] += expected
        self._traded(m)

    @rule(
        m=markets,
        trader=st.integers(1, N_TRADERS),
        outcome=st.sampled_from([NO, YES]),
        frac=st.floats(0.0, 1.0),
    )
    def sell(self, m: int, trader: int, outcome: int, frac: float) -> None:
        held = self.s.markets_client().position(m, self.accts[trader]).shares(outcome)
        shares = int(held * frac)
        if shares == 0:
            return
        st_ = self._state(m)
        try:
            expected = lmsr.fp_sell_return(st_[7], st_[8], st_[5], outcome, shares)
        except LMSRError:
            expected = None
        try:
            r = self.s.markets.sell(m, outcome, shares, 0, sender=self.accts[trader])
        except TransactionFailed as exc:
            assert expected is None or st_[3] != State.OPEN or self._closed(m), exc.reason
            return
        assert r.event("Trade")["amount"] == expected  # escrowed: holdings unchanged
        self._traded(m)

    def _traded(self, m: int) -> None:
        if m in self.windows:
            st_ = self._state(m)
            self.windows[m].trade(self.s.chain.timestamp(), st_[7], st_[8])

    def _settle_by_rule(self, m: int) -> None:
        self.s.markets.settleByRule(m, sender=self.s.jury.address)
        if m in self.windows:
            assert self._state(m)[4] == self.windows[m].outcome()

    def _closed(self, m: int) -> bool:
        return bool(self.s.chain.timestamp() >= self._state(m)[1])

    @rule(seconds=st.integers(1, 700))
    def wait(self, seconds: int) -> None:
        self.s.chain.advance_time(seconds)

    @rule(m=markets, who=st.integers(0, N_TRADERS), outcome=st.sampled_from([NO, YES]))
    def only_jury_resolves(self, m: int, who: int, outcome: int) -> None:
        for fn in (
            lambda: self.s.markets.resolve(m, outcome, sender=self.accts[who]),
            lambda: self.s.markets.settleByRule(m, sender=self.accts[who]),
        ):
            try:
                fn()
            except TransactionFailed as exc:
                assert exc.reason == "only jury"
            else:
                raise AssertionError("a non-jury account settled a market")

    @precondition(lambda self: bool(self.holdings))
    @rule(m=markets, how=st.sampled_from(["NO", "YES", "rule"]))
    def jury_settles(self, m: int, how: str) -> None:
        if self._state(m)[3] != State.OPEN or not self._closed(m):
            return
        jury = self.s.jury.address
        if how == "rule":
            self._settle_by_rule(m)
        else:
            self.s.markets.resolve(m, YES if how == "YES" else NO, sender=jury)

    @rule(m=markets, who=st.integers(0, N_TRADERS))
    def redeem(self, m: int, who: int) -> None:
        if self._state(m)[3] == State.OPEN:
            return
        r = self.s.markets.redeem(m, sender=self.accts[who])
        self.holdings[m] -= r.event("Redeemed")["amount"]

    # -- invariants -----------------------------------------------------------------

    @invariant()
    def tokens_equal_what_is_owed(self) -> None:
        internal = sum(self.s.markets.balanceOf(a) for a in self.accts)
        internal += self.s.markets.balanceOf(self.s.jury)
        assert self.s.token.balanceOf(self.s.markets) == internal + sum(self.holdings.values())

    @invariant()
    def the_closing_tally_matches_the_reference(self) -> None:
        now = self.s.chain.timestamp()
        for m, ref in self.windows.items():
            if self._state(m)[3] == State.OPEN:
                tally = self.s.markets_client().closing_tally(m)
                assert (tally.start, tally.window) == (ref.start, ref.window)
                assert tally.yes_seconds == ref.yes_seconds_until(now)

    @invariant()
    def every_open_market_is_solvent_and_priced(self) -> None:
        for m, held in self.holdings.items():
            _, _, rule_, state, _, b, funds, q_no, q_yes = self._state(m)
            if state != State.OPEN:
                assert held >= 0
                continue
            positions = [self.s.markets.position(m, a) for a in self.accts]
            assert sum(p[0] for p in positions) == q_no
            assert sum(p[1] for p in positions) == q_yes
            # every outcome payable, and the fixed-point padding keeps funds >= exact C(q)
            assert funds >= max(q_no, q_yes)
            assert funds >= lmsr.cost(q_no, q_yes, b) - lmsr.cost(0, 0, b) + lmsr.cost(0, 0, b)
            assert held == funds + sum(p[3] for p in positions)
            if rule_ == Rule.REFUND:
                assert held == lmsr.subsidy(b) + sum(p[2] for p in positions)
            p = self.s.markets.priceYes(m)
            assert 0 < p < ONE
            assert abs(Decimal(p) / ONE - lmsr.price(q_no, q_yes, b)) <= Decimal(5) / 10**18

    # -- the end: settle everything, everyone redeems and withdraws ------------------

    def check_nothing_stuck(self) -> None:
        self.s.chain.advance_time(2000)
        for m in self.holdings:
            if self._state(m)[3] == State.OPEN:
                self._settle_by_rule(m)
            for a in self.accts:
                r = self.s.markets.redeem(m, sender=a)
                self.holdings[m] -= r.event("Redeemed")["amount"]
            assert self.holdings[m] == 0, "funds stuck in a settled market"
        for a in self.accts:
            bal = self.s.markets.balanceOf(a)
            if bal:
                self.s.markets.withdraw(bal, sender=a)
        self.s.jury.collectFees()
        assert self.s.token.balanceOf(self.s.markets) == 0


class MarketsMachineWithFinale(MarketsMachine):
    def teardown(self) -> None:
        try:
            self.check_nothing_stuck()
        finally:
            super().teardown()


MarketsMachineWithFinale.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestMarketsInvariants = MarketsMachineWithFinale.TestCase
