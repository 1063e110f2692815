"""Multilinear extensions by the definition, with Python ints (oracle of `augury.proof.mle`)."""

from __future__ import annotations

from collections.abc import Sequence

from augury.proof.field import EXT_ONE, Ext, P, ext_add, ext_mul, ext_sub


def eq_table(point: Sequence[Ext]) -> list[Ext]:
    """``eq(point, i)`` for every ``i`` in ``[0, 2^k)``, as :func:`augury.proof.mle.eq_table`."""
    table: list[Ext] = [EXT_ONE]
    for r in point:
        hi = [ext_mul(t, r) for t in table]
        lo = [ext_sub(t, h) for t, h in zip(table, hi, strict=True)]
        table = lo + hi
    return table


def fold(values: Sequence[Ext], r: Ext) -> list[Ext]:
    """Fix the lowest variable of a table to ``r``."""
    return [
        ext_add(values[2 * i], ext_mul(r, ext_sub(values[2 * i + 1], values[2 * i])))
        for i in range(len(values) // 2)
    ]


def evaluate_ext(values: Sequence[Ext], point: Sequence[Ext]) -> Ext:
    """``v~(point)`` for an extension table, by folding one variable at a time."""
    cur = list(values)
    for r in point:
        cur = fold(cur, r)
    return cur[0]


def evaluate(values: Sequence[int], point: Sequence[Ext]) -> Ext:
    """``v~(point)`` for a table of integers (any sign)."""
    return evaluate_ext([(v % P, 0, 0, 0) for v in values], point)
