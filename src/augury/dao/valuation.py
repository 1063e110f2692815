"""What each training example is worth: exact KNN-Shapley values (Jia et al., VLDB 2019).

The game: the utility of a training subset ``S`` for one test point is the fraction of its
``k`` nearest members of ``S`` (Euclidean distance, ties broken by the lower index, i.e. the
earlier submission) whose label equals the test label, ``u(S) = (1/k) * #matches among the
min(k, |S|) nearest``; the utility of ``S`` for a test set is the mean over test points. Its
Shapley values have a closed form: with the training points sorted by distance to the test
point (ranks ``1..N``, nearest first) and ``m_i = 1[y_(i) = y_test]``,

    s_(N) = m_N / max(k, N),        s_(i) = s_(i+1) + (m_i - m_(i+1)) / max(k, i)

(``min(k, i) / (k i) = 1 / max(k, i)``). A test set's values are the mean over its points.
The paper's ``s_(N) = m_N / N`` assumes ``N >= k``; with fewer points than ``k`` the farthest
point is always among the ``k`` nearest and is worth ``m_N / k`` (pyDVL 0.10 keeps ``/ N``
there, so the two agree exactly when ``N >= k``).

* :func:`knn_shapley` -- vectorised over test points: a chunk of the distance matrix, a row
  argsort (stable only for rows with tied distances), the recursion as a prefix sum, and a
  ``bincount`` back to training indices; chunks run on threads (NumPy releases the GIL in
  sorting and BLAS).
* :func:`knn_shapley_reference` -- the recursion one test point and one rank at a time.
* :func:`exact_shapley` and :func:`knn_utility` -- brute-force Shapley values of any game
  over ``n <= 16`` players, used in tests to check both of the above against the definition.
* :func:`knn_shapley_deduplicated` -- the DAO's duplicate rule: a group of (near) copies is
  valued as one point, so a coalition that submits copies gains nothing (see ``docs/dao.md``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import combinations
from typing import Literal

import numpy as np
import numpy.typing as npt

from augury.dao.errors import ValuationError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Bytes of distance matrix (and its argsort) one chunk may hold, per thread.
CHUNK_BYTES = 48 * 2**20


def _check(
    x_train: npt.ArrayLike,
    y_train: npt.ArrayLike,
    x_test: npt.ArrayLike,
    y_test: npt.ArrayLike,
    k: int,
) -> tuple[FloatArray, npt.NDArray[np.generic], FloatArray, npt.NDArray[np.generic]]:
    xtr = np.asarray(x_train, dtype=np.float64)
    xte = np.asarray(x_test, dtype=np.float64)
    ytr, yte = np.asarray(y_train), np.asarray(y_test)
    if xtr.ndim != 2 or xte.ndim != 2:
        raise ValuationError("x_train and x_test must be 2-d arrays (rows = points)")
    if xtr.shape[1] != xte.shape[1]:
        raise ValuationError(f"x_train has {xtr.shape[1]} features but x_test has {xte.shape[1]}")
    if ytr.ndim != 1 or len(ytr) != len(xtr):
        raise ValuationError(f"y_train must be 1-d with {len(xtr)} labels, got {ytr.shape}")
    if yte.ndim != 1 or len(yte) != len(xte):
        raise ValuationError(f"y_test must be 1-d with {len(xte)} labels, got {yte.shape}")
    if len(xtr) == 0 or len(xte) == 0:
        raise ValuationError("need at least one training and one test point")
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValuationError(f"k must be a positive integer, got {k!r}")
    if not (np.isfinite(xtr).all() and np.isfinite(xte).all()):
        raise ValuationError("features must be finite (no NaN or infinity)")
    return xtr, ytr, xte, yte


def _chunk_values(
    xtr: FloatArray,
    sq_train: FloatArray,
    ytr: npt.NDArray[np.generic],
    xte: FloatArray,
    yte: npt.NDArray[np.generic],
    inv_rank: FloatArray,
    k: int,
) -> FloatArray:
    """Sum over the test points of ``xte`` of their per-point Shapley vectors."""
    n = len(xtr)
    dist = np.einsum("ij,ij->i", xte, xte)[:, None] + sq_train[None, :]
    dist -= 2.0 * (xte @ xtr.T)
    # NumPy's default argsort is SIMD-accelerated and ~10x faster than its stable sort, but
    # breaks ties arbitrarily; rows with an exact tie are re-sorted stably (lower index first).
    order = np.argsort(dist, axis=1)
    ranked = np.take_along_axis(dist, order, axis=1)
    tied = np.flatnonzero((ranked[:, 1:] == ranked[:, :-1]).any(axis=1))
    if tied.size:
        order[tied] = np.argsort(dist[tied], axis=1, kind="stable")
    del dist, ranked
    match = (ytr[order] == yte[:, None]).astype(np.float64)
    s = np.empty_like(match)
    s[:, -1] = match[:, -1] / max(k, n)
    if n > 1:
        step = np.subtract(match[:, :-1], match[:, 1:])
        step *= inv_rank[None, :]
        # s_i = s_N + sum_{j >= i} step_j = s_N + total - sum_{j < i} step_j (prefix sums
        # run on contiguous memory; a reversed cumulative sum is several times slower).
        np.cumsum(step, axis=1, out=step)
        top = s[:, -1] + step[:, -1]
        s[:, 0] = top
        s[:, 1:-1] = top[:, None] - step[:, :-1]
    return np.bincount(order.ravel(), weights=s.ravel(), minlength=n).astype(np.float64)


def knn_shapley(
    x_train: npt.ArrayLike,
    y_train: npt.ArrayLike,
    x_test: npt.ArrayLike,
    y_test: npt.ArrayLike,
    k: int,
    *,
    n_jobs: int = 2,
) -> FloatArray:
    """Exact KNN-Shapley value of every training point for the test set (mean over test points).

    ``O(N log N)`` per test point; memory is bounded by :data:`CHUNK_BYTES` per thread. The
    values sum to ``u(all) - u(empty)`` (efficiency), ``u(empty) = 0``. Raises
    :class:`ValuationError` for mismatched shapes, non-finite features or a bad ``k``.
    """
    xtr, ytr, xte, yte = _check(x_train, y_train, x_test, y_test, k)
    n = len(xtr)
    ranks = np.arange(1, n, dtype=np.float64)
    inv_rank = 1.0 / np.maximum(float(k), ranks)
    sq_train = np.einsum("ij,ij->i", xtr, xtr)
    rows = max(1, CHUNK_BYTES // (24 * n))
    bounds = [(a, min(a + rows, len(xte))) for a in range(0, len(xte), rows)]

    def run(bound: tuple[int, int]) -> FloatArray:
        a, b = bound
        return _chunk_values(xtr, sq_train, ytr, xte[a:b], yte[a:b], inv_rank, k)

    workers = max(1, min(n_jobs, len(bounds)))
    if workers == 1:
        parts = [run(b) for b in bounds]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(run, bounds))
    return np.asarray(np.sum(parts, axis=0) / len(xte), dtype=np.float64)


def knn_shapley_reference(
    x_train: npt.ArrayLike,
    y_train: npt.ArrayLike,
    x_test: npt.ArrayLike,
    y_test: npt.ArrayLike,
    k: int,
) -> FloatArray:
    """The same values as :func:`knn_shapley`, one test point and one rank at a time."""
    xtr, ytr, xte, yte = _check(x_train, y_train, x_test, y_test, k)
    n = len(xtr)
    total = np.zeros(n)
    for x, y in zip(xte, yte, strict=True):
        dist = [float(np.sum((xtr[j] - x) ** 2)) for j in range(n)]
        order = sorted(range(n), key=lambda j: (dist[j], j))
        s = [0.0] * n
        s[order[-1]] = float(ytr[order[-1]] == y) / max(k, n)
        for i in range(n - 1, 0, -1):  # 1-based rank i is position i - 1
            near, far = order[i - 1], order[i]
            s[near] = s[far] + (float(ytr[near] == y) - float(ytr[far] == y)) / max(k, i)
        total += s
    return np.asarray(total / len(xte), dtype=np.float64)


def knn_utility(
    x_train: npt.ArrayLike,
    y_train: npt.ArrayLike,
    x_test: npt.ArrayLike,
    y_test: npt.ArrayLike,
    k: int,
) -> Callable[[Sequence[int]], float]:
    """The KNN game's utility ``u(S)`` as a function of a subset of training indices."""
    xtr, ytr, xte, yte = _check(x_train, y_train, x_test, y_test, k)
    dist = ((xte[:, None, :] - xtr[None, :, :]) ** 2).sum(axis=2)

    def utility(subset: Sequence[int]) -> float:
        members = sorted(subset)
        if not members:
            return 0.0
        total = 0.0
        for t in range(len(xte)):
            nearest = sorted(members, key=lambda j: (dist[t, j], j))[:k]
            total += sum(float(ytr[j] == yte[t]) for j in nearest) / k
        return total / len(xte)

    return utility


