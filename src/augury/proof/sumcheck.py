"""The sumcheck protocol for an inner product ``sum_x f(x) g(x)`` over a hypercube.

Used once per dense layer: ``f(j) = W~(r, j)`` (the weights' multilinear extension with the
output variables fixed at a random point) and ``g = a`` (the layer's input). Each round
polynomial has degree 2; the prover sends its values at 0 and 2 (the value at 1 follows
from the running claim), which is the smallest message that determines it. At the end the
verifier holds a :class:`SubClaim` — a random point ``s`` and a value ``c`` with the claim
``f(s) g(s) = c`` — evaluates ``g(s)`` itself and sends ``f(s)`` on to the weight
commitment. The prover returns the same :class:`SubClaim`, so the two sides can be
compared directly.

Soundness: a false claim survives each round with probability at most ``2/|E|``
(Schwartz–Zippel on a degree-2 univariate), so ``2k/|E|`` for ``k`` rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from augury.proof.field import (
    EXT_ZERO,
    U64,
    Ext,
    P,
    as_ext,
    ext_add,
    ext_inner,
    ext_mul,
    ext_scale,
    ext_sub,
    vext_scale,
)
from augury.proof.transcript import Transcript

INV2 = pow(2, P - 2, P)
ROUND_LABEL = "sumcheck.round"


def ext_bytes(values: list[Ext]) -> bytes:
    return np.array(values, dtype="<u4").tobytes()


@dataclass(frozen=True)
class SubClaim:
    """What a sumcheck reduces ``sum_x f(x) g(x) = claim`` to: ``f~(point) g~(point) = value``
    (for a batched sum, ``sum_i f_i~(point) g_i~(point) = value``). Plonky3 and jolt name it
    the same; the caller must still check ``value`` against evaluations it trusts."""

    point: tuple[Ext, ...]
    value: Ext


@dataclass(frozen=True)
class SumcheckProof:
    """Per round, the round polynomial's values at 0 and 2."""

    rounds: tuple[tuple[Ext, Ext], ...]


def interpolate_012(h0: Ext, h1: Ext, h2: Ext, r: Ext) -> Ext:
    """The degree-2 polynomial through (0,h0), (1,h1), (2,h2), evaluated at r."""
    one = (1, 0, 0, 0)
    two = (2, 0, 0, 0)
    r1 = ext_sub(r, one)
    r2 = ext_sub(r, two)
    l0 = ext_scale(ext_mul(r1, r2), INV2)
    l1 = ext_sub((0, 0, 0, 0), ext_mul(r, r2))
    l2 = ext_scale(ext_mul(r, r1), INV2)
    return ext_add(ext_add(ext_mul(h0, l0), ext_mul(h1, l1)), ext_mul(h2, l2))


def _sub(a: U64, b: U64) -> U64:
    return cast(U64, (a + P - b) % P)


def prove(f: U64, g: U64, transcript: Transcript) -> tuple[SumcheckProof, SubClaim, Ext]:
    """Prove ``sum f*g``; ``f`` is (2^k, 4) extension, ``g`` is (2^k,) base or (2^k, 4).

    Returns the proof, the sub-claim the verifier will reach and ``f~(s)``.
    """
    g_ext = g if g.ndim == 2 else np.stack([g % P] + [np.zeros_like(g)] * 3, axis=-1)
    proof, sub, f_final = prove_sum(f[None], g_ext[None], transcript, ROUND_LABEL)
    return proof, sub, as_ext(f_final[0])


def prove_sum(
    f: U64, g: U64, transcript: Transcript, label: str
) -> tuple[SumcheckProof, SubClaim, U64]:
    """Prove ``sum_i sum_x f_i(x) g_i(x)`` for extension arrays ``f``, ``g`` of shape (m, 2^k, 4).

    A sum of ``m`` products is still degree 2 in each variable, so the round messages are
    those of a single product; the ``m`` pairs are folded side by side. Returns the proof,
    the sub-claim and every ``f~_i`` at its point, shape (m, 4).
    """
    rounds: list[tuple[Ext, Ext]] = []
    point: list[Ext] = []
    m = f.shape[0]
    f_cur, g_cur = f, g
    while f_cur.shape[1] > 1:
        half = f_cur.shape[1] // 2
        f0, f1 = f_cur[:, 0::2].reshape(-1, 4), f_cur[:, 1::2].reshape(-1, 4)
        g0, g1 = g_cur[:, 0::2].reshape(-1, 4), g_cur[:, 1::2].reshape(-1, 4)
        d = _sub(np.concatenate([f1, g1]), np.concatenate([f0, g0]))  # [f1 - f0; g1 - g0]
        two = (np.concatenate([f1, g1]) + d) % P  # values at 2
        n = m * half
        h0 = ext_inner(f0, g0)
        h2 = ext_inner(two[:n], two[n:])
        rounds.append((h0, h2))
        transcript.absorb(label, ext_bytes([h0, h2]))
        (r,) = transcript.challenge_ext(1)
        point.append(r)
        step = vext_scale(d, r)
        f_cur = ((f0 + step[:n]) % P).reshape(m, half, 4)
        g_cur = ((g0 + step[n:]) % P).reshape(m, half, 4)
    value = EXT_ZERO
    for f_i, g_i in zip(f_cur[:, 0], g_cur[:, 0], strict=True):
        value = ext_add(value, ext_mul(as_ext(f_i), as_ext(g_i)))
    return SumcheckProof(tuple(rounds)), SubClaim(tuple(point), value), f_cur[:, 0]


def verify(
    claim: Ext,
    num_vars: int,
    proof: SumcheckProof,
    transcript: Transcript,
    label: str = ROUND_LABEL,
) -> SubClaim | None:
    """Replay the rounds; return the sub-claim, or None if a round is malformed.

    The caller must still check ``value`` against ``f(s) g(s)``.
    """
    if len(proof.rounds) != num_vars:
        return None
    point: list[Ext] = []
    for h0, h2 in proof.rounds:
        if not all(0 <= c < P for c in (*h0, *h2)):
            return None
        h1 = ext_sub(claim, h0)
        transcript.absorb(label, ext_bytes([h0, h2]))
        (r,) = transcript.challenge_ext(1)
        point.append(r)
        claim = interpolate_012(h0, h1, h2, r)
    return SubClaim(tuple(point), claim)
