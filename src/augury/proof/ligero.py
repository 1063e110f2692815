"""A Ligero/Brakedown-style polynomial commitment over a Merkle tree of codeword columns.

The committed vector (all quantized weights of a model) is laid out as a matrix ``M`` with
``R`` rows and ``2^c`` columns, index ``row * 2^c + col``. Each row is Reed–Solomon encoded
at rate ``1/blowup``; the commitment is the Merkle root over the columns of the encoded
matrix (one leaf per column, ``R`` field elements). Nothing else is needed to verify, and
no trusted setup is involved.

To open the multilinear extension at points ``z_1..z_m`` (each split into a column part
``z_lo`` of ``c`` coordinates and a row part ``z_hi``), the claims are first batched into
one row point: with ``h_i(y) = sum_x M(y, x) eq(z_lo_i, x)`` the claims read
``v_i = sum_y h_i(y) eq(z_hi_i, y)``, and a sumcheck over the row variables of
``sum_i alpha_i h_i(y) eq(z_hi_i, y)`` (random ``alpha``) leaves one random row point
``rho``. The prover then sends a single vector ``u = eq(rho)^T M``; the verifier reads
``h_i(rho) = <u, eq(z_lo_i)>`` off it and checks the sumcheck's last claim. Because
``rho`` is random and drawn after the commitment, ``u`` is a *tensor* combination of the
rows with random coefficients, which is also the proximity test: Reed–Solomon codes have
tensor-style proximity gaps up to the unique-decoding radius (Diamond–Gruen 2025,
Cor. 3.7, building on BCIKS20 Thm 4.1), so no separate random-combination row is needed.
One ``u`` instead of ``m + 1`` is what halves the opening (docs/proof.md).

For ``t`` random column positions the prover sends the encoded columns and their Merkle
paths; the verifier re-encodes ``u`` at those positions and checks
``Enc(u)[q] = sum_r eq(rho)[r] * Enc(M)[r, q]``. Soundness (unique-decoding regime,
relative distance ``delta = (1 - 1/blowup) / 2``): a cheating prover passes each query with
probability at most ``1 - delta``, hence the query count in :func:`queries_for`.

Masking for zero knowledge (follow-up) adds random rows to ``M`` and a random codeword to
each ``u``; the layout reserves nothing that prevents it (see docs/proof.md).

:data:`LIGERO` is this scheme as a :class:`~augury.proof.pcs.PolynomialCommitment`, the
protocol's default; the module functions are its parts.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from augury.proof import reedsolomon, sumcheck
from augury.proof.errors import MalformedCommitmentError
from augury.proof.field import (
    EXT_ZERO,
    I64,
    U64,
    Ext,
    P,
    ext_add,
    ext_mul,
    lincomb_rows,
    vext_mul,
    vext_scale,
)
from augury.proof.merkle import DIGEST, MerkleTree, verify_multi
from augury.proof.mle import eq_eval, eq_table
from augury.proof.pcs import AnyScheme, PolynomialCommitment
from augury.proof.transcript import Transcript
from augury.proof.wire import Reader

SECURITY_BITS = 100


def queries_for(log_blowup: int, bits: int = SECURITY_BITS) -> int:
    """Column queries for ``bits`` of soundness at relative distance ``(1 - rho)/2``."""
    rho = 2.0**-log_blowup
    survive = (1 + rho) / 2
    return math.ceil(bits / -math.log2(survive))


@dataclass(frozen=True)
class LigeroParams:
    """Shape of the committed matrix and of the code: all public, part of the commitment.

    Bytes: ``u8 log_cols | u32 rows | u8 log_blowup | u16 queries`` (docs/proof.md).
    """

    log_cols: int
    rows: int
    log_blowup: int
    queries: int

    @property
    def scheme(self) -> AnyScheme:
        return LIGERO

    def fits(self, size: int) -> bool:
        """The matrix holds ``size`` entries and its last row is not all padding."""
        return self.rows * self.cols >= size and (self.rows - 1) * self.cols < size

    def validate(self) -> None:
        if (not 1 <= self.log_blowup <= 6 or not 0 <= self.log_cols <= 24
                or not 1 <= self.rows <= 1 << 24 or self.queries > 0xFFFF):
            raise MalformedCommitmentError("commitment code parameters out of range")
        if self.queries < queries_for(self.log_blowup):
            raise MalformedCommitmentError("commitment has too few queries for 100-bit soundness")

    def to_bytes(self) -> bytes:
        return struct.pack("<BIBH", self.log_cols, self.rows, self.log_blowup, self.queries)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

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


def choose_params(total: int, log_blowup: int = 3) -> LigeroParams:
    """The column count that minimizes the estimated opening size for ``total`` entries:
    one ``u`` of ``2^c`` extension elements, ``t`` columns of ``R`` base elements, the
    Merkle nodes, and the row sumcheck."""
    t = queries_for(log_blowup)
    best: tuple[float, int] | None = None
    for c in range(1, 24):
        rows = max(1, -(-total // (1 << c)))
        if (1 << c) > 2 * total and c > 1:
            break
        depth = c + log_blowup
        nodes = t * max(0.0, depth - math.log2(t)) * 32
        est = (1 << c) * 16 + t * rows * 4 + nodes + 32 * max(0, (rows - 1).bit_length())
        if best is None or est < best[0]:
            best = (est, c)
    assert best is not None
    c = best[1]
    return LigeroParams(c, max(1, -(-total // (1 << c))), log_blowup, t)


@dataclass
class CommittedMatrix:
    """The prover's side of a commitment: the matrix, its encoding and the tree."""

    params: LigeroParams
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


