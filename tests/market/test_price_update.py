"""The price update: an agent's belief conditioned on the price, fitted on revealed outcomes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from augury.market.cara import EPS
from augury.market.price_update import (
    Decision,
    PriceUpdate,
    fit_updates,
    revealed_examples,
)


def _world(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Own log-odds and an independent, equally informative price signal."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    own = (2 * y - 1) * 1.0 + rng.normal(0, 1.5, n)
    price = (2 * y - 1) * 1.0 + rng.normal(0, 1.5, n)
    return np.column_stack([own, price]), y


@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(-9.0, 9.0))
def test_before_any_outcome_the_belief_is_the_agents_own(own: float, z: float) -> None:
    update = PriceUpdate()
    assert update.weights == (1.0, 0.0)
    assert update.belief(own, z) == pytest.approx(min(max(own, EPS), 1 - EPS))


def test_fit_follows_scikit_learn_conventions() -> None:
    X, y = _world(400, 0)
    update = PriceUpdate(alpha=1.0)
    assert update.fit(X, y) is update
    assert update.coef_.shape == (2,) and update.n_iter_ > 0
    assert update.n_outcomes_ == 400
    again = clone(update).fit(X, y)  # deterministic: no randomness to seed
    assert np.array_equal(again.coef_, update.coef_)
    assert clone(update).get_params() == {"prior": (1.0, 0.0), "alpha": 1.0, "max_self_weight": 3.0}
    proba = update.predict_proba(X)
    assert proba.shape == (400, 2) and np.allclose(proba.sum(axis=1), 1.0)


def test_an_informative_price_earns_weight() -> None:
    X, y = _world(2000, 1)
    w_self, w_price = PriceUpdate(alpha=0.1).fit(X, y).weights
    assert w_price > 0.3 and w_self > 0.3
    # the updated belief beats the agent's own on fresh data
    X2, y2 = _world(2000, 2)
    own = 1 / (1 + np.exp(-X2[:, 0]))
    upd = PriceUpdate(alpha=0.1).fit(X, y).predict_proba(X2)[:, 1]
    assert np.mean((upd - y2) ** 2) < np.mean((own - y2) ** 2)


def test_an_uninformative_price_earns_none() -> None:
    X, y = _world(2000, 3)
    X[:, 1] = np.random.default_rng(4).normal(0, 2, len(y))
    assert PriceUpdate(alpha=0.1).fit(X, y).weights[1] < 0.1


def test_the_prior_holds_against_few_outcomes() -> None:
    """A strong prior keeps the weights near (1, 0); weights stay within their bounds."""
    X, y = _world(20, 5)
    strong = PriceUpdate(alpha=1e6).fit(X, y).weights
    assert strong == pytest.approx((1.0, 0.0), abs=1e-3)
    X[:, 1] = (2 * y - 1) * 50.0  # a price that is always right asks for a huge weight
    w_self, w_price = PriceUpdate(alpha=0.0).fit(X, y).weights
    assert 0.0 <= w_price <= 1.0 and 0.0 <= w_self <= 3.0


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="rows"):
        PriceUpdate().fit(np.zeros((3, 2)), [0, 1])
    with pytest.raises(ValueError, match="0/1"):
        PriceUpdate().fit(np.zeros((2, 2)), [0, 2])
    with pytest.raises(ValueError, match="alpha"):
        PriceUpdate(alpha=-1.0).fit(np.zeros((2, 2)), [0, 1])


def test_examples_come_from_revealed_markets_only() -> None:
    decisions = [
        Decision(agent=0, market=1, z_own=1.0, z_others=0.0),
        Decision(agent=0, market=1, z_own=1.0, z_others=0.8),
        Decision(agent=0, market=2, z_own=-1.0, z_others=0.0),  # not revealed
        Decision(agent=1, market=1, z_own=2.0, z_others=0.5),
        Decision(agent=0, market=3, z_own=0.5, z_others=0.3),
    ]
    X, y, w = revealed_examples(decisions, 0, {1: 1, 3: 0})
    assert X.tolist() == [[1.0, 0.0], [1.0, 0.8], [0.5, 0.3]]
    assert y.tolist() == [1.0, 1.0, 0.0]
    assert w.tolist() == [0.5, 0.5, 1.0]  # each market weighs one
    X, y, w = revealed_examples(decisions, 0, {})
    assert X.shape == (0, 2) and len(y) == len(w) == 0


def test_fit_updates_leaves_agents_without_outcomes_at_the_prior() -> None:
    X, y = _world(60, 6)
    decisions = [Decision(0, m, float(X[m, 0]), float(X[m, 1])) for m in range(60)]
    decisions.append(Decision(1, 999, 3.0, 3.0))  # agent 1 traded only an unrevealed market
    updates = [PriceUpdate(), PriceUpdate()]
    fit_updates(updates, decisions, {m: int(y[m]) for m in range(60)})
    assert hasattr(updates[0], "coef_") and updates[0].weights != (1.0, 0.0)
    assert not hasattr(updates[1], "coef_") and updates[1].weights == (1.0, 0.0)
