"""Kelly betting against an LMSR market maker, with the bettor's own price impact.

An agent believes YES has probability ``p``; the market quotes the LMSR price
``π``. Buying ``x`` YES shares costs ``c(x) = C(q + x·e_yes) - C(q)``, which is
convex: every share bought raises the price of the next. Kelly's criterion
picks the ``x`` that maximises expected log wealth,

    g(x) = p · ln(W + h_yes - c(x) + x) + (1 - p) · ln(W + h_no - c(x)),

where ``W`` is the bankroll and ``h`` the shares already held. Both terms are
concave in ``x`` (a log of a concave function), so ``g`` is concave and its
maximiser is where ``g'`` crosses zero, found here by bisection. With no
holdings, ``g'(x) ∝ p - π(x)`` at ``x = 0`` and ``g'`` is negative where
``π(x) = p``: the bettor never buys past the point where the marginal price
equals its belief. The stake is also capped at ``max_fraction · W``.

Units are tokens (floats): :meth:`Bet.wei_order` converts a bet into the integer
arguments of ``Markets.buy`` with a slippage guard.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from augury.market.lmsr import LMSR, NO, YES, LMSRError

_BISECT_STEPS = 200


@dataclass(frozen=True)
class Bet:
    """A chosen trade: buy ``shares`` of ``outcome`` for about ``cost`` tokens.

    ``shares == 0`` means no trade. ``price_after`` is the market's YES price after
    the trade, ``growth`` the expected log-wealth gain over not trading.
    """

    outcome: int
    shares: float
    cost: float
    price_after: float
    growth: float

    @property
    def is_trade(self) -> bool:
        return self.shares > 0.0

    def wei_order(self, decimals: int = 18, slippage: float = 0.01) -> tuple[int, int, int]:
        """``(outcome, shares, max_cost)`` in integer units for ``Markets.buy``.

        ``max_cost`` allows ``slippage`` (a fraction) above the float cost, plus
        one unit, so the contract's padded fixed-point cost passes while a
        front-run that moves the price further reverts. ``slippage`` must be
        positive: the contract's cost exceeds the exact one by its rounding pad.
        """
        if not slippage > 0.0:
            raise LMSRError(f"slippage must be positive, got {slippage}")
        scale = 10**decimals
        return (
            self.outcome,
            int(self.shares * scale),
            int(self.cost * (1.0 + slippage) * scale) + 1,
        )


NO_BET = Bet(outcome=YES, shares=0.0, cost=0.0, price_after=float("nan"), growth=0.0)


def _log_growth(
    market: LMSR, outcome: int, x: float, p_outcome: float, wealth: tuple[float, float]
) -> float:
    c = market.trade_cost(outcome, x)
    w_win, w_lose = wealth[0] - c + x, wealth[1] - c
    if w_win <= 0.0 or w_lose <= 0.0:
        return -math.inf
    return p_outcome * math.log(w_win) + (1.0 - p_outcome) * math.log(w_lose)


def _slope(
    market: LMSR, outcome: int, x: float, p_outcome: float, wealth: tuple[float, float]
) -> float:
    """g'(x): with π the marginal price after x shares, p(1-π)/w_win - (1-p)π/w_lose."""
    after = market.after(outcome, x)
    pi = after.price(outcome)
    c = after.cost() - market.cost()
    w_win, w_lose = wealth[0] - c + x, wealth[1] - c
    if w_lose <= 0.0:
        return -math.inf
    return p_outcome * (1.0 - pi) / w_win - (1.0 - p_outcome) * pi / w_lose


def _shares_for_cost(market: LMSR, outcome: int, budget: float) -> float:
    """Largest x with c(x) <= budget (c is increasing), by doubling then bisection."""
    hi = 1.0
    while market.trade_cost(outcome, hi) < budget:
        hi *= 2.0
    lo = 0.0
    for _ in range(_BISECT_STEPS):
        mid = (lo + hi) / 2.0
        if market.trade_cost(outcome, mid) <= budget:
            lo = mid
        else:
            hi = mid
    return lo


def _best_on_side(
    market: LMSR,
    outcome: int,
    p_outcome: float,
    bankroll: float,
    cap: float,
    holdings: tuple[float, float],
) -> Bet:
    wealth = (bankroll + holdings[0], bankroll + holdings[1])
    if _slope(market, outcome, 0.0, p_outcome, wealth) <= 0.0:
        return NO_BET
    # Upper end: the cap, or the price reaching the belief (g' < 0 there when unhedged;
    # a bettor with holdings is still never allowed past it).
    hi = _shares_for_cost(market, outcome, cap)
    if p_outcome < 1.0:
        hi = min(hi, max(0.0, market.shares_to_price(outcome, p_outcome)))
    lo = 0.0
    if _slope(market, outcome, hi, p_outcome, wealth) < 0.0:
        for _ in range(_BISECT_STEPS):
            mid = (lo + hi) / 2.0
            if _slope(market, outcome, mid, p_outcome, wealth) > 0.0:
                lo = mid
            else:
                hi = mid
        x = lo
    else:
        x = hi
    if x <= 0.0:
        return NO_BET
    growth = _log_growth(market, outcome, x, p_outcome, wealth) - _log_growth(
        market, outcome, 0.0, p_outcome, wealth
    )
    return Bet(
        outcome=outcome,
        shares=x,
        cost=market.trade_cost(outcome, x),
        price_after=market.after(outcome, x).price(YES),
        growth=growth,
    )


def kelly_bet(
    belief: float,
    market: LMSR,
    bankroll: float,
    *,
    max_fraction: float = 0.1,
    holdings: tuple[float, float] = (0.0, 0.0),
    min_cost: float = 0.0,
) -> Bet:
    """The log-optimal buy for a bettor with YES-probability ``belief``.

    ``market`` is the LMSR state in tokens, ``bankroll`` the tokens the bettor
    can stake, ``max_fraction`` the most of it one bet may cost, ``holdings`` the
    ``(no, yes)`` shares it already has in this market. Returns :data:`NO_BET`
    when no buy raises expected log wealth or the best one costs less than
    ``min_cost``. Raises :class:`LMSRError` for a belief outside [0, 1], a
    negative bankroll or a cap outside (0, 1].
    """
    if not 0.0 <= belief <= 1.0 or math.isnan(belief):
        raise LMSRError(f"belief must be a probability in [0, 1], got {belief}")
    if not bankroll >= 0.0:
        raise LMSRError(f"bankroll must be non-negative, got {bankroll}")
    if not 0.0 < max_fraction <= 1.0:
        raise LMSRError(f"max_fraction must be in (0, 1], got {max_fraction}")
    if bankroll == 0.0:
        return NO_BET
    cap = max_fraction * bankroll
    h_no, h_yes = holdings
    yes = _best_on_side(market, YES, belief, bankroll, cap, (h_yes, h_no))
    no = _best_on_side(market, NO, 1.0 - belief, bankroll, cap, (h_no, h_yes))
    best = yes if yes.growth >= no.growth else no
    if not best.is_trade or best.cost < min_cost:
        return NO_BET
    return best
