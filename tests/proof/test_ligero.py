from __future__ import annotations

import numpy as np
import pytest

from augury.proof import ligero
from augury.proof.reference import mle as ref_mle
from augury.proof.transcript import Transcript


@pytest.mark.parametrize("total,claims", [(1, 1), (37, 2), (300, 3), (1024, 1)])
def test_open_and_verify(total: int, claims: int) -> None:
    rng = np.random.default_rng(total)
    values = rng.integers(-127, 128, size=total).astype(np.int64)
    params = ligero.choose_params(total, 2)
    state = ligero.commit(values, params)
    t = Transcript()
    points = [t.challenge_ext(params.num_vars) for _ in range(claims)]
    padded = values.tolist() + [0] * ((1 << params.num_vars) - total)
    evals = [ref_mle.evaluate(padded, z) for z in points]
    opening = ligero.open_at(state, points, Transcript())
    assert ligero.verify(state.root, params, points, evals, opening, Transcript())
    wrong = [(*evals[0][:3], (evals[0][3] + 1) % 2013265921), *evals[1:]]
    assert not ligero.verify(state.root, params, points, wrong, opening, Transcript())
    other = ligero.commit(values + 1, params)
    assert not ligero.verify(other.root, params, points, evals, opening, Transcript())


def test_query_count_gives_100_bits() -> None:
    for log_blowup in (1, 2, 3, 4):
        t = ligero.queries_for(log_blowup)
        survive = (1 + 2.0**-log_blowup) / 2
        assert survive**t <= 2.0**-100 < survive ** (t - 1)
