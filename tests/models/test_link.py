"""One logit and sigmoid: scalar and array forms agree, clipping is the caller's eps."""

from __future__ import annotations

import math

import numpy as np
import pytest

from augury.models import EPS, logit, logits, sigmoid


def test_scalar_and_array_logits_agree_and_invert() -> None:
    p = np.array([1e-6, 0.2, 0.5, 0.9, 1.0])
    z = logits(p)
    assert z.tolist() == pytest.approx([logit(float(v)) for v in p])
    assert sigmoid(z)[1:4].tolist() == pytest.approx(p[1:4].tolist())


def test_eps_clips_and_zero_eps_does_not() -> None:
    assert logit(1.0) == pytest.approx(math.log((1 - EPS) / EPS))
    assert logit(0.0, 1e-2) == pytest.approx(-math.log(99.0))
    assert logit(0.3, 0.0) == math.log(0.3) - math.log1p(-0.3)
    assert logits([1.0], eps=1e-2)[0] == pytest.approx(math.log(99.0))
