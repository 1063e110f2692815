# pragma version ~=0.4.3
"""
@title Reed-Solomon consistency at the queried columns (the core of ligero.verify)
@notice At each queried position q the opened column must agree with u = eq(rho)^T M:
        sum_r eq(rho)[r] col_q[r] == Enc(u)[q] = sum_j u_j w^(q j), where w generates the
        order-n subgroup, n = 2^c * 2^b (reedsolomon.py: position j of a codeword is
        m(w^j)).
@dev Elements are packed two words each (c0 | c2 << 128, c1 | c3 << 128): a product by a
     base element is two multiplications, and sums of up to 2^11 such products stay in
     their 128-bit lanes unreduced, so each sum is reduced once. This is where most of
     the verifier's gas goes (docs/judge.md).
"""

from . import calldata
from . import field
from . import limits

P: constant(uint256) = 2013265921
GENERATOR_15: constant(uint256) = 440564289  # 31^15 mod p; 31 generates F_p^*
LO: constant(uint256) = 340282366920938463463374607431768211455  # 2^128 - 1
M32: constant(uint256) = 4294967295
# Eight 32-bit lanes: the even ones spread to 64-bit slots; 2^32 - p in each slot; the
# carry bit of each slot (a lane is >= p iff adding 2^32 - p carries out of it).
SPREAD: constant(uint256) = 26959946660873538060741835960174461801791452538186943042387869433855
NOT_P: constant(uint256) = 14322471660646675656306593745635149180578925623606730618157846757375
CARRY: constant(uint256) = 26959946667150639796128516724350533591920057417771119838357381709824
# the first four lanes of a word
FIRST4: constant(uint256) = 115792089237316195423570985008687907852929702298719625575994209400481361428480


@internal
@pure
def _reduce(a: uint256) -> uint256:
    """Both lanes of a packed word reduced mod p."""
    return ((a & LO) % P) | (((a >> 128) % P) << 128)


