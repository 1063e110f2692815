"""Scoring forecasts: Brier score, ROC AUC and calibration, plus the reliability plot.

Shared by the market's simulation reports, the benches and the CLI's calibration plot, so
every figure in docs/benchmarks.md is computed one way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import brier_score_loss, roc_auc_score


def brier(probabilities: Sequence[float], labels: Sequence[int]) -> float:
    """Mean squared error of probabilities against 0/1 outcomes (lower is better).

    scikit-learn's :func:`~sklearn.metrics.brier_score_loss`, except that no forecasts give
    NaN rather than an error: a simulation whose every market was sampled for the jury has
    nothing left to score, and its report says so instead of failing.
    """
    if len(probabilities) == 0:
        return float("nan")
    return float(brier_score_loss(np.asarray(labels), np.asarray(probabilities, dtype=np.float64)))


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Area under the ROC curve (ties count half); NaN when the labels have one class.

    scikit-learn's :func:`~sklearn.metrics.roc_auc_score`, asked only when both classes are
    present: a small simulation can draw questions of one class, and there the ranking is
    undefined, which the report shows as NaN (scikit-learn would warn, then give NaN too).
    """
    y = np.asarray(labels, dtype=np.int64)
    if len(y) == 0 or int(y.sum()) in (0, len(y)):
        return float("nan")
    return float(roc_auc_score(y, np.asarray(scores, dtype=np.float64)))


def calibration(
    probabilities: Sequence[float], labels: Sequence[int], bins: int = 10
) -> list[tuple[float, float, int]]:
    """``(mean forecast, observed frequency, count)`` per non-empty probability bin."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        mask = idx == b
        if mask.any():
            out.append((float(p[mask].mean()), float(y[mask].mean()), int(mask.sum())))
    return out


def calibration_plot(
    curves: Mapping[str, tuple[Sequence[float], Sequence[int]]], path: Path, title: str
) -> Path:
    """Reliability diagram of several forecasters, saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 6))
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="perfect")
    for name, (p, y) in curves.items():
        pts = calibration(p, y)
        if pts:
            xs, ys, _counts = zip(*pts, strict=True)
            ax.plot(xs, ys, marker="o", lw=2 if name == "market" else 1, label=f"{name}")
    ax.set_xlabel("forecast P(scam)")
    ax.set_ylabel("observed frequency of scams")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
