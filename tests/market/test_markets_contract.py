"""Markets.vy: bit-exact agreement with lmsr.py, settlement accounting, reverts, gas."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from augury.chain import Chain
from augury.errors import TransactionFailed
from augury.market import lmsr
from augury.market.lmsr import NO, ONE, YES
from augury.protocol import MarketsClient, MarketSystem, Rule, State, deploy_markets

FEE = 10**15
B = 100 * ONE
HOUR = 3600


@pytest.fixture(scope="module")
def system() -> MarketSystem:
    chain = Chain.embedded()
    s = deploy_markets(chain, creation_fee=FEE)
    for acct in chain.accounts[:6]:
        s.fund(acct, 10**30)
    return s


@pytest.fixture
def s(system: MarketSystem) -> Iterator[MarketSystem]:
    with system.chain.anchor():
        yield system


def _client(s: MarketSystem, i: int) -> MarketsClient:
    return s.markets_client(s.chain.accounts[i])


def _new_market(s: MarketSystem, rule: Rule = Rule.REFUND, b: int = B) -> int:
    return _client(s, 0).create(f"q{s.chain.timestamp()}", b, s.chain.timestamp() + HOUR, rule)


def _as_jury(s: MarketSystem) -> object:
    """The jury contract's address as a sender (the embedded chain executes unsigned calls)."""
    return s.jury.address


# -- agreement with the Python port ------------------------------------------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    b=st.integers(lmsr.MIN_B, lmsr.MAX_B),
    base=st.integers(0, 2**126),
    frac=st.fractions(0, 40),
    flip=st.booleans(),
)
def test_cost_function_bit_exact(
    system: MarketSystem, b: int, base: int, frac: object, flip: bool
) -> None:
    d = int(b * frac)  # type: ignore[operator]
    q_no, q_yes = (base + d, base) if flip else (base, base + d)
    assert system.markets.costFunction(q_no, q_yes, b) == lmsr.fp_cost(q_no, q_yes, b)


def test_trades_match_port_and_prices_sum_to_one(s: MarketSystem) -> None:
    m = _new_market(s, b=7 * ONE)
    q = [0, 0]
    for i, (outcome, shares, buy) in enumerate(
        [
            (YES, 3 * ONE, True),
            (NO, 11 * ONE, True),
            (YES, 40 * ONE, True),
            (YES, 17 * ONE, False),
            (NO, 5 * ONE, False),
            (NO, 123_456_789, True),
        ]
    ):
        c = _client(s, 1 + i % 3)
        if buy:
            expected = lmsr.fp_buy_cost(q[NO], q[YES], 7 * ONE, outcome, shares)
            r = c.buy(m, outcome, shares, expected)
            q[outcome] += shares
        else:
            holder = next(
                j
                for j in (1, 2, 3)
                if s.markets_client().position(m, s.chain.accounts[j]).shares(outcome) >= shares
            )
            c = _client(s, holder)
            expected = lmsr.fp_sell_return(q[NO], q[YES], 7 * ONE, outcome, shares)
            r = c.sell(m, outcome, shares, expected)
            q[outcome] -= shares
        assert r.event("Trade")["amount"] == expected
        st_ = c.state(m)
        assert (st_.q_no, st_.q_yes) == (q[NO], q[YES])
        p = s.markets.priceYes(m)
        assert p == lmsr.fp_price(q[NO], q[YES], 7 * ONE)
        assert 0 < p < ONE


def test_dust_trades_cannot_underflow(s: MarketSystem) -> None:
    """At this state the fixed-point C *decreases* when one wei of YES is added (rounding);
    the pad is added before subtracting, so the buy costs a positive amount, no panic."""
    q_no, q_yes = 1039333585493268372, 1704902756280704293
    assert lmsr.fp_cost(q_no, q_yes + 1, ONE) < lmsr.fp_cost(q_no, q_yes, ONE)
    m = _new_market(s, b=ONE)
    c = _client(s, 1)
    c.buy(m, NO, q_no, 10**30)
    c.buy(m, YES, q_yes, 10**30)
    cost = c.buy(m, YES, 1, 10**30).event("Trade")["amount"]
    assert cost == lmsr.fp_buy_cost(q_no, q_yes, ONE, YES, 1) > 0
    assert c.sell(m, YES, 1, 0).event("Trade")["amount"] == 0


# -- settlement accounting ----------------------------------------------------------


def _trade_around(s: MarketSystem, m: int) -> None:
    _client(s, 1).buy(m, YES, 30 * ONE, 10**30)
    _client(s, 2).buy(m, NO, 10 * ONE, 10**30)
    _client(s, 3).buy(m, YES, 50 * ONE, 10**30)
    _client(s, 1).sell(m, YES, 30 * ONE, 0)  # profits from 3's push: escrowed, not paid
    _client(s, 2).buy(m, YES, 5 * ONE, 10**30)


def _settle(s: MarketSystem, m: int, outcome: int | None) -> None:
    s.chain.advance_time(HOUR)
    if outcome is None:
        s.markets.settleByRule(m, sender=_as_jury(s))
    else:
        s.markets.resolve(m, outcome, sender=_as_jury(s))


