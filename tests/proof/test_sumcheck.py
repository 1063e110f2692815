from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from augury.proof import mle, sumcheck
from augury.proof.field import EXT_ZERO, P, as_ext, ext_add, ext_mul, vext_mul
from augury.proof.reference import mle as ref_mle
from augury.proof.reference import sumcheck as ref_sumcheck
from augury.proof.transcript import Transcript


@settings(max_examples=25)
@given(st.integers(0, 6), st.integers(0, 2**32))
def test_eq_table_and_evaluation_match_reference(k: int, seed: int) -> None:
    t = Transcript()
    t.absorb("seed", seed.to_bytes(8, "little"))
    point = t.challenge_ext(k)
    fast = mle.eq_table(point)
    assert [as_ext(row) for row in fast] == ref_mle.eq_table(point)
    values = np.random.default_rng(seed).integers(-1000, 1000, size=1 << k).tolist()
    direct = EXT_ZERO
    for i, v in enumerate(values):
        direct = ext_add(direct, ext_mul(ref_mle.eq_table(point)[i], (v % P, 0, 0, 0)))
    assert ref_mle.evaluate(values, point) == direct
    other = Transcript().challenge_ext(k)
    assert mle.eq_eval(point, other) == ext_add(EXT_ZERO, _dot(mle.eq_table(point),
                                                                 mle.eq_table(other)))


def _dot(a: np.ndarray, b: np.ndarray) -> tuple[int, int, int, int]:
    return as_ext(vext_mul(a, b).sum(axis=0, dtype=np.uint64) % P)


@settings(max_examples=25)
@given(st.integers(1, 7), st.integers(0, 2**32))
def test_honest_sumcheck_verifies_and_false_claim_fails(k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    f = rng.integers(0, P, size=(1 << k, 4)).astype(np.uint64)
    g = rng.integers(0, 255, size=1 << k).astype(np.uint64)
    claim = as_ext(vext_mul(f, np.stack([g, 0 * g, 0 * g, 0 * g], axis=-1)).sum(
        axis=0, dtype=np.uint64) % P)
    proof, sub, f_at = sumcheck.prove(f, g, Transcript())
    out = sumcheck.verify(claim, k, proof, Transcript())
    assert out == sub  # prover and verifier reach the same sub-claim
    g_at = ref_mle.evaluate([int(v) for v in g], sub.point)
    assert ext_mul(f_at, g_at) == sub.value
    wrong = ((claim[0] + 1) % P, *claim[1:])
    out2 = sumcheck.verify(wrong, k, proof, Transcript())
    assert out2 is not None and out2.value != ext_mul(f_at, g_at)


@settings(max_examples=15)
@given(st.integers(0, 6), st.integers(0, 2**32))
def test_reference_sumcheck_gives_the_same_proof_and_sub_claim(k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    f = rng.integers(0, P, size=(1 << k, 4)).astype(np.uint64)
    g = rng.integers(0, P, size=1 << k).astype(np.uint64)
    fast = sumcheck.prove(f, g, Transcript())
    ref = ref_sumcheck.prove([as_ext(row) for row in f], [(int(v), 0, 0, 0) for v in g],
                             Transcript())
    assert fast == ref
    assert fast[2] == ref_mle.evaluate_ext([as_ext(row) for row in f], fast[1].point)
