"""Value to payouts: exact conservation, the cap, and the water-filling split by definition."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from augury.dao.errors import RewardError
from augury.dao.rewards import split_pool, split_pool_reference

values_st = st.dictionaries(
    st.sampled_from([f"c{i}" for i in range(8)]),
    st.floats(-2.0, 2.0, allow_nan=False, allow_subnormal=False),
    min_size=1,
    max_size=8,
)
pools = st.integers(0, 10**24)
caps = st.sampled_from([0.05, 0.1, 0.25, 1 / 3, 0.5, 1.0])


@settings(max_examples=200, deadline=None)
@given(values_st, pools, caps)
def test_conservation_cap_and_sign(values: dict[str, float], pool: int, cap: float) -> None:
    out = split_pool(values, pool, cap=cap)
    assert set(out.amounts) == set(values)
    assert sum(out.amounts.values()) + out.undistributed == pool
    assert out.undistributed >= 0
    for who, amount in out.amounts.items():
        assert 0 <= amount <= out.cap_amount
        if values[who] <= 0:
            assert amount == 0
    if any(v > 0 for v in values.values()) and sum(v > 0 for v in values.values()) * cap >= 1:
        # enough uncapped room: the pool is spent up to rounding of the cap itself
        assert out.undistributed <= len(values)


@settings(max_examples=150, deadline=None)
@given(values_st, pools, caps)
def test_integer_split_rounds_the_exact_split(
    values: dict[str, float], pool: int, cap: float
) -> None:
    exact = split_pool_reference(values, pool, cap=cap)
    out = split_pool(values, pool, cap=cap)
    for who in values:
        assert abs(out.amounts[who] - exact[who]) < 1


@settings(max_examples=150, deadline=None)
@given(values_st, pools, caps)
def test_more_value_never_earns_less(values: dict[str, float], pool: int, cap: float) -> None:
    out = split_pool(values, pool, cap=cap).amounts
    for a in values:
        for b in values:
            if values[a] > values[b]:
                assert out[a] >= out[b] - 1  # one base unit of rounding at most


def test_proportional_when_nobody_is_capped() -> None:
    out = split_pool({"a": 1.0, "b": 3.0, "c": -5.0}, 1000, cap=1.0)
    assert out.amounts == {"a": 250, "b": 750, "c": 0} and out.undistributed == 0


def test_cap_and_water_filling() -> None:
    # a coalition that values itself at 98% of the total takes at most the cap
    out = split_pool({"coalition": 98.0, "a": 1.0, "b": 1.0, "c": 0.5, "d": 0.5}, 100, cap=0.3)
    assert out.amounts["coalition"] == 30
    assert sum(out.amounts.values()) == 100
    assert out.amounts["a"] == out.amounts["b"] == 23 or out.amounts["a"] + out.amounts["b"] == 47
    # too few contributors to spend the pool under the cap: the rest stays undistributed
    two = split_pool({"a": 5.0, "b": 1.0}, 100, cap=0.25)
    assert two.amounts == {"a": 25, "b": 25} and two.undistributed == 50
    assert split_pool_reference({"a": 5.0, "b": 1.0}, 100, cap=0.25) == {
        "a": Fraction(25),
        "b": Fraction(25),
    }


def test_nothing_positive_pays_nothing() -> None:
    out = split_pool({"a": -1.0, "b": 0.0}, 10**18)
    assert out.amounts == {"a": 0, "b": 0} and out.undistributed == 10**18


@pytest.mark.parametrize(
    ("values", "pool", "cap", "problem"),
    [
        ({"a": 1.0}, -1, 0.5, "non-negative integer"),
        ({"a": 1.0}, 1.5, 0.5, "non-negative integer"),
        ({"a": 1.0}, True, 0.5, "non-negative integer"),
        ({"a": 1.0}, 10, 0.0, "cap"),
        ({"a": 1.0}, 10, 1.5, "cap"),
        ({"a": float("nan")}, 10, 0.5, "not finite"),
        ({"a": float("inf")}, 10, 0.5, "not finite"),
    ],
)
def test_bad_input(values: dict[str, float], pool: int, cap: float, problem: str) -> None:
    with pytest.raises(RewardError, match=problem):
        split_pool(values, pool, cap=cap)
