"""Scoring forecasts: Brier score, ROC AUC and calibration, plus the plot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np


def brier(probabilities: Sequence[float], labels: Sequence[int]) -> float:
    """Mean squared error of probabilities against 0/1 outcomes (lower is better)."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    if p.size == 0:
        return float("nan")
    return float(np.mean((p - y) ** 2))


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Area under the ROC curve by the rank-sum formula (ties count half); NaN if one class."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    pos, neg = int(y.sum()), int((1 - y).sum())
    if pos == 0 or neg == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), dtype=np.float64)
    sorted_s = s[order]
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


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