def commit(values: I64, params: LigeroParams) -> CommittedMatrix:
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
class LigeroOpening:
    """The row sumcheck's rounds, ``u`` (2^c, 4), the opened columns (t, R) and the nodes.

    Bytes: ``u8 k_r | k_r x (E h(0) | E h(2)) | u32 2^c | 2^c x E | u32 q | u32 R | q*R x u32
    | u32 n | n x 32-byte node`` (docs/proof.md).
    """

    rounds: tuple[tuple[Ext, Ext], ...]
    u: U64
    columns: U64
    nodes: tuple[bytes, ...]

    def to_bytes(self) -> bytes:
        out = [struct.pack("<B", len(self.rounds))]
        for h0, h2 in self.rounds:
            out.append(np.array([h0, h2], dtype="<u4").tobytes())
        out.append(struct.pack("<I", self.u.shape[0]))
        out.append(self.u.astype("<u4").tobytes())
        out.append(struct.pack("<II", self.columns.shape[0], self.columns.shape[1]))
        out.append(self.columns.astype("<u4").tobytes())
        out.append(struct.pack("<I", len(self.nodes)))
        out.extend(self.nodes)
        return b"".join(out)


def read_opening(r: Reader) -> LigeroOpening:
    (kb,) = r.unpack("<B")
    rounds = tuple((h0, h2) for h0, h2 in (r.ext(2) for _ in range(kb)))
    (k,) = r.unpack("<I")
    u = r.field(k * 4).reshape(k, 4)
    nq, rows = r.unpack("<II")
    cols = r.field(nq * rows).reshape(nq, rows)
    (nn,) = r.unpack("<I")
    nodes = tuple(r.take(DIGEST) for _ in range(nn))
    return LigeroOpening(rounds, u, cols, nodes)


ROW_LABEL = "pcs.round"


def _query_positions(params: LigeroParams, transcript: Transcript) -> list[int]:
    return sorted(set(transcript.challenge_indices(params.queries, params.code_len)))


def _split(params: LigeroParams, z: Sequence[Ext]) -> tuple[Sequence[Ext], Sequence[Ext]]:
    return z[: params.log_cols], z[params.log_cols :]


