"""commit / prove / verify: the proof of one quantized forward pass.

Statement: "the model committed to in ``C`` maps input ``x`` to output ``y``".

Protocol (proof format version 2, non-interactive by Fiat–Shamir over everything below):

1. The transcript absorbs the commitment, the quantized input ``x_q`` and the
   pre-activations ``z_1..z_L`` that the proof carries in the clear (``y`` is the exact
   public image of ``z_L``).
2. The verifier recomputes every activation ``a_l`` from ``z_l`` (ReLU, requantization and
   saturation are checked exactly, with no lookup needed) and checks ``y`` against ``z_L``.
3. For each layer, with the bias folded in as an extra input column (``W' = [W | b]``,
   ``a' = [a; 1]``, zero-padded to powers of two), a random ``r`` reduces
   ``z = W' a'`` to ``z~(r) = sum_j W'~(r, j) a'(j)`` (Schwartz–Zippel), and a sumcheck
   reduces that to one evaluation ``W'~(r, s)``.
4. All layers' weight matrices live in one committed vector; the ``L`` evaluations are
   opened together by the commitment scheme, reached only through
   :class:`~augury.proof.pcs.PolynomialCommitment` (the default,
   :data:`~augury.proof.ligero.LIGERO`, batches them into one row point and opens them
   with a single row combination).

The verifier's work is linear in the layer widths plus the opening check — never in the
number of weights.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from augury.proof import sumcheck
from augury.proof.encoding import (
    STATEMENT_FLOAT,
    STATEMENT_INTEGER,
    Commitment,
    LayerProof,
    LayerShape,
    Proof,
)
from augury.proof.errors import InputError
from augury.proof.field import (
    I64,
    Ext,
    P,
    ext_mul,
    from_signed,
    lincomb_rows,
    vext_mul_base,
    vext_sum,
)
from augury.proof.ligero import LIGERO
from augury.proof.mle import eq_table
from augury.proof.model import (
    F64,
    QMAX,
    QuantizedModel,
    dequantize_output,
    quantize_input,
    requantize,
)
from augury.proof.pcs import AnyScheme, PcsCommitted
from augury.proof.transcript import Transcript


def _log2_ceil(n: int) -> int:
    return max(0, (n - 1).bit_length())


@dataclass(frozen=True)
class Block:
    """Where layer ``l``'s padded ``W'`` sits in the committed vector."""

    offset: int
    log_in: int  # bits of the input index (bias column included)
    log_out: int

    @property
    def log_size(self) -> int:
        return self.log_in + self.log_out


def layout(shapes: Sequence[LayerShape]) -> list[Block]:
    """Blocks in descending size order, so every offset is aligned to its block size."""
    logs = [(_log2_ceil(s.n_in + 1), _log2_ceil(s.n_out)) for s in shapes]
    order = sorted(range(len(shapes)), key=lambda i: -(logs[i][0] + logs[i][1]))
    blocks: dict[int, Block] = {}
    offset = 0
    for i in order:
        blocks[i] = Block(offset, logs[i][0], logs[i][1])
        offset += 1 << blocks[i].log_size
    return [blocks[i] for i in range(len(shapes))]


def layout_size(blocks: Sequence[Block]) -> int:
    return sum(1 << b.log_size for b in blocks)


def shapes_of(model: QuantizedModel) -> tuple[LayerShape, ...]:
    return tuple(LayerShape(x.n_in, x.n_out, x.shift, x.activation) for x in model.layers)


def augmented(weight: I64, bias: I64, log_in: int) -> I64:
    """``[W | b | 0]`` with ``2^log_in`` columns."""
    out = np.zeros((weight.shape[0], 1 << log_in), dtype=np.int64)
    out[:, : weight.shape[1]] = weight
    out[:, weight.shape[1]] = bias
    return out


def augmented_input(a: I64, log_in: int) -> I64:
    out = np.zeros(1 << log_in, dtype=np.int64)
    out[: a.shape[0]] = a
    out[a.shape[0]] = 1
    return out


@dataclass
class ProverState:
    """What the prover keeps per model: the commitment and the scheme's committed data."""

    commitment: Commitment
    committed: PcsCommitted
    blocks: list[Block]
    matrices: list[I64]
    dense: list[npt.NDArray[np.float64]]
    bounds: list[int]


_STATES: weakref.WeakKeyDictionary[QuantizedModel, ProverState] = weakref.WeakKeyDictionary()


DEFAULT_LOG_BLOWUP = 3


