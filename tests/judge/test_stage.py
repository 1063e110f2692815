"""The domain classifier as a judge model, and the judge stage of ``augury run``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier

from augury.chain import Chain
from augury.judge.classifier import two_logit_layers
from augury.judge.errors import JudgeInputError
from augury.judge.registry import model_commitments
from augury.judge.stage import stage_judge
from augury.proof import Commitment, QuantizedModel, float_forward, load_model
from augury.proof.files import read_calibration
from augury.run import RunContext


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_two_logits_keep_the_binary_decision() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 5))
    y = (X[:, 0] - X[:, 2] > 0.1).astype(int)
    mlp = MLPClassifier((7,), max_iter=2000, random_state=0).fit(X, y)
    layers = two_logit_layers(mlp)
    assert layers[-1].weight.shape == (2, 7)
    logits = float_forward(layers, X)
    assert np.all(logits[:, 0] == 0.0)
    assert np.array_equal(logits.argmax(axis=1), mlp.predict(X))
    multi = MLPClassifier((4,), max_iter=50, random_state=0).fit(
        X, (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)
    )
    with pytest.raises(JudgeInputError, match="two classes"):
        two_logit_layers(multi)


@pytest.mark.slow
def test_stage_judge_runs_the_whole_life(tmp_path: Path) -> None:
    ctx = RunContext(chain=Chain.embedded(), out_dir=tmp_path, seed=0)
    result = stage_judge(ctx)
    data = result.data
    assert data["architecture"] == [25, 16, 2]
    # honest figures: held-out recall of both classes well above chance
    assert data["recall"]["benign"] > 0.7 and data["recall"]["scam"] > 0.7
    assert data["quantized_agrees_with_float"] > 0.95
    verdicts = data["verdicts"]
    assert len(verdicts) == 6
    assert all(v["status"] == "final" and v["proof_valid"] for v in verdicts)
    assert sorted(v["label"] for v in verdicts) == [0, 0, 0, 1, 1, 1]
    assert data["challenged"] == []
    assert data["escrow"]["benign"]["released"] and data["escrow"]["benign"]["label"] == 0
    assert not data["escrow"]["scam"]["released"] and data["escrow"]["scam"]["label"] == 1
    # the rogue's whitewash is settled by the verifier in one transaction (audit I-1)
    assert data["rogue"]["challenged"] and data["rogue"]["outcome"].startswith("disproved")
    # the rogue's bond less the burn (no challenge bond posted, no jurors to pay)
    assert data["rogue"]["watcher_gain"] == 800
    assert data["reveal_ok"]
    gas = data["gas"]
    assert set(gas) == {"register", "request", "answer", "finalize", "reveal", "disprove"}
    assert 1_000_000 < gas["disprove"] < 12_000_000
    art = ctx.judge
    assert art is not None and art.model_id == int(data["model_id"])
    assert isinstance(art.model, QuantizedModel) and isinstance(art.commitment, Commitment)
    # the files the stage leaves rebuild the registered model for `augury judge serve`
    rebuilt = load_model(art.onnx, calibration=read_calibration(art.calibration))
    assert model_commitments(rebuilt).commitment.hex() == data["commitment"][2:]
    json.dumps(data)  # the report is JSON
