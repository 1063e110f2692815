from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from augury.proof import (
    Commitment,
    FloatDense,
    InputError,
    MalformedCommitmentError,
    MalformedProofError,
    Proof,
    QuantizedModel,
    commit,
    prove,
    quantize,
    verify,
)
from augury.proof.reference import protocol as reference

from .conftest import random_layers

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, 12, elements=finite))
def test_honest_proofs_verify(impl, small_model, x: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    model, c, _ = small_model
    y, proof = impl.prove(model, x)
    assert np.array_equal(y, model.predict(x))
    assert impl.verify(c, x, y, proof)
    again = Proof.from_bytes(proof.to_bytes())
    assert again.to_bytes() == proof.to_bytes()
    assert impl.verify(c, x, y, again)


def test_both_implementations_commit_alike(impl, small_model) -> None:  # type: ignore[no-untyped-def]
    model, c, _ = small_model
    assert impl.commit(model) == c
    assert impl.commit(_copy(model), 2).to_bytes() == commit(_copy(model), 2).to_bytes()


def _copy(model: QuantizedModel) -> QuantizedModel:
    """An equal model object (the fast prover caches one commitment per object)."""
    return QuantizedModel(model.layers, model.input_scale, model.output_scale)


def test_mid_model(mid_model) -> None:  # type: ignore[no-untyped-def]
    model, c, X = mid_model
    for x in X[:5]:
        y, proof = prove(model, x)
        assert verify(c, x, y, proof)


def test_relu_output(impl) -> None:  # type: ignore[no-untyped-def]
    relu_out = quantize(random_layers([9, 5, 4], seed=5, last="relu"),
                        np.random.default_rng(1).standard_normal((30, 9)))
    y, proof = impl.prove(relu_out, np.ones(9))
    assert (y >= 0).all() and impl.verify(impl.commit(relu_out), np.ones(9), y, proof)


def test_reference_prover_gives_identical_bytes(small_model) -> None:  # type: ignore[no-untyped-def]
    model, c, X = small_model
    assert reference.commit(model).to_bytes() == c.to_bytes()
    for x in X[:3]:
        y, proof = prove(model, x)
        y_ref, proof_ref = reference.prove(model, x)
        assert np.array_equal(y, y_ref)
        assert proof_ref.to_bytes() == proof.to_bytes()


def test_reference_on_a_three_hidden_layer_model() -> None:
    X = np.random.default_rng(3).standard_normal((40, 5))
    model = quantize(random_layers([5, 9, 3, 6, 2], seed=9), X)
    y, proof = prove(model, X[0])
    assert reference.prove(model, X[0])[1].to_bytes() == proof.to_bytes()
    assert verify(commit(model), X[0], y, proof)


def test_commitment_formats_round_trip(small_model) -> None:  # type: ignore[no-untyped-def]
    _, c, _ = small_model
    assert Commitment.from_bytes(c.to_bytes()) == c
    assert Commitment.from_json(c.to_json()) == c
    with pytest.raises(MalformedCommitmentError):
        Commitment.from_bytes(c.to_bytes() + b"\x00")
    with pytest.raises(MalformedCommitmentError):
        Commitment.from_json({**c.to_json(), "queries": 3})
    with pytest.raises(MalformedCommitmentError):
        Commitment.from_json({"format": "augury-proof-commitment", "version": 1})


def test_malformed_proof_bytes(impl, small_model) -> None:  # type: ignore[no-untyped-def]
    model, _, X = small_model
    data = impl.prove(model, X[0])[1].to_bytes()
    for bad in (b"", data[:-1], data + b"\x00", b"XXXX" + data[4:]):
        with pytest.raises(MalformedProofError):
            Proof.from_bytes(bad)


def test_wrong_input_size_is_a_user_error(impl, small_model) -> None:  # type: ignore[no-untyped-def]
    model, c, X = small_model
    y, proof = impl.prove(model, X[0])
    with pytest.raises(InputError):
        impl.prove(model, np.ones(3))
    with pytest.raises(InputError):
        impl.verify(c, np.ones(3), y, proof)
    with pytest.raises(InputError):
        impl.prove(model, np.full(12, np.nan))
    assert not impl.verify(c, X[0], y[:-1], proof)


def _perturbed(model: QuantizedModel, layer: int, i: int, j: int, delta: int) -> QuantizedModel:
    layers = list(model.layers)
    w = layers[layer].weight.copy()
    w[i % w.shape[0], j % w.shape[1]] += delta
    layers[layer] = type(layers[layer])(w, layers[layer].bias, layers[layer].shift,
                                         layers[layer].activation)
    return QuantizedModel(tuple(layers), model.input_scale, model.output_scale)


def test_commitment_binds_every_layer(impl, small_model) -> None:  # type: ignore[no-untyped-def]
    model, c, X = small_model
    for layer in range(len(model.layers)):
        other = _perturbed(model, layer, 1, 2, 1)
        assert impl.commit(other).root != c.root
        y, proof = impl.prove(other, X[0])
        assert not impl.verify(c, X[0], y, proof)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(1, 20), min_size=2, max_size=4), st.integers(0, 2**16),
       st.sampled_from(["relu", "identity"]))
def test_any_mlp_shape_proves_and_verifies(sizes: list[int], seed: int, last: str) -> None:
    X = np.random.default_rng(seed).standard_normal((16, sizes[0]))
    model = quantize(random_layers(sizes, seed=seed, last=last), X)
    y, proof = prove(model, X[0])
    assert verify(commit(model), X[0], y, Proof.from_bytes(proof.to_bytes()))
    if sum(sizes) <= 12:
        assert reference.prove(model, X[0])[1].to_bytes() == proof.to_bytes()


def test_identity_hidden_layer_saturates_both_ways(impl) -> None:  # type: ignore[no-untyped-def]
    layers = [FloatDense(w.weight, w.bias, "identity") for w in random_layers([6, 5, 3], seed=2)]
    X = np.random.default_rng(4).standard_normal((20, 6))
    model = quantize(layers, X)
    x = X[0] * 50  # far outside calibration: the hidden layer clips at -127 and 127
    y, proof = impl.prove(model, x)
    assert impl.verify(impl.commit(model), x, y, proof)
    assert np.array_equal(y, model.predict(x))