def _redeem_all(s: MarketSystem, m: int) -> dict[int, int]:
    return {i: _client(s, i).redeem(m) for i in range(4)}


def test_refund_returns_exactly_what_each_paid(s: MarketSystem) -> None:
    m = _new_market(s, Rule.REFUND)
    accts = s.chain.accounts

    def wealth(i: int) -> int:  # tokens held plus the internal balance in Markets
        return int(s.markets.balanceOf(accts[i]) + s.token.balanceOf(accts[i]))

    before = {i: wealth(i) for i in range(4)}
    _trade_around(s, m)
    assert s.markets.state(m) == State.OPEN
    _settle(s, m, None)
    assert _client(s, 0).state(m).state == State.REFUNDED
    _redeem_all(s, m)
    for i in range(1, 4):  # every trade reverted
        assert wealth(i) == before[i]
    # the creator gets the subsidy back (it was paid at creation, before `before`)
    assert wealth(0) == before[0] + lmsr.subsidy(B)
    owed = sum(s.markets.balanceOf(a) for a in accts[:6]) + s.markets.balanceOf(s.jury)
    assert s.token.balanceOf(s.markets) == owed


@pytest.mark.parametrize("outcome", [NO, YES])
def test_resolution_pays_winners_and_leaves_nothing(s: MarketSystem, outcome: int) -> None:
    m = _new_market(s, Rule.NEAREST)
    accts = s.chain.accounts
    _trade_around(s, m)
    positions = {i: _client(s, i).position(m, accts[i]) for i in range(1, 4)}
    _settle(s, m, outcome)
    got = _redeem_all(s, m)
    for i in range(1, 4):
        p = positions[i]
        assert got[i] == (p.yes if outcome == YES else p.no) + p.returns
    # nothing stuck, nothing created: every token Markets holds is someone's balance
    owed = sum(s.markets.balanceOf(a) for a in accts[:6]) + s.markets.balanceOf(s.jury)
    assert s.token.balanceOf(s.markets) == owed
    assert _client(s, 0).redeem(m) == 0  # a second redeem pays nothing


def test_nearest_rule_follows_the_closing_window(s: MarketSystem) -> None:
    """YES bought at the start stays above 1/2 for the whole window: YES; no trade: NO.
    (tests/market/test_closing_window.py pins the window down.)"""
    up, flat = _new_market(s, Rule.NEAREST), _new_market(s, Rule.NEAREST)
    _client(s, 1).buy(up, YES, ONE, 10**30)
    s.chain.advance_time(HOUR)
    for m in (up, flat):
        s.markets.settleByRule(m, sender=_as_jury(s))
    assert (_client(s, 0).state(up).state, _client(s, 0).state(up).outcome) == (State.RESOLVED, YES)
    assert (_client(s, 0).state(flat).state, _client(s, 0).state(flat).outcome) == (
        State.RESOLVED,
        NO,
    )


def test_batch_entry_points(s: MarketSystem) -> None:
    c = _client(s, 0)
    ids = c.create_many(["a", "b", "c"], B, s.chain.timestamp() + HOUR, Rule.NEAREST)
    assert ids == [ids[0], ids[0] + 1, ids[0] + 2]
    r = _client(s, 1).buy_many([(m, YES, ONE, 10**30) for m in ids])
    assert len(r.events_named("Trade")) == 3
    s.chain.advance_time(HOUR)
    for m in ids:
        s.markets.settleByRule(m, sender=_as_jury(s))
    r = s.markets.redeemMany(ids, sender=s.chain.accounts[1])
    assert sum(e["amount"] for e in r.events_named("Redeemed")) == 3 * ONE


def test_deposit_withdraw_and_pull(s: MarketSystem) -> None:
    a = s.chain.accounts[4]
    c = _client(s, 4)
    tok0 = s.token.balanceOf(a)
    c.deposit(5 * ONE)
    assert s.markets.balanceOf(a) == 5 * ONE
    m = _new_market(s)
    cost = c.buy(m, YES, 20 * ONE, 10**30).event("Trade")["amount"]
    assert cost > 5 * ONE  # used the 5 deposited and pulled the rest
    assert s.markets.balanceOf(a) == 0
    assert s.token.balanceOf(a) == tok0 - cost


# -- bad input ------------------------------------------------------------------


def _reason(exc: pytest.ExceptionInfo[TransactionFailed]) -> str:
    return exc.value.reason


