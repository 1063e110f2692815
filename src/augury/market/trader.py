"""An agent as its own process: watch a Markets contract on any node and trade.

``augury agent run`` is how agents scale past one machine: each runs this loop
against the same node with its own key. The agent learns the questions' text
from a questions file (ids and domains; labels, if present, are never read),
matches markets by their on-chain question id (keccak256 of the question text),
and trades each open market it has not traded yet on its model's belief, sized as
the simulation's traders size it: by default as an exponential-utility (CARA)
trader (:mod:`augury.market.cara`), or by Kelly on its balance.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from augury.chain import Chain
from augury.errors import ConfigError, TransactionFailed
from augury.market.cara import cara_bet
from augury.market.kelly import kelly_bet
from augury.market.lmsr import LMSR
from augury.market.questions import read_questions
from augury.protocol import MarketsClient, State, contract, ensure_allowance, question_id

SIZINGS = ("cara", "kelly")


@dataclass(frozen=True)
class Trade:
    """One buy an agent process sent: the market, its question, what it believed and bought."""

    market: int
    question: str
    belief: float
    outcome: int
    shares: int
    gas: int


@dataclass(frozen=True)
class Skip:
    """A market an agent looked at and did not trade: no edge, or the buy reverted."""

    market: int
    belief: float
    reason: str


@dataclass
class TraderLog:
    """What an agent process did: markets seen, trades sent, markets skipped and why."""

    seen: int = 0
    trades: list[Trade] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "trades": [asdict(t) for t in self.trades],
            "skipped": [asdict(s) for s in self.skipped],
        }


def check_sizing(sizing: str) -> str:
    """``sizing`` if it names a bet-sizing rule (:data:`SIZINGS`), else a one-line
    :class:`~augury.errors.ConfigError` (before any slow training starts)."""
    if sizing not in SIZINGS:
        raise ConfigError(f"--sizing must be one of {', '.join(SIZINGS)}, not {sizing!r}")
    return sizing


def markets_for(chain: Chain, sender: Any) -> MarketsClient:
    """The deployed ``Markets`` contract as ``sender`` trades it: the collateral is
    approved once, without limit, so each buy is one transaction."""
    markets = MarketsClient(contract(chain, "Markets"), sender)
    ensure_allowance(contract(chain, "Token"), sender, markets.contract, 2**256 - 1)
    return markets


def build_agent(strategy: str, questions_path: Path, seed: int = 0) -> Any:
    """The agent of model family ``strategy`` (any name registered in
    :mod:`augury.models.families`), trained on the bundled data minus every asked site."""
    from augury.market.players import agents_for, questions_from_file
    from augury.models import names

    if strategy not in names():
        raise ConfigError(f"unknown strategy {strategy!r}: use {', '.join(names())}")
    _, _, base = questions_from_file(questions_path, require_labels=False)
    return next(a for a in agents_for(base, seed, only=strategy) if a.name == strategy)


def trade_open_markets(
    chain: Chain,
    markets: MarketsClient,
    agent: Any,
    questions_path: Path,
    *,
    traded: set[int],
    sizing: str = "cara",
    risk_tolerance: float = 20.0,
    market_budget: float = 100.0,
    max_fraction: float = 0.05,
    from_block: int = 0,
) -> TraderLog:
    """One pass: trade every open, not yet traded market whose question is known.

    ``sizing="cara"`` stakes at most ``market_budget`` tokens a market with risk tolerance
    ``risk_tolerance`` (the simulation's defaults); ``"kelly"`` stakes at most
    ``max_fraction`` of the balance."""
    if sizing not in SIZINGS:
        raise ConfigError(f"unknown sizing {sizing!r}: use {', '.join(SIZINGS)}")
    questions, _ = read_questions(questions_path, require_labels=False)
    by_hash = {question_id(q.text): q for q in questions}
    log = TraderLog()
    sender = markets.sender
    token = chain.at("Token", markets.contract.token())
    for ev in markets.contract.events("MarketCreated", from_block=from_block):
        market = int(ev["market"])
        q = by_hash.get(bytes(ev["question"]))
        if q is None or market in traded:
            continue
        log.seen += 1
        st = markets.state(market)
        if st.state != State.OPEN or st.close_time <= chain.timestamp() + 1:
            continue
        belief = float(agent.predict_many([q.domain])[0])
        bankroll = token.balanceOf(sender) / 1e18
        state = LMSR.from_wei(st.q_no, st.q_yes, st.b)
        if sizing == "cara":
            bet = cara_bet(belief, state, risk_tolerance, min(bankroll, market_budget))
        else:
            bet = kelly_bet(belief, state, bankroll, max_fraction=max_fraction)
        traded.add(market)
        if not bet.is_trade:
            log.skipped.append(Skip(market, belief, "no edge"))
            continue
        outcome, shares, max_cost = bet.wei_order()
        try:
            r = markets.buy(market, outcome, shares, max_cost)
        except TransactionFailed as exc:  # price moved, market closed: skip, keep going
            log.skipped.append(Skip(market, belief, exc.reason))
            continue
        log.trades.append(Trade(market, q.id, belief, outcome, shares, r.gas_used))
    return log


def run_trader(
    chain: Chain,
    markets: MarketsClient,
    agent: Any,
    questions_path: Path,
    *,
    once: bool,
    interval: float = 5.0,
    sizing: str = "cara",
    on_pass: Callable[[TraderLog], None] = lambda log: None,
) -> TraderLog:
    """Trade until interrupted (or one pass with ``once``); returns the combined log."""
    traded: set[int] = set()
    total = TraderLog()
    while True:
        log = trade_open_markets(
            chain, markets, agent, questions_path, traded=traded, sizing=sizing
        )
        total.seen += log.seen
        total.trades.extend(log.trades)
        total.skipped.extend(log.skipped)
        on_pass(log)
        if once:
            return total
        time.sleep(interval)
