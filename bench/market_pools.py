"""What aggregating the agents' beliefs can achieve, beside what the market achieved.

Runs the simulation of ``bench/market_sim.py`` (same questions, agents, jury) and, on
the markets the jury did not sample, scores with the true labels:

* each agent, and the market's final price;
* pools of the beliefs of the agents that traded each market (the list lookup only
  where its lists decide, as in the market): equal linear and logarithmic pools, with
  and without the ensemble agent (itself a log pool of the four families);
* extremized log pools ``sigmoid(a · mean logit)`` for fixed ``a``;
* the risk-tolerance-weighted log pool a market of exponential-utility traders rests
  at (``Σ τ z_i / (b + Σ τ)``, augury.market.cara);
* pools *fitted on jury-sampled outcomes only*: the extremizing factor, and per-agent
  weights (logistic regression without intercept), fitted on every sampled market or
  on round 1's only (what a round-2 trader could know), then scored on unsampled ones.

Labels of unsampled markets are used for scoring and nothing else.

    .venv/bin/python bench/market_pools.py --markets 600 --rounds 2 --jury-rate 0.1 \\
        --out docs/bench/market_pools_600.json
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression

from _common import emit
from augury.chain import Chain
from augury.market.cara import EPS
from augury.market.players import agents_for, held_back_questions
from augury.market.questions import questions_from_pairs
from augury.market.simulate import SimulationConfig, simulate
from augury.models import auc, brier, logits, sigmoid

Array = npt.NDArray[np.float64]


def _masked_mean(x: Array, mask: npt.NDArray[np.bool_]) -> Array:
    return np.asarray((x * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1), dtype=np.float64)


def _fit_extremizer(z: Array, y: Array) -> float:
    """``a`` minimising the log loss of ``sigmoid(a z)``."""

    def loss(a: float) -> float:
        return float(np.mean(np.logaddexp(0.0, -(2 * y - 1) * a * z)))

    return float(minimize_scalar(loss, bounds=(0.1, 10.0), method="bounded").x)


def pools(
    beliefs: Array,
    active: npt.NDArray[np.bool_],
    names: list[str],
    y: Array,
    sampled: npt.NDArray[np.bool_],
    rounds: npt.NDArray[np.int64],
    tau: float,
    b: float,
) -> dict[str, dict[str, float]]:
    """Brier and AUC on unsampled rows of every forecaster described in the module doc."""
    rest = ~sampled
    z = logits(beliefs, EPS)
    out: dict[str, dict[str, float]] = {}

    def add(name: str, p: Array) -> None:
        out[name] = {"brier": brier(p[rest].tolist(), y[rest].tolist()),
                     "auc": auc(p[rest].tolist(), y[rest].tolist())}  # fmt: skip

    for k, name in enumerate(names):
        add(f"agent: {name}", beliefs[:, k])
    families = np.array([n != "ensemble" for n in names])
    fits = (("all sampled", sampled), ("round-1 sampled", sampled & (rounds == 1)))
    for label, cols in (("5 agents", np.ones(len(names), bool)), ("4 families", families)):
        mask = active & cols
        add(f"linear pool, {label}", _masked_mean(beliefs, mask))
        mean_z = _masked_mean(z, mask)
        add(f"log pool, {label}", sigmoid(mean_z))
        for a in (1.25, 1.5, 2.0):
            add(f"extremized log pool a={a}, {label}", sigmoid(a * mean_z))
        t = tau * mask
        add(f"CARA equilibrium tau={tau:g} b={b:g}, {label}",
            sigmoid((t * z).sum(axis=1) / (b + t.sum(axis=1))))  # fmt: skip
        for where, train in fits:
            a = _fit_extremizer(mean_z[train], y[train])
            p = sigmoid(a * mean_z)
            if where.startswith("round-1"):  # round 1 itself had nothing to fit on
                p = np.where(rounds == 1, sigmoid(mean_z), p)
            add(f"extremized log pool fitted on {where} (a={a:.2f}), {label}", p)
    zl = np.where(active, z, 0.0)  # an abstaining agent adds no evidence
    for where, train in fits:
        for c in (0.1, 1.0):
            lr = LogisticRegression(C=c, fit_intercept=False, max_iter=1000)
            lr.fit(zl[train], y[train])
            p = lr.predict_proba(zl)[:, 1]
            if where.startswith("round-1"):
                p = np.where(rounds == 1, sigmoid(_masked_mean(z, active)), p)
            add(f"logistic weights fitted on {where}, C={c}", np.asarray(p, dtype=np.float64))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markets", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jury-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    questions, oracle, train = held_back_questions(10**9, seed=args.seed)
    labels = oracle.scoring_labels()
    pairs = [(q.domain, labels[q.id]) for q in questions]
    qs, oracle = questions_from_pairs([pairs[i % len(pairs)] for i in range(args.markets)])
    agents = agents_for(train, args.seed)
    config = SimulationConfig(jury_rate=args.jury_rate, rounds=args.rounds, seed=args.seed)
    report = simulate(Chain.embedded(), qs, oracle, agents, config)
    labels = oracle.scoring_labels()
    ids = [m.id for m in report.markets]
    names = [a.name for a in report.agents]
    beliefs = np.array([[a.predictions[i] for a in report.agents] for i in ids])
    active = np.array([[i not in a.abstained for a in report.agents] for i in ids])
    y = np.array([labels[i] for i in ids], dtype=np.float64)
    sampled = np.array([m.sampled for m in report.markets])
    rounds = np.array([m.round for m in report.markets])
    table = pools(
        beliefs, active, names, y, sampled, rounds, config.risk_tolerance, config.liquidity
    )
    price = np.array([m.price for m in report.markets])
    rest = ~sampled
    table["market's final price (this run)"] = {
        "brier": brier(price[rest].tolist(), y[rest].tolist()),
        "auc": auc(price[rest].tolist(), y[rest].tolist()),
    }
    summary = {
        "markets": args.markets,
        "rounds": args.rounds,
        "jury_rate": args.jury_rate,
        "unsampled": int(rest.sum()),
        "sampled": int(sampled.sum()),
        "scam_rate_unsampled": float(y[rest].mean()),
        "scam_rate_sampled": float(y[sampled].mean()),
        "pools": dict(sorted(table.items(), key=lambda kv: kv[1]["brier"])),
    }
    emit(summary, args.out)


if __name__ == "__main__":
    main()
