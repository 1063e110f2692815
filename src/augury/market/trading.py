"""How agents trade one market in a simulation round: turns, beliefs, bet sizes.

Market by market, in a fresh random order of agents per pass, each informed agent
takes a turn: it reads the market's state, forms its belief (its model's, updated on
the price once the jury has taught it how far to trust the price:
:mod:`augury.market.price_update`), sizes a bet (:func:`size_bet`) and buys. Passes
repeat until nobody trades or ``passes`` run out, so the price settles near the
traders' equilibrium rather than the last trader's belief. Every turn is recorded as
a :class:`~augury.market.price_update.Decision` — the features the agent saw — so the
price update can later be fitted on exactly what agents see when they decide.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from augury.market.cara import cara_bet
from augury.market.kelly import Bet, kelly_bet
from augury.market.lmsr import LMSR
from augury.market.price_update import Decision, PriceUpdate
from augury.models.link import logit
from augury.protocol import MarketSystem

E18 = 10**18
BET_STRATEGIES = ("cara", "kelly")


def informed(agent: object, domains: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Where ``agent`` has information to trade on. An agent may say it has none
    (a list lookup about an unlisted domain) through ``informed_many``; trading a
    prior it does not hold would only pull prices toward it."""
    fn = getattr(agent, "informed_many", None)
    if fn is None:
        return np.ones(len(domains), dtype=bool)
    return np.asarray(fn(domains), dtype=bool)


class GasLog:
    """Gas per kind of transaction: totals and counts, for the report's means."""

    def __init__(self) -> None:
        self.totals: dict[str, list[int]] = {}

    def add(self, kind: str, gas: int, n: int = 1) -> None:
        t = self.totals.setdefault(kind, [0, 0])
        t[0] += gas
        t[1] += n

    def means(self) -> dict[str, float]:
        return {k: v[0] / v[1] for k, v in self.totals.items() if v[1]}


class TradingRules(Protocol):
    """The fields of ``SimulationConfig`` that trading reads."""

    @property
    def strategy(self) -> str: ...
    @property
    def risk_tolerance(self) -> float: ...
    @property
    def market_budget(self) -> float: ...
    @property
    def max_fraction(self) -> float: ...
    @property
    def passes(self) -> int: ...
    @property
    def min_trade(self) -> float: ...


def size_bet(
    rules: TradingRules,
    belief: float,
    market: LMSR,
    budget: float,
    holdings: tuple[float, float],
) -> Bet:
    """The bet of the configured strategy: ``"cara"`` (exponential utility, risk
    tolerance ``rules.risk_tolerance``; the market prices at a log pool) or ``"kelly"``
    (log utility on the per-market budget; the market prices at a linear pool)."""
    if rules.strategy == "cara":
        return cara_bet(
            belief, market, rules.risk_tolerance, budget, holdings=holdings,
            min_cost=rules.min_trade,
        )  # fmt: skip
    return kelly_bet(
        belief, market, budget, max_fraction=rules.max_fraction, holdings=holdings,
        min_cost=rules.min_trade,
    )  # fmt: skip


@dataclass(eq=False, repr=False)
class RoundTrading:
    """The trading of one round: holdings, spending and turns of every agent.

    ``traders[k]`` is agent ``k``'s account, ``updates[k]`` its price update;
    ``on_trade(kind, gas)`` receives each trade's gas.
    """

    system: MarketSystem
    traders: Sequence[Any]
    updates: Sequence[PriceUpdate]
    rules: TradingRules
    rng: random.Random
    on_trade: Callable[[str, int], None]
    # (agent, market) -> [no, yes]
    holdings: dict[tuple[int, int], list[float]] = field(init=False, default_factory=dict)
    spent: dict[tuple[int, int], float] = field(init=False, default_factory=dict)
    decisions: list[Decision] = field(init=False, default_factory=list)
    trades: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.trades = [0] * len(self.traders)

    def trade(self, market: int, b: int, beliefs: Sequence[float], active: Sequence[bool]) -> None:
        """Passes over the agents in ``market`` (liquidity ``b`` in wei) until nobody trades.

        ``beliefs[k]`` is agent ``k``'s model's P(yes), ``active[k]`` whether it has
        information to trade on (an agent without any abstains rather than trade a prior).
        """
        rules = self.rules
        q = [0, 0]
        order = list(range(len(self.traders)))
        for _ in range(rules.passes):
            self.rng.shuffle(order)
            traded = False
            for k in order:
                if not active[k]:
                    continue
                lm = LMSR(q[0] / E18, q[1] / E18, b / E18)
                hold = self.holdings.get((k, market), [0.0, 0.0])
                z_others = (lm.q_yes - lm.q_no - (hold[1] - hold[0])) / lm.b
                z_own = logit(float(beliefs[k]))
                self.decisions.append(Decision(k, market, z_own, z_others))
                belief = self.updates[k].belief(float(beliefs[k]), z_others)
                budget = max(0.0, rules.market_budget - self.spent.get((k, market), 0.0))
                bet = size_bet(rules, belief, lm, budget, (hold[0], hold[1]))
                if not bet.is_trade:
                    continue
                outcome, shares, max_cost = bet.wei_order()
                if shares == 0:
                    continue
                receipt = self.system.markets.buy(
                    market, outcome, shares, max_cost, sender=self.traders[k]
                )
                self.on_trade("trade", receipt.gas_used)
                event = receipt.event("Trade")
                paid = int(event["amount"]) / E18
                self.spent[k, market] = self.spent.get((k, market), 0.0) + paid
                q = [int(event["qNo"]), int(event["qYes"])]
                self.holdings.setdefault((k, market), [0.0, 0.0])[outcome] += shares / E18
                self.trades[k] += 1
                traded = True
            if not traded:
                break
