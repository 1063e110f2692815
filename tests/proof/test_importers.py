from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier, MLPRegressor

from augury.proof import (
    ModelFileError,
    UnsupportedModelError,
    float_forward,
    load_model,
    read_onnx,
    read_sklearn,
    write_onnx,
)

from .conftest import random_layers


@pytest.fixture(scope="module")
def digits_clf() -> tuple[MLPClassifier, np.ndarray, np.ndarray]:
    data = load_digits()
    X, y = data.data / 16.0, data.target
    clf = MLPClassifier((32,), max_iter=200, random_state=0).fit(X[:1200], y[:1200])
    return clf, X[1200:], y[1200:]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_sklearn_quantized_accuracy_close_to_float(digits_clf) -> None:  # type: ignore[no-untyped-def]
    clf, X_te, y_te = digits_clf
    model = load_model(clf, calibration=X_te[:100])
    float_acc = float(np.mean(clf.predict(X_te) == y_te))
    q_acc = float(np.mean(model.predict_batch(X_te).argmax(axis=1) == y_te))
    assert float_acc > 0.9
    assert q_acc >= float_acc - 0.02
    logits = float_forward(read_sklearn(clf), X_te)
    assert np.array_equal(logits.argmax(axis=1), clf.predict(X_te))


def test_predict_matches_batch(digits_clf) -> None:  # type: ignore[no-untyped-def]
    clf, X_te, _ = digits_clf
    model = load_model(clf, calibration=X_te[:100])
    batch = model.predict_batch(X_te[:20])
    for i in range(20):
        assert np.array_equal(model.predict(X_te[i]), batch[i])


def test_onnx_round_trip(tmp_path: Path) -> None:
    layers = random_layers([10, 6, 4], seed=3)
    write_onnx(layers, tmp_path / "m.onnx")
    back = read_onnx(tmp_path / "m.onnx")
    assert [x.activation for x in back] == ["relu", "identity"]
    X = np.random.default_rng(0).standard_normal((5, 10))
    np.testing.assert_allclose(float_forward(back, X), float_forward(layers, X), rtol=1e-5,
                               atol=1e-5)


def _graph(tmp_path: Path, nodes: list[onnx.NodeProto], inits: list[onnx.TensorProto],
           out: str, n_out: int) -> Path:
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info(out, TensorProto.FLOAT, [1, n_out])], initializer=inits)
    path = tmp_path / "g.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), str(path))
    return path


def test_onnx_matmul_add_flatten(tmp_path: Path) -> None:
    w = np.arange(12, dtype=np.float32).reshape(4, 3) / 10
    b = np.array([0.1, -0.2, 0.3], dtype=np.float32)
    nodes = [helper.make_node("Flatten", ["x"], ["f"], name="flat"),
             helper.make_node("MatMul", ["f", "W"], ["m"], name="mm"),
             helper.make_node("Add", ["m", "B"], ["a"], name="add"),
             helper.make_node("Relu", ["a"], ["y"], name="relu")]
    path = _graph(tmp_path, nodes, [numpy_helper.from_array(w, "W"),
                                    numpy_helper.from_array(b, "B")], "y", 3)
    (layer,) = read_onnx(path)
    assert layer.activation == "relu"
    np.testing.assert_allclose(layer.weight, w.T, rtol=1e-6)
    np.testing.assert_allclose(layer.bias, b, rtol=1e-6)


def test_unsupported_op_names_op_and_node(tmp_path: Path) -> None:
    nodes = [helper.make_node("Sigmoid", ["x"], ["y"], name="squash")]
    path = _graph(tmp_path, nodes, [], "y", 4)
    with pytest.raises(UnsupportedModelError, match=r"Sigmoid.*squash"):
        read_onnx(path)


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError):
        load_model(tmp_path / "missing.onnx")
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"\x00not onnx at all")
    with pytest.raises((ModelFileError, UnsupportedModelError)):
        load_model(junk)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_regressor_and_bad_activation() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((80, 5))
    reg = MLPRegressor(hidden_layer_sizes=(8,), max_iter=50, random_state=0)
    reg.fit(X, X.sum(axis=1))
    model = load_model(reg, calibration=X)
    assert model.n_out == 1
    tanh = MLPRegressor(hidden_layer_sizes=(8,), activation="tanh", max_iter=20, random_state=0)
    tanh.fit(X, X[:, 0])
    with pytest.raises(UnsupportedModelError, match="tanh"):
        load_model(tanh)