@internal
@view
def column_sums(
    rho: DynArray[uint256[4], 32], rows: uint256, cols_off: uint256, count: uint256
) -> (DynArray[uint256, limits.MAX_QUERIES], DynArray[uint256, limits.MAX_QUERIES]):
    """sum_r eq(rho)[r] col_i[r] for the ``count`` opened columns (``rows`` u32 each at
    calldata ``cols_off``), packed and reduced; every entry must be canonical."""
    ea: uint256[limits.MAX_ROWS] = empty(uint256[limits.MAX_ROWS])
    eb: uint256[limits.MAX_ROWS] = empty(uint256[limits.MAX_ROWS])
    ea[0] = 1
    n: uint256 = 1
    for v: uint256 in range(len(rho), bound=8):
        r: uint256[4] = rho[v]
        for i: uint256 in range(n, bound=limits.MAX_ROWS // 2):
            cur: uint256[4] = [ea[i] & LO, eb[i] & LO, ea[i] >> 128, eb[i] >> 128]
            hi: uint256[4] = field.mul(cur, r)
            lo: uint256[4] = field.sub(cur, hi)
            ea[i] = lo[0] | (lo[2] << 128)
            eb[i] = lo[1] | (lo[3] << 128)
            ea[i + n] = hi[0] | (hi[2] << 128)
            eb[i + n] = hi[1] | (hi[3] << 128)
        n *= 2
    out_a: DynArray[uint256, limits.MAX_QUERIES] = []
    out_b: DynArray[uint256, limits.MAX_QUERIES] = []
    for qi: uint256 in range(count, bound=limits.MAX_QUERIES):
        col_off: uint256 = cols_off + 4 * rows * qi
        la: uint256 = 0
        lb: uint256 = 0
        w: uint256 = 0
        for r: uint256 in range(rows, bound=limits.MAX_ROWS):
            if r % 8 == 0:
                w = calldata.lanes(col_off + 4 * r)
            c: uint256 = (w >> (224 - 32 * (r % 8))) & M32
            assert c < P, "bad proof encoding"
            la = unsafe_add(la, unsafe_mul(ea[r], c))
            lb = unsafe_add(lb, unsafe_mul(eb[r], c))
        out_a.append(self._reduce(la))
        out_b.append(self._reduce(lb))
    return out_a, out_b


@internal
@view
def _u_pair(u_off: uint256, h: uint256, k: uint256) -> (uint256, uint256, uint256, uint256):
    """u_2h and u_2h+1 (canonical, from one calldata word), packed: (a, b, a', b')."""
    w: uint256 = calldata.lanes(u_off + 32 * h)
    if 2 * h + 1 == k:
        w &= FIRST4
    ok: bool = ((w & SPREAD) + NOT_P) & CARRY == 0
    assert ok and (((w >> 32) & SPREAD) + NOT_P) & CARRY == 0, "bad proof encoding"
    return (
        (w >> 224) | (((w >> 160) & M32) << 128),
        ((w >> 192) & M32) | (((w >> 128) & M32) << 128),
        ((w >> 96) & M32) | (((w >> 32) & M32) << 128),
        ((w >> 64) & M32) | ((w & M32) << 128),
    )


@internal
@pure
def _fold(xa: uint256, xb: uint256, ya: uint256, yb: uint256, z: uint256[4]) -> uint256[4]:
    """x + z (y - x) for packed x, y: one variable of a multilinear extension fixed at z."""
    x: uint256[4] = [xa & LO, xb & LO, xa >> 128, xb >> 128]
    y: uint256[4] = [ya & LO, yb & LO, ya >> 128, yb >> 128]
    d: uint256[4] = [
        unsafe_sub(unsafe_add(y[0], P), x[0]), unsafe_sub(unsafe_add(y[1], P), x[1]),
        unsafe_sub(unsafe_add(y[2], P), x[2]), unsafe_sub(unsafe_add(y[3], P), x[3]),
    ]
    r: uint256[4] = field.mul_add_lazy(x, z, d)
    return [r[0] % P, r[1] % P, r[2] % P, r[3] % P]


@internal
@view
def check_encoding(
    u_off: uint256,
    log_cols: uint256,
    log_blowup: uint256,
    positions: DynArray[uint256, limits.MAX_QUERIES],
    la: DynArray[uint256, limits.MAX_QUERIES],
    lb: DynArray[uint256, limits.MAX_QUERIES],
    points: DynArray[uint256[4], limits.MAX_POINTS],
    stride: uint256,
    count: uint256,
) -> DynArray[uint256[4], 8]:
    """Enc(u)[positions[i]] == (la[i], lb[i]) for every i (else revert "column check
    fails"), u being 2^c canonical extension elements at calldata ``u_off``; returns
    <u, eq(z_lo)> = u~(z_lo) for each of the ``count`` points (``stride`` coordinates
    apart, z_lo their first ``log_cols``), which need u too.

    Enc(u)[q] = sum_j u_j w^(q j) is summed directly, two positions per pass over u (one
    load of u_j serves both): a coset-wise NTT, Enc(u)[2^b q1 + q0] = DFT(u_j w^(q0 j))[q1],
    does fewer multiplications but measured no cheaper here, a butterfly costing ~570 gas
    in Vyper against ~130 per position and term of the direct sum.
    """
    k: uint256 = 1 << log_cols
    log_n: uint256 = log_cols + log_blowup
    ua: uint256[limits.MAX_COLS] = empty(uint256[limits.MAX_COLS])
    ub: uint256[limits.MAX_COLS] = empty(uint256[limits.MAX_COLS])
    for h: uint256 in range((k + 1) // 2, bound=limits.MAX_COLS // 2):
        ua[2 * h], ub[2 * h], ua[2 * h + 1], ub[2 * h + 1] = self._u_pair(u_off, h, k)
    # w = 31^((p - 1) / n) = (31^15)^(2^(27 - log n)); pw2[i] = w^(2^i)
    w: uint256 = GENERATOR_15
    for i: uint256 in range(27 - log_n, bound=27):
        w = uint256_mulmod(w, w, P)
    pw2: uint256[limits.MAX_LOG_CODE] = empty(uint256[limits.MAX_LOG_CODE])
    for i: uint256 in range(log_n, bound=limits.MAX_LOG_CODE):
        pw2[i] = w
        w = uint256_mulmod(w, w, P)
    nq: uint256 = len(positions)
    xs: DynArray[uint256, limits.MAX_QUERIES] = []  # w^q per position
    for q: uint256 in positions:
        x: uint256 = 1
        for i: uint256 in range(log_n, bound=limits.MAX_LOG_CODE):
            if (q >> i) & 1 == 1:
                x = uint256_mulmod(x, pw2[i], P)
        xs.append(x)
    for h: uint256 in range((nq + 1) // 2, bound=limits.MAX_QUERIES // 2):
        x0: uint256 = xs[2 * h]
        x1: uint256 = xs[min(2 * h + 1, nq - 1)]  # an odd last position is done twice
        p0: uint256 = 1
        p1: uint256 = 1
        ra: uint256 = 0
        rb: uint256 = 0
        sa: uint256 = 0
        sb: uint256 = 0
        for j: uint256 in range(k, bound=limits.MAX_COLS):
            a: uint256 = ua[j]
            b: uint256 = ub[j]
            ra = unsafe_add(ra, unsafe_mul(a, p0))
            rb = unsafe_add(rb, unsafe_mul(b, p0))
            sa = unsafe_add(sa, unsafe_mul(a, p1))
            sb = unsafe_add(sb, unsafe_mul(b, p1))
            p0 = uint256_mulmod(p0, x0, P)
            p1 = uint256_mulmod(p1, x1, P)
        i1: uint256 = min(2 * h + 1, nq - 1)
        ok: bool = self._reduce(ra) == la[2 * h] and self._reduce(rb) == lb[2 * h]
        ok = ok and self._reduce(sa) == la[i1] and self._reduce(sb) == lb[i1]
        assert ok, "column check fails"

    # u~(z_lo) per point, folding one variable at a time (the first fold reads u)
    out: DynArray[uint256[4], 8] = []
    va: uint256[limits.MAX_COLS // 2] = empty(uint256[limits.MAX_COLS // 2])
    vb: uint256[limits.MAX_COLS // 2] = empty(uint256[limits.MAX_COLS // 2])
    for i: uint256 in range(count, bound=8):
        if log_cols == 0:
            out.append([ua[0] & LO, ub[0] & LO, ua[0] >> 128, ub[0] >> 128])
            continue
        half: uint256 = k
        for v: uint256 in range(log_cols, bound=limits.MAX_LOG_COLS):
            z: uint256[4] = points[i * stride + v]
            half >>= 1
            for j: uint256 in range(half, bound=limits.MAX_COLS // 2):
                f: uint256[4] = empty(uint256[4])
                if v == 0:
                    f = self._fold(ua[2 * j], ub[2 * j], ua[2 * j + 1], ub[2 * j + 1], z)
                else:
                    f = self._fold(va[2 * j], vb[2 * j], va[2 * j + 1], vb[2 * j + 1], z)
                va[j] = f[0] | (f[2] << 128)
                vb[j] = f[1] | (f[3] << 128)
        out.append([va[0] & LO, vb[0] & LO, va[0] >> 128, vb[0] >> 128])
    return out
