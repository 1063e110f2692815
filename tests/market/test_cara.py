"""Exponential-utility (CARA) betting against the LMSR, and the log pool it leads to."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from augury.market.cara import EPS, cara_bet, certainty_equivalent, shares_for_cost
from augury.market.kelly import NO_BET
from augury.market.lmsr import LMSR, NO, YES, LMSRError
from augury.models import logit

markets = st.builds(LMSR, st.floats(0, 200), st.floats(0, 200), st.floats(1, 100)).filter(
    lambda m: 0.001 < m.price(YES) < 0.999
)
beliefs = st.floats(0.001, 0.999)


@settings(max_examples=150, deadline=None)
@given(markets, st.floats(1, 200))
def test_no_trade_when_belief_equals_price(m: LMSR, tau: float) -> None:
    bet = cara_bet(m.price(YES), m, tau, 1e9, min_cost=1e-9)
    assert not bet.is_trade


@settings(max_examples=200, deadline=None)
@given(markets, beliefs, st.floats(1, 200), st.floats(-50, 50))
def test_uncapped_trade_leaves_the_trader_content(
    m: LMSR, belief: float, tau: float, net: float
) -> None:
    """After the trade, logit(price) = logit(belief) - net position / τ (equation 1)."""
    holdings = (max(0.0, -net), max(0.0, net))
    bet = cara_bet(belief, m, tau, 1e12, holdings=holdings)
    assume(bet.is_trade)
    # a price within 1e-9 of 0 or 1 has too few float digits left for its logit to
    # hold 1e-6 (found with net = -47, tau = 1: logit 23.4999984 for 23.5)
    assume(1e-9 < bet.price_after < 1 - 1e-9)
    after = net + (bet.shares if bet.outcome == YES else -bet.shares)
    z_after = math.log(bet.price_after) - math.log1p(-bet.price_after)
    assert z_after == pytest.approx(logit(belief) - after / tau, abs=1e-6)
    assert bet.growth > 0.0


@settings(max_examples=150, deadline=None)
@given(markets, beliefs, st.floats(1, 200), st.floats(0.01, 100))
def test_trade_moves_toward_belief_within_budget(
    m: LMSR, belief: float, tau: float, budget: float
) -> None:
    bet = cara_bet(belief, m, tau, budget)
    assume(bet.is_trade)
    before = m.price(YES)
    if belief > before:
        assert bet.outcome == YES and before < bet.price_after <= belief + 1e-9
    else:
        assert bet.outcome == NO and belief - 1e-9 <= bet.price_after < before
    assert bet.cost <= budget * (1 + 1e-9)
    assert bet.cost == pytest.approx(m.trade_cost(bet.outcome, bet.shares))


@settings(max_examples=100, deadline=None)
@given(markets, st.sampled_from([NO, YES]), st.floats(0.001, 500))
def test_shares_for_cost_inverts_the_cost(m: LMSR, outcome: int, cost: float) -> None:
    x = shares_for_cost(m, outcome, cost)
    assert m.trade_cost(outcome, x) == pytest.approx(cost, rel=1e-9, abs=1e-9)


def test_long_trader_who_now_believes_less_buys_no() -> None:
    m = LMSR(0.0, 10.0, 10.0)  # price ≈ 0.73
    bet = cara_bet(0.73, m, 20.0, 100.0, holdings=(0.0, 30.0))
    assert bet.outcome == NO and bet.shares > 0


def test_certainty_equivalent_of_a_sure_thing_is_the_sure_thing() -> None:
    assert certainty_equivalent(0.3, 5.0, 5.0, 10.0) == pytest.approx(5.0)
    # risk aversion: worth less than the expectation
    assert certainty_equivalent(0.5, 10.0, 0.0, 10.0) < 5.0


def test_degenerate_inputs() -> None:
    m = LMSR(0.0, 0.0, 10.0)
    assert cara_bet(0.9, m, 10.0, 0.0) is NO_BET
    assert cara_bet(0.9, m, 10.0, 100.0, min_cost=1e9) is NO_BET
    # a belief of 1 is taken as 1 - EPS: the trader goes half-way (τ = b) to it, no further
    sure = cara_bet(1.0, m, 10.0, 1e9).price_after
    assert logit(sure) == pytest.approx(logit(1 - EPS) / 2, rel=1e-9)
    for bad in (-0.1, 1.1, float("nan")):
        with pytest.raises(LMSRError, match="belief"):
            cara_bet(bad, m, 10.0, 1.0)
    with pytest.raises(LMSRError, match="risk tolerance"):
        cara_bet(0.5, m, 0.0, 1.0)
    with pytest.raises(LMSRError, match="budget"):
        cara_bet(0.5, m, 1.0, -1.0)


def _trade_to_rest(own: list[float], taus: list[float], b: float, seed: int = 0) -> float:
    """CARA traders take turns (random order, no minimum) until nobody moves; the YES price."""
    rng = random.Random(seed)
    m = LMSR(0.0, 0.0, b)
    held = [[0.0, 0.0] for _ in own]
    order = list(range(len(own)))
    for _ in range(400):
        rng.shuffle(order)
        moved = False
        for i in order:
            h = (held[i][0], held[i][1])
            bet = cara_bet(own[i], m, taus[i], 1e12, holdings=h, min_cost=1e-9)
            if bet.is_trade:
                m = m.after(bet.outcome, bet.shares)
                held[i][bet.outcome] += bet.shares
                moved = True
        if not moved:
            break
    return m.price(YES)


def test_cara_traders_rest_at_the_log_pool() -> None:
    """Abernethy et al. 2014: logit(π) = Σ τ_i logit(p_i) / (b + Σ τ_i)."""
    own, taus, b = [0.95, 0.6, 0.2], [20.0, 20.0, 40.0], 20.0
    pool = sum(t * logit(p) for p, t in zip(own, taus, strict=True)) / (b + sum(taus))
    assert logit(_trade_to_rest(own, taus, b)) == pytest.approx(pool, abs=1e-3)


def test_the_rest_point_does_not_depend_on_who_trades_first() -> None:
    own, taus = [0.999, 0.4, 0.4, 0.7], [20.0] * 4
    prices = {round(_trade_to_rest(own, taus, 20.0, seed), 4) for seed in range(5)}
    assert len(prices) == 1
    # one confident model keeps its evidence: above the linear pool (0.62)
    assert prices.pop() > 0.75


def test_a_trade_too_small_to_cost_or_move_anything_is_no_trade() -> None:
    """Found by hypothesis: a price 1e-185 away from the belief gave a 'trade' of 7e-186
    shares costing 0.0 that left the price where it was."""
    m = LMSR(0.0, 1.4420338643245185e-185, 1.0)
    assert not cara_bet(0.5, m, 1.0, 1.0).is_trade
    assert not cara_bet(0.5, m, 1.0, 1e12).is_trade
