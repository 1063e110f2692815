from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from augury.proof import reedsolomon
from augury.proof.field import P
from augury.proof.reference import reedsolomon as ref_reedsolomon


@settings(max_examples=30)
@given(st.integers(0, 5), st.integers(1, 3), st.integers(0, 2**32))
def test_ntt_encoding_matches_definition(log_k: int, log_blowup: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    msg = rng.integers(0, P, size=1 << log_k).astype(np.uint64)
    fast = reedsolomon.encode(msg[None, :], 1 << log_blowup)[0]
    ref = ref_reedsolomon.encode([int(v) for v in msg], 1 << log_blowup)
    assert [int(v) for v in fast] == ref


@settings(max_examples=30)
@given(st.integers(0, 6), st.integers(1, 3), st.integers(0, 2**32))
def test_positions_match_full_encoding(log_k: int, log_blowup: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    msg = rng.integers(0, P, size=(1 << log_k, 4)).astype(np.uint64)
    full = reedsolomon.encode_ext(msg, 1 << log_blowup)
    n = full.shape[0]
    pos = sorted(set(rng.integers(0, n, size=5).tolist()))
    assert np.array_equal(reedsolomon.encode_ext_at(msg, 1 << log_blowup, pos), full[pos])


def test_codewords_of_distinct_messages_are_far_apart() -> None:
    msg = np.zeros((2, 8), dtype=np.uint64)
    msg[1, 3] = 1
    code = reedsolomon.encode(msg, 4)
    assert int(np.count_nonzero(code[0] != code[1])) >= 32 - 8 + 1
