"""BabyBear prime field and its degree-4 extension, vectorized with numpy.

Why this field: ``p = 15 * 2**27 + 1 < 2**31``, so the product of two reduced elements
fits in an unsigned 64-bit integer and one numpy multiply plus one ``%`` is a field
multiplication; ``p - 1`` has 2-adicity 27, so power-of-two NTTs (the Reed–Solomon code
of the weight commitment) exist. Challenges are drawn from ``E = F_p[X]/(X^4 - 11)``,
``|E| = p^4 ~ 2^123.8``, which is what carries the soundness (see docs/proof.md).

Representation: base elements are ``uint64`` arrays with values in ``[0, p)``; extension
elements are arrays whose last axis has length 4 (coefficients of ``1, X, X^2, X^3``).
Scalars used by the verifier are plain Python ints and 4-tuples (``Ext``), which are faster
than numpy for one element at a time.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import numpy.typing as npt

P = 15 * 2**27 + 1
"""The BabyBear prime."""
W = 11
"""``X^4 = W`` in the extension; ``X^4 - 11`` is irreducible over F_p (tested)."""
GENERATOR = 31
"""A generator of the multiplicative group of F_p (tested)."""
TWO_ADICITY = 27
HALF = (P - 1) // 2

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Ext = tuple[int, int, int, int]

EXT_ZERO: Ext = (0, 0, 0, 0)
EXT_ONE: Ext = (1, 0, 0, 0)


# ---------------------------------------------------------------- base field, numpy


def from_signed(values: npt.ArrayLike) -> U64:
    """Map integers (any sign, ``|v| < 2**62``) to their residues in ``[0, p)``."""
    arr = np.asarray(values, dtype=np.int64)
    return np.mod(arr, P).astype(np.uint64)


def to_signed(values: U64) -> I64:
    """The centred lift: residues above ``(p-1)/2`` become negative integers."""
    arr = values.astype(np.int64)
    return np.where(arr > HALF, arr - P, arr)


def root_of_unity(n: int) -> int:
    """A primitive ``n``-th root of unity; ``n`` must be a power of two up to ``2**27``."""
    if n < 1 or n & (n - 1) or n.bit_length() - 1 > TWO_ADICITY:
        raise ValueError(f"no root of unity of order {n} in BabyBear")
    return pow(GENERATOR, (P - 1) // n, P)


# ---------------------------------------------------------------- extension, scalars


def ext(value: int) -> Ext:
    """Embed a base-field integer in the extension."""
    return (value % P, 0, 0, 0)


def ext_add(a: Ext, b: Ext) -> Ext:
    return ((a[0] + b[0]) % P, (a[1] + b[1]) % P, (a[2] + b[2]) % P, (a[3] + b[3]) % P)


def ext_sub(a: Ext, b: Ext) -> Ext:
    return ((a[0] - b[0]) % P, (a[1] - b[1]) % P, (a[2] - b[2]) % P, (a[3] - b[3]) % P)


def ext_mul(a: Ext, b: Ext) -> Ext:
    """Schoolbook product reduced by ``X^4 = 11``."""
    a0, a1, a2, a3 = a
    b0, b1, b2, b3 = b
    return (
        (a0 * b0 + W * (a1 * b3 + a2 * b2 + a3 * b1)) % P,
        (a0 * b1 + a1 * b0 + W * (a2 * b3 + a3 * b2)) % P,
        (a0 * b2 + a1 * b1 + a2 * b0 + W * a3 * b3) % P,
        (a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0) % P,
    )


def ext_scale(a: Ext, k: int) -> Ext:
    """Multiply an extension element by a base-field integer."""
    return ((a[0] * k) % P, (a[1] * k) % P, (a[2] * k) % P, (a[3] * k) % P)


def ext_pow(a: Ext, e: int) -> Ext:
    result = EXT_ONE
    base = a
    while e:
        if e & 1:
            result = ext_mul(result, base)
        base = ext_mul(base, base)
        e >>= 1
    return result


def ext_inv(a: Ext) -> Ext:
    """Inverse by Fermat (``a^(p^4-2)``); only used off the hot path and in tests."""
    if a == EXT_ZERO:
        raise ZeroDivisionError("inverse of zero")
    return ext_pow(a, P**4 - 2)


def as_ext(arr: U64) -> Ext:
    """One extension element from a length-4 numpy array."""
    return (int(arr[0]), int(arr[1]), int(arr[2]), int(arr[3]))


# ---------------------------------------------------------------- extension, numpy


def ext_array(values: list[Ext] | tuple[Ext, ...]) -> U64:
    """Stack scalars into an ``(n, 4)`` array."""
    return np.array(values, dtype=np.uint64).reshape(-1, 4)


def vext_mul(a: U64, b: U64) -> U64:
    """Element-wise product of two extension arrays (shapes broadcast, last axis 4).

    Products are reduced lazily: four unreduced products sum below ``4 p^2 < 2^64``.
    """
    o = a[..., :, None] * b[..., None, :]
    c0 = o[..., 0, 0] + W * ((o[..., 1, 3] + o[..., 2, 2] + o[..., 3, 1]) % P)
    c1 = (o[..., 0, 1] + o[..., 1, 0]) % P + W * ((o[..., 2, 3] + o[..., 3, 2]) % P)
    c2 = (o[..., 0, 2] + o[..., 1, 1] + o[..., 2, 0]) % P + W * (o[..., 3, 3] % P)
    c3 = o[..., 0, 3] + o[..., 1, 2] + o[..., 2, 1] + o[..., 3, 0]
    return cast(U64, np.stack([c0, c1, c2, c3], axis=-1) % P)


def vext_mul_base(a: U64, b: U64) -> U64:
    """Extension array times base array (``b`` has no trailing axis of 4)."""
    return cast(U64, (a * b[..., None]) % P)


def vext_sum(a: U64) -> Ext:
    """Sum over the first axis; exact because ``n * p < 2**64`` for ``n < 2**33``."""
    return as_ext(a.sum(axis=0, dtype=np.uint64) % P)


_LIMB = 11
_LIMB_MASK = (1 << _LIMB) - 1


def lincomb_rows(
    coeffs: U64,
    matrix: I64,
    *,
    dense: npt.NDArray[np.float64] | None = None,
    bound: int | None = None,
) -> U64:
    """``coeffs^T @ matrix`` for extension ``coeffs`` (..., R, 4) and an integer matrix (R, C).

    Returns (..., C, 4): one row combination per leading index, all in one BLAS call. The
    matrix may hold signed integers (quantized weights) or residues; either way
    ``|matrix| < 2**31``. The product is exact: the coefficients are cut into limbs (two of
    16 bits when the matrix is short and small, else three of 11 bits) so that every
    partial sum of float64 products stays below ``2**53``, and rows are processed in chunks
    small enough to guarantee that. ``dense`` (the matrix as float64)
    and ``bound`` (its largest absolute value) may be passed in when the same matrix is
    combined many times. This is the prover's hot loop.
    """
    rows, cols = matrix.shape
    lead = coeffs.shape[:-2]
    if bound is None:
        bound = int(np.abs(matrix).max()) if matrix.size else 0
    mf = matrix.astype(np.float64) if dense is None else dense
    # two 16-bit limbs when every full-height sum stays exact, else three 11-bit limbs
    bits, count = (16, 2) if rows * max(bound, 1) < 1 << 37 else (_LIMB, 3)
    chunk = max(1, (1 << 53) // ((1 << bits) * max(bound, 1)) - 1)
    mask = (1 << bits) - 1
    c = coeffs.reshape(-1, rows, 4).astype(np.int64)
    m = c.shape[0]
    limbs = np.stack([(c >> (bits * i)) & mask for i in range(count - 1)]
                     + [c >> (bits * (count - 1))], axis=-1)
    flat = limbs.transpose(1, 0, 2, 3).reshape(rows, m * 4 * count).astype(np.float64)
    out = np.zeros((m * 4 * count, cols), dtype=np.int64)
    for start in range(0, rows, chunk):
        part = flat[start : start + chunk].T @ mf[start : start + chunk]
        out = (out + np.mod(part.astype(np.int64), P)) % P
    parts = out.reshape(m, 4, count, cols)
    total = parts[:, :, 0] % P
    for i in range(1, count):
        total = (total + (parts[:, :, i] << (bits * i)) % P) % P
    result: U64 = total.transpose(0, 2, 1).astype(np.uint64).reshape(*lead, cols, 4)
    return result


def _limb_split(a: U64) -> npt.NDArray[np.float64]:
    """(n, 4) residues -> (n, 12) float64 11-bit limbs, component-major."""
    c = a.astype(np.int64)
    limbs = np.stack([c & _LIMB_MASK, (c >> _LIMB) & _LIMB_MASK, c >> (2 * _LIMB)], axis=-1)
    return limbs.reshape(a.shape[0], 12).astype(np.float64)


_INNER_CHUNK = 1 << 10  # 2^10 terms * 2^11 * 2^31 = 2^52 < 2^53: exact in float64


def ext_inner(a: U64, b: U64) -> Ext:
    """``sum_j a_j b_j`` for extension vectors (n, 4): the 16 component inner products
    come from one exact BLAS product, then the reduction ``X^4 = 11`` is done on scalars."""
    g = [[0] * 4 for _ in range(4)]
    for start in range(0, a.shape[0], _INNER_CHUNK):
        part = _limb_split(a[start : start + _INNER_CHUNK]).T @ b[
            start : start + _INNER_CHUNK
        ].astype(np.float64)
        m = np.mod(part.astype(np.int64), P).reshape(4, 3, 4)
        for i in range(4):
            for k in range(4):
                g[i][k] += (
                    int(m[i, 0, k]) + (int(m[i, 1, k]) << _LIMB) + (int(m[i, 2, k]) << (2 * _LIMB))
                )
    return (
        (g[0][0] + W * (g[1][3] + g[2][2] + g[3][1])) % P,
        (g[0][1] + g[1][0] + W * (g[2][3] + g[3][2])) % P,
        (g[0][2] + g[1][1] + g[2][0] + W * g[3][3]) % P,
        (g[0][3] + g[1][2] + g[2][1] + g[3][0]) % P,
    )


_SCALE_IDX = (np.arange(4)[None, :] - np.arange(4)[:, None]) % 4
_SCALE_TWIST = np.where(np.arange(4)[None, :] >= np.arange(4)[:, None], 1, W).astype(np.int64)
_SCALE_SHIFTS = (np.arange(3, dtype=np.int64) * _LIMB)[None, :, None]


def vext_scale(a: U64, r: Ext) -> U64:
    """``a_j * r`` for an extension vector (n, 4) and one extension scalar.

    Multiplication by ``r`` is a 4x4 linear map over F_p; with the limbs of ``a`` it is one
    exact (n, 12) @ (12, 4) float64 product (terms < 2^42, 12 of them per entry).
    """
    rv = np.array(r, dtype=np.int64)
    coeff = rv[_SCALE_IDX] * _SCALE_TWIST % P  # coeff[i, k]: contribution of a_i to c_k
    mat = (coeff[:, None, :] << _SCALE_SHIFTS) % P  # (4 components, 3 limbs, 4)
    mat = mat.reshape(12, 4).astype(np.float64)
    prod = _limb_split(a) @ mat
    return cast(U64, np.mod(prod.astype(np.int64), P).astype(np.uint64))