def test_reverts_with_reasons(s: MarketSystem) -> None:
    c = _client(s, 1)
    m = _new_market(s)
    now = s.chain.timestamp()
    cases = [
        (lambda: c.buy(999, YES, ONE, 10**30), "unknown market"),
        (lambda: c.buy(m, 2, ONE, 10**30), "unknown outcome"),
        (lambda: c.buy(m, YES, 0, 10**30), "zero shares"),
        (lambda: c.buy(m, YES, ONE, 1), "cost exceeds max cost"),
        (lambda: c.buy(m, YES, 41 * B, 10**40), "trade moves price out of range"),
        (lambda: c.sell(m, YES, ONE, 0), "not enough shares"),
        (lambda: c.create("x", 10, now + HOUR, Rule.REFUND), "liquidity out of range"),
        (lambda: c.create("x", B, now - 1, Rule.REFUND), "close time in the past"),
        (
            lambda: s.markets.createMarket(
                b"\0" * 32, B, now + HOUR, 2, sender=s.chain.accounts[1]
            ),
            "unknown settlement rule",
        ),
        (lambda: s.markets.resolve(m, YES, sender=s.chain.accounts[1]), "only jury"),
        (lambda: s.markets.settleByRule(m, sender=s.chain.accounts[1]), "only jury"),
        (lambda: s.markets.resolve(m, YES, sender=_as_jury(s)), "market not closed"),
        (lambda: c.redeem(m), "market not settled"),
        (lambda: c.withdraw(10**40), "insufficient balance"),
        (
            lambda: s.markets.setJury(s.chain.accounts[1], sender=s.chain.accounts[0]),
            "jury already set",
        ),
    ]
    for fn, reason in cases:
        with pytest.raises(TransactionFailed) as exc:
            fn()
        assert _reason(exc) == reason
    stranger = s.chain.new_account()
    s.token.mint(stranger, 10**20)
    with pytest.raises(TransactionFailed) as exc:  # no allowance given
        _client(s, 0).as_sender(stranger).buy(m, YES, ONE, 10**30)
    assert _reason(exc) == "insufficient allowance"
    c.buy(m, YES, ONE, 10**30)
    with pytest.raises(TransactionFailed) as exc:
        c.sell(m, YES, ONE, 10**30)
    assert _reason(exc) == "return below min return"
    s.chain.advance_time(HOUR)
    with pytest.raises(TransactionFailed) as exc:
        c.buy(m, YES, ONE, 10**30)
    assert _reason(exc) == "market closed"
    s.markets.resolve(m, YES, sender=_as_jury(s))
    for fn, reason in [
        (lambda: s.markets.resolve(m, NO, sender=_as_jury(s)), "market settled"),
        (lambda: c.buy(m, YES, ONE, 10**30), "market settled"),
    ]:
        with pytest.raises(TransactionFailed) as exc:
            fn()
        assert _reason(exc) == reason


def test_no_markets_before_the_jury_is_set() -> None:
    chain = Chain.embedded()
    token = chain.deploy("Token", "T", "T", 18, 10**30)
    markets = chain.deploy("Markets", token, 0, HOUR)
    token.approve(markets, 2**256 - 1)
    with pytest.raises(TransactionFailed) as exc:
        markets.createMarket(b"\1" * 32, B, chain.timestamp() + HOUR, 0)
    assert _reason(exc) == "jury not set"
    with pytest.raises(TransactionFailed) as exc:
        markets.setJury(chain.accounts[1], sender=chain.accounts[1])
    assert _reason(exc) == "only deployer"


def test_creation_fees_accrue_to_the_jury(s: MarketSystem) -> None:
    before = s.markets.balanceOf(s.jury)
    _client(s, 0).create_many(["a", "b"], B, s.chain.timestamp() + HOUR, Rule.REFUND)
    _new_market(s)
    assert s.markets.balanceOf(s.jury) == before + 3 * FEE


# -- gas --------------------------------------------------------------------------


def test_gas_targets(s: MarketSystem) -> None:
    """<= 150k per market creation and <= 120k per trade, at the steady state
    (the very first market of the contract also pays for its counters), including a
    NEAREST market's first trade across 1/2 with its collateral pulled."""
    c = _client(s, 0)
    _new_market(s)  # warm the contract-level counters
    close = s.chain.timestamp() + HOUR
    create_pull = s.markets.createMarket(b"\1" * 32, B, close, 0, sender=s.chain.accounts[0])
    c.deposit(100 * ONE)
    create_internal = s.markets.createMarket(b"\2" * 32, B, close, 0, sender=s.chain.accounts[0])
    assert create_pull.gas_used <= 150_000
    assert create_internal.gas_used <= 150_000
    m = create_internal.event("MarketCreated")["market"]
    trader = _client(s, 5)
    trader.deposit(100 * ONE)
    first = trader.buy(m, YES, ONE, 10**30)  # new position and escrow slots: the worst case
    again = trader.buy(m, NO, ONE, 10**30)
    sell = trader.sell(m, YES, ONE // 2, 0)
    for r in (first, again, sell):
        assert r.gas_used <= 120_000, r
    # NEAREST: a trade that first moves the price across 1/2 also writes the closing
    # window's tally word (zero to non-zero); with its collateral pulled, the worst buy
    nearest = _new_market(s, Rule.NEAREST)
    fresh = s.chain.new_account()
    s.fund(fresh, 10**24)
    cross = _client(s, 0).as_sender(fresh).buy(nearest, YES, ONE, 10**30)
    assert s.markets_client().closing_tally(nearest).yes_seconds == 0  # the clock started now
    assert cross.gas_used <= 120_000, cross
