"""The plain reference prover: the protocol of :mod:`augury.proof.protocol` with Python ints.

Same public functions as the fast module — :func:`commit`, :func:`prove`,
:func:`prove_quantized`, and the shared :func:`verify` / :func:`verify_quantized` — and for
the same model and input it must produce byte-identical commitments and proofs (the tests
check that on small models). The forward pass, the layers' row combinations and the
sumchecks are loops over Python ints; the commitment scheme is reached only through
:class:`~augury.proof.pcs.PolynomialCommitment`, by default the plain Ligero prover
(:data:`augury.proof.reference.ligero.LIGERO`). Nothing is cached: every call commits
again. Slow by design; small models only.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from augury.proof.encoding import STATEMENT_FLOAT, STATEMENT_INTEGER, Commitment, LayerProof, Proof
from augury.proof.field import Ext, P
from augury.proof.model import F64, I64, QMAX, QuantizedModel
from augury.proof.pcs import AnyScheme, PcsCommitted
from augury.proof.protocol import (
    DEFAULT_LOG_BLOWUP,
    _as_vector,
    _claim_point,
    _quantized_vector,
    layout,
    layout_size,
    shapes_of,
    verify,
    verify_quantized,
)
from augury.proof.reference import ligero
from augury.proof.reference import sumcheck as ref_sumcheck
from augury.proof.reference.mle import eq_table
from augury.proof.sumcheck import ext_bytes
from augury.proof.transcript import Transcript


def _flat_weights(model: QuantizedModel) -> tuple[list[int], list[list[list[int]]]]:
    """The committed vector (blocks of ``[W | b | 0]``) and each layer's rows."""
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
    model: QuantizedModel, log_blowup: int, scheme: AnyScheme
) -> tuple[Commitment, PcsCommitted]:
    flat, _ = _flat_weights(model)
    params = scheme.choose_params(len(flat), log_blowup)
    committed = scheme.commit(np.array(flat, dtype=np.int64), params)
    commitment = Commitment(
        committed.root, params, shapes_of(model), model.input_scale, model.output_scale
    )
    return commitment, committed


def commit(
    model: QuantizedModel, log_blowup: int | None = None, scheme: AnyScheme | None = None
) -> Commitment:
    """Same contract as :func:`augury.proof.commit`."""
    blowup = DEFAULT_LOG_BLOWUP if log_blowup is None else log_blowup
    return _commit(model, blowup, ligero.LIGERO if scheme is None else scheme)[0]


def _forward(model: QuantizedModel, x_q: list[int]) -> list[list[int]]:
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
    return zs


def prove(
    model: QuantizedModel, x: npt.ArrayLike, scheme: AnyScheme | None = None
) -> tuple[F64, Proof]:
    """Same contract as :func:`augury.proof.prove` (a float statement)."""
    xv = _as_vector(x, "input")
    model.quantize_input(xv)  # only for its InputError on a wrong size or a non-finite value
    x_q = [max(-QMAX, min(QMAX, round(v / model.input_scale))) for v in xv.tolist()]
    zs = _forward(model, x_q)
    proof = _prove(model, x_q, zs, xv, scheme)
    return model.output_from_z(np.array(zs[-1], dtype=np.int64)), proof


def prove_quantized(
    model: QuantizedModel, x_q: npt.ArrayLike, scheme: AnyScheme | None = None
) -> tuple[I64, Proof]:
    """Same contract as :func:`augury.proof.prove_quantized` (an integer statement)."""
    xq = [int(v) for v in _quantized_vector(x_q, model.n_in)]
    zs = _forward(model, xq)
    return np.array(zs[-1], dtype=np.int64), _prove(model, xq, zs, None, scheme)


def _prove(
    model: QuantizedModel,
    x_q: list[int],
    zs: list[list[int]],
    x: F64 | None,
    scheme: AnyScheme | None,
) -> Proof:
    pcs: AnyScheme = ligero.LIGERO if scheme is None else scheme
    commitment, committed = _commit(model, DEFAULT_LOG_BLOWUP, pcs)
    z_arrays = [np.array(z, dtype=np.int64) for z in zs]
    t = Transcript()
    t.absorb("commitment", commitment.to_bytes())
    if x is not None:
        t.absorb("input.f64", x.astype("<f8").tobytes())
    t.absorb("input", np.array(x_q, dtype="<i4").tobytes())
    for z in z_arrays:
        t.absorb("z", z.astype("<i4").tobytes())
    _, mats = _flat_weights(model)
    blocks = layout(shapes_of(model))
    num_vars = commitment.pcs.num_vars
    points = []
    layer_proofs = []
    a = x_q
    for n, (layer, block) in enumerate(zip(model.layers, blocks, strict=True)):
        r = t.challenge_ext(block.log_out)
        eq_r = eq_table(r)[: layer.n_out]
        f = ligero.combine(eq_r, mats[n], 1 << block.log_in)
        g_int = a + [1] + [0] * ((1 << block.log_in) - len(a) - 1)
        g: list[Ext] = [(v % P, 0, 0, 0) for v in g_int]
        sc, sub, w_eval = ref_sumcheck.prove(f, g, t)
        t.absorb("weight_eval", ext_bytes([w_eval]))
        points.append(_claim_point(sub.point, r, block, num_vars))
        layer_proofs.append(LayerProof(z_arrays[n], sc, w_eval))
        if n + 1 < len(model.layers):
            lo = 0 if layer.activation == "relu" else -QMAX
            a = [max(lo, min(QMAX, v >> layer.shift)) for v in zs[n]]
    opening = pcs.open(committed, points, t)
    kind = STATEMENT_INTEGER if x is None else STATEMENT_FLOAT
    return Proof(tuple(layer_proofs), opening, statement=kind)


__all__ = ["commit", "prove", "prove_quantized", "verify", "verify_quantized"]
