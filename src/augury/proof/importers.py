"""Model import: ONNX graphs and scikit-learn MLPs, to float layers, then quantized.

Supported ONNX ops: ``Gemm`` (``alpha = beta = 1``, any ``transB``), ``MatMul`` followed by
``Add`` of a constant, ``Relu``, ``Flatten`` (a no-op at batch 1) and ``Identity``. The
graph must be one chain from its single input to its single output; anything else raises
:class:`UnsupportedModelError` naming the op and the node.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from augury.proof.errors import ModelFileError, UnsupportedModelError
from augury.proof.model import FloatDense, QuantizedModel, quantize

DEFAULT_CALIBRATION_SAMPLES = 256


def _attrs(node: Any) -> dict[str, Any]:
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def read_onnx(path: str | Path) -> list[FloatDense]:
    """The dense layers of an ONNX MLP, in order."""
    import onnx
    from onnx import numpy_helper

    try:
        model = onnx.load(str(path))
    except Exception as exc:  # onnx raises several unrelated types for bad files
        raise ModelFileError(f"cannot read ONNX model {path}: {exc}") from None
    graph = model.graph
    consts = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            consts[node.output[0]] = numpy_helper.to_array(_attrs(node)["value"]).astype(np.float64)
    inputs = [i.name for i in graph.input if i.name not in consts]
    if len(inputs) != 1 or len(graph.output) != 1:
        raise UnsupportedModelError("ONNX graph must have exactly one data input and one output")
    current = inputs[0]
    layers: list[FloatDense] = []
    prev_op = ""
    for node in graph.node:
        name = node.name or node.output[0]
        op = node.op_type
        if op == "Constant":
            continue
        data_in = [i for i in node.input if i and i not in consts]
        if data_in != [current]:
            raise UnsupportedModelError(f"ONNX node {name} ({op}) is not on the single data path")
        if op in ("Flatten", "Identity"):
            pass
        elif op == "Gemm":
            a = _attrs(node)
            if a.get("transA", 0) or a.get("alpha", 1.0) != 1.0 or a.get("beta", 1.0) != 1.0:
                raise UnsupportedModelError(f"ONNX node {name} (Gemm) uses transA/alpha/beta")
            w = consts[node.input[1]]
            w = w if a.get("transB", 0) else w.T
            b = consts[node.input[2]] if len(node.input) > 2 and node.input[2] else None
            layers.append(_dense(w, b, name))
        elif op == "MatMul" and node.input[1] in consts:
            layers.append(_dense(consts[node.input[1]].T, None, name))
        elif op == "Add" and prev_op == "MatMul":
            bias = consts[next(i for i in node.input if i in consts)].reshape(-1)
            last = layers[-1]
            if bias.shape != last.bias.shape:
                raise UnsupportedModelError(f"ONNX node {name}: bias size does not match")
            layers[-1] = FloatDense(last.weight, last.bias + bias, "identity")
        elif op == "Relu" and layers and layers[-1].activation == "identity":
            last = layers[-1]
            layers[-1] = FloatDense(last.weight, last.bias, "relu")
        else:
            raise UnsupportedModelError(f"unsupported ONNX op {op} at node {name}")
        prev_op = op
        current = node.output[0]
    if current != graph.output[0].name:
        raise UnsupportedModelError("ONNX graph output is not produced by the data path")
    if not layers:
        raise UnsupportedModelError("ONNX graph has no Gemm or MatMul layer")
    return layers


def _dense(w: npt.NDArray[np.float64], b: npt.NDArray[np.float64] | None, name: str) -> FloatDense:
    if w.ndim != 2:
        raise UnsupportedModelError(f"ONNX node {name}: weight is not a matrix")
    bias = np.zeros(w.shape[0]) if b is None else b.reshape(-1)
    if bias.shape[0] != w.shape[0]:
        raise UnsupportedModelError(f"ONNX node {name}: bias size does not match")
    return FloatDense(np.ascontiguousarray(w), bias, "identity")


def write_onnx(layers: list[FloatDense], path: str | Path, opset: int = 13) -> None:
    """Save float layers as a Gemm/Relu ONNX graph with input ``input`` of shape [1, n_in]."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes = []
    inits = []
    current = "input"
    for i, layer in enumerate(layers):
        inits.append(numpy_helper.from_array(layer.weight.astype(np.float32), f"W{i}"))
        inits.append(numpy_helper.from_array(layer.bias.astype(np.float32), f"B{i}"))
        out = f"gemm{i}"
        nodes.append(
            helper.make_node("Gemm", [current, f"W{i}", f"B{i}"], [out], name=f"Gemm_{i}", transB=1)
        )
        current = out
        if layer.activation == "relu":
            nodes.append(helper.make_node("Relu", [current], [f"relu{i}"], name=f"Relu_{i}"))
            current = f"relu{i}"
    n_in = layers[0].weight.shape[1]
    n_out = layers[-1].weight.shape[0]
    graph = helper.make_graph(
        nodes,
        "augury_mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, n_in])],
        [helper.make_tensor_value_info(current, TensorProto.FLOAT, [1, n_out])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.save(model, str(path))


def read_sklearn(estimator: Any) -> list[FloatDense]:
    """The layers of a fitted ``MLPClassifier`` / ``MLPRegressor`` (output = logits)."""
    coefs = getattr(estimator, "coefs_", None)
    if coefs is None:
        raise UnsupportedModelError(f"{type(estimator).__name__} is not a fitted sklearn MLP")
    act = estimator.activation
    if act not in ("relu", "identity"):
        raise UnsupportedModelError(f"unsupported sklearn MLP activation {act!r}")
    n = len(coefs)
    return [
        FloatDense(
            np.asarray(w, dtype=np.float64).T.copy(),
            np.asarray(b, dtype=np.float64).copy(),
            act if i + 1 < n else "identity",
        )
        for i, (w, b) in enumerate(zip(coefs, estimator.intercepts_, strict=True))
    ]


def read_layers(source: str | Path | Any) -> list[FloatDense]:
    if isinstance(source, str | Path):
        if not Path(source).is_file():
            raise ModelFileError(f"model file not found: {source}")
        return read_onnx(source)
    return read_sklearn(source)


def load_model(
    source: str | Path | Any, calibration: npt.ArrayLike | None = None
) -> QuantizedModel:
    """Quantize an ONNX file or a fitted sklearn MLP.

    ``calibration`` (inputs, one per row) sets the input scale and the requantization
    shifts; without it, 256 standard-normal inputs from a fixed seed are used, which suits
    standardized features — pass real data for anything else.
    """
    layers = read_layers(source)
    if calibration is None:
        rng = np.random.default_rng(0)
        calibration = rng.standard_normal((DEFAULT_CALIBRATION_SAMPLES, layers[0].weight.shape[1]))
    return quantize(layers, calibration)
