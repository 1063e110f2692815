from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from augury.proof import field
from augury.proof.field import P, ext_inv, ext_mul, lincomb_rows, vext_mul

elem = st.integers(0, P - 1)
ext_elem = st.tuples(elem, elem, elem, elem)


def test_modulus_and_generator() -> None:
    assert P == 2013265921 and (P - 1) % (1 << 27) == 0
    for q in (2, 3, 5):  # p - 1 = 2^27 * 3 * 5
        assert pow(field.GENERATOR, (P - 1) // q, P) != 1


def test_x4_minus_11_is_irreducible() -> None:
    # Lidl–Niederreiter 3.75: x^4 - a is irreducible iff a is a non-square and p = 1 mod 4.
    assert P % 4 == 1
    assert pow(field.W, (P - 1) // 2, P) == P - 1


@given(ext_elem, ext_elem, ext_elem)
def test_extension_is_a_field(a: field.Ext, b: field.Ext, c: field.Ext) -> None:
    assert ext_mul(a, b) == ext_mul(b, a)
    assert ext_mul(ext_mul(a, b), c) == ext_mul(a, ext_mul(b, c))
    if a != field.EXT_ZERO:
        assert ext_mul(a, ext_inv(a)) == field.EXT_ONE


@given(st.lists(st.tuples(ext_elem, ext_elem), min_size=1, max_size=20))
def test_vectorized_mul_matches_scalar(pairs: list[tuple[field.Ext, field.Ext]]) -> None:
    a = field.ext_array([p[0] for p in pairs])
    b = field.ext_array([p[1] for p in pairs])
    got = vext_mul(a, b)
    for i, (x, y) in enumerate(pairs):
        assert field.as_ext(got[i]) == ext_mul(x, y)


@given(st.integers(1, 40), st.integers(1, 9), st.integers(0, 2**31 - 1), st.integers(0, 2**32))
def test_lincomb_rows_is_exact(rows: int, cols: int, bound: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    coeffs = rng.integers(0, P, size=(rows, 4)).astype(np.uint64)
    matrix = rng.integers(-bound, bound + 1, size=(rows, cols)).astype(np.int64)
    got = lincomb_rows(coeffs, matrix)
    for j in range(cols):
        acc = field.EXT_ZERO
        for r in range(rows):
            acc = field.ext_add(acc, field.ext_scale(field.as_ext(coeffs[r]), int(matrix[r, j])))
        assert field.as_ext(got[j]) == acc


def test_signed_round_trip() -> None:
    values = np.array([-(P // 2), -1, 0, 1, P // 2], dtype=np.int64)
    assert np.array_equal(field.to_signed(field.from_signed(values)), values)


@given(st.lists(st.tuples(ext_elem, ext_elem), min_size=1, max_size=40), ext_elem)
def test_blas_paths_match_elementwise(pairs: list[tuple[field.Ext, field.Ext]],
                                      r: field.Ext) -> None:
    a = field.ext_array([p[0] for p in pairs])
    b = field.ext_array([p[1] for p in pairs])
    assert field.ext_inner(a, b) == field.vext_sum(vext_mul(a, b))
    assert np.array_equal(field.vext_scale(a, r), vext_mul(a, np.array(r, dtype=np.uint64)))


def test_inner_product_over_several_chunks() -> None:
    rng = np.random.default_rng(11)
    a = rng.integers(0, P, size=(3000, 4)).astype(np.uint64)
    b = rng.integers(0, P, size=(3000, 4)).astype(np.uint64)
    assert field.ext_inner(a, b) == field.vext_sum(vext_mul(a, b))
