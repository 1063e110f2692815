"""The two benchmark models of issue 5, trained on scikit-learn's digits, written as ONNX.

* ``mlp_64_32_10``: 8x8 digits (64 features) -> 32 ReLU -> 10 logits;
* ``mlp_784_128_10``: the same digits upscaled to 28x28 (MNIST-shaped) -> 128 ReLU -> 10.

Features are scaled to [0, 1] like MNIST pixels. Each model directory gets ``model.onnx``,
``input.json`` (EZKL's ``{"input_data": [[...]]}``, one test image) and ``calibration.json``
(200 training images, same format). Deterministic (fixed seeds).

    .venv/bin/python bench/proof_models.py [OUTDIR]   # default $TMPDIR/augury-proof-bench
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from augury.proof import read_sklearn, write_onnx


def digits(size: int) -> tuple[np.ndarray, np.ndarray]:
    data = load_digits()
    images = data.images / 16.0
    if size == 28:
        big = np.repeat(np.repeat(images, 4, axis=1), 4, axis=2)  # 32x32
        images = big[:, 2:30, 2:30]
    return images.reshape(len(images), -1), data.target


def build(out: Path) -> dict[str, dict[str, float]]:
    report = {}
    for name, size, hidden in (("mlp_64_32_10", 8, 32), ("mlp_784_128_10", 28, 128)):
        X, y = digits(size)
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
        clf = MLPClassifier((hidden,), max_iter=300, random_state=0).fit(X_tr, y_tr)
        d = out / name
        d.mkdir(parents=True, exist_ok=True)
        write_onnx(read_sklearn(clf), d / "model.onnx")
        (d / "input.json").write_text(json.dumps({"input_data": [X_te[0].tolist()]}))
        (d / "calibration.json").write_text(json.dumps({"input_data": X_tr[:200].tolist()}))
        np.savez(d / "test.npz", X=X_te, y=y_te)
        report[name] = {"float_test_accuracy": float(clf.score(X_te, y_te))}
    return report


if __name__ == "__main__":
    default = Path(tempfile.gettempdir()) / "augury-proof-bench"
    print(json.dumps(build(Path(sys.argv[1]) if len(sys.argv) > 1 else default), indent=2))
