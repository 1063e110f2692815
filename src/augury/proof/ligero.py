"""A Ligero/Brakedown-style polynomial commitment over a Merkle tree of codeword columns.

The committed vector (all quantized weights of a model) is laid out as a matrix ``M`` with
``R`` rows and ``2^c`` columns, index ``row * 2^c + col``. Each row is Reed–Solomon encoded
at rate ``1/blowup``; the commitment is the Merkle root over the columns of the encoded
matrix (one leaf per column, ``R`` field elements). Nothing else is needed to verify, and
no trusted setup is involved.

To open the multilinear extension at points ``z_1..z_m`` (each split into a column part
``z_lo`` of ``c`` coordinates and a row part ``z_hi``), the prover sends

* ``u_0 = gamma^T M`` for a random ``gamma in E^R`` (the proximity test), and
* ``u_i = eq(z_hi_i)^T M``, so that ``M~(z_i) = <u_i, eq(z_lo_i)>``,

then, for ``t`` random column positions, the encoded columns and their Merkle paths. The
verifier re-encodes every ``u_i`` and checks, at each opened position ``q``, that
``Enc(u_i)[q] = sum_r coeff_i[r] * Enc(M)[r, q]``. Soundness (unique-decoding regime,
relative distance ``delta = (1 - 1/blowup) / 2``): a cheating prover passes each query with
probability at most ``1 - delta``, hence the query count in :func:`queries_for`.

Masking for zero knowledge (follow-up) adds random rows to ``M`` and a random codeword to
each ``u``; the layout reserves nothing that prevents it (see docs/proof.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from augury.proof import reedsolomon
from augury.proof.field import I64, U64, Ext, P, lincomb_rows, vext_mul
from augury.proof.merkle import MerkleTree, verify_multi
from augury.proof.mle import eq_table
from augury.proof.transcript import Transcript

SECURITY_BITS = 100


def queries_for(log_blowup: int, bits: int = SECURITY_BITS) -> int:
    """Column queries for ``bits`` of soundness at relative distance ``(1 - rho)/2``."""
    rho = 2.0**-log_blowup
    survive = (1 + rho) / 2
    return math.ceil(bits / -math.log2(survive))


@dataclass(frozen=True)
class PcsParams:
    """Shape of the committed matrix and of the code: all public, part of the commitment."""

    log_cols: int
    rows: int
    log_blowup: int
    queries: int

    @property
    def cols(self) -> int:
        return 1 << self.log_cols

    @property
    def code_len(self) -> int:
        return 1 << (self.log_cols + self.log_blowup)

    @property
    def row_bits(self) -> int:
        return max(0, (self.rows - 1).bit_length())

    @property
    def num_vars(self) -> int:
        return self.log_cols + self.row_bits


def choose_params(total: int, claims: int, log_blowup: int = 3) -> PcsParams:
    """The column count that minimizes the estimated opening size for ``total`` entries."""
    t = queries_for(log_blowup)
    best: tuple[float, int] | None = None
    for c in range(1, 24):
        rows = max(1, -(-total // (1 << c)))
        if (1 << c) > 2 * total and c > 1:
            break
        depth = c + log_blowup
        est = (claims + 1) * (1 << c) * 16 + t * rows * 4 + t * max(0, depth - math.log2(t)) * 32
        if best is None or est < best[0]:
            best = (est, c)
    assert best is not None
    c = best[1]
    return PcsParams(c, max(1, -(-total // (1 << c))), log_blowup, t)


@dataclass
class CommittedMatrix:
    """The prover's side of a commitment: the matrix, its encoding and the tree."""

    params: PcsParams
    matrix: I64
    encoded: U64
    tree: MerkleTree
    dense: npt.NDArray[np.float64]
    bound: int

    @property
    def root(self) -> bytes:
        return self.tree.root


def column_bytes(encoded: U64) -> list[bytes]:
    """Leaf ``j`` is column ``j`` of the encoded matrix as little-endian u32."""
    cols = np.ascontiguousarray(encoded.T.astype("<u4"))
    return [cols[j].tobytes() for j in range(cols.shape[0])]


