"""Multilinear extensions over the hypercube, least significant bit first.

A vector ``v`` of length ``2^k`` is the table of a multilinear polynomial
``v~(x_0..x_{k-1}) = sum_i v[i] eq(x, bits(i))`` where ``x_0`` is bit 0 of ``i``. The
weights of a dense layer, a vector of activations and the whole committed weight vector are
all read this way. The plain versions (Python ints, the test oracles) are in
:mod:`augury.proof.reference.mle`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from augury.proof.field import (
    EXT_ONE,
    U64,
    Ext,
    P,
    ext_add,
    ext_mul,
    ext_sub,
    vext_scale,
)


def eq_table(point: Sequence[Ext]) -> U64:
    """``eq(point, i)`` for every ``i`` in ``[0, 2^k)``, shape (2^k, 4).

    Boolean coordinates (the block-selector bits of a committed-vector point) only place
    the table, so they cost no multiplication.
    """
    table = np.array([[1, 0, 0, 0]], dtype=np.uint64)
    for r in point:
        if r == (0, 0, 0, 0) or r == (1, 0, 0, 0):
            zeros = np.zeros_like(table)
            parts = [table, zeros] if r[0] == 0 else [zeros, table]
            table = np.concatenate(parts, axis=0)
            continue
        hi = vext_scale(table, r)
        lo = (table + P - hi) % P
        table = np.concatenate([lo, hi], axis=0)
    return table


def eq_eval(a: Sequence[Ext], b: Sequence[Ext]) -> Ext:
    """``eq(a, b) = prod_i (a_i b_i + (1 - a_i)(1 - b_i))``."""
    acc = EXT_ONE
    for x, y in zip(a, b, strict=True):
        xy = ext_mul(x, y)
        term = ext_add(ext_sub(ext_sub(ext_add(EXT_ONE, xy), x), y), xy)
        acc = ext_mul(acc, term)
    return acc

