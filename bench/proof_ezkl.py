"""EZKL (Halo2 + KZG) on one model directory from bench/proof_models.py; prints JSON.

Runs in its own process so that its peak resident memory is its own. The SRS is generated
locally with ``gen_srs`` (no download). Timed phases: settings+calibration+compile,
setup (gen_srs + setup), witness, prove, verify; setup, prove and verify also in process CPU
time (all of EZKL's threads together).

    .venv/bin/python bench/proof_ezkl.py MODEL_DIR WORK_DIR
"""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
import time
from pathlib import Path
from typing import Any


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    out = fn(*args, **kwargs)
    if inspect.isawaitable(out):
        out = asyncio.run(_await(out))
    return out


async def _await(aw: Any) -> Any:
    return await aw


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; unlike ru_maxrss it is reset by exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(model_dir: Path, work: Path) -> dict[str, Any]:
    import ezkl

    work.mkdir(parents=True, exist_ok=True)
    model = str(model_dir / "model.onnx")
    data = str(model_dir / "input.json")
    settings = str(work / "settings.json")
    compiled = str(work / "model.compiled")
    srs = str(work / "kzg.srs")
    vk, pk = str(work / "vk.key"), str(work / "pk.key")
    witness, proof = str(work / "witness.json"), str(work / "proof.json")
    out: dict[str, Any] = {"ezkl_version": getattr(ezkl, "__version__", "?")}
    t = time.perf_counter()
    assert _call(ezkl.gen_settings, model, settings)
    _call(ezkl.calibrate_settings, data, model, settings, "resources")
    assert _call(ezkl.compile_circuit, model, compiled, settings)
    out["compile_s"] = time.perf_counter() - t
    logrows = json.loads(Path(settings).read_text())["run_args"]["logrows"]
    out["logrows"] = logrows
    t, c = time.perf_counter(), time.process_time()
    _call(ezkl.gen_srs, srs, logrows)
    assert _call(ezkl.setup, compiled, vk, pk, srs)
    out["setup_s"] = time.perf_counter() - t
    out["setup_cpu_s"] = time.process_time() - c
    t = time.perf_counter()
    _call(ezkl.gen_witness, data, compiled, witness, vk, srs)
    out["witness_s"] = time.perf_counter() - t
    t, c = time.perf_counter(), time.process_time()
    _call(ezkl.prove, witness, compiled, pk, proof, srs)
    out["prove_s"] = time.perf_counter() - t
    out["prove_cpu_s"] = time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    out["verified"] = bool(_call(ezkl.verify, proof, settings, vk, srs))
    out["verify_s"] = time.perf_counter() - t
    out["verify_cpu_s"] = time.process_time() - c
    out["proof_bytes"] = Path(proof).stat().st_size
    proof_doc = json.loads(Path(proof).read_text())
    raw = proof_doc.get("proof")
    if isinstance(raw, list):
        out["proof_raw_bytes"] = len(raw)
    elif isinstance(raw, str):
        out["proof_raw_bytes"] = len(bytes.fromhex(raw.removeprefix("0x")))
    out["peak_rss_mb"] = peak_rss_mb()
    return out


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]), Path(sys.argv[2])), indent=2))
