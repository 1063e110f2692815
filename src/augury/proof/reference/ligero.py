"""The Ligero-style commitment's prover by the definition (oracle of :mod:`augury.proof.ligero`).

Same parameters, root and opening bytes as the fast scheme, computed with Python ints:
each row is Reed–Solomon encoded by evaluating the polynomial at every point, row
combinations are loops over entries, the row sumcheck is
:func:`augury.proof.reference.sumcheck.prove_sum`. :data:`LIGERO` is it as a
:class:`~augury.proof.pcs.PolynomialCommitment`; parameter choice, decoding and
verification are the fast scheme's (the public parameters name that scheme), since they
are the specification rather than arithmetic to cross-check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from augury.proof import ligero
from augury.proof.field import EXT_ZERO, I64, Ext, P, ext_add, ext_mul, ext_scale
from augury.proof.ligero import ROW_LABEL, LigeroOpening, LigeroParams
from augury.proof.merkle import MerkleTree
from augury.proof.pcs import PolynomialCommitment
from augury.proof.reference.mle import eq_table
from augury.proof.reference.reedsolomon import encode
from augury.proof.reference.sumcheck import prove_sum
from augury.proof.transcript import Transcript
from augury.proof.wire import Reader


@dataclass
class CommittedMatrix:
    """The prover's side: the ``R x 2^c`` matrix, its row codewords and the column tree."""

    params: LigeroParams
    matrix: list[list[int]]
    encoded: list[list[int]]
    tree: MerkleTree

    @property
    def root(self) -> bytes:
        return self.tree.root


def commit(values: Sequence[int], params: LigeroParams) -> CommittedMatrix:
    """Commit to a vector of integers, zero-padded to ``R * 2^c``."""
    size = params.rows * params.cols
    if len(values) > size:
        raise ValueError("vector longer than the committed matrix")
    flat = [int(v) for v in values] + [0] * (size - len(values))
    matrix = [flat[r * params.cols : (r + 1) * params.cols] for r in range(params.rows)]
    encoded = [encode([v % P for v in row], 1 << params.log_blowup) for row in matrix]
    leaves = [
        b"".join(encoded[r][j].to_bytes(4, "little") for r in range(params.rows))
        for j in range(params.code_len)
    ]
    return CommittedMatrix(params, matrix, encoded, MerkleTree(leaves))


def combine(coeffs: Sequence[Ext], rows: Sequence[Sequence[int]], width: int) -> list[Ext]:
    """``coeffs^T rows`` for integer rows of ``width`` entries."""
    out = [EXT_ZERO] * width
    for c, row in zip(coeffs, rows, strict=False):
        for j in range(width):
            if row[j]:
                out[j] = ext_add(out[j], ext_scale(c, row[j] % P))
    return out


def _dot_row(row: Sequence[int], eq: Sequence[Ext]) -> Ext:
    acc = EXT_ZERO
    for v, e in zip(row, eq, strict=True):
        if v:
            acc = ext_add(acc, ext_scale(e, v % P))
    return acc


def open_at(
    state: CommittedMatrix, points: Sequence[Sequence[Ext]], transcript: Transcript
) -> LigeroOpening:
    """As :func:`augury.proof.ligero.open_at`: batch the claims into one row point by a
    sumcheck of ``sum_i alpha_i h_i(y) eq(z_hi_i, y)``, send ``u = eq(rho)^T M`` and the
    queried columns with their Merkle multi-proof."""
    params = state.params
    alpha = transcript.challenge_ext(len(points))
    height = 1 << params.row_bits
    f_sum: list[list[Ext]] = []
    g_sum: list[list[Ext]] = []
    for a_i, point in zip(alpha, points, strict=True):
        low = eq_table(point[: params.log_cols])
        h = [_dot_row(row, low) for row in state.matrix] + [EXT_ZERO] * (height - params.rows)
        f_sum.append(h)
        g_sum.append([ext_mul(a_i, e) for e in eq_table(point[params.log_cols :])])
    proof, sub, _ = prove_sum(f_sum, g_sum, transcript, ROW_LABEL)
    coeffs = eq_table(sub.point)[: params.rows]
    u = np.array(combine(coeffs, state.matrix, params.cols), dtype=np.uint64).reshape(-1, 4)
    transcript.absorb("pcs.u", u.astype("<u4").tobytes())
    positions = sorted(set(transcript.challenge_indices(params.queries, params.code_len)))
    columns = np.array(
        [[state.encoded[row][q] for row in range(params.rows)] for q in positions],
        dtype=np.uint64,
    ).reshape(len(positions), params.rows)
    return LigeroOpening(proof.rounds, u, columns, tuple(state.tree.open(positions)))


class Ligero:
    """The plain prover behind the :class:`~augury.proof.pcs.PolynomialCommitment` seam
    (parameter choice, verification and decoding are the fast scheme's functions)."""

    choose_params = staticmethod(ligero.choose_params)
    open = staticmethod(open_at)
    verify = staticmethod(ligero.verify)
    read_opening = staticmethod(ligero.read_opening)

    def commit(self, values: I64, params: LigeroParams) -> CommittedMatrix:
        return commit([int(v) for v in values], params)

    def read_params(self, reader: Reader) -> LigeroParams:
        return ligero.LIGERO.read_params(reader)

    def params_from_json(self, doc: Mapping[str, Any]) -> LigeroParams:
        return ligero.LIGERO.params_from_json(doc)


LIGERO: Final = Ligero()
_CHECK: PolynomialCommitment[LigeroParams, CommittedMatrix, LigeroOpening] = LIGERO