def open_at(
    state: CommittedMatrix, points: Sequence[Sequence[Ext]], transcript: Transcript
) -> LigeroOpening:
    """Open ``M~`` at each point (the values are implied by ``u`` and the sumcheck)."""
    params = state.params
    m = len(points)
    height = 1 << params.row_bits
    alpha = transcript.challenge_ext(m)
    lows = np.stack([eq_table(_split(params, z)[0]) for z in points])  # (m, C, 4)
    h = np.zeros((m, height, 4), dtype=np.uint64)
    h[:, : params.rows] = lincomb_rows(lows, state.matrix.T, dense=state.dense.T, bound=state.bound)
    g = np.stack([vext_scale(eq_table(_split(params, z)[1]), a) for z, a in zip(points, alpha,
                                                                              strict=True)])
    proof, sub, _ = sumcheck.prove_sum(h, g, transcript, ROW_LABEL)
    coeffs = eq_table(sub.point)[: params.rows]
    u = lincomb_rows(coeffs, state.matrix, dense=state.dense, bound=state.bound)
    transcript.absorb("pcs.u", u.astype("<u4").tobytes())
    positions = _query_positions(params, transcript)
    columns = np.ascontiguousarray(state.encoded[:, positions].T)
    return LigeroOpening(proof.rounds, u, columns, tuple(state.tree.open(positions)))


def verify(
    root: bytes,
    params: LigeroParams,
    points: Sequence[Sequence[Ext]],
    values: Sequence[Ext],
    opening: LigeroOpening,
    transcript: Transcript,
) -> bool:
    """Check that the committed vector's MLE takes ``values`` at ``points``."""
    if not isinstance(opening, LigeroOpening) or not isinstance(params, LigeroParams):
        return False
    m = len(points)
    if opening.u.shape != (params.cols, 4) or any(len(z) != params.num_vars for z in points):
        return False
    if opening.u.size and int(opening.u.max()) >= P:
        return False
    if opening.columns.size and int(opening.columns.max()) >= P:
        return False
    alpha = transcript.challenge_ext(m)
    claim = EXT_ZERO
    for a, v in zip(alpha, values, strict=True):
        claim = ext_add(claim, ext_mul(a, v))
    replay = sumcheck.verify(
        claim, params.row_bits, sumcheck.SumcheckProof(opening.rounds), transcript, ROW_LABEL
    )
    if replay is None:
        return False
    final, rho = replay.value, replay.point
    expected_final = EXT_ZERO
    for a, z in zip(alpha, points, strict=True):
        lo, hi = _split(params, z)
        h_rho = _inner(opening.u, eq_table(lo))
        expected_final = ext_add(expected_final, ext_mul(ext_mul(a, eq_eval(hi, rho)), h_rho))
    if expected_final != final:
        return False
    transcript.absorb("pcs.u", opening.u.astype("<u4").tobytes())
    positions = _query_positions(params, transcript)
    if opening.columns.shape != (len(positions), params.rows):
        return False
    blowup = 1 << params.log_blowup
    cols = opening.columns.T.astype(np.int64)  # (R, nq)
    coeffs = eq_table(rho)[: params.rows]
    expected = lincomb_rows(coeffs, cols, bound=P - 1)  # (nq, 4)
    if not np.array_equal(expected, reedsolomon.encode_ext_at(opening.u, blowup, positions)):
        return False
    depth = params.log_cols + params.log_blowup
    return verify_multi(root, depth, positions, column_bytes(opening.columns.T), opening.nodes)


def _inner(u: U64, eq: U64) -> Ext:
    """``<u, eq>`` for two extension vectors."""
    s = vext_mul(u, eq).sum(axis=0, dtype=np.uint64) % P
    return (int(s[0]), int(s[1]), int(s[2]), int(s[3]))


class Ligero:
    """This module as a :class:`~augury.proof.pcs.PolynomialCommitment` (stateless): its
    functions are the scheme's methods."""

    choose_params = staticmethod(choose_params)
    commit = staticmethod(commit)
    open = staticmethod(open_at)
    verify = staticmethod(verify)

    def read_params(self, reader: Reader) -> LigeroParams:
        log_cols, rows, log_blowup, queries = reader.unpack("<BIBH")
        return LigeroParams(log_cols, rows, log_blowup, queries)

    def params_from_json(self, doc: Mapping[str, Any]) -> LigeroParams:
        return LigeroParams(
            int(doc["log_cols"]), int(doc["rows"]), int(doc["log_blowup"]), int(doc["queries"])
        )

    def read_opening(self, reader: Reader) -> LigeroOpening:
        return read_opening(reader)


LIGERO: Final = Ligero()
_CHECK: PolynomialCommitment[LigeroParams, CommittedMatrix, LigeroOpening] = LIGERO
