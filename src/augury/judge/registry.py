"""What a model's registration on ``Judge.vy`` commits to, and how inputs are addressed.

On chain a model is four hashes (``Judge.register``):

* ``commitment`` — keccak256 of ``Commitment.to_bytes()`` from :mod:`augury.proof`, the
  commitment every answer's proof is checked against (the bytes themselves are published
  in the blob store under that hash);
* ``weightsRoot`` — the :class:`~augury.judge.weights.WeightTree` root over the model's
  integers in :func:`weight_values` order, which the delayed reveal is checked against;
* ``archHash`` — keccak256 of the canonical JSON of the layer shapes and activations
  (:func:`arch_document`);
* ``quantHash`` — keccak256 of the canonical JSON of the input/output scales and the
  per-layer shifts (:func:`quant_document`).

Both JSON documents are published too, so that after the reveal anyone can rebuild the
quantized model from weights + architecture + quantization (:func:`model_from_parts`),
recompute its proof commitment and compare it with the one the answers were proven
against.

Inputs: a request's ``inputHash`` is keccak256 of the statement's quantized input
``x_q = rint(x / input_scale)`` clipped to [-127, 127], as ``n_in`` little-endian int32
(:func:`statement_input`, the bytes ``ProofVerifier.verify`` and the proof's transcript
take), so ``Judge.disprove`` can bind a proof to the question asked: the requester
quantizes with the scale in the model's published commitment, and the operator, any
checker and the contract see the same integers. (The chain cannot quantize floats; an
answer is about ``x_q``, which is all the model ever sees.) :func:`encode_input` is the
float document of EZKL's input format ``{"input_data": [[x_0, ...]]}``, still used to
carry floats between parties off chain.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from eth_utils import keccak

from augury.judge.errors import JudgeInputError
from augury.judge.store import BlobStore, canonical_json
from augury.judge.weights import WeightTree
from augury.proof import Commitment, DenseLayer, ProofError, QuantizedModel, commit
from augury.proof.model import quantize_input

#: ``Judge.vy`` stores at most this many outputs per answer.
MAX_OUTPUTS = 16
ARCH_FORMAT = "augury-judge-arch"
QUANT_FORMAT = "augury-judge-quant"


def weight_values(model: QuantizedModel) -> list[int]:
    """The model's integers in commitment order.

    Layer by layer, first to last: the weight matrix row by row (``weight[o, i]`` for
    output ``o``, input ``i``, i.e. row-major ``(n_out, n_in)``), then the bias
    (``n_out`` values). Shifts and scales are not weights: they are in the
    quantization document.
    """
    out: list[int] = []
    for layer in model.layers:
        out.extend(int(v) for v in np.asarray(layer.weight).reshape(-1))
        out.extend(int(v) for v in np.asarray(layer.bias).reshape(-1))
    return out


def arch_document(model: QuantizedModel) -> dict[str, Any]:
    return {
        "format": ARCH_FORMAT,
        "version": 1,
        "layers": [
            {"n_in": x.n_in, "n_out": x.n_out, "activation": x.activation} for x in model.layers
        ],
    }


def quant_document(model: QuantizedModel) -> dict[str, Any]:
    return {
        "format": QUANT_FORMAT,
        "version": 1,
        "input_scale": float(model.input_scale),
        "output_scale": float(model.output_scale),
        "shifts": [int(x.shift) for x in model.layers],
    }


@dataclass(frozen=True)
class ModelCommitments:
    """Everything ``Judge.register`` takes about a model, with the bytes behind the hashes."""

    proof_commitment: Commitment
    commitment_bytes: bytes
    commitment: bytes  # keccak256(commitment_bytes), the on-chain `commitment`
    weights_root: bytes
    arch_json: bytes
    arch_hash: bytes
    quant_json: bytes
    quant_hash: bytes

    def publish(self, store: BlobStore) -> None:
        """Put the commitment and both documents in the store (weights stay private)."""
        store.put(self.commitment_bytes)
        store.put(self.arch_json)
        store.put(self.quant_json)


def model_commitments(model: QuantizedModel) -> ModelCommitments:
    if model.n_out > MAX_OUTPUTS:
        raise JudgeInputError(
            f"the model has {model.n_out} outputs; the Judge contract takes at most {MAX_OUTPUTS}"
        )
    c = commit(model)
    cb = c.to_bytes()
    arch = canonical_json(arch_document(model))
    quant = canonical_json(quant_document(model))
    return ModelCommitments(
        proof_commitment=c,
        commitment_bytes=cb,
        commitment=keccak(cb),
        weights_root=WeightTree.from_values(weight_values(model)).root,
        arch_json=arch,
        arch_hash=keccak(arch),
        quant_json=quant,
        quant_hash=keccak(quant),
    )


def model_from_parts(values: Sequence[int], arch_json: bytes, quant_json: bytes) -> QuantizedModel:
    """Rebuild a quantized model from revealed weights and its two published documents."""
    try:
        arch = json.loads(arch_json)
        quant = json.loads(quant_json)
        if arch["format"] != ARCH_FORMAT or quant["format"] != QUANT_FORMAT:
            raise JudgeInputError("not a judge architecture/quantization document")
        shapes = [(int(x["n_in"]), int(x["n_out"]), str(x["activation"])) for x in arch["layers"]]
        shifts = [int(s) for s in quant["shifts"]]
        in_scale, out_scale = float(quant["input_scale"]), float(quant["output_scale"])
    except JudgeInputError:  # a ValueError too: keep its own message
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise JudgeInputError(f"malformed architecture or quantization document: {exc}") from None
    need = sum(n_out * (n_in + 1) for n_in, n_out, _ in shapes)
    if len(shifts) != len(shapes) or len(values) != need:
        raise JudgeInputError(
            f"{len(values)} weights do not fit the architecture (it needs {need})"
        )
    layers = []
    pos = 0
    arr = np.asarray(values, dtype=np.int64)
    for (n_in, n_out, act), shift in zip(shapes, shifts, strict=True):
        w = arr[pos : pos + n_out * n_in].reshape(n_out, n_in).copy()
        pos += n_out * n_in
        b = arr[pos : pos + n_out].copy()
        pos += n_out
        layers.append(DenseLayer(w, b, shift, act))
    return QuantizedModel(tuple(layers), in_scale, out_scale)


# -- inputs -------------------------------------------------------------------------


def encode_input(x: npt.ArrayLike) -> bytes:
    """Canonical bytes of one input vector, ``{"input_data": [[...]]}`` with float values."""
    try:
        arr = np.asarray(x, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise JudgeInputError("an input must be a list of numbers") from None
    values = [float(v) for v in arr]
    if not values or not all(math.isfinite(v) for v in values):
        raise JudgeInputError("an input must be a non-empty list of finite numbers")
    return canonical_json({"input_data": [values]})


def decode_input(data: bytes) -> npt.NDArray[np.float64]:
    """The input vector of canonical input bytes (as published by a requester)."""
    try:
        doc = json.loads(data)
        rows = doc["input_data"]
        if not isinstance(rows, list) or len(rows) != 1:
            raise JudgeInputError('an input document holds exactly one row: {"input_data": [[..]]}')
        return np.asarray(rows[0], dtype=np.float64).reshape(-1)
    except JudgeInputError:  # a ValueError too: keep its own message
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise JudgeInputError(f"malformed input document: {exc}") from None


def statement_input(commitment: Commitment, x: npt.ArrayLike) -> bytes:
    """The request's input bytes for a float input ``x``: ``x_q`` as little-endian int32
    (keccak256 of these bytes is the on-chain ``inputHash``)."""
    n_in = commitment.layers[0].n_in
    try:
        x_q = quantize_input(x, commitment.input_scale, n_in)
    except ProofError as exc:
        raise JudgeInputError(str(exc)) from None
    return x_q.astype("<i4").tobytes()


def decode_statement_input(data: bytes) -> npt.NDArray[np.int64]:
    """``x_q`` from a request's input bytes (little-endian int32, values in [-127, 127])."""
    if not data or len(data) % 4:
        raise JudgeInputError("a quantized input is a non-empty run of 4-byte integers")
    x_q = np.frombuffer(data, dtype="<i4").astype(np.int64)
    if int(np.abs(x_q).max()) > 127:
        raise JudgeInputError("quantized input values must lie in [-127, 127]")
    return x_q


def activated(z: npt.ArrayLike, activation: str) -> list[int]:
    """``act(z_L)`` as the integers an answer posts (what ``Judge.disprove`` compares)."""
    arr = np.asarray(z, dtype=np.int64).reshape(-1)
    return [int(v) for v in (np.maximum(arr, 0) if activation == "relu" else arr)]


def output_ints(model: QuantizedModel, x: npt.ArrayLike) -> list[int]:
    """The integers ``Judge.answer`` posts: ``act(z_L)``, the last layer's quantized output.

    ``output_ints * output_scale`` is exactly the float output a proof attests.
    """
    z = model.forward_int(model.quantize_input(x))[-1]
    act = np.maximum(z, 0) if model.layers[-1].activation == "relu" else z
    return [int(v) for v in act]


def dequantize(output: Sequence[int], commitment: Commitment) -> npt.NDArray[np.float64]:
    """The float output a proof attests, from the integers on chain."""
    return np.asarray(list(output), dtype=np.int64).astype(np.float64) * commitment.output_scale
