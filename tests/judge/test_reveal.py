"""Delayed publication on both backends: early reveals revert, honest reveals check out,
a reveal of other weights is caught off chain and slashed on chain."""

from __future__ import annotations

import pytest

from augury.errors import TransactionFailed
from augury.judge.errors import JudgeInputError
from augury.judge.registry import weight_values
from augury.judge.reveal import (
    check_reveal,
    find_mismatch,
    prove_mismatch,
    publish_reveal,
    reveal_model,
)
from augury.judge.service import register_model
from augury.judge.weights import verify
from augury.proof import QuantizedModel
from augury.protocol import ModelInfo

from .conftest import E18, World

DELAY = 5 * 86400


def _register(w: World, model: QuantizedModel) -> int:
    return register_model(
        w.judge, w.store, model, operator=w.operator, bond=500 * E18, reveal_delay=DELAY, quota=3
    ).model_id


def test_honest_reveal_after_the_deadline(world: World, model: QuantizedModel) -> None:
    w = world
    mid = _register(w, model)
    assert check_reveal(w.judge, w.store, mid).reason == "not revealed yet"
    with pytest.raises(TransactionFailed, match="too early"):
        reveal_model(w.judge, w.store, mid, model, operator=w.operator)
    w.chain.advance_time(DELAY)
    r = reveal_model(w.judge, w.store, mid, model, operator=w.operator)
    assert r.root == ModelInfo.read(w.judge, mid).weights_root
    check = check_reveal(w.judge, w.store, mid)
    assert check.ok and check.commitment_matches and check.weights_published
    with pytest.raises(TransactionFailed, match="already revealed"):
        reveal_model(w.judge, w.store, mid, model, operator=w.operator)


def test_revealing_other_weights_is_refused_locally(
    world: World, model: QuantizedModel, other_model: QuantizedModel
) -> None:
    w = world
    mid = _register(w, model)
    w.chain.advance_time(DELAY)
    with pytest.raises(JudgeInputError, match="do not match model"):
        reveal_model(w.judge, w.store, mid, other_model, operator=w.operator)
    with pytest.raises(JudgeInputError, match="not registered"):
        reveal_model(w.judge, w.store, 77, model, operator=w.operator)


def test_a_dishonest_reveal_is_detected_and_slashed(world: World, model: QuantizedModel) -> None:
    w = world
    mid = _register(w, model)
    w.chain.advance_time(DELAY)
    committed = weight_values(model)
    revealed = list(committed)
    revealed[5] += 1  # one weight differs from what was committed
    publish_reveal(w.judge, w.store, mid, revealed, operator=w.operator)
    check = check_reveal(w.judge, w.store, mid)
    assert not check.ok and not check.root_matches and check.weights_published
    assert check.commitment_matches is False  # it would not rebuild the served model either

    m = find_mismatch(committed, revealed)
    assert m is not None and m.index == 5
    info = ModelInfo.read(w.judge, mid)
    assert verify(info.weights_root, m.committed, m.index, m.committed_proof)
    assert verify(info.revealed_root, m.revealed, m.index, m.revealed_proof)
    before = w.token.balanceOf(w.watcher)
    prove_mismatch(w.judge, mid, m, sender=w.watcher)
    assert w.token.balanceOf(w.watcher) == before + 500 * E18
    assert check_reveal(w.judge, w.store, mid).slashed
    with pytest.raises(TransactionFailed, match="slashed"):
        prove_mismatch(w.judge, mid, m, sender=w.watcher)


def test_unpublished_or_altered_weights_fail_the_check(world: World, model: QuantizedModel) -> None:
    w = world
    mid = _register(w, model)
    w.chain.advance_time(DELAY)
    root = reveal_model(w.judge, w.store, mid, model, operator=w.operator).root
    path = w.store.root / "weights" / f"{root.hex()}.json"
    path.write_bytes(path.read_bytes().replace(b"[", b"[1,", 1))
    check = check_reveal(w.judge, w.store, mid)
    assert not check.ok and check.root_matches and not check.weights_published
    path.unlink()
    assert "not published" in check_reveal(w.judge, w.store, mid).reason


def test_find_mismatch_edges() -> None:
    assert find_mismatch([1, 2, 3], [1, 2, 3]) is None
    with pytest.raises(JudgeInputError, match="depth"):
        find_mismatch([1, 2, 3], [1, 2, 3, 4, 5])
    with pytest.raises(JudgeInputError, match="length"):
        find_mismatch([1, 2, 3], [1, 2, 3, 0])
