"""The judge's long-running sides, ``serve`` and ``watch``: callbacks, retries reported
once, one pass on the embedded chain, polling on a node until told to stop."""

from __future__ import annotations

import numpy as np
import pytest

from augury.judge.checker import Verdict, watch
from augury.judge.errors import JudgeInputError
from augury.judge.service import Served, Skipped, ask, register_model, serve
from augury.proof import QuantizedModel

from .conftest import World


def _ask(w: World, mid: int, seed: int, n: int) -> int:
    x = np.random.default_rng(seed).standard_normal(n)
    return ask(w.judge, w.store, mid, x, sender=w.alice).request_id


def test_serve_then_watch(world: World, model: QuantizedModel) -> None:
    w = world
    with pytest.raises(JudgeInputError, match="operates no live model"):
        serve(w.judge, w.store, model, operator=w.operator, once=True)
    mid = register_model(
        w.judge, w.store, model, operator=w.operator, reveal_delay=0, quota=5
    ).model_id
    first = [_ask(w, mid, i, model.n_in) for i in range(2)]
    embedded = w.chain.backend == "embedded"
    served: list[Served] = []
    skipped: list[Skipped] = []
    passes: list[float] = []

    def between_passes(seconds: float) -> None:
        passes.append(seconds)
        if len(passes) == 1:
            first.append(_ask(w, mid, 9, model.n_in))  # a new request while polling

    serve(w.judge, w.store, model, operator=w.operator, interval=0.25, on_served=served.append,
          on_skipped=skipped.append, stop=lambda: len(passes) >= 2,
          sleep=between_passes)  # fmt: skip
    assert passes == ([] if embedded else [0.25, 0.25])  # the embedded chain: one pass
    assert [s.request_id for s in served] == first and not skipped

    verdicts: list[tuple[Verdict, bool]] = []
    watch(w.judge, w.store, challenger=w.watcher, once=True,
          on_verdict=lambda v, c: verdicts.append((v, c)))  # fmt: skip
    assert [(v.request_id, v.proof_valid, c) for v, c in verdicts] == [
        (r, True, False) for r in first
    ]