def prover_state(
    model: QuantizedModel, log_blowup: int | None = None, scheme: AnyScheme | None = None
) -> ProverState:
    """Commit to the weights once per model object (cached; models are treated as
    immutable — build a new QuantizedModel rather than editing arrays).

    ``log_blowup`` picks the code rate and ``scheme`` the commitment scheme (``None``: the
    cached state's, else :data:`DEFAULT_LOG_BLOWUP` and :data:`~augury.proof.ligero.LIGERO`).
    :func:`prove` uses whatever the model was last committed with.
    """
    state = _STATES.get(model)
    if (
        state is not None
        and log_blowup in (None, state.commitment.pcs.log_blowup)
        and scheme in (None, state.commitment.scheme)
    ):
        return state
    log_blowup = DEFAULT_LOG_BLOWUP if log_blowup is None else log_blowup
    scheme = LIGERO if scheme is None else scheme
    shapes = shapes_of(model)
    blocks = layout(shapes)
    matrices = [
        augmented(x.weight, x.bias, b.log_in) for x, b in zip(model.layers, blocks, strict=True)
    ]
    flat = np.zeros(layout_size(blocks), dtype=np.int64)
    for m, b in zip(matrices, blocks, strict=True):
        flat[b.offset : b.offset + m.size] = m.reshape(-1)  # rows beyond n_out stay zero
    params = scheme.choose_params(flat.shape[0], log_blowup)
    committed = scheme.commit(flat, params)
    commitment = Commitment(committed.root, params, shapes, model.input_scale, model.output_scale)
    state = ProverState(
        commitment,
        committed,
        blocks,
        matrices,
        [m.astype(np.float64) for m in matrices],
        [int(np.abs(m).max()) for m in matrices],
    )
    _STATES[model] = state
    return state


def commit(
    model: QuantizedModel, log_blowup: int | None = None, scheme: AnyScheme | None = None
) -> Commitment:
    """The public commitment to ``model``: no trusted setup, deterministic."""
    return prover_state(model, log_blowup, scheme).commitment


def _claim_point(
    s: Sequence[Ext], r: Sequence[Ext], block: Block, num_vars: int
) -> list[Ext]:
    high = block.offset >> block.log_size
    bits = [((high >> i) & 1, 0, 0, 0) for i in range(num_vars - block.log_size)]
    return [*s, *r, *bits]


def start_transcript(
    commitment: Commitment, x_q: I64, zs: Sequence[I64], x: F64 | None = None
) -> Transcript:
    """The statement as the transcript binds it.

    The core is integers only (the quantized input and the pre-activations), so a verifier
    without floating point, such as a contract, can rebuild it. A float statement
    (``x`` given, :data:`STATEMENT_FLOAT`) also binds the exact float64 bytes of ``x``:
    a proof for ``x`` then verifies for no other float input, even one that quantizes
    alike. The output needs no binding of its own: ``y`` is an exact function of ``z_L``.
    """
    t = Transcript()
    t.absorb("commitment", commitment.to_bytes())
    if x is not None:
        t.absorb("input.f64", x.astype("<f8").tobytes())
    t.absorb("input", x_q.astype("<i4").tobytes())
    for z in zs:
        t.absorb("z", z.astype("<i4").tobytes())
    return t


