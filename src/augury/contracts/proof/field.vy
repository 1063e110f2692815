# pragma version ~=0.4.3
"""
@title BabyBear and its degree-4 extension
@notice p = 15 * 2^27 + 1; E = F_p[X]/(X^4 - 11), an element is its four coefficients
        of 1, X, X^2, X^3 (each reduced, below p). Every challenge of the proof lives in
        E; this is the arithmetic of augury/proof/field.py, bit for bit.
@dev Coefficients are below 2^31, so a product is below 2^62 and a whole schoolbook
     extension product (at most 4 products times 11) stays far below 2^256: the sums are
     taken unchecked and reduced once per coefficient.
"""

P: constant(uint256) = 2013265921
W: constant(uint256) = 11
INV2: constant(uint256) = 1006632961  # (p + 1) / 2
MAX_TABLE_VARS: constant(uint256) = 6


@internal
@pure
def equal(a: uint256[4], b: uint256[4]) -> bool:
    return a[0] == b[0] and a[1] == b[1] and a[2] == b[2] and a[3] == b[3]


@internal
@pure
def add(a: uint256[4], b: uint256[4]) -> uint256[4]:
    return [
        unsafe_add(a[0], b[0]) % P,
        unsafe_add(a[1], b[1]) % P,
        unsafe_add(a[2], b[2]) % P,
        unsafe_add(a[3], b[3]) % P,
    ]


@internal
@pure
def sub(a: uint256[4], b: uint256[4]) -> uint256[4]:
    return [
        unsafe_sub(unsafe_add(a[0], P), b[0]) % P,
        unsafe_sub(unsafe_add(a[1], P), b[1]) % P,
        unsafe_sub(unsafe_add(a[2], P), b[2]) % P,
        unsafe_sub(unsafe_add(a[3], P), b[3]) % P,
    ]


@internal
@pure
def mul_add_lazy(acc: uint256[4], a: uint256[4], b: uint256[4]) -> uint256[4]:
    """``acc + a b`` without reduction: each product adds less than 2^67 to a
    coefficient, so a caller may sum thousands before reducing."""
    a0: uint256 = a[0]
    a1: uint256 = a[1]
    a2: uint256 = a[2]
    a3: uint256 = a[3]
    b0: uint256 = b[0]
    b1: uint256 = b[1]
    b2: uint256 = b[2]
    b3: uint256 = b[3]
    return [
        unsafe_add(acc[0], unsafe_add(
            unsafe_mul(a0, b0),
            unsafe_mul(
                W,
                unsafe_add(unsafe_add(unsafe_mul(a1, b3), unsafe_mul(a2, b2)), unsafe_mul(a3, b1)),
            ),
        )),
        unsafe_add(acc[1], unsafe_add(
            unsafe_add(unsafe_mul(a0, b1), unsafe_mul(a1, b0)),
            unsafe_mul(W, unsafe_add(unsafe_mul(a2, b3), unsafe_mul(a3, b2))),
        )),
        unsafe_add(acc[2], unsafe_add(
            unsafe_add(unsafe_add(unsafe_mul(a0, b2), unsafe_mul(a1, b1)), unsafe_mul(a2, b0)),
            unsafe_mul(W, unsafe_mul(a3, b3)),
        )),
        unsafe_add(acc[3], unsafe_add(
            unsafe_add(unsafe_mul(a0, b3), unsafe_mul(a1, b2)),
            unsafe_add(unsafe_mul(a2, b1), unsafe_mul(a3, b0)),
        )),
    ]


@internal
@pure
def mul(a: uint256[4], b: uint256[4]) -> uint256[4]:
    """Schoolbook product reduced by X^4 = 11."""
    c: uint256[4] = self.mul_add_lazy(empty(uint256[4]), a, b)
    return [c[0] % P, c[1] % P, c[2] % P, c[3] % P]


@internal
@pure
def reduce(a: uint256[4]) -> uint256[4]:
    """Coefficients below p of an unreduced element."""
    return [a[0] % P, a[1] % P, a[2] % P, a[3] % P]


@internal
@pure
def scale(a: uint256[4], k: uint256) -> uint256[4]:
    """``a * k`` for a base-field ``k < p``."""
    return [
        unsafe_mul(a[0], k) % P,
        unsafe_mul(a[1], k) % P,
        unsafe_mul(a[2], k) % P,
        unsafe_mul(a[3], k) % P,
    ]


@internal
@pure
def interpolate(h0: uint256[4], h1: uint256[4], h2: uint256[4], r: uint256[4]) -> uint256[4]:
    """The degree-2 polynomial through (0, h0), (1, h1), (2, h2), at ``r``.

    Newton form ``h0 + r (d1 + (r - 1) d2)`` with ``d1 = h1 - h0`` and
    ``d2 = (h2 - 2 h1 + h0) / 2``: two extension products and no inverse; the same
    polynomial as the Lagrange form of sumcheck.interpolate_012.
    """
    d1: uint256[4] = self.sub(h1, h0)
    d2: uint256[4] = self.scale(self.sub(self.add(h2, h0), self.add(h1, h1)), INV2)
    rm1: uint256[4] = [unsafe_sub(unsafe_add(r[0], P), 1) % P, r[1], r[2], r[3]]
    return self.add(h0, self.mul(r, self.add(d1, self.mul(rm1, d2))))


@internal
@pure
def eq_factor(a: uint256[4], b: uint256[4]) -> uint256[4]:
    """``a b + (1 - a)(1 - b) = 2ab - a - b + 1``: one coordinate of eq(a, b)."""
    ab: uint256[4] = self.mul(a, b)
    t: uint256[4] = self.sub(self.add(ab, ab), self.add(a, b))
    return [unsafe_add(t[0], 1) % P, t[1], t[2], t[3]]


@internal
@pure
def eq_table(
    point: DynArray[uint256[4], 32], start: uint256, count: uint256
) -> DynArray[uint256[4], 64]:
    """``eq(point[start : start + count], i)`` for every ``i < 2^count``, least
    significant variable first (mle.eq_table), ``count <= 6``."""
    assert count <= MAX_TABLE_VARS
    table: DynArray[uint256[4], 64] = [[1, 0, 0, 0]]
    for v: uint256 in range(MAX_TABLE_VARS):
        if v == count:
            break
        x: uint256[4] = point[start + v]
        n: uint256 = len(table)
        for i: uint256 in range(32):
            if i == n:
                break
            hi: uint256[4] = self.mul(table[i], x)
            table[i] = self.sub(table[i], hi)
            table.append(hi)
    return table
