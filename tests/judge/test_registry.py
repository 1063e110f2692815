"""Registration hashes, weight order, input encoding and output integers, on real models."""

from __future__ import annotations

import numpy as np
import pytest
from eth_utils import keccak

from augury.judge.errors import JudgeInputError
from augury.judge.registry import (
    decode_input,
    dequantize,
    encode_input,
    model_commitments,
    model_from_parts,
    output_ints,
    weight_values,
)
from augury.judge.weights import WeightTree
from augury.proof import DenseLayer, QuantizedModel, commit, prove, verify

from .conftest import make_model


def test_weight_order_is_rows_then_bias_layer_by_layer() -> None:
    w1 = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int64)
    w2 = np.array([[7, 8]], dtype=np.int64)
    m = QuantizedModel(
        (
            DenseLayer(w1, np.array([-1, -2], dtype=np.int64), 3, "relu"),
            DenseLayer(w2, np.array([-3], dtype=np.int64), 0, "identity"),
        ),
        0.5,
        0.25,
    )
    assert weight_values(m) == [1, 2, 3, 4, 5, 6, -1, -2, 7, 8, -3]


def test_commitments_bind_every_part(model: QuantizedModel) -> None:
    mc = model_commitments(model)
    assert mc.commitment == keccak(commit(model).to_bytes())
    assert mc.weights_root == WeightTree.from_values(weight_values(model)).root
    assert mc.arch_hash == keccak(mc.arch_json) and mc.quant_hash == keccak(mc.quant_json)
    # a different shift is a different quantization, not a different architecture
    layers = list(model.layers)
    layers[0] = DenseLayer(layers[0].weight, layers[0].bias, layers[0].shift + 1, "relu")
    shifted = model_commitments(
        QuantizedModel(tuple(layers), model.input_scale, model.output_scale)
    )
    assert shifted.arch_hash == mc.arch_hash and shifted.quant_hash != mc.quant_hash
    assert shifted.commitment != mc.commitment


def test_revealed_parts_rebuild_the_committed_model(model: QuantizedModel) -> None:
    mc = model_commitments(model)
    rebuilt = model_from_parts(weight_values(model), mc.arch_json, mc.quant_json)
    assert keccak(commit(rebuilt).to_bytes()) == mc.commitment
    with pytest.raises(JudgeInputError, match="do not fit the architecture"):
        model_from_parts(weight_values(model)[:-1], mc.arch_json, mc.quant_json)
    with pytest.raises(JudgeInputError, match="malformed"):
        model_from_parts(weight_values(model), b"{}", mc.quant_json)


def test_models_with_too_many_outputs_are_refused() -> None:
    _, wide = make_model(3, (4, 17))
    with pytest.raises(JudgeInputError, match="at most 16"):
        model_commitments(wide)


def test_input_encoding_is_canonical() -> None:
    a = encode_input([1, 2, 0.5])
    assert a == b'{"input_data":[[1.0,2.0,0.5]]}'
    assert encode_input(np.array([[1.0, 2.0, 0.5]])) == a
    assert decode_input(a).tolist() == [1.0, 2.0, 0.5]
    x = [0.1, -1e-300, 3.141592653589793]
    assert decode_input(encode_input(x)).tolist() == x  # floats round-trip exactly
    for bad in ([], [float("nan")], [float("inf")], ["a"]):
        with pytest.raises(JudgeInputError):
            encode_input(bad)
    for blob in (b"[]", b'{"input_data": [[1], [2]]}', b"nope"):
        with pytest.raises(JudgeInputError):
            decode_input(blob)


def test_posted_integers_are_what_the_proof_attests(model: QuantizedModel) -> None:
    rng = np.random.default_rng(7)
    c = commit(model)
    for _ in range(5):
        x = rng.standard_normal(model.n_in)
        y, proof = prove(model, x)
        ints = output_ints(model, x)
        assert np.array_equal(dequantize(ints, c), y)
        assert verify(c, x, dequantize(ints, c), proof)
        wrong = list(ints)
        wrong[0] += 1
        assert not verify(c, x, dequantize(wrong, c), proof)