def _as_vector(values: npt.ArrayLike, name: str) -> F64:
    try:
        return np.asarray(values, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise InputError(f"{name} is not a vector of numbers") from None


def prove(model: QuantizedModel, x: npt.ArrayLike) -> tuple[F64, Proof]:
    """Run the model on ``x`` and prove it; returns the dequantized output and the proof
    (a float statement, bound to the exact bytes of ``x``)."""
    xv = _as_vector(x, "input")
    x_q = quantize_input(xv, model.input_scale, model.n_in)
    zs = model.forward_int(x_q)
    proof = _prove(model, x_q, zs, xv)
    return model.output_from_z(zs[-1]), proof


def prove_quantized(model: QuantizedModel, x_q: npt.ArrayLike) -> tuple[I64, Proof]:
    """Prove the forward pass on an already quantized input (integers in [-127, 127]).

    Returns the output pre-activations ``z_L`` and an integer-statement proof — the form a
    verifier without floating point checks (:func:`verify_quantized`, the on-chain
    verifier).
    """
    xq = _quantized_vector(x_q, model.n_in)
    zs = model.forward_int(xq)
    return zs[-1], _prove(model, xq, zs, None)


def _quantized_vector(values: npt.ArrayLike, n_in: int) -> I64:
    arr = np.asarray(values)
    if arr.dtype.kind not in "iu" or arr.size != n_in:
        raise InputError(f"quantized input must be {n_in} integers")
    out = arr.reshape(-1).astype(np.int64)
    if out.size and int(np.abs(out).max()) > QMAX:
        raise InputError(f"quantized input must lie in [-{QMAX}, {QMAX}]")
    return out


def _prove(model: QuantizedModel, x_q: I64, zs: list[I64], x: F64 | None) -> Proof:
    state = prover_state(model)
    t = start_transcript(state.commitment, x_q, zs, x)
    num_vars = state.commitment.pcs.num_vars
    points: list[list[Ext]] = []
    layer_proofs = []
    a = x_q
    for i, (layer, block, w_aug) in enumerate(
        zip(model.layers, state.blocks, state.matrices, strict=True)
    ):
        r = t.challenge_ext(block.log_out)
        eq_r = eq_table(r)[: layer.n_out]
        f = lincomb_rows(eq_r, w_aug, dense=state.dense[i], bound=state.bounds[i])
        g = from_signed(augmented_input(a, block.log_in))
        sc, sub, w_eval = sumcheck.prove(f, g, t)
        t.absorb("weight_eval", sumcheck.ext_bytes([w_eval]))
        points.append(_claim_point(sub.point, r, block, num_vars))
        layer_proofs.append(LayerProof(zs[i], sc, w_eval))
        if i + 1 < len(model.layers):
            a = requantize(zs[i], layer.shift, layer.activation)
    opening = state.commitment.scheme.open(state.committed, points, t)
    kind = STATEMENT_INTEGER if x is None else STATEMENT_FLOAT
    return Proof(tuple(layer_proofs), opening, statement=kind)


def _mle_base(values: I64, point: Sequence[Ext]) -> Ext:
    table = eq_table(point)[: values.shape[0]]
    return vext_sum(vext_mul_base(table, from_signed(values)))


def proven_output(commitment: Commitment, proof: Proof) -> F64 | None:
    """The output a proof claims (None if its shape does not fit the commitment)."""
    if len(proof.layers) != len(commitment.layers):
        return None
    z = proof.layers[-1].z
    if z.shape != (commitment.layers[-1].n_out,):
        return None
    return dequantize_output(z, commitment.layers[-1].activation, commitment.output_scale)


def verify(commitment: Commitment, x: npt.ArrayLike, y: npt.ArrayLike, proof: Proof) -> bool:
    """True iff ``proof`` shows the committed model maps ``x`` to ``y``.

    Raises :class:`InputError` only for an input of the wrong size (a usage error); every
    defect of the proof, the output or the commitment's consistency gives False.
    """
    commitment.validate()
    shapes = commitment.layers
    xv = _as_vector(x, "input")
    x_q = quantize_input(xv, commitment.input_scale, shapes[0].n_in)
    try:
        yv = _as_vector(y, "output")
    except InputError:
        return False
    if proof.statement != STATEMENT_FLOAT or not _shapes_fit(commitment, proof):
        return False
    if yv.shape[0] != shapes[-1].n_out:
        return False
    expected = dequantize_output(proof.layers[-1].z, shapes[-1].activation, commitment.output_scale)
    if not np.array_equal(expected, yv):
        return False
    return _verify(commitment, x_q, proof, xv)


def verify_quantized(
    commitment: Commitment, x_q: npt.ArrayLike, z_out: npt.ArrayLike, proof: Proof
) -> bool:
    """True iff ``proof`` (an integer statement) shows the committed model maps the
    quantized input ``x_q`` to the output pre-activations ``z_out``."""
    commitment.validate()
    xq = _quantized_vector(x_q, commitment.layers[0].n_in)
    if proof.statement != STATEMENT_INTEGER or not _shapes_fit(commitment, proof):
        return False
    z = np.asarray(z_out).reshape(-1)
    if z.shape != proof.layers[-1].z.shape or not np.array_equal(z, proof.layers[-1].z):
        return False
    return _verify(commitment, xq, proof, None)


def _shapes_fit(commitment: Commitment, proof: Proof) -> bool:
    shapes = commitment.layers
    if len(proof.layers) != len(shapes):
        return False
    for lp, shape in zip(proof.layers, shapes, strict=True):
        z = lp.z
        if z.shape != (shape.n_out,) or (z.size and int(np.abs(z).max()) > (P - 1) // 2):
            return False
    return True


def _verify(commitment: Commitment, x_q: I64, proof: Proof, x: F64 | None) -> bool:
    shapes = commitment.layers
    zs = [lp.z for lp in proof.layers]
    blocks = layout(shapes)
    pcs = commitment.pcs
    if not pcs.fits(layout_size(blocks)):
        return False
    t = start_transcript(commitment, x_q, zs, x)
    points: list[list[Ext]] = []
    values: list[Ext] = []
    a = x_q
    for i, (shape, block, lp) in enumerate(zip(shapes, blocks, proof.layers, strict=True)):
        r = t.challenge_ext(block.log_out)
        claim = _mle_base(lp.z, r)
        replay = sumcheck.verify(claim, block.log_in, lp.sumcheck, t)
        if replay is None:
            return False
        if not all(0 <= c < P for c in lp.weight_eval):
            return False
        g_at = _mle_base(augmented_input(a, block.log_in), replay.point)
        if ext_mul(lp.weight_eval, g_at) != replay.value:
            return False
        t.absorb("weight_eval", sumcheck.ext_bytes([lp.weight_eval]))
        points.append(_claim_point(replay.point, r, block, pcs.num_vars))
        values.append(lp.weight_eval)
        if i + 1 < len(shapes):
            a = requantize(lp.z, shape.shift, shape.activation)
    return pcs.scheme.verify(commitment.root, pcs, points, values, proof.opening, t)


__all__ = [
    "DEFAULT_LOG_BLOWUP",
    "Block",
    "ProverState",
    "commit",
    "layout",
    "prove",
    "prove_quantized",
    "proven_output",
    "prover_state",
    "start_transcript",
    "verify",
    "verify_quantized",
]
