"""From measured value to payouts: how a reward pool is split among contributors.

The rule (see ``docs/dao.md``):

1. a contributor's *score* is the sum of their examples' values (KNN-Shapley with the
   duplicate rule, :func:`augury.dao.valuation.knn_shapley_deduplicated`), floored at 0 --
   data that hurt the model earns nothing (and its stake is the contract's business);
2. the pool is split in proportion to score, but nobody receives more than ``cap`` of the
   pool (Yuma-style clipping: a coalition that values itself cannot take the pool); what a
   capped contributor cannot take is shared by the others in proportion to their scores
   (water-filling), and what nobody may take stays undistributed (back to the treasury);
3. amounts are integers (token base units): each payout is rounded down and the leftover units
   go one each to the largest remainders (ties: first contributor first), so payouts plus the
   undistributed rest equal the pool exactly and no payout exceeds the cap.

:func:`split_pool_reference` computes the same split with exact fractions by the definition
(a fixed point of "proportional among the uncapped"); :func:`split_pool` is the one used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from augury.dao.errors import RewardError


@dataclass(frozen=True)
class Payouts:
    """Integer payout per contributor (every contributor listed, zeros included)."""

    amounts: dict[str, int]
    undistributed: int
    pool: int
    cap_amount: int


def _validate(scores: Mapping[str, float], pool: int, cap: float) -> int:
    if isinstance(pool, bool) or not isinstance(pool, int) or pool < 0:
        raise RewardError(f"pool must be a non-negative integer, got {pool!r}")
    if not 0.0 < cap <= 1.0:
        raise RewardError(f"cap must be in (0, 1], got {cap}")
    for who, value in scores.items():
        if value != value or value in (float("inf"), float("-inf")):
            raise RewardError(f"value of {who!r} is not finite")
    # 0.3 means 3/10, not the binary float just below it.
    return int(Fraction(cap).limit_denominator(10**12) * pool)


def _shares(scores: dict[str, Fraction], budget: int, cap_amount: int) -> dict[str, Fraction]:
    """Exact water-filling: proportional to score among the uncapped, ``cap_amount`` for the
    capped, the capped set grown until nobody uncapped exceeds the cap."""
    positive = {w: s for w, s in scores.items() if s > 0}
    capped: set[str] = set()
    while True:
        free = {w: s for w, s in positive.items() if w not in capped}
        left = budget - cap_amount * len(capped)
        total = sum(free.values(), Fraction(0))
        if not free or total == 0:
            return {w: Fraction(cap_amount) for w in capped}
        over = {w for w, s in free.items() if left * s / total > cap_amount}
        if not over:
            out = {w: Fraction(cap_amount) for w in capped}
            out.update({w: left * s / total for w, s in free.items()})
            return out
        capped |= over


def split_pool(values: Mapping[str, float], pool: int, *, cap: float = 0.25) -> Payouts:
    """Split ``pool`` base units among contributors by ``values`` (the module's rule).

    Raises :class:`RewardError` for a negative or non-integer pool, a cap outside (0, 1] or
    a non-finite value.
    """
    cap_amount = _validate(values, pool, cap)
    scores = {w: max(Fraction(v), Fraction(0)) for w, v in values.items()}
    shares = _shares(scores, pool, cap_amount)
    amounts = {w: int(shares.get(w, 0)) for w in values}  # floor: shares are >= 0
    leftover = int(sum(shares.values(), Fraction(0))) - sum(amounts.values())
    rank = {w: i for i, w in enumerate(values)}
    order = sorted(
        (w for w in shares if shares[w] - amounts[w] > 0),
        key=lambda w: (-(shares[w] - amounts[w]), rank[w]),
    )
    for w in order[:leftover]:
        amounts[w] += 1
    return Payouts(amounts, pool - sum(amounts.values()), pool, cap_amount)


def split_pool_reference(
    values: Mapping[str, float], pool: int, *, cap: float = 0.25
) -> dict[str, Fraction]:
    """The exact (fractional) split by definition, before rounding to integers.

    Tries every set of capped contributors, smallest first, and returns the first whose
    proportional split of the rest respects the cap while every capped one would have
    exceeded it; exponential, for tests with a handful of contributors.
    """
    from itertools import combinations

    cap_amount = _validate(values, pool, cap)
    scores = {w: max(Fraction(v), Fraction(0)) for w, v in values.items()}
    positive = [w for w in values if scores[w] > 0]
    for r in range(len(positive) + 1):
        for capped in combinations(positive, r):
            free = [w for w in positive if w not in capped]
            left = pool - cap_amount * r
            total = sum((scores[w] for w in free), Fraction(0))
            if free and total > 0:
                share = {w: left * scores[w] / total for w in free}
                ok = all(s <= cap_amount for s in share.values()) and all(
                    left * scores[c] / total > cap_amount for c in capped
                )
            else:
                share, ok = {}, True
            if ok:
                out = dict.fromkeys(values, Fraction(0))
                out.update(dict.fromkeys(capped, Fraction(cap_amount)))
                out.update(share)
                return out
    raise AssertionError("unreachable: capping everyone always satisfies the rule")
