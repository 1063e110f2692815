"""Quantized multilayer perceptrons: the models ``augury.proof`` proves.

Semantics (shared bit for bit by the prover, the verifier and plain inference):

* input: ``a_0 = clip(rint(x / input_scale), -127, 127)``;
* layer ``l``: ``z_l = W_l a_{l-1} + b_l`` with int8 weights and integer biases;
* hidden layers: ``a_l = clip(z_l >> shift_l, lo, 127)`` — an arithmetic right shift
  (floor division by ``2^shift``), with ``lo = 0`` for ReLU and ``-127`` for identity, so
  ReLU, requantization and saturation are one step;
* last layer: ``y = act(z_L) * output_scale`` (``act`` is ReLU or identity, no shift).

Power-of-two requantization keeps the step exactly checkable from ``z_l`` alone; the scale
lost by rounding the factor to a power of two is absorbed by the next layer's scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from augury.proof.errors import InputError, UnsupportedModelError
from augury.proof.field import HALF

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

ACTIVATIONS = ("relu", "identity")
QMAX = 127


@dataclass(frozen=True)
class FloatDense:
    """A float dense layer as read from ONNX or scikit-learn: ``act(W x + b)``."""

    weight: F64  # (n_out, n_in)
    bias: F64  # (n_out,)
    activation: str


@dataclass(frozen=True, eq=False)
class DenseLayer:
    """One quantized layer; ``shift`` is unused (0) on the last layer."""

    weight: I64  # (n_out, n_in), values in [-127, 127]
    bias: I64  # (n_out,)
    shift: int
    activation: str

    @property
    def n_in(self) -> int:
        return int(self.weight.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.weight.shape[0])


@dataclass(frozen=True, eq=False)
class QuantizedModel:
    """An integer MLP plus the two scales that connect it to floats."""

    layers: tuple[DenseLayer, ...]
    input_scale: float
    output_scale: float

    @property
    def n_in(self) -> int:
        return self.layers[0].n_in

    @property
    def n_out(self) -> int:
        return self.layers[-1].n_out

    def quantize_input(self, x: npt.ArrayLike) -> I64:
        return quantize_input(x, self.input_scale, self.n_in)

    def forward_int(self, x_q: I64) -> list[I64]:
        """All pre-activations ``z_1..z_L`` for one quantized input."""
        zs: list[I64] = []
        a = x_q
        for i, layer in enumerate(self.layers):
            z = layer.weight @ a + layer.bias
            zs.append(z)
            if i + 1 < len(self.layers):
                a = requantize(z, layer.shift, layer.activation)
        return zs

    def output_from_z(self, z_last: I64) -> F64:
        return dequantize_output(z_last, self.layers[-1].activation, self.output_scale)

    def predict(self, x: npt.ArrayLike) -> F64:
        """Plain quantized inference for one input: the float output the proof attests."""
        return self.output_from_z(self.forward_int(self.quantize_input(x))[-1])

    def predict_batch(self, X: npt.ArrayLike) -> F64:
        """Vectorized plain inference over rows of ``X`` (same result as :meth:`predict`)."""
        arr = np.asarray(X, dtype=np.float64)
        a = np.clip(np.rint(arr / self.input_scale), -QMAX, QMAX).astype(np.int64)
        for i, layer in enumerate(self.layers):
            z = a @ layer.weight.T + layer.bias
            if i + 1 < len(self.layers):
                a = requantize(z, layer.shift, layer.activation)
        return dequantize_output(z, self.layers[-1].activation, self.output_scale)


def quantize_input(x: npt.ArrayLike, scale: float, n_in: int) -> I64:
    arr = np.asarray(x, dtype=np.float64).reshape(-1)
    if arr.shape[0] != n_in:
        raise InputError(f"input has {arr.shape[0]} values, the model takes {n_in}")
    if not np.all(np.isfinite(arr)):
        raise InputError("input contains NaN or infinity")
    return cast(I64, np.clip(np.rint(arr / scale), -QMAX, QMAX).astype(np.int64))


def requantize(z: I64, shift: int, activation: str) -> I64:
    lo = 0 if activation == "relu" else -QMAX
    return cast(I64, np.clip(z >> shift, lo, QMAX).astype(np.int64))


def dequantize_output(z: I64, activation: str, scale: float) -> F64:
    out = np.maximum(z, 0) if activation == "relu" else z
    return out.astype(np.float64) * scale


def float_forward(layers: list[FloatDense], X: npt.ArrayLike) -> F64:
    """The float model, for accuracy comparisons."""
    a = np.asarray(X, dtype=np.float64)
    for layer in layers:
        a = a @ layer.weight.T + layer.bias
        if layer.activation == "relu":
            a = np.maximum(a, 0.0)
    return a


def quantize(layers: list[FloatDense], calibration: npt.ArrayLike) -> QuantizedModel:
    """Symmetric int8 per-layer quantization, shifts chosen on ``calibration`` inputs.

    Raises :class:`UnsupportedModelError` if a layer could leave the field's signed range, which
    would make the integer semantics ambiguous.
    """
    if not layers:
        raise UnsupportedModelError("model has no dense layers")
    for i, layer in enumerate(layers):
        if layer.activation not in ACTIVATIONS:
            raise UnsupportedModelError(f"layer {i}: unsupported activation {layer.activation!r}")
        if i and layer.weight.shape[1] != layers[i - 1].weight.shape[0]:
            raise UnsupportedModelError(f"layer {i}: input size does not match the previous layer")
    X = np.asarray(calibration, dtype=np.float64).reshape(-1, layers[0].weight.shape[1])
    max_in = float(np.abs(X).max()) if X.size else 0.0
    input_scale = max_in / QMAX if max_in > 0 else 1.0
    a = np.clip(np.rint(X / input_scale), -QMAX, QMAX).astype(np.int64)
    act_scale = input_scale
    out: list[DenseLayer] = []
    output_scale = 1.0
    for i, layer in enumerate(layers):
        wmax = float(np.abs(layer.weight).max())
        w_scale = wmax / QMAX if wmax > 0 else 1.0
        w_q = np.rint(layer.weight / w_scale).astype(np.int64)
        acc_scale = w_scale * act_scale
        b_q = np.rint(layer.bias / acc_scale).astype(np.int64)
        bound = int(np.abs(w_q).sum(axis=1).max()) * QMAX + int(np.abs(b_q).max(initial=0))
        if bound > HALF:
            raise UnsupportedModelError(f"layer {i}: accumulator may exceed the field range")
        z = a @ w_q.T + b_q
        last = i + 1 == len(layers)
        shift = 0
        if not last:
            zmax = int(np.abs(z).max()) if z.size else 0
            shift = max(0, math.ceil(math.log2(zmax / QMAX))) if zmax > QMAX else 0
            a = requantize(z, shift, layer.activation)
            act_scale = acc_scale * 2.0**shift
        else:
            output_scale = acc_scale
        out.append(DenseLayer(w_q, b_q, shift, layer.activation))
    return QuantizedModel(tuple(out), input_scale, output_scale)
