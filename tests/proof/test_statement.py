"""Integer and float statements: what each proof binds, and that neither verifies as the other."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from augury.proof import InputError, Proof, prove_quantized, verify, verify_quantized
from augury.proof.encoding import STATEMENT_FLOAT, STATEMENT_INTEGER

quantized = arrays(np.int64, 12, elements=st.integers(-127, 127))


@settings(max_examples=30, deadline=None)
@given(quantized)
def test_integer_statements_verify_and_bind_input_and_output(impl, small_model, x_q) -> None:  # type: ignore[no-untyped-def]
    model, c, _ = small_model
    z, proof = impl.prove_quantized(model, x_q)
    assert proof.statement == STATEMENT_INTEGER
    assert np.array_equal(z, model.forward_int(x_q)[-1])
    again = Proof.from_bytes(proof.to_bytes())
    assert verify_quantized(c, x_q, z, again)
    other = x_q.copy()
    other[3] = other[3] + 1 if other[3] < 127 else 126
    assert not verify_quantized(c, other, z, again)
    bumped = z.copy()
    bumped[0] += 1
    assert not verify_quantized(c, x_q, bumped, again)


def test_a_statement_verifies_only_as_its_own_kind(impl, small_model) -> None:  # type: ignore[no-untyped-def]
    model, c, X = small_model
    x = X[0]
    y, float_proof = impl.prove(model, x)
    assert float_proof.statement == STATEMENT_FLOAT
    x_q = model.quantize_input(x)
    z, int_proof = impl.prove_quantized(model, x_q)
    assert int_proof.to_bytes() == prove_quantized(model, x_q)[1].to_bytes()
    assert verify(c, x, y, float_proof) and verify_quantized(c, x_q, z, int_proof)
    assert not verify_quantized(c, x_q, z, float_proof)
    assert not verify(c, x, y, int_proof)
    # relabelling the kind byte does not help: the transcripts differ
    for proof, kind in ((float_proof, STATEMENT_INTEGER), (int_proof, STATEMENT_FLOAT)):
        raw = bytearray(proof.to_bytes())
        raw[5] = kind
        relabelled = Proof.from_bytes(bytes(raw))
        assert not verify(c, x, y, relabelled)
        assert not verify_quantized(c, x_q, z, relabelled)


def test_a_float_statement_binds_the_exact_input(impl, small_model) -> None:  # type: ignore[no-untyped-def]
    """Two inputs that quantize alike run the same integer computation, yet a float proof
    for one does not verify for the other: the float64 bytes are in the transcript."""
    model, c, X = small_model
    x = X[1]
    y, proof = impl.prove(model, x)
    nudged = x.copy()
    nudged[0] = np.nextafter(nudged[0], np.inf)
    assert np.array_equal(model.quantize_input(nudged), model.quantize_input(x))
    assert not verify(c, nudged, y, proof)


@pytest.mark.parametrize(
    "bad",
    [np.zeros(11, dtype=np.int64), np.full(12, 128), np.zeros(12, dtype=np.float64)],
)
def test_quantized_inputs_are_checked(impl, small_model, bad) -> None:  # type: ignore[no-untyped-def]
    model, _, _ = small_model
    with pytest.raises(InputError):
        impl.prove_quantized(model, bad)
