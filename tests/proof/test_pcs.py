"""The commitment-scheme seam, exercised by a second scheme (the testing-only trivial one).

If anything in the protocol, the byte formats or the reference prover still assumed
Ligero, the trivial scheme would fail here.
"""

from __future__ import annotations

import numpy as np
import pytest

import augury.proof
from augury.proof import (
    Commitment,
    InputError,
    MalformedCommitmentError,
    MalformedProofError,
    Proof,
    commit,
    prove,
    prove_quantized,
    quantize,
    verify,
    verify_quantized,
)
from augury.proof import ligero as fast_ligero
from augury.proof.ligero import LIGERO
from augury.proof.pcs import AnyScheme
from augury.proof.pcs_trivial import INSECURE_TRIVIAL_PCS, TrivialOpening
from augury.proof.reference import ligero as ref_ligero
from augury.proof.reference import mle as ref_mle
from augury.proof.reference import protocol as reference
from augury.proof.transcript import Transcript

from .conftest import random_layers

TRIVIAL = INSECURE_TRIVIAL_PCS


@pytest.fixture(scope="module")
def trivial_model():  # type: ignore[no-untyped-def]
    """A 12-7-5-3 MLP of its own (the prover caches one scheme per model object)."""
    X = np.random.default_rng(17).standard_normal((32, 12))
    model = quantize(random_layers([12, 7, 5, 3], seed=4), X)
    return model, commit(model, scheme=TRIVIAL), X


SCHEMES: dict[str, AnyScheme] = {
    "ligero": LIGERO, "reference-ligero": ref_ligero.LIGERO, "trivial": TRIVIAL
}


@pytest.mark.parametrize("name", sorted(SCHEMES))
@pytest.mark.parametrize("total,claims", [(1, 1), (37, 2), (300, 3)])
def test_every_scheme_opens_and_verifies(name: str, total: int, claims: int) -> None:
    """The seam's contract, scheme by scheme: honest openings verify, wrong values or a
    commitment to another vector do not."""
    scheme = SCHEMES[name]
    values = np.random.default_rng(total).integers(-127, 128, size=total).astype(np.int64)
    params = scheme.choose_params(total, 2)
    assert params.fits(total) and not params.fits(total + (1 << params.num_vars))
    committed = scheme.commit(values, params)
    t = Transcript()
    points = [t.challenge_ext(params.num_vars) for _ in range(claims)]
    padded = values.tolist() + [0] * ((1 << params.num_vars) - total)
    evals = [ref_mle.evaluate(padded, z) for z in points]
    opening = scheme.open(committed, points, Transcript())
    assert scheme.verify(committed.root, params, points, evals, opening, Transcript())
    wrong = [(*evals[0][:3], (evals[0][3] + 1) % 2013265921), *evals[1:]]
    assert not scheme.verify(committed.root, params, points, wrong, opening, Transcript())
    other = scheme.commit(values + 1, params)
    assert not scheme.verify(other.root, params, points, evals, opening, Transcript())
    if name == "reference-ligero":
        fast = fast_ligero.open_at(fast_ligero.commit(values, params), points, Transcript())
        assert opening.to_bytes() == fast.to_bytes()


def _rejected(c: Commitment, x: np.ndarray, y: np.ndarray, data: bytes) -> bool:
    try:
        return not verify(c, x, y, Proof.from_bytes(data, scheme=c.scheme))
    except (MalformedProofError, InputError):
        return True


def test_the_whole_flow_runs_on_the_trivial_scheme(trivial_model) -> None:  # type: ignore[no-untyped-def]
    model, c, X = trivial_model
    assert c.scheme is TRIVIAL and c.pcs.to_json() == {"size": c.pcs.size}
    assert Commitment.from_bytes(c.to_bytes(), scheme=TRIVIAL) == c
    assert Commitment.from_json(c.to_json(), scheme=TRIVIAL) == c
    for x in X[:3]:
        y, proof = prove(model, x)
        assert isinstance(proof.opening, TrivialOpening)
        again = Proof.from_bytes(proof.to_bytes(), scheme=TRIVIAL)
        assert again.to_bytes() == proof.to_bytes()
        assert verify(c, x, y, again)
    x_q = model.quantize_input(X[4])
    z, int_proof = prove_quantized(model, x_q)
    assert verify_quantized(c, x_q, z, int_proof)
    assert not verify(c, X[4], model.predict(X[4]), int_proof)


def test_reference_prover_through_the_seam_gives_identical_bytes(trivial_model) -> None:  # type: ignore[no-untyped-def]
    model, c, X = trivial_model
    assert reference.commit(model, scheme=TRIVIAL).to_bytes() == c.to_bytes()
    y, proof = prove(model, X[0])
    y_ref, proof_ref = reference.prove(model, X[0], scheme=TRIVIAL)
    assert np.array_equal(y, y_ref) and proof_ref.to_bytes() == proof.to_bytes()


def test_a_tampered_opening_is_rejected(trivial_model) -> None:  # type: ignore[no-untyped-def]
    model, c, X = trivial_model
    x = X[1]
    y, proof = prove(model, x)
    assert isinstance(proof.opening, TrivialOpening)
    values = proof.opening.values
    for i in (0, 5, values.shape[0] - 1):
        bumped = values.copy()
        bumped[i] += 1
        forged = Proof(proof.layers, TrivialOpening(bumped), proof.statement)
        assert not verify(c, x, y, forged)
    assert not verify(c, x, y, Proof(proof.layers, TrivialOpening(values[:-1]), proof.statement))
    data = proof.to_bytes()
    for pos in range(len(data)):  # every byte, as test_tamper does for Ligero
        mutated = bytearray(data)
        mutated[pos] ^= 1 + (pos * 37) % 255
        assert _rejected(c, x, y, bytes(mutated)), pos


def test_schemes_do_not_cross(trivial_model, small_model) -> None:  # type: ignore[no-untyped-def]
    model, c, X = trivial_model
    ligero_model, ligero_c, ligero_X = small_model
    y, proof = prove(model, X[0])
    y2, ligero_proof = prove(ligero_model, ligero_X[0])
    assert not verify(c, X[0], y, Proof(proof.layers, ligero_proof.opening, proof.statement))
    assert not verify(ligero_c, ligero_X[0], y2,
                      Proof(ligero_proof.layers, proof.opening, ligero_proof.statement))
    assert _rejected(ligero_c, ligero_X[0], y2, proof.to_bytes())
    with pytest.raises(MalformedCommitmentError):
        Commitment.from_bytes(c.to_bytes())  # the default decoder is Ligero's


def test_the_trivial_scheme_is_never_the_default(small_model) -> None:  # type: ignore[no-untyped-def]
    _, ligero_c, _ = small_model
    assert ligero_c.scheme is LIGERO
    assert Commitment.from_bytes(ligero_c.to_bytes()).scheme is LIGERO
    assert not any("trivial" in name.lower() for name in augury.proof.__all__)
