"""Agents that read the price: a belief updated on what the other traders know.

A market price carries the other traders' information. An agent that ignores it
trades its own model's belief; the market then settles near a pool of the beliefs
(:mod:`augury.market.cara`), which is under-confident when the models hold partly
independent evidence: two models that each say 0.9 for different reasons warrant
more than 0.9. An agent that updates on the price,

    belief = sigmoid(w_self · logit(q_own) + w_price · z_others),

where ``z_others`` is the market's log-odds *net of the agent's own shares* (what the
others put there: in an LMSR, ``logit(π) = (q_yes - q_no) / b``, so the agent's own
net position divided by ``b`` is its own contribution), turns the market's pool into
a sharper one. At rest every trader is content, ``n_i = τ (logit(belief_i) - logit(π))``,
and ``Σ n_i = b · logit(π)``; for agents with the same weights this gives

    logit(π) = τ' w_self Σ z_i / (b + N τ' (1 - w_price)),   τ' = τ / (1 + τ w_price / b),

so weight on the price shrinks the denominator: the pool is extremized.

How much to trust the price is learned, per agent, from the jury: a logistic
regression of the revealed outcomes on ``(logit(q_own), z_others)`` *as the agent saw
them when it decided*, so the feature the weights are applied to has the distribution
they were fitted on (an earlier attempt fitted a combiner on final prices and applied
it to pre-trade prices; the market collapsed). Only markets the jury resolved give
examples; unsampled markets have no outcome and give none.

The fit is a MAP estimate under a Gaussian prior centred on ``(1, 0)`` ("my model,
not the price"): with a few dozen outcomes per round, plain maximum likelihood gave
price weights of 2 to 5 and an unstable market. Before any outcome, the weights are
the prior and the belief is the agent's own. No intercept: the models' log-odds
carry the base rate, while a few dozen outcomes estimate it poorly (in one run the 75
jury-resolved markets were 92% scams against 74% among the others). Weights are kept in
``[0, w_max] × [0, 1]``: a price weight above one would amplify every move.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize  # type: ignore[import-untyped]
from sklearn.base import BaseEstimator

from augury.market.cara import EPS
from augury.models.link import logit

# Beliefs stay in [EPS, 1 - EPS]: log-odds within ±Z_MAX.
Z_MAX = float(np.log((1.0 - EPS) / EPS))


def _sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)), dtype=np.float64)


@dataclass(eq=False, repr=False)
class PriceUpdate(BaseEstimator):  # type: ignore[misc]
    """``P(yes) = sigmoid(X @ w)``, ``X = [logit(q_own), z_others]``, ``w`` a MAP estimate.

    ``alpha`` is the prior's precision: the fit minimises the (sample-weighted) log
    loss plus ``alpha · |w - prior|²``. ``max_self_weight`` bounds the weight on the
    agent's own log-odds. Deterministic (L-BFGS-B from the prior), so there is no
    ``random_state``. Before :meth:`fit`, :meth:`belief` returns the agent's own.
    """

    prior: tuple[float, float] = (1.0, 0.0)
    alpha: float = 2.0
    max_self_weight: float = 3.0

    def fit(
        self,
        X: npt.ArrayLike,
        y: npt.ArrayLike,
        sample_weight: npt.ArrayLike | None = None,
    ) -> PriceUpdate:
        """Fit ``coef_ = (w_self, w_price)`` on rows ``(logit(q_own), z_others)`` and 0/1 ``y``."""
        Xa = np.asarray(X, dtype=np.float64).reshape(-1, 2)
        ya = np.asarray(y, dtype=np.float64).ravel()
        if len(Xa) != len(ya):
            raise ValueError(f"X has {len(Xa)} rows but y has {len(ya)} labels")
        if not np.isin(ya, (0.0, 1.0)).all():
            raise ValueError("y must be 0/1 outcomes")
        if self.alpha < 0.0:
            raise ValueError(f"alpha must be non-negative, got {self.alpha}")
        w = np.ones(len(ya)) if sample_weight is None else np.asarray(sample_weight, float)
        prior = np.asarray(self.prior, dtype=np.float64)
        sign = 2.0 * ya - 1.0

        def loss(coef: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
            margin = sign * (Xa @ coef)
            # log(1 + e^-m) and its derivative, stable for large |m|
            value = float(np.sum(w * np.logaddexp(0.0, -margin)))
            grad = -(Xa * (w * sign * _sigmoid(-margin))[:, None]).sum(axis=0)
            diff = coef - prior
            return value + self.alpha * float(diff @ diff), grad + 2.0 * self.alpha * diff

        bounds = [(0.0, self.max_self_weight), (0.0, 1.0)]
        start = np.clip(prior, [b[0] for b in bounds], [b[1] for b in bounds])
        if len(ya) == 0:
            self.coef_ = start
            self.n_iter_ = 0
        else:
            result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
            self.coef_ = np.asarray(result.x, dtype=np.float64)
            self.n_iter_ = int(result.nit)
        self.n_outcomes_ = float(w.sum())
        return self

    @property
    def weights(self) -> tuple[float, float]:
        """``(w_self, w_price)``: the fitted ones, or the prior before any fit."""
        coef = getattr(self, "coef_", None)
        if coef is None:
            return (float(self.prior[0]), float(self.prior[1]))
        return (float(coef[0]), float(coef[1]))

    def decision_function(self, X: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Updated log-odds per row, within ``±Z_MAX``."""
        Xa = np.asarray(X, dtype=np.float64).reshape(-1, 2)
        z = Xa @ np.asarray(self.weights, dtype=np.float64)
        return np.asarray(np.clip(z, -Z_MAX, Z_MAX), dtype=np.float64)

    def predict_proba(self, X: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """``[P(no), P(yes)]`` per row."""
        p = _sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def belief(self, own: float, z_others: float) -> float:
        """The updated P(yes) of an agent whose model says ``own`` at ``z_others``.

        With the prior weights ``(1, 0)`` this is ``own`` itself (clipped to
        ``[EPS, 1 - EPS]``), so an agent that has seen no outcome trades as before.
        """
        w_self, w_price = self.weights
        if w_self == 1.0 and w_price == 0.0:
            return min(max(own, EPS), 1.0 - EPS)
        z = min(max(w_self * logit(own, EPS) + w_price * z_others, -Z_MAX), Z_MAX)
        return float(_sigmoid(np.asarray(z, dtype=np.float64)))


class Decision(NamedTuple):
    """One agent's turn in one market: its own log-odds and the others' price it saw."""

    agent: int
    market: int
    z_own: float
    z_others: float


def revealed_examples(
    decisions: Iterable[Decision], agent: int, outcomes: dict[int, int]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """``(X, y, sample_weight)`` for ``agent`` from the markets in ``outcomes`` only.

    ``outcomes`` maps a market id to the outcome the jury revealed; a decision in any
    other market is dropped. Each market weighs one in total, however many turns the
    agent had in it.
    """
    rows = [d for d in decisions if d.agent == agent and d.market in outcomes]
    turns: dict[int, int] = {}
    for d in rows:
        turns[d.market] = turns.get(d.market, 0) + 1
    X = np.array([[d.z_own, d.z_others] for d in rows], dtype=np.float64).reshape(-1, 2)
    y = np.array([outcomes[d.market] for d in rows], dtype=np.float64)
    w = np.array([1.0 / turns[d.market] for d in rows], dtype=np.float64)
    return X, y, w


def fit_updates(
    updates: Sequence[PriceUpdate], decisions: Sequence[Decision], outcomes: dict[int, int]
) -> None:
    """Refit every agent's :class:`PriceUpdate` on the jury-revealed ``outcomes``."""
    for k, update in enumerate(updates):
        X, y, w = revealed_examples(decisions, k, outcomes)
        if len(y):
            update.fit(X, y, sample_weight=w)
