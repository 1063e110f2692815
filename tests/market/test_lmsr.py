"""The LMSR maths: fixed-point port against the exact reference, and the float model."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from augury.market import lmsr
from augury.market.lmsr import LMSR, MAX_B, MAX_X, MIN_B, NO, ONE, YES, LMSRError


@st.composite
def states(draw: st.DrawFn) -> tuple[int, int, int]:
    """(q_no, q_yes, b) across the contract's domain: |q_yes - q_no| <= 40 b."""
    b = draw(st.integers(MIN_B, MAX_B))
    base = draw(st.integers(0, 2**126))
    d = draw(st.one_of(st.integers(0, MAX_X * b), st.integers(0, b // 100 + 1)))
    return (base, base + d, b) if draw(st.booleans()) else (base + d, base, b)


@settings(max_examples=400, deadline=None)
@given(states())
def test_fixed_point_cost_within_documented_bound(s: tuple[int, int, int]) -> None:
    q_no, q_yes, b = s
    err = abs(Decimal(lmsr.fp_cost(q_no, q_yes, b)) - lmsr.cost(q_no, q_yes, b))
    assert err <= Decimal(b) / 10**17 + 2


@settings(max_examples=300, deadline=None)
@given(states())
def test_fixed_point_price_in_open_interval_and_accurate(s: tuple[int, int, int]) -> None:
    q_no, q_yes, b = s
    p = lmsr.fp_price(q_no, q_yes, b)
    assert 0 < p < ONE
    assert abs(Decimal(p) / ONE - lmsr.price(q_no, q_yes, b)) <= Decimal(5) / 10**18


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 50 * ONE))
def test_exp_neg_accuracy(x: int) -> None:
    exact = (-Decimal(x) / ONE).exp() * ONE
    assert abs(lmsr.fp_exp_neg(x) - exact) <= 4


@settings(max_examples=200, deadline=None)
@given(st.integers(0, ONE))
def test_ln1p_accuracy(y: int) -> None:
    exact = (1 + Decimal(y) / ONE).ln() * ONE
    assert abs(lmsr.fp_ln1p(y) - exact) <= 4


@given(st.integers(MIN_B, MAX_B))
def test_subsidy_covers_worst_case_loss(b: int) -> None:
    s = lmsr.subsidy(b)
    assert s >= lmsr.cost(0, 0, b)  # b ln 2
    assert s - lmsr.cost(0, 0, b) <= 2


@settings(max_examples=200, deadline=None)
@given(states(), st.integers(1, 10**30), st.sampled_from([NO, YES]))
def test_padded_buy_then_sell_never_profits(
    s: tuple[int, int, int], shares: int, outcome: int
) -> None:
    q_no, q_yes, b = s
    try:
        paid = lmsr.fp_buy_cost(q_no, q_yes, b, outcome, shares)
    except LMSRError:
        return
    after = (q_no + shares, q_yes) if outcome == NO else (q_no, q_yes + shares)
    back = lmsr.fp_sell_return(*after, b, outcome, shares)
    assert back < paid
    # the padded cost is at least the exact cost, the padded return at most the exact one
    exact = lmsr.cost(*after, b) - lmsr.cost(q_no, q_yes, b)
    assert paid >= exact >= back


def test_out_of_range_trades_are_rejected() -> None:
    b = 10**18
    with pytest.raises(LMSRError, match="out of range"):
        lmsr.fp_buy_cost(0, 0, b, YES, (MAX_X + 1) * b)
    with pytest.raises(LMSRError, match="not enough shares"):
        lmsr.fp_sell_return(0, 0, b, YES, 1)
    with pytest.raises(LMSRError, match="liquidity"):
        lmsr.fp_buy_cost(0, 0, 5, YES, 1)


# -- float model ------------------------------------------------------------------


@settings(max_examples=200)
@given(st.floats(0, 1e4), st.floats(0, 1e4), st.floats(0.1, 1e3), st.floats(0.01, 0.99))
def test_shares_to_price_inverts_price(q_no: float, q_yes: float, b: float, target: float) -> None:
    m = LMSR(q_no, q_yes, b)
    for outcome in (YES, NO):
        x = m.shares_to_price(outcome, target)
        assert m.after(outcome, x).price(outcome) == pytest.approx(target, abs=1e-9)


@settings(max_examples=200)
@given(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.floats(0.1, 1e3))
def test_float_model_matches_reference(q_no: float, q_yes: float, b: float) -> None:
    m = LMSR(q_no, q_yes, b)
    assert m.price(YES) + m.price(NO) == pytest.approx(1.0)
    assert m.price(YES) == pytest.approx(float(lmsr.price(q_no, q_yes, b)), abs=1e-12)
    assert m.cost() == pytest.approx(float(lmsr.cost(q_no, q_yes, b)), rel=1e-12, abs=1e-9)


def test_float_model_cost_of_trade_is_price_integral() -> None:
    m = LMSR(0.0, 0.0, 10.0)
    assert m.cost() == pytest.approx(10 * math.log(2))
    n = 10_000
    riemann = sum(m.after(YES, (i + 0.5) * 5.0 / n).price(YES) for i in range(n)) * 5.0 / n
    assert m.trade_cost(YES, 5.0) == pytest.approx(riemann, rel=1e-7)


def test_bad_float_inputs() -> None:
    with pytest.raises(LMSRError):
        LMSR(0.0, 0.0, 0.0)
    with pytest.raises(LMSRError):
        LMSR(0.0, 0.0, 1.0).shares_to_price(YES, 1.0)
