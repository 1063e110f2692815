"""Verifiable inference for quantized MLPs: commit to a model, prove a forward pass, verify.

``augury.proof`` knows nothing of Ethereum. Typical use::

    model = load_model("model.onnx", calibration=X_train)
    commitment = commit(model)            # publish commitment.to_bytes()
    y, proof = prove(model, x)            # proof.to_bytes() travels with the answer
    assert verify(commitment, x, y, proof)

Design, field choice, soundness and byte formats: docs/proof.md.
"""

from augury.proof.encoding import Commitment, LayerShape, Proof
from augury.proof.errors import (
    InputError,
    MalformedCommitmentError,
    MalformedProofError,
    ModelFileError,
    ProofError,
    UnsupportedModelError,
)
from augury.proof.importers import load_model, read_onnx, read_sklearn, write_onnx
from augury.proof.model import DenseLayer, FloatDense, QuantizedModel, float_forward, quantize
from augury.proof.protocol import commit, prove, prove_quantized, verify, verify_quantized

__all__ = [
    "Commitment",
    "DenseLayer",
    "FloatDense",
    "InputError",
    "LayerShape",
    "MalformedCommitmentError",
    "MalformedProofError",
    "ModelFileError",
    "Proof",
    "ProofError",
    "QuantizedModel",
    "UnsupportedModelError",
    "commit",
    "float_forward",
    "load_model",
    "prove",
    "prove_quantized",
    "quantize",
    "read_onnx",
    "read_sklearn",
    "verify",
    "verify_quantized",
    "write_onnx",
]
