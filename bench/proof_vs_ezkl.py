"""Issue 5 benchmark: augury.proof against EZKL on the same ONNX models, in one run.

Builds the two models (bench/proof_models.py), then for each runs EZKL and augury one after
the other, each in its own process (bench/proof_ezkl.py, bench/proof_augury.py), and prints
a table of the ratios plus the raw JSON. augury runs with one BLAS thread (its matrices are
small; threads only add contention on a shared 2-core machine); EZKL keeps its defaults.

    .venv/bin/python bench/proof_vs_ezkl.py [--work DIR] [--json OUT.json] [--skip-ezkl]

``--work`` defaults to $TMPDIR/augury-proof-bench (EZKL's proving keys are 138-277 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MODELS = ("mlp_64_32_10", "mlp_784_128_10")


def _run(script: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(HERE / script), *args], check=True,
                         capture_output=True, text=True, env=env)
    start = out.stdout.rfind("\n{")
    return dict(json.loads(out.stdout[start + 1 if start >= 0 else 0:]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "augury-proof-bench"))
    ap.add_argument("--json", default=None)
    ap.add_argument("--skip-ezkl", action="store_true")
    args = ap.parse_args()
    work = Path(args.work)
    sys.path.insert(0, str(HERE))
    from proof_models import build

    built = build(work)
    results: dict[str, Any] = {}
    single = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
              "MKL_NUM_THREADS": "1"}
    for name in MODELS:
        d = work / name
        res: dict[str, Any] = {"float_test_accuracy": built[name]["float_test_accuracy"]}
        if not args.skip_ezkl:
            res["ezkl"] = _run("proof_ezkl.py", str(d), str(d / "ezkl"))
        res["augury"] = _run("proof_augury.py", str(d), env=single)
        results[name] = res
        _print(name, res)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


def _print(name: str, res: dict[str, Any]) -> None:
    a = res["augury"]
    e = res.get("ezkl")
    print(f"== {name}")
    rows = [("setup/commit s", "setup_s", "commit_s"), ("prove s", "prove_s", "prove_s"),
            ("prove cpu s", "prove_cpu_s", "prove_cpu_s"), ("verify s", "verify_s", "verify_s"),
            ("verify cpu s", "verify_cpu_s", "verify_cpu_s"),
            ("proof bytes", "proof_raw_bytes", "proof_bytes"),
            ("peak RSS MB", "peak_rss_mb", "peak_rss_mb")]
    for label, ek, ak in rows:
        ev = e[ek] if e else float("nan")
        ratio = ev / a[ak] if e and a[ak] else float("nan")
        print(f"{label:16s} ezkl {ev:12.6g}  augury {a[ak]:12.6g}  ezkl/augury {ratio:10.1f}")
    print(f"plain inference s {a['plain_inference_s']:.3g}; prove/plain "
          f"{a['prove_over_plain']:.1f}x (cpu {a['prove_over_plain_cpu']:.1f}x); accuracy "
          f"float {a['float_accuracy']:.4f} quantized {a['quantized_accuracy']:.4f}")


if __name__ == "__main__":
    main()
