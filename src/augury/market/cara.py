"""Exponential-utility (CARA) betting against an LMSR market maker, in closed form.

Why not Kelly. A Kelly bettor maximises expected *log* wealth: at rest its log-odds
gap to the price is the log of its wealth ratio across the two outcomes, so its pull on
the price is bounded by what it stakes. Where bettors trade among themselves the price
is their wealth-weighted *linear* pool (Beygelzimer, Langford and Pennock 2012,
"Learning performance of prediction markets with Kelly bettors"); linear pools of
classifiers are under-confident, and one confident, informed model is averaged away
by unsure ones.

A trader with exponential utility ``U(w) = -exp(-w / τ)`` (``τ``: its risk tolerance,
in tokens) holding ``n`` net YES shares (YES minus NO; a complete set pays 1 whatever
happens) is content at the price ``π`` where

    logit(π) = logit(p) - n / τ,                                   (1)

whatever its wealth. The LMSR quotes ``logit(π) = (q_yes - q_no) / b``. Solving (1)
together with the market maker's state gives the trade in closed form below. When
every trader is content, ``Σ n_i = q_yes - q_no`` and the market's log-odds are

    logit(π*) = Σ τ_i logit(p_i) / (b + Σ τ_i),                    (2)

a *logarithmic* opinion pool weighted by risk tolerance, shrunk toward the market
maker's starting price 1/2 as if ``b`` were one more trader believing 1/2 (Abernethy,
Kutty, Lahaie and Sami 2014, "Information aggregation in exponential family markets").
A Kelly bettor whose stakes are small beside its wealth ``W`` behaves like this with
``τ = W``; the difference is in the tails, where the log pool keeps a confident model's
evidence and the linear pool does not.

Stakes are still capped: the trader pays at most ``budget`` tokens (the rest of its
per-market budget), and the trade is cut back to what that buys.
"""

from __future__ import annotations

import math

from augury.market.kelly import NO_BET, Bet
from augury.market.lmsr import LMSR, NO, YES, LMSRError
from augury.models.link import logit

# Beliefs are clipped to [EPS, 1 - EPS] (|logit| <= 9.2): a model's 0 or 1 would ask
# for an unbounded position, and the contract keeps |q_yes - q_no| <= 40 b anyway.
EPS = 1e-4


def certainty_equivalent(
    belief: float, wealth_if_yes: float, wealth_if_no: float, tau: float
) -> float:
    """Tokens for sure that an exponential-utility trader values like the gamble."""
    a, b = -wealth_if_yes / tau, -wealth_if_no / tau
    m = max(a, b)
    return -tau * (m + math.log(belief * math.exp(a - m) + (1.0 - belief) * math.exp(b - m)))


def shares_for_cost(market: LMSR, outcome: int, cost: float) -> float:
    """Shares of ``outcome`` that ``cost`` tokens buy: the LMSR cost inverted exactly.

    With ``z`` the log-odds of ``outcome``, ``C(q + x e_o) - C(q) = cost`` gives
    ``x = b ln(e^{cost/b} + (e^{cost/b} - 1) e^{-z})``.
    """
    b = market.b
    z = (market.q_yes - market.q_no) / b
    if outcome == NO:
        z = -z
    g = math.exp(cost / b)
    return b * math.log(g + (g - 1.0) * math.exp(-z))


def cara_bet(
    belief: float,
    market: LMSR,
    risk_tolerance: float,
    budget: float,
    *,
    holdings: tuple[float, float] = (0.0, 0.0),
    min_cost: float = 0.0,
) -> Bet:
    """The buy that makes an exponential-utility trader content, as in equation (1).

    ``holdings`` are the ``(no, yes)`` shares already held in this market (only their
    difference matters: a trader long YES who now believes less buys NO). The trade
    is cut back so it costs at most ``budget``; :data:`~augury.market.kelly.NO_BET`
    when it would cost less than ``min_cost`` (not worth a transaction) or nothing.
    ``growth`` is the gain in certainty equivalent, in tokens. Raises
    :class:`LMSRError` for a belief outside [0, 1], a non-positive risk tolerance or
    a negative budget.
    """
    if not 0.0 <= belief <= 1.0 or math.isnan(belief):
        raise LMSRError(f"belief must be a probability in [0, 1], got {belief}")
    if not risk_tolerance > 0.0:
        raise LMSRError(f"risk tolerance must be positive, got {risk_tolerance}")
    if not budget >= 0.0:
        raise LMSRError(f"budget must be non-negative, got {budget}")
    b, tau = market.b, risk_tolerance
    z = (market.q_yes - market.q_no) / b
    net = holdings[1] - holdings[0]
    # After buying x net YES shares: net + x = τ (logit(p) - (z + x/b)), solved for x.
    x = (tau * (logit(belief, EPS) - z) - net) * b / (b + tau)
    outcome = YES if x > 0.0 else NO
    shares = abs(x)
    if shares == 0.0 or budget == 0.0:
        return NO_BET
    cost = market.trade_cost(outcome, shares)
    if cost > budget:
        shares = shares_for_cost(market, outcome, budget)
        cost = market.trade_cost(outcome, shares)
    if shares <= 0.0 or cost <= 0.0 or cost < min_cost:
        return NO_BET  # a trade too small to cost anything in float arithmetic is no trade
    price_after = market.after(outcome, shares).price(YES)
    if price_after == market.price(YES):
        return NO_BET  # nor is one that does not move the price
    p = min(max(belief, EPS), 1.0 - EPS)
    h_no, h_yes = holdings
    before = certainty_equivalent(p, h_yes, h_no, tau)
    gained = (shares, 0.0) if outcome == YES else (0.0, shares)
    after = certainty_equivalent(p, h_yes + gained[0] - cost, h_no + gained[1] - cost, tau)
    return Bet(
        outcome=outcome,
        shares=shares,
        cost=cost,
        price_after=price_after,
        growth=after - before,
    )