def exact_shapley(utility: Callable[[Sequence[int]], float], n: int) -> FloatArray:
    """Shapley values of an ``n``-player game by its definition (all ``2^n`` coalitions).

    ``phi_i = sum_{S without i} |S|! (n - |S| - 1)! / n! * (u(S + i) - u(S))``. Only for
    ``n <= 16``: it is the slow, obviously-correct reference.
    """
    if not 1 <= n <= 16:
        raise ValuationError(f"exact Shapley values need 1 <= n <= 16 players, got {n}")
    value = {frozenset(s): utility(s) for r in range(n + 1) for s in combinations(range(n), r)}
    phi = np.zeros(n)
    for coalition, u in value.items():
        size = len(coalition)
        for i in range(n):
            if i not in coalition:
                weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
                phi[i] += weight * (value[coalition | {i}] - u)
    return phi


def knn_shapley_deduplicated(
    x_train: npt.ArrayLike,
    y_train: npt.ArrayLike,
    x_test: npt.ArrayLike,
    y_test: npt.ArrayLike,
    k: int,
    groups: npt.ArrayLike,
    *,
    rule: Literal["first", "split"] = "first",
    n_jobs: int = 2,
) -> FloatArray:
    """KNN-Shapley values where each group of copies counts as a single training point.

    ``groups[i]`` names the duplicate group of point ``i`` (e.g. from
    :func:`augury.dao.screening.duplicate_groups`); points are in submission order. The game
    is played by one representative per group -- its earliest member -- so the group's total
    value is the value of one copy whatever the number of copies. ``rule="first"`` pays it
    all to the earliest member (a copier of someone else's data gets 0);
    ``rule="split"`` shares it equally among the members.
    """
    xtr, ytr, xte, yte = _check(x_train, y_train, x_test, y_test, k)
    g = np.asarray(groups)
    if g.shape != (len(xtr),):
        raise ValuationError(f"groups must hold one id per training point ({len(xtr)})")
    if rule not in ("first", "split"):
        raise ValuationError(f"unknown duplicate rule {rule!r}: use first or split")
    _, first, inverse, counts = np.unique(
        g, return_index=True, return_inverse=True, return_counts=True
    )
    reps = np.sort(first)  # representatives in submission order keep the tie-breaking
    rep_values = knn_shapley(xtr[reps], ytr[reps], xte, yte, k, n_jobs=n_jobs)
    out = np.zeros(len(xtr))
    if rule == "first":
        out[reps] = rep_values
    else:
        group_value = np.empty(len(first))
        group_value[inverse[reps]] = rep_values
        out = group_value[inverse] / counts[inverse]
    return np.asarray(out, dtype=np.float64)


def values_by_owner(values: npt.ArrayLike, owners: Sequence[str]) -> dict[str, float]:
    """Total value per owner (contributor) of per-example ``values``, in first-seen order."""
    v = np.asarray(values, dtype=np.float64)
    if v.shape != (len(owners),):
        raise ValuationError(f"got {v.shape} values for {len(owners)} owners")
    totals: dict[str, float] = {}
    for owner, value in zip(owners, v.tolist(), strict=True):
        totals[owner] = totals.get(owner, 0.0) + value
    return totals
