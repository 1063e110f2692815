"""Delayed publication on both backends: early reveals revert, honest reveals check out,
a reveal of other weights is refused on chain, and a large model's reveal runs the
data-availability game (leaves demanded and answered from the published weights)."""

from __future__ import annotations

import pytest

from augury.errors import TransactionFailed
from augury.judge.errors import JudgeInputError
from augury.judge.registry import weight_values
from augury.judge.reveal import (
    answer_demands,
    check_reveal,
    demand_leaves,
    publish_reveal,
    reveal_model,
)
from augury.judge.service import register_model
from augury.proof import QuantizedModel
from augury.protocol import JudgeClient, ModelInfo, RevealState
from augury.protocol.judge import BPS, SLASH_BURN_BPS

from .conftest import E18, World, make_model

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


def test_a_reveal_of_other_weights_is_refused_and_slashed_as_none(
    world: World, model: QuantizedModel
) -> None:
    w = world
    mid = _register(w, model)
    w.chain.advance_time(DELAY)
    revealed = weight_values(model)
    revealed[5] += 1  # one weight differs from what was committed
    with pytest.raises(TransactionFailed, match="weights do not match the commitment"):
        publish_reveal(w.judge, w.store, mid, revealed, operator=w.operator)
    assert check_reveal(w.judge, w.store, mid).reason == "not revealed yet"
    w.chain.advance_time(int(w.judge.revealGrace()))
    before = w.token.balanceOf(w.watcher)
    w.judge.slashUnrevealed(mid, sender=w.watcher)
    assert w.token.balanceOf(w.watcher) == before + 500 * E18 * (BPS - SLASH_BURN_BPS) // BPS
    assert check_reveal(w.judge, w.store, mid).slashed


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


def test_a_large_model_reveals_by_root_and_answers_its_demands(world: World) -> None:
    """64-64-2: 4,290 weights, past revealWeights; the watcher samples leaves, the
    operator answers them from the published weights, and the bond comes back only
    after the reveal window."""
    w = world
    large = make_model(5, (64, 64, 2))[1]
    mid = _register(w, large)
    w.chain.advance_time(DELAY)
    r = reveal_model(w.judge, w.store, mid, large, operator=w.operator)
    assert not r.on_chain and r.root == ModelInfo.read(w.judge, mid).weights_root
    assert RevealState.read(w.judge, mid) == RevealState(w.chain.timestamp(), 4290, 0)
    picks = demand_leaves(w.judge, mid, 3, sender=w.watcher, seed=1)
    assert len(set(picks)) == 3 and JudgeClient(w.judge).open_demands(mid) == sorted(picks)
    answered = answer_demands(w.judge, w.store, mid, sender=w.operator)
    assert len(answered) == 3 and RevealState.read(w.judge, mid).open_demands == 0
    assert check_reveal(w.judge, w.store, mid).ok
    w.chain.advance_time(int(w.judge.revealGrace()))
    before = w.token.balanceOf(w.operator)
    w.judge.withdrawBond(mid, sender=w.operator)
    assert w.token.balanceOf(w.operator) == before + 500 * E18
