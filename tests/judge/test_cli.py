"""``augury judge`` on the embedded chain with a state file: the whole life of a model,
and bad input as one line on stderr with exit status 2. Commands run in process
(typer's runner) for speed; each one still loads and saves the chain state file, as
separate invocations do. tests/integration/test_judge_node.py runs real processes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from augury.proof import write_onnx
from tests.helpers import Cli

from .conftest import make_model


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.chdir(tmp_path)
    layers, _ = make_model(5, (4, 6, 2))
    write_onnx(layers, tmp_path / "m.onnx")
    write_onnx(make_model(6, (4, 6, 2))[0], tmp_path / "other.onnx")
    (tmp_path / "in.json").write_text(json.dumps({"input_data": [[0.5, -1.0, 0.25, 2.0]]}))
    return Cli(tmp_path / "home", in_process=True)


def test_judge_lifecycle_on_the_embedded_chain(cli: Cli) -> None:
    assert "not deployed" in cli.error("judge", "ask", "--model-id", "1", "--input", "in.json")
    cli.json("deploy")
    reg = cli.json(
        "judge",
        "register",
        "--model",
        "m.onnx",
        "--reveal-delay",
        "0",
        "--quota",
        "2",
        "--fee",
        "1000",
    )
    assert reg["model_id"] == 1 and reg["commitment"].startswith("0x")
    asked = cli.json("judge", "ask", "--model-id", "1", "--input", "in.json")
    assert asked == {"request_id": 1, "input_hash": asked["input_hash"], "fee": 1000}

    served = cli("judge", "serve", "--model", "m.onnx", "--format", "json")
    assert served.returncode == 0, served.stderr
    line = json.loads(served.stdout.splitlines()[0])
    assert line["request_id"] == 1 and line["label"] == int(np.argmax(line["output"]))

    v = cli.json("judge", "verdict", "--request-id", "1")
    assert (v["status"], v["proof_valid"], v["output_int"]) == ("answered", True, line["output"])
    watched = cli("judge", "watch", "--format", "json")
    assert json.loads(watched.stdout)["proof_valid"] is True
    assert cli.json("judge", "rule") == []  # nothing was challenged

    # bad input: each one line
    assert "quota" not in cli.error("judge", "ask", "--model-id", "9", "--input", "in.json")
    cli.json("judge", "ask", "--model-id", "1", "--input", "in.json")
    assert cli.error("judge", "ask", "--model-id", "1", "--input", "in.json").endswith("quota")
    assert "unknown model" in cli.error("judge", "ask", "--model-id", "9", "--input", "in.json")
    assert "not found" in cli.error("judge", "ask", "--model-id", "1", "--input", "nope.json")
    assert "operates no live model" in cli.error("judge", "serve", "--model", "other.onnx")
    assert "does not exist" in cli.error("judge", "verdict", "--request-id", "42")
    assert "do not match model 1" in cli.error(
        "judge", "reveal", "--model-id", "1", "--model", "other.onnx"
    )

    rev = cli.json("judge", "reveal", "--model-id", "1", "--model", "m.onnx")
    assert rev == {"model_id": 1, "weights_root": reg["weights_root"]}
    check = cli.json("judge", "check-reveal", "--model-id", "1")
    assert check["ok"] is True
    assert "already revealed" in cli.error(
        "judge", "reveal", "--model-id", "1", "--model", "m.onnx"
    )


def test_reveal_before_the_deadline_is_one_line(cli: Cli) -> None:
    cli.json("deploy")
    cli.json("judge", "register", "--model", "m.onnx", "--reveal-delay", "3600", "--quota", "1")
    assert "too early" in cli.error("judge", "reveal", "--model-id", "1", "--model", "m.onnx")
    assert "not revealed yet" in cli("judge", "check-reveal", "--model-id", "1").stdout
