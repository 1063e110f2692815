"""Kelly sizing against the LMSR: properties the issue asks for, and optimality."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from augury.market.kelly import NO_BET, kelly_bet
from augury.market.lmsr import LMSR, NO, YES, LMSRError

markets = st.builds(LMSR, st.floats(0, 200), st.floats(0, 200), st.floats(1, 100)).filter(
    lambda m: 0.001 < m.price(YES) < 0.999
)


@settings(max_examples=150, deadline=None)
@given(markets, st.floats(1, 1e4))
def test_no_trade_when_belief_equals_price(m: LMSR, bankroll: float) -> None:
    assert not kelly_bet(m.price(YES), m, bankroll).is_trade


@settings(max_examples=150, deadline=None)
@given(markets, st.floats(0.001, 0.999), st.floats(1, 1e4), st.floats(0.01, 1.0))
def test_trade_moves_price_toward_but_not_past_belief(
    m: LMSR, belief: float, bankroll: float, cap: float
) -> None:
    bet = kelly_bet(belief, m, bankroll, max_fraction=cap)
    before = m.price(YES)
    if not bet.is_trade:
        return
    if belief > before:
        assert bet.outcome == YES
        assert before < bet.price_after <= belief + 1e-9
    else:
        assert bet.outcome == NO
        assert belief - 1e-9 <= bet.price_after < before
    assert bet.cost <= cap * bankroll * (1 + 1e-9)
    assert bet.growth > 0


@settings(max_examples=60, deadline=None)
@given(markets, st.floats(0.01, 0.99), st.floats(1, 1e3))
def test_bet_is_log_optimal(m: LMSR, belief: float, bankroll: float) -> None:
    """No other size on the chosen side (within the cap) does better in expectation."""
    import math

    bet = kelly_bet(belief, m, bankroll, max_fraction=1.0)
    assume(bet.is_trade)
    p = belief if bet.outcome == YES else 1 - belief

    def g(x: float) -> float:
        c = m.trade_cost(bet.outcome, x)
        if bankroll - c <= 0:
            return -math.inf
        return p * math.log(bankroll - c + x) + (1 - p) * math.log(bankroll - c)

    best = g(bet.shares)
    for f in (0.0, 0.5, 0.9, 0.99, 1.01, 1.1, 2.0):
        assert g(bet.shares * f) <= best + 1e-9


def test_small_edge_small_bet_big_edge_big_bet() -> None:
    m = LMSR(0.0, 0.0, 10.0)
    small = kelly_bet(0.55, m, 100.0, max_fraction=1.0)
    big = kelly_bet(0.9, m, 100.0, max_fraction=1.0)
    assert 0 < small.shares < big.shares


def test_cap_binds() -> None:
    m = LMSR(0.0, 0.0, 1000.0)  # deep market: price impact small, the cap decides
    bet = kelly_bet(0.99, m, 100.0, max_fraction=0.05)
    assert bet.cost == pytest.approx(5.0, rel=1e-6)


def test_holdings_reduce_the_bet() -> None:
    """A bettor already long YES buys fewer YES shares than one starting flat."""
    m = LMSR(0.0, 0.0, 10.0)
    flat = kelly_bet(0.7, m, 10.0, max_fraction=1.0)
    long = kelly_bet(0.7, m, 10.0, max_fraction=1.0, holdings=(0.0, 5.0))
    assert flat.outcome == long.outcome == YES
    assert 0 < long.shares < flat.shares


def test_degenerate_inputs() -> None:
    m = LMSR(0.0, 0.0, 10.0)
    assert kelly_bet(0.9, m, 0.0) is NO_BET
    assert not kelly_bet(0.9, m, 100.0, min_cost=1e9).is_trade
    for bad in (-0.1, 1.1, float("nan")):
        with pytest.raises(LMSRError, match="belief"):
            kelly_bet(bad, m, 1.0)
    with pytest.raises(LMSRError, match="bankroll"):
        kelly_bet(0.5, m, -1.0)
    with pytest.raises(LMSRError, match="max_fraction"):
        kelly_bet(0.5, m, 1.0, max_fraction=0.0)


def test_wei_order() -> None:
    bet = kelly_bet(0.8, LMSR(0.0, 0.0, 10.0), 100.0)
    outcome, shares, max_cost = bet.wei_order(slippage=0.01)
    assert outcome == YES
    assert shares == int(bet.shares * 10**18)
    assert max_cost > bet.cost * 10**18
    with pytest.raises(LMSRError, match="slippage"):
        bet.wei_order(slippage=0.0)
