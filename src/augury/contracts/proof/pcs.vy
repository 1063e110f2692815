# pragma version ~=0.4.3
"""
@title The batched opening of the weight commitment (augury/proof/ligero.py verify)
@notice The layers leave m claims v_i = M~(z_i) on the committed matrix M (R rows, 2^c
        columns, rows Reed-Solomon encoded at rate 2^-b, Merkle root over the encoded
        columns). All of ligero.verify is checked:
        1. batch: alpha <- transcript; the row sumcheck ("pcs.round") of
           sum_i alpha_i h_i(y) eq(z_hi_i, y) from sum_i alpha_i v_i gives a row point
           rho and a final claim;
        2. sum_i alpha_i eq(z_hi_i, rho) <u, eq(z_lo_i)>, where u = eq(rho)^T M is in
           the proof, must be that final claim; u is absorbed ("pcs.u");
        3. the positions (sorted, distinct) <- transcript; at each, the opened column
           must satisfy sum_r eq(rho)[r] col[r] == Enc(u)[q] = sum_j u_j w^(q j); the
           columns must hash to leaves that the multi-proof takes to the root.
        batch does step 1; queries does steps 2 and 3 (u is loaded once for both).
@dev The arithmetic of steps 2 and 3 is in rs.vy, the tree walk in merkle.vy.
"""

from . import field
from . import limits
from . import merkle
from . import rs
from . import sumcheck
from . import transcript

struct Opening:
    rounds_off: uint256
    u_off: uint256
    cols_off: uint256
    n_opened: uint256
    nodes_off: uint256
    n_nodes: uint256

struct Params:
    root: bytes32
    log_cols: uint256
    rows: uint256
    row_bits: uint256
    log_blowup: uint256
    queries: uint256

P: constant(uint256) = 2013265921


@internal
@view
def batch(
    t: transcript.Transcript,
    values: DynArray[uint256[4], 8],
    row_bits: uint256,
    rounds_off: uint256,
) -> (transcript.Transcript, DynArray[uint256[4], 8], DynArray[uint256[4], 32], uint256[4]):
    """Step 1: returns the transcript, alpha, rho and the row sumcheck's final claim."""
    st: transcript.Transcript = t
    alpha: DynArray[uint256[4], 16] = []
    st, alpha = transcript.challenge_ext(st, len(values))
    claim: uint256[4] = empty(uint256[4])
    out: DynArray[uint256[4], 8] = []
    for i: uint256 in range(8):
        if i == len(values):
            break
        claim = field.add(claim, field.mul(alpha[i], values[i]))
        out.append(alpha[i])
    final: uint256[4] = empty(uint256[4])
    rho: DynArray[uint256[4], 32] = []
    st, final, rho = sumcheck.replay(st, claim, row_bits, rounds_off, b"pcs.round")
    return st, out, rho, final


@internal
@pure
def _low_bit(w: uint256) -> uint256:
    """Index of the lowest set bit of a nonzero word (binary search)."""
    b: uint256 = w & unsafe_sub(0, w)
    i: uint256 = 0
    if b >> 128 != 0:
        b >>= 128
        i += 128
    if b >> 64 != 0:
        b >>= 64
        i += 64
    if b >> 32 != 0:
        b >>= 32
        i += 32
    if b >> 16 != 0:
        b >>= 16
        i += 16
    if b >> 8 != 0:
        b >>= 8
        i += 8
    if b >> 4 != 0:
        b >>= 4
        i += 4
    if b >> 2 != 0:
        b >>= 2
        i += 2
    if b >> 1 != 0:
        i += 1
    return i


@internal
@view
def _positions(
    t: transcript.Transcript, queries: uint256, log_code: uint256
) -> (transcript.Transcript, DynArray[uint256, limits.MAX_QUERIES]):
    """sorted(set(challenge_indices(queries, 2^log_code))), through a bitmap."""
    st: transcript.Transcript = t
    raw: DynArray[uint256, limits.MAX_QUERIES] = []
    st, raw = transcript.challenge_indices(st, queries, 1 << log_code)
    bits: uint256[64] = empty(uint256[64])
    for q: uint256 in raw:
        bits[q >> 8] |= 1 << (q & 255)
    out: DynArray[uint256, limits.MAX_QUERIES] = []
    for i: uint256 in range(64):
        if i << 8 >= 1 << log_code:
            break
        w: uint256 = bits[i]
        for _: uint256 in range(256):
            if w == 0:
                break
            out.append((i << 8) | self._low_bit(w))
            w &= w - 1
    return st, out


@internal
@view
def queries(
    t: transcript.Transcript,
    prm: Params,
    o: Opening,
    points: DynArray[uint256[4], limits.MAX_POINTS],
    num_vars: uint256,
    alpha: DynArray[uint256[4], 8],
    rho: DynArray[uint256[4], 32],
    final: uint256[4],
) -> transcript.Transcript:
    """Steps 2 and 3, once u is absorbed; reverts with the failing check.

    Step 2 (the row sumcheck's final claim against u) comes after the positions are
    drawn only because u is loaded once for both; the transcript does not depend on it,
    so the verdict is that of ligero.verify.
    """
    log_code: uint256 = prm.log_cols + prm.log_blowup
    st: transcript.Transcript = t
    positions: DynArray[uint256, limits.MAX_QUERIES] = []
    st, positions = self._positions(st, prm.queries, log_code)
    assert o.n_opened == len(positions), "wrong number of opened columns"
    la: DynArray[uint256, limits.MAX_QUERIES] = []
    lb: DynArray[uint256, limits.MAX_QUERIES] = []
    la, lb = rs.column_sums(rho, prm.rows, o.cols_off, len(positions))
    inner: DynArray[uint256[4], 8] = rs.check_encoding(
        o.u_off, prm.log_cols, prm.log_blowup, positions, la, lb, points, num_vars, len(alpha)
    )
    # sum_i alpha_i eq(z_hi_i, rho) <u, eq(z_lo_i)> must be the row sumcheck's final claim
    total: uint256[4] = empty(uint256[4])
    for i: uint256 in range(len(alpha), bound=8):
        weight: uint256[4] = alpha[i]
        for v: uint256 in range(len(rho), bound=32):
            z: uint256[4] = points[i * num_vars + prm.log_cols + v]
            weight = field.mul(weight, field.eq_factor(z, rho[v]))
        total = field.add(total, field.mul(weight, inner[i]))
    assert field.equal(total, final), "opening sumcheck fails"
    ok: bool = merkle.verify(
        prm.root, log_code, positions, o.cols_off, prm.rows, o.nodes_off, o.n_nodes
    )
    assert ok, "Merkle proof fails"
    return st