def commit(values: I64, params: PcsParams) -> CommittedMatrix:
    """Commit to a vector of integers (``|v| < 2^31``), zero-padded to ``R * 2^c``."""
    size = params.rows * params.cols
    if values.shape[0] > size:
        raise ValueError("vector longer than the committed matrix")
    flat = np.zeros(size, dtype=np.int64)
    flat[: values.shape[0]] = values
    matrix = flat.reshape(params.rows, params.cols)
    encoded = reedsolomon.encode(np.mod(matrix, P).astype(np.uint64), 1 << params.log_blowup)
    bound = int(np.abs(matrix).max()) if matrix.size else 0
    return CommittedMatrix(
        params, matrix, encoded, MerkleTree(column_bytes(encoded)), matrix.astype(np.float64), bound
    )


@dataclass(frozen=True)
class Opening:
    """``u`` (m+1, 2^c, 4): proximity row then one row per point; opened columns; nodes."""

    u: U64
    columns: U64
    nodes: tuple[bytes, ...]


def _row_coeffs(params: PcsParams, points: Sequence[Sequence[Ext]], gamma: list[Ext]) -> U64:
    coeffs = [np.array(gamma, dtype=np.uint64).reshape(-1, 4)]
    for z in points:
        coeffs.append(eq_table(z[params.log_cols :])[: params.rows])
    return np.stack(coeffs)


def _query_positions(params: PcsParams, transcript: Transcript) -> list[int]:
    return sorted(set(transcript.challenge_indices(params.queries, params.code_len)))


def open_at(
    state: CommittedMatrix, points: Sequence[Sequence[Ext]], transcript: Transcript
) -> Opening:
    """Open ``M~`` at each point (the values are implied: ``<u_i, eq(z_lo_i)>``)."""
    params = state.params
    gamma = transcript.challenge_ext(params.rows)
    coeffs = _row_coeffs(params, points, gamma)
    u = lincomb_rows(coeffs, state.matrix, dense=state.dense, bound=state.bound)
    transcript.absorb("pcs.u", u.astype("<u4").tobytes())
    positions = _query_positions(params, transcript)
    columns = np.ascontiguousarray(state.encoded[:, positions].T)
    return Opening(u, columns, tuple(state.tree.open(positions)))


def verify(
    root: bytes,
    params: PcsParams,
    points: Sequence[Sequence[Ext]],
    values: Sequence[Ext],
    opening: Opening,
    transcript: Transcript,
) -> bool:
    """Check that the committed vector's MLE takes ``values`` at ``points``."""
    m = len(points)
    if opening.u.shape != (m + 1, params.cols, 4) or any(len(z) != params.num_vars for z in points):
        return False
    if opening.u.size and int(opening.u.max()) >= P:
        return False
    if opening.columns.size and int(opening.columns.max()) >= P:
        return False
    gamma = transcript.challenge_ext(params.rows)
    coeffs = _row_coeffs(params, points, gamma)
    for i in range(m):
        lo = eq_table(points[i][: params.log_cols])
        got = _inner(opening.u[i + 1], lo)
        if got != values[i]:
            return False
    transcript.absorb("pcs.u", opening.u.astype("<u4").tobytes())
    positions = _query_positions(params, transcript)
    if opening.columns.shape != (len(positions), params.rows):
        return False
    blowup = 1 << params.log_blowup
    cols = opening.columns.T.astype(np.int64)  # (R, nq)
    expected = lincomb_rows(coeffs, cols, bound=P - 1)  # (m+1, nq, 4)
    if not np.array_equal(expected, reedsolomon.encode_ext_at(opening.u, blowup, positions)):
        return False
    depth = params.log_cols + params.log_blowup
    return verify_multi(root, depth, positions, column_bytes(opening.columns.T), opening.nodes)


def _inner(u: U64, eq: U64) -> Ext:
    """``<u, eq>`` for two extension vectors."""
    s = vext_mul(u, eq).sum(axis=0, dtype=np.uint64) % P
    return (int(s[0]), int(s[1]), int(s[2]), int(s[3]))
