"""Soundness: every tampered statement, proof or model is rejected (issue 5).

Prove once, mutate many times. Together these tests run well over 1,000 mutations
(hypothesis) plus an exhaustive sweep over every byte of one proof; all must be rejected.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from augury.proof import (
    Commitment,
    InputError,
    MalformedCommitmentError,
    MalformedProofError,
    Proof,
    prove,
    verify,
)

from .test_protocol import _perturbed

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

def mutations(n: int) -> settings:
    return settings(deadline=None, database=None, max_examples=n,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def honest(mid_model):  # type: ignore[no-untyped-def]
    model, c, X = mid_model
    x = X[3]
    y, proof = prove(model, x)
    data = proof.to_bytes()
    assert verify(c, x, y, Proof.from_bytes(data))
    return model, c, x, y, data


def _rejected(c: Commitment, x: np.ndarray, y: np.ndarray, data: bytes) -> bool:
    """A rejection is a parse error, an input that does not fit the commitment, or False."""
    try:
        return not verify(c, x, y, Proof.from_bytes(data))
    except (MalformedProofError, InputError):
        return True


@mutations(700)
@given(st.data())
def test_single_byte_changes_are_rejected(honest, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    _, c, x, y, proof = honest
    pos = data.draw(st.integers(0, len(proof) - 1))
    flip = data.draw(st.integers(1, 255))
    mutated = bytearray(proof)
    mutated[pos] ^= flip
    assert _rejected(c, x, y, bytes(mutated))


@mutations(200)
@given(st.data())
def test_changed_input_elements_are_rejected(honest, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    _, c, x, y, proof = honest
    i = data.draw(st.integers(0, x.shape[0] - 1))
    new = data.draw(st.floats(-1e6, 1e6, allow_nan=False).filter(lambda v: v != x[i]))
    x2 = x.copy()
    x2[i] = new
    assert _rejected(c, x2, y, proof)


@mutations(200)
@given(st.data())
def test_changed_output_elements_are_rejected(honest, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    _, c, x, y, proof = honest
    i = data.draw(st.integers(0, y.shape[0] - 1))
    new = data.draw(st.floats(allow_nan=True).filter(lambda v: v != y[i]))
    y2 = y.copy()
    y2[i] = new
    assert _rejected(c, x, y2, proof)


@mutations(60)
@given(st.integers(0, 1), st.integers(0, 63), st.integers(0, 63),
       st.sampled_from([-2, -1, 1, 2]))
def test_models_differing_from_the_commitment_are_rejected(  # type: ignore[no-untyped-def]
    honest, layer: int, i: int, j: int, delta: int
) -> None:
    model, c, x, _, _ = honest
    other = _perturbed(model, layer, i, j, delta)
    y, proof = prove(other, x)
    assert _rejected(c, x, y, proof.to_bytes())


@mutations(100)
@given(st.data())
def test_single_byte_changes_to_the_commitment_are_rejected(  # type: ignore[no-untyped-def]
    honest, data: st.DataObject
) -> None:
    _, c, x, y, proof = honest
    raw = bytearray(c.to_bytes())
    pos = data.draw(st.integers(0, len(raw) - 1))
    raw[pos] ^= data.draw(st.integers(1, 255))
    try:
        c2 = Commitment.from_bytes(bytes(raw))
    except MalformedCommitmentError:
        return
    assert _rejected(c2, x, y, proof)


def test_every_byte_of_a_small_proof(small_model) -> None:  # type: ignore[no-untyped-def]
    """Exhaustive: flip each byte of one proof (a different xor mask per position)."""
    model, c, X = small_model
    y, proof = prove(model, X[0])
    data = proof.to_bytes()
    for pos in range(len(data)):
        mutated = bytearray(data)
        mutated[pos] ^= 1 + (pos * 37) % 255
        assert _rejected(c, X[0], y, bytes(mutated)), pos
