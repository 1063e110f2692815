"""The sumcheck prover by the definition, with Python ints (oracle of
:mod:`augury.proof.sumcheck`).

Same messages, same transcript use and the same :class:`~augury.proof.sumcheck.SubClaim`
as the fast prover; tables are lists of extension 4-tuples. Round values at 0 and 2 are
summed term by term; each round fixes the lowest variable. The verifier is the fast
module's (it is scalar code already).
"""

from __future__ import annotations

from collections.abc import Sequence

from augury.proof.field import EXT_ZERO, Ext, ext_add, ext_mul, ext_scale, ext_sub
from augury.proof.reference.mle import fold
from augury.proof.sumcheck import ROUND_LABEL, SubClaim, SumcheckProof, ext_bytes
from augury.proof.transcript import Transcript


def prove(
    f: Sequence[Ext], g: Sequence[Ext], transcript: Transcript
) -> tuple[SumcheckProof, SubClaim, Ext]:
    """Prove ``sum f*g``; returns the proof, the sub-claim and ``f~(s)``."""
    proof, sub, f_at = prove_sum([f], [g], transcript, ROUND_LABEL)
    return proof, sub, f_at[0]


def prove_sum(
    fs: Sequence[Sequence[Ext]], gs: Sequence[Sequence[Ext]], transcript: Transcript, label: str
) -> tuple[SumcheckProof, SubClaim, list[Ext]]:
    """Prove ``sum_i sum_x f_i(x) g_i(x)``; returns the proof, the sub-claim and every
    ``f~_i`` at its point."""
    rounds = []
    point = []
    f_cur = [list(f) for f in fs]
    g_cur = [list(g) for g in gs]
    while len(f_cur[0]) > 1:
        h0, h2 = EXT_ZERO, EXT_ZERO
        half = len(f_cur[0]) // 2
        for f, g in zip(f_cur, g_cur, strict=True):
            for i in range(half):
                f0, f1, g0, g1 = f[2 * i], f[2 * i + 1], g[2 * i], g[2 * i + 1]
                h0 = ext_add(h0, ext_mul(f0, g0))
                f2 = ext_sub(ext_scale(f1, 2), f0)
                g2 = ext_sub(ext_scale(g1, 2), g0)
                h2 = ext_add(h2, ext_mul(f2, g2))
        rounds.append((h0, h2))
        transcript.absorb(label, ext_bytes([h0, h2]))
        (r,) = transcript.challenge_ext(1)
        point.append(r)
        f_cur = [fold(f, r) for f in f_cur]
        g_cur = [fold(g, r) for g in g_cur]
    value = EXT_ZERO
    for f, g in zip(f_cur, g_cur, strict=True):
        value = ext_add(value, ext_mul(f[0], g[0]))
    return SumcheckProof(tuple(rounds)), SubClaim(tuple(point), value), [f[0] for f in f_cur]
