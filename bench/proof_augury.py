"""augury.proof on one model directory from bench/proof_models.py; prints JSON.

Runs in its own process so its peak resident memory is its own. Times: quantize+commit
(one-off, like EZKL's setup), prove and verify (median and minimum of ``REPS`` runs after
one warm-up run, plus the cold first run), and plain quantized numpy inference of the same
model (median of 2,000 single-input runs), the anchor of the prover-overhead ratio. The
1-minute load average is recorded because the shared machine's load moves these times.

    .venv/bin/python bench/proof_augury.py MODEL_DIR
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from augury.proof import commit, float_forward, load_model, prove, read_onnx, verify
from augury.proof.files import read_calibration, read_input

REPS = 30


def _times(fn: Any, reps: int) -> tuple[list[float], list[float]]:
    """Wall-clock and process CPU times of ``reps`` calls (CPU time is what a loaded
    shared machine disturbs least)."""
    wall, cpu = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    return wall, cpu


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; unlike ru_maxrss it is reset by exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(model_dir: Path) -> dict[str, Any]:
    onnx_path = model_dir / "model.onnx"
    x = read_input(model_dir / "input.json")
    t = time.perf_counter()
    model = load_model(onnx_path, calibration=read_calibration(model_dir / "calibration.json"))
    c = commit(model)
    commit_s = time.perf_counter() - t
    t = time.perf_counter()
    y, proof = prove(model, x)
    cold_prove_s = time.perf_counter() - t
    data = proof.to_bytes()
    assert verify(c, x, y, proof)
    prove_t, prove_c = _times(lambda: prove(model, x), REPS)
    verify_t, verify_c = _times(lambda: verify(c, x, y, proof), REPS)
    plain_t, plain_c = _times(lambda: model.predict(x), 2000)
    prove_s, verify_s, plain_s = (statistics.median(t) for t in (prove_t, verify_t, plain_t))
    cpu = {f"{name}_cpu_s": statistics.median(t) for name, t in
           (("prove", prove_c), ("verify", verify_c), ("plain_inference", plain_c))}
    test = np.load(model_dir / "test.npz")
    float_pred = float_forward(read_onnx(onnx_path), test["X"]).argmax(axis=1)
    quant_pred = model.predict_batch(test["X"]).argmax(axis=1)
    return {
        "commit_s": commit_s,
        "prove_s": prove_s,
        "prove_cold_s": cold_prove_s,
        "prove_min_s": min(prove_t),
        "verify_min_s": min(verify_t),
        "plain_inference_min_s": min(plain_t),
        "load_average_1min": os.getloadavg()[0],
        "verify_s": verify_s,
        "plain_inference_s": plain_s,
        "prove_over_plain": prove_s / plain_s,
        **cpu,
        "prove_over_plain_cpu": cpu["prove_cpu_s"] / cpu["plain_inference_cpu_s"],
        "proof_bytes": len(data),
        "commitment_bytes": len(c.to_bytes()),
        "pcs": vars(c.pcs),
        "float_accuracy": float(np.mean(float_pred == test["y"])),
        "quantized_accuracy": float(np.mean(quant_pred == test["y"])),
        "quantized_agrees_with_float": float(np.mean(float_pred == quant_pred)),
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1])), indent=2))
