from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from augury.proof import write_onnx
from tests.helpers import Cli

from .conftest import random_layers

cli = Cli(in_process=True)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    write_onnx(random_layers([16, 8, 4], seed=4), d / "m.onnx")
    rng = np.random.default_rng(0)
    (d / "in.json").write_text(json.dumps({"input_data": [rng.standard_normal(16).tolist()]}))
    (d / "cal.json").write_text(json.dumps({"input_data": rng.standard_normal((20, 16)).tolist()}))
    files = {k: d / v for k, v in
             {"model": "m.onnx", "input": "in.json", "cal": "cal.json", "c": "c.json",
              "p": "p.bin", "dir": "."}.items()}
    r = cli("proof", "commit", "--model", str(files["model"]), "--out", str(files["c"]),
            "--calibration", str(files["cal"]))
    assert r.returncode == 0, r.output
    r = cli("proof", "prove", "--model", str(files["model"]), "--input",
            str(files["input"]), "--out", str(files["p"]), "--calibration",
            str(files["cal"]), "--format", "json")
    assert r.returncode == 0, r.output
    files["output"] = d / "out.json"
    files["output"].write_text(r.stdout)
    return files


def _verify(files: dict[str, Path], proof: Path | None = None, *extra: str) -> int:
    args = ["verify", "--commitment", str(files["c"]), "--input", str(files["input"]),
            "--proof", str(proof or files["p"]), *extra]
    return cli("proof", *args).returncode


def test_round_trip(files: dict[str, Path]) -> None:
    assert len(json.loads(files["output"].read_text())["output"]) == 4
    assert _verify(files) == 0
    assert _verify(files, None, "--output", str(files["output"])) == 0
    r = cli("proof", "verify", "--commitment", str(files["c"]), "--input",
            str(files["input"]), "--proof", str(files["p"]), "--format", "json")
    assert json.loads(r.stdout)["valid"] is True


def test_invalid_and_unusable(files: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    data = bytearray(files["p"].read_bytes())
    data[len(data) // 2] ^= 0x55
    bad.write_bytes(bytes(data))
    assert _verify(files, bad) == 1
    bad.write_bytes(b"garbage")
    assert _verify(files, bad) == 1
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"output": [0.0, 0.0, 0.0, 0.0]}))
    assert _verify(files, None, "--output", str(other)) == 1
    broken = tmp_path / "c.json"
    broken.write_text("{not json")
    args = ["verify", "--commitment", str(broken), "--input", str(files["input"]),
            "--proof", str(files["p"])]
    assert cli("proof", *args).returncode == 2
    assert _verify({**files, "input": tmp_path / "missing.json"}) == 2


def test_unsupported_model_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.onnx"
    path.write_bytes(b"junk")
    r = cli("proof", "commit", "--model", str(path), "--out", str(tmp_path / "c.json"))
    assert r.returncode == 2


@pytest.mark.parametrize("change", [
    {"root": 5}, {"layers": "abc"}, {"input_scale": "nan"}, {"log_cols": 30},
    {"rows": 10**12}, {"layers": []}, {"queries": 1},
])
def test_malformed_commitment_is_unusable(files: dict[str, Path], tmp_path: Path,
                                          change: dict[str, object]) -> None:
    doc = {**json.loads(files["c"].read_text()), **change}
    bad = tmp_path / "c.json"
    bad.write_text(json.dumps(doc))
    r = cli("proof", "verify", "--commitment", str(bad), "--input", str(files["input"]),
            "--proof", str(files["p"]))
    assert r.returncode == 2, r.output
    assert "unusable" in r.output
