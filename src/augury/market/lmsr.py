"""The logarithmic market scoring rule (LMSR) for binary markets, in plain Python.

Two implementations with one meaning:

* the **reference**: exact maths in :mod:`decimal` at 50 significant digits
  (:func:`cost`, :func:`price`), and a float version for agents (:class:`LMSR`);
* the **fixed-point port** (:func:`fp_cost`, :func:`fp_price`, :func:`fp_buy_cost`,
  :func:`fp_sell_return`): integer for integer what ``Markets.vy`` computes, so a
  simulation can quote trades without a call and tests can compare the contract
  with this module bit for bit.

The LMSR with liquidity ``b`` over share quantities ``q = (q_no, q_yes)`` has cost
``C(q) = b ln(e^{q_no/b} + e^{q_yes/b})``; buying moves the state from ``q`` to
``q'`` for ``C(q') - C(q)``. The market maker's worst-case loss is ``C(0) = b ln 2``,
which is the subsidy a market's creator deposits.

Contract error bound (what the tests measure against the reference):
``|fp_cost(q, b) - C(q)| <= b / 10**17 + 2`` wei. The contract pads every trade by
twice that bound (:func:`pad`) in the market's favour, so the collateral it holds
for a market never falls below the exact ``C(q)``, which is at least every
outcome's liability ``max(q_no, q_yes)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, localcontext

from augury.errors import AuguryValueError
from augury.models.link import logit

ONE = 10**18
# floor(ln 2 * 10**36): the contract's ln 2, with 36 digits so range reduction is exact enough.
LN2_36 = 693147180559945309417232121458176568
# Above this exponent e^-x is below one unit in 10**18 and rounds to zero.
EXP_ZERO_AT = 42 * ONE
# Trades may not push |q_yes - q_no| beyond MAX_X * b: prices stay in (0, 1) at 1e18 scale.
MAX_X = 40
MIN_B = 10**6
MAX_B = 2**100
MAX_SHARES = 2**128 - 1
NO, YES = 0, 1


class LMSRError(AuguryValueError):
    """An LMSR input is outside the domain the market accepts."""


# -- reference (exact) -----------------------------------------------------------


def cost(q_no: int | float, q_yes: int | float, b: int | float) -> Decimal:
    """``C(q) = b ln(e^{q_no/b} + e^{q_yes/b})`` to 50 digits, in the units of ``q`` and ``b``."""
    with localcontext() as ctx:
        ctx.prec = 50
        bd = Decimal(b)
        qn, qy = Decimal(q_no), Decimal(q_yes)
        m = max(qn, qy)
        d = abs(qn - qy)
        return m + bd * (Decimal(1) + (-(d / bd)).exp()).ln()


def price(q_no: int | float, q_yes: int | float, b: int | float) -> Decimal:
    """Price of YES, ``e^{q_yes/b} / (e^{q_no/b} + e^{q_yes/b})``, to 50 digits."""
    with localcontext() as ctx:
        ctx.prec = 50
        x = (Decimal(q_yes) - Decimal(q_no)) / Decimal(b)
        return Decimal(1) / (Decimal(1) + (-x).exp())


def subsidy(b: int) -> int:
    """The creator's deposit: ``ceil(b ln 2)`` wei, at least the market maker's worst loss."""
    return (b * (LN2_36 + 1) + 10**36 - 1) // 10**36


# -- fixed-point port of Markets.vy -------------------------------------------------


def fp_exp_neg(x: int) -> int:
    """``e^{-x}`` for ``x >= 0`` at 1e18 scale, as the contract computes it.

    Range reduction ``x = k ln 2 + r`` with ``0 <= r < ln 2``, an 18-term Horner
    evaluation of the Taylor series of ``e^{-r}`` (truncation below 1e-20) and a
    shift by ``k``. Absolute error a few units of 1e-18.
    """
    if x >= EXP_ZERO_AT:
        return 0
    k = x * ONE // LN2_36
    r = x - k * LN2_36 // ONE
    t = ONE
    for n in range(18, 0, -1):
        t = ONE - r * t // (n * ONE)
    return t >> k


def fp_ln1p(y: int) -> int:
    """``ln(1 + y)`` for ``0 <= y <= 1`` at 1e18 scale, as the contract computes it.

    ``ln z = 2 atanh(s)`` with ``s = (z-1)/(z+1) = y/(2+y) <= 1/3``; the series
    ``atanh(s)/s = sum s^{2n}/(2n+1)`` is cut after 19 terms (truncation < 1e-19).
    """
    s = y * ONE // (2 * ONE + y)
    s2 = s * s // ONE
    t = ONE // 39
    for n in range(18, -1, -1):
        t = ONE // (2 * n + 1) + s2 * t // ONE
    return 2 * s * t // ONE


def fp_cost(q_no: int, q_yes: int, b: int) -> int:
    """The contract's ``C(q)`` in wei: ``max(q) + b ln(1 + e^{-|q_yes-q_no|/b})``."""
    m, d = (q_yes, q_yes - q_no) if q_yes >= q_no else (q_no, q_no - q_yes)
    e = fp_exp_neg(d * ONE // b)
    return m + b * fp_ln1p(e) // ONE


def fp_price(q_no: int, q_yes: int, b: int) -> int:
    """The contract's YES price at 1e18 scale; NO's is ``ONE - fp_price(...)``."""
    if q_yes >= q_no:
        e = fp_exp_neg((q_yes - q_no) * ONE // b)
        return ONE * ONE // (ONE + e)
    e = fp_exp_neg((q_no - q_yes) * ONE // b)
    return ONE - ONE * ONE // (ONE + e)


def pad(b: int) -> int:
    """What the contract adds to a cost and takes from a return: twice the error bound."""
    return 2 * (b // 10**17 + 2)


def _check_state(q_no: int, q_yes: int, b: int) -> None:
    if not MIN_B <= b <= MAX_B:
        raise LMSRError(f"liquidity b={b} outside [{MIN_B}, 2**100]")
    if not (0 <= q_no <= MAX_SHARES and 0 <= q_yes <= MAX_SHARES):
        raise LMSRError("share quantities must be in [0, 2**128)")
    if abs(q_yes - q_no) > MAX_X * b:
        raise LMSRError("trade moves price out of range")


def fp_buy_cost(q_no: int, q_yes: int, b: int, outcome: int, shares: int) -> int:
    """What ``Markets.buy`` charges for ``shares`` of ``outcome`` (0 = NO, 1 = YES)."""
    new = (q_no + shares, q_yes) if outcome == NO else (q_no, q_yes + shares)
    _check_state(*new, b)
    return fp_cost(*new, b) - fp_cost(q_no, q_yes, b) + pad(b)


def fp_sell_return(q_no: int, q_yes: int, b: int, outcome: int, shares: int) -> int:
    """What ``Markets.sell`` pays for ``shares`` of ``outcome``; zero if the pad eats it."""
    new = (q_no - shares, q_yes) if outcome == NO else (q_no, q_yes - shares)
    if min(new) < 0:
        raise LMSRError("not enough shares")
    _check_state(*new, b)
    return max(0, fp_cost(q_no, q_yes, b) - fp_cost(*new, b) - pad(b))


# -- float model for agents -------------------------------------------------------


@dataclass(frozen=True)
class LMSR:
    """An LMSR state in float token units, for strategies that search over trades.

    ``q_no``, ``q_yes`` and ``b`` are in tokens (not wei). Methods are exact up to
    float rounding; the contract differs by at most its pad, far below a wei-scale
    trade's significance.
    """

    q_no: float
    q_yes: float
    b: float

    def __post_init__(self) -> None:
        if not self.b > 0:
            raise LMSRError(f"liquidity b must be positive, got {self.b}")

    @classmethod
    def from_wei(cls, q_no: int, q_yes: int, b: int, decimals: int = 18) -> LMSR:
        """A market's on-chain state (integers in the collateral's smallest unit) in
        float tokens, for strategies."""
        scale = float(10**decimals)
        return cls(q_no / scale, q_yes / scale, b / scale)

    def cost(self) -> float:
        m = max(self.q_no, self.q_yes)
        return m + self.b * math.log1p(math.exp(-abs(self.q_yes - self.q_no) / self.b))

    def price(self, outcome: int = YES) -> float:
        """Marginal price of ``outcome``, in (0, 1)."""
        x = (self.q_yes - self.q_no) / self.b
        p_yes = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return p_yes if outcome == YES else 1.0 - p_yes

    def after(self, outcome: int, shares: float) -> LMSR:
        """The state after buying ``shares`` (negative: selling) of ``outcome``."""
        if outcome == YES:
            return LMSR(self.q_no, self.q_yes + shares, self.b)
        return LMSR(self.q_no + shares, self.q_yes, self.b)

    def trade_cost(self, outcome: int, shares: float) -> float:
        """Collateral paid for buying ``shares`` of ``outcome`` (negative when selling)."""
        return self.after(outcome, shares).cost() - self.cost()

    def shares_to_price(self, outcome: int, target: float) -> float:
        """Shares of ``outcome`` to buy so its price becomes ``target`` (negative: sell).

        The inverse of the price: ``q_o - q_other = b logit(target)``.
        """
        if not 0.0 < target < 1.0:
            raise LMSRError(f"target price must be in (0, 1), got {target}")
        z = logit(target, 0.0)  # no clip: the target is checked to lie in (0, 1)
        if outcome == YES:
            return self.q_no + self.b * z - self.q_yes
        return self.q_yes + self.b * z - self.q_no
