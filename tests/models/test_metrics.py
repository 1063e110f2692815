"""Brier score and AUC (scikit-learn's) keep the edge cases the simulation relies on."""

from __future__ import annotations

import math

import numpy as np
import pytest

from augury.models import auc, brier, calibration


def test_brier_is_the_mean_squared_error() -> None:
    assert brier([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0]) == pytest.approx(0.0375)
    assert brier([0.2, 0.6], [1, 1]) == pytest.approx((0.64 + 0.16) / 2)  # one class is fine
    assert math.isnan(brier([], []))


def test_auc_is_the_rank_sum_with_ties_counted_half() -> None:
    rng = np.random.default_rng(0)
    s = np.round(rng.random(300), 1)  # many ties
    y = (rng.random(300) < 0.4).astype(int)
    pos, neg = s[y == 1], s[y == 0]
    pairs = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    assert auc(s.tolist(), y.tolist()) == pytest.approx(pairs)
    assert math.isnan(auc([0.2, 0.7], [1, 1]))
    assert math.isnan(auc([0.2, 0.7], [0, 0]))
    assert math.isnan(auc([], []))


def test_calibration_bins_forecasts() -> None:
    pts = calibration([0.05, 0.08, 0.95], [0, 1, 1], bins=10)
    assert pts == [(pytest.approx(0.065), 0.5, 2), (0.95, 1.0, 1)]
