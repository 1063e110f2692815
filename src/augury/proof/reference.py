"""The plain reference prover: the same protocol with Python ints and lists only.

Same API as :mod:`augury.proof.protocol` (``commit_reference``, ``prove_reference``), and
for the same model and input it must produce byte-identical commitments and proofs — the
tests check that on small models. All field arithmetic here is on Python ints (numpy
only carries the finished arrays into the shared Proof record): Reed–Solomon encoding
evaluates the definition, row combinations and sumcheck rounds are loops over field
elements. Hashing (transcript, Merkle) and the byte format are shared, since they are not
arithmetic.
Quadratic in places and slow by design; use it only for small models.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from augury.proof import ligero
from augury.proof.encoding import Commitment, LayerProof, Proof
from augury.proof.field import (
    EXT_ZERO,
    Ext,
    P,
    ext_add,
    ext_mul,
    ext_scale,
    ext_sub,
)
from augury.proof.merkle import MerkleTree
from augury.proof.mle import eq_table_reference
from augury.proof.model import QMAX, QuantizedModel
from augury.proof.protocol import (
    DEFAULT_LOG_BLOWUP,
    _as_vector,
    _claim_point,
    layout,
    layout_size,
    shapes_of,
)
from augury.proof.reedsolomon import encode_reference
from augury.proof.sumcheck import ROUND_LABEL, SumcheckProof, ext_bytes
from augury.proof.transcript import Transcript


def _flat_weights(model: QuantizedModel) -> tuple[list[int], list[list[list[int]]]]:
    blocks = layout(shapes_of(model))
    flat = [0] * layout_size(blocks)
    mats = []
    for layer, b in zip(model.layers, blocks, strict=True):
        width = 1 << b.log_in
        rows = []
        for i in range(layer.n_out):
            row = [int(v) for v in layer.weight[i]] + [int(layer.bias[i])]
            row += [0] * (width - len(row))
            rows.append(row)
            flat[b.offset + i * width : b.offset + (i + 1) * width] = row
        mats.append(rows)
    return flat, mats


def _commit(
    model: QuantizedModel, log_blowup: int
) -> tuple[Commitment, list[list[int]], list[list[int]], MerkleTree]:
    flat, _ = _flat_weights(model)
    params = ligero.choose_params(len(flat), log_blowup)
    flat += [0] * (params.rows * params.cols - len(flat))
    matrix = [flat[r * params.cols : (r + 1) * params.cols] for r in range(params.rows)]
    encoded = [encode_reference([v % P for v in row], 1 << log_blowup) for row in matrix]
    leaves = [
        b"".join(encoded[r][j].to_bytes(4, "little") for r in range(params.rows))
        for j in range(params.code_len)
    ]
    tree = MerkleTree(leaves)
    commitment = Commitment(
        tree.root, params, shapes_of(model), model.input_scale, model.output_scale
    )
    return commitment, matrix, encoded, tree


def commit_reference(model: QuantizedModel, log_blowup: int = DEFAULT_LOG_BLOWUP) -> Commitment:
    return _commit(model, log_blowup)[0]


def _forward(model: QuantizedModel, x: Sequence[float]) -> tuple[list[int], list[list[int]]]:
    x_q = [max(-QMAX, min(QMAX, round(v / model.input_scale))) for v in x]
    zs = []
    a = x_q
    for n, layer in enumerate(model.layers):
        z = [
            sum(int(w) * v for w, v in zip(layer.weight[i], a, strict=True)) + int(layer.bias[i])
            for i in range(layer.n_out)
        ]
        zs.append(z)
        if n + 1 < len(model.layers):
            lo = 0 if layer.activation == "relu" else -QMAX
            a = [max(lo, min(QMAX, v >> layer.shift)) for v in z]
    return x_q, zs


def _sumcheck(f: list[Ext], g: list[Ext], t: Transcript) -> tuple[SumcheckProof, list[Ext], Ext]:
    rounds, point = _sumcheck_sum([f], [g], t, ROUND_LABEL)
    return SumcheckProof(rounds), point, evaluate_ext_reference(f, point)


def evaluate_ext_reference(values: Sequence[Ext], point: Sequence[Ext]) -> Ext:
    cur = list(values)
    for r in point:
        cur = _fold(cur, r)
    return cur[0]


def _sumcheck_sum(
    fs: list[list[Ext]], gs: list[list[Ext]], t: Transcript, label: str
) -> tuple[tuple[tuple[Ext, Ext], ...], list[Ext]]:
    """Sumcheck of ``sum_i sum_x f_i(x) g_i(x)``, one variable at a time."""
    rounds = []
    point = []
    while len(fs[0]) > 1:
        h0, h2 = EXT_ZERO, EXT_ZERO
        half = len(fs[0]) // 2
        for f, g in zip(fs, gs, strict=True):
            for i in range(half):
                f0, f1, g0, g1 = f[2 * i], f[2 * i + 1], g[2 * i], g[2 * i + 1]
                h0 = ext_add(h0, ext_mul(f0, g0))
                f2 = ext_sub(ext_scale(f1, 2), f0)
                g2 = ext_sub(ext_scale(g1, 2), g0)
                h2 = ext_add(h2, ext_mul(f2, g2))
        rounds.append((h0, h2))
        t.absorb(label, ext_bytes([h0, h2]))
        (r,) = t.challenge_ext(1)
        point.append(r)
        fs = [_fold(f, r) for f in fs]
        gs = [_fold(g, r) for g in gs]
    return tuple(rounds), point


def _fold(v: list[Ext], r: Ext) -> list[Ext]:
    """Fix the lowest variable of a table to ``r``."""
    return [
        ext_add(v[2 * i], ext_mul(r, ext_sub(v[2 * i + 1], v[2 * i]))) for i in range(len(v) // 2)
    ]


def _combine(coeffs: Sequence[Ext], rows: Sequence[Sequence[int]], width: int) -> list[Ext]:
    out = [EXT_ZERO] * width
    for c, row in zip(coeffs, rows, strict=False):
        for j in range(width):
            if row[j]:
                out[j] = ext_add(out[j], ext_scale(c, row[j] % P))
    return out


def prove_reference(
    model: QuantizedModel, x: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], Proof]:
    """Same contract as :func:`augury.proof.prove`."""
    commitment, matrix, encoded, tree = _commit(model, DEFAULT_LOG_BLOWUP)
    xv = _as_vector(x, "input")
    x_q, zs = _forward(model, xv.tolist())
    z_arrays = [np.array(z, dtype=np.int64) for z in zs]
    y = model.output_from_z(z_arrays[-1])
    t = Transcript()
    t.absorb("commitment", commitment.to_bytes())
    t.absorb("input.f64", xv.astype("<f8").tobytes())
    t.absorb("input", np.array(x_q, dtype="<i4").tobytes())
    for z in z_arrays:
        t.absorb("z", z.astype("<i4").tobytes())
    _, mats = _flat_weights(model)
    blocks = layout(shapes_of(model))
    params = commitment.pcs
    points = []
    layer_proofs = []
    a = x_q
    for n, (layer, block) in enumerate(zip(model.layers, blocks, strict=True)):
        r = t.challenge_ext(block.log_out)
        eq_r = eq_table_reference(r)[: layer.n_out]
        f = _combine(eq_r, mats[n], 1 << block.log_in)
        g_int = a + [1] + [0] * ((1 << block.log_in) - len(a) - 1)
        g = [(v % P, 0, 0, 0) for v in g_int]
        sc, s, w_eval = _sumcheck(f, g, t)
        t.absorb("weight_eval", ext_bytes([w_eval]))
        points.append(_claim_point(s, r, block, params.num_vars))
        layer_proofs.append(LayerProof(z_arrays[n], sc, w_eval))
        if n + 1 < len(model.layers):
            lo = 0 if layer.activation == "relu" else -QMAX
            a = [max(lo, min(QMAX, v >> layer.shift)) for v in zs[n]]
    # batch the claims into one row point: sumcheck of sum_i alpha_i h_i(y) eq(z_hi_i, y)
    alpha = t.challenge_ext(len(points))
    height = 1 << params.row_bits
    f_sum: list[list[Ext]] = []
    g_sum: list[list[Ext]] = []
    for a_i, point in zip(alpha, points, strict=True):
        low = eq_table_reference(point[: params.log_cols])
        h = [_dot_row(row, low) for row in matrix] + [EXT_ZERO] * (height - params.rows)
        f_sum.append(h)
        g_sum.append([ext_mul(a_i, e) for e in eq_table_reference(point[params.log_cols :])])
    row_rounds, rho = _sumcheck_sum(f_sum, g_sum, t, ligero.ROW_LABEL)
    coeffs = eq_table_reference(rho)[: params.rows]
    u = _combine(coeffs, matrix, params.cols)
    u_arr = np.array(u, dtype=np.uint64).reshape(params.cols, 4)
    t.absorb("pcs.u", u_arr.astype("<u4").tobytes())
    positions = sorted(set(t.challenge_indices(params.queries, params.code_len)))
    columns = np.array(
        [[encoded[row][q] for row in range(params.rows)] for q in positions], dtype=np.uint64
    )
    opening = ligero.Opening(row_rounds, u_arr, columns, tuple(tree.open(positions)))
    return y, Proof(tuple(layer_proofs), opening)


def _dot_row(row: Sequence[int], eq: Sequence[Ext]) -> Ext:
    acc = EXT_ZERO
    for v, e in zip(row, eq, strict=True):
        if v:
            acc = ext_add(acc, ext_scale(e, v % P))
    return acc
