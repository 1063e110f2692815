"""The audit's blind flip (H-2) played on the real ``Markets`` contract, under the closing-window
rule and, in the same run, under the last-trade rule it replaces.

Setting (``FlipConfig``): ``markets`` NEAREST markets of liquidity ``b``, whose honest price
is 0.2 (an honest trader buys NO to 0.2 at creation). The truth is NO everywhere. An
honest trader checks every market once per ``honest_period`` seconds inside the closing
window (at ``start + k·period``, k = 1, 2, … before close) and buys NO back to 0.2 where
the price is above it. It does nothing outside the window, never anticipates the
attacker, and never trades in the same block as him.

The attacker buys YES just past parity (price ≈ 0.50025) in every market below 1/2, at a
time set by his :class:`Strategy`. Afterwards the jury samples each market independently
with probability ``rate`` and resolves the sampled ones by the truth (NO); the rest are
settled by the contract's rule. As deployed (``SettleRule.CONTESTED``) the jury also
samples every *contested* market, one whose price crossed 1/2 there and back inside its
closing window (``Markets.crossings`` > 1), whatever the rate; ``CLOSING_WINDOW`` is the
window rule alone. The attacker's payouts are measured on chain twice per
market — everything settled by the rule, everything resolved NO — so his net P&L for
any sample is exact, and its expectation at a rate is
``Σ rate·paid_if_NO + (1 - rate)·paid_by_rule - spent``.

The last-trade contract is ``Markets.vy`` with its settlement line put back to the
pre-fix rule (``q_yes > q_no`` at close), compiled and deployed beside the real one;
each (strategy, rule) pair replays the same timeline from the same chain snapshot.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from augury.chain import Chain, Contract, Receipt
from augury.contracts import source_path
from augury.market.lmsr import NO, ONE, YES
from augury.protocol import MarketSystem, deploy_markets, question_id

# The line that makes the closing-window rule, and the pre-fix rule that replaces it.
WINDOW_RULE = "if 2 * self._yes_seconds(_market, close) > window:"
LAST_TRADE_RULE = "if self._q[_market] >> 128 > self._q[_market] & LOW128:"


class Strategy(enum.Enum):
    """When the attacker flips."""

    LAST_BLOCK = "last_block"  # the last block before close (the audit's PoC)
    WINDOW_START = "window_start"  # the closing window's first second
    BEFORE_WINDOW = "before_window"  # one second before the window starts
    SUSTAINED = "sustained"  # at the window's start and again after each honest correction


class SettleRule(enum.Enum):
    CLOSING_WINDOW = "closing window (new)"
    CONTESTED = "closing window + contested markets sampled (new, as deployed)"
    LAST_TRADE = "last trade (old)"


@dataclass(frozen=True)
class FlipConfig:
    markets: int = 60
    b: int = 20 * ONE
    honest_price: float = 0.2
    life: int = 4 * 3600  # creation to close
    window: int = 3600  # Markets.closingWindow
    honest_period: int = 300
    rates: tuple[float, ...] = (0.0, 0.05, 0.10, 0.20)
    draws: int = 2000  # random samples per rate, for the spread around the expectation
    seed: int = 1


@dataclass(frozen=True)
class RatePnl:
    """The attacker's net P&L in tokens at one sampling rate."""

    rate: float
    expected: float
    low: float  # 5th percentile over the random samples
    high: float  # 95th percentile


@dataclass(frozen=True)
class FlipResult:
    strategy: Strategy
    rule: SettleRule
    flips: int  # YES buys the attacker made
    spent: float  # tokens
    resolved_yes: int  # markets the rule settles YES when none is sampled
    pnl: tuple[RatePnl, ...]

    def at(self, rate: float) -> RatePnl:
        return next(p for p in self.pnl if p.rate == rate)


def last_trade_markets(chain: Chain, token: Contract, window: int) -> Contract:
    """``Markets.vy`` as it settled before the fix (by ``q_yes > q_no`` at close)."""
    import vyper

    src = source_path("Markets").read_text()
    if src.count(WINDOW_RULE) != 1:
        raise RuntimeError("Markets.vy no longer has the closing-window rule this bench swaps")
    out = vyper.compile_code(
        src.replace(WINDOW_RULE, LAST_TRADE_RULE), output_formats=["abi", "bytecode"]
    )
    code = bytes.fromhex(out["bytecode"].removeprefix("0x"))
    return chain.deploy_code(out["abi"], code, token, 0, window, name="MarketsLastTrade")


class _Play:
    """One (strategy, contract) replay from a fresh snapshot."""

    def __init__(self, system: MarketSystem, markets: Contract, config: FlipConfig) -> None:
        self.chain, self.mk, self.cfg = system.chain, markets, config
        self.jury = system.jury.address
        self.creator, self.honest, self.attacker = system.chain.accounts[:3]
        b = Decimal(config.b)
        p = Decimal(config.honest_price)
        self.honest_gap = int(b * ((1 - p) / p).ln())  # q_no - q_yes at the honest price
        self.margin = config.b // 1000  # how far past parity a flip goes
        self.spent = 0
        self.flips = 0

    def _at(self, t: int) -> None:
        """Make the next transaction land at time ``t`` (each one is a block, 1 s later)."""
        wait = t - 1 - self.chain.timestamp()
        if wait < 0:
            raise RuntimeError(f"time {t} is already past")
        if wait:
            self.chain.advance_time(wait)

    def _q(self, ids: Sequence[int]) -> list[tuple[int, int]]:
        out = []
        for m in ids:
            row = self.mk.market(m)
            out.append((int(row[7]), int(row[8])))
        return out

    def _buy(self, who: object, orders: list[tuple[int, int, int]]) -> Receipt | None:
        if not orders:
            return None
        cols = [[o[i] for o in orders] for i in range(3)]
        return self.mk.buyMany(cols[0], cols[1], cols[2], [10**30] * len(orders), sender=who)  # type: ignore[no-any-return]

    def honest_check(self, ids: Sequence[int]) -> None:
        orders = [
            (m, NO, q_yes - q_no + self.honest_gap)
            for m, (q_no, q_yes) in zip(ids, self._q(ids), strict=True)
            if q_yes - q_no + self.honest_gap > self.cfg.b // 10**6
        ]
        self._buy(self.honest, orders)

    def flip(self, ids: Sequence[int]) -> None:
        orders = [
            (m, YES, q_no - q_yes + self.margin)
            for m, (q_no, q_yes) in zip(ids, self._q(ids), strict=True)
            if q_yes <= q_no
        ]
        r = self._buy(self.attacker, orders)
        if r is not None:
            self.spent += sum(int(e["amount"]) for e in r.events_named("Trade"))
            self.flips += len(orders)

    def run(self, strategy: Strategy) -> tuple[list[int], list[int], int, list[bool]]:
        """Play the timeline; return per-market payouts (by the rule, all NO), the YES
        count and which markets are contested (crossed 1/2 inside the window)."""
        cfg = self.cfg
        close = self.chain.timestamp() + cfg.life
        qs = [question_id(f"blind-flip-{i}") for i in range(cfg.markets)]
        r = self.mk.createMarkets(qs, cfg.b, close, 1, sender=self.creator)
        ids = [int(e["market"]) for e in r.events_named("MarketCreated")]
        self._buy(self.honest, [(m, NO, self.honest_gap) for m in ids])
        start = close - cfg.window
        checks = list(range(start + cfg.honest_period, close, cfg.honest_period))
        events: list[tuple[int, str]] = [(t, "honest") for t in checks]
        if strategy is Strategy.LAST_BLOCK:
            events.append((close - 1, "flip"))
        elif strategy is Strategy.WINDOW_START:
            events.append((start, "flip"))
        elif strategy is Strategy.BEFORE_WINDOW:
            events.append((start - 1, "flip"))
        else:
            events += [(start, "flip")] + [(t + 1, "flip") for t in checks]
        for t, what in sorted(events):
            self._at(t)
            if what == "flip":
                self.flip(ids)
            else:
                self.honest_check(ids)
        self._at(close + 1)
        contested = [int(self.mk.crossings(m)) > 1 for m in ids]
        by_rule = self._settled(ids, None)
        all_no = self._settled(ids, NO)
        with self.chain.anchor():
            for m in ids:
                self.mk.settleByRule(m, sender=self.jury)
            yes = sum(int(self.mk.market(m)[4]) == YES for m in ids)
        return by_rule, all_no, yes, contested

    def _settled(self, ids: Sequence[int], outcome: int | None) -> list[int]:
        with self.chain.anchor():
            for m in ids:
                if outcome is None:
                    self.mk.settleByRule(m, sender=self.jury)
                else:
                    self.mk.resolve(m, outcome, sender=self.jury)
            r = self.mk.redeemMany(list(ids), sender=self.attacker)
            return [int(e["amount"]) for e in r.events_named("Redeemed")]


def _pnl(
    by_rule: list[int],
    all_no: list[int],
    forced: list[bool],
    spent: int,
    cfg: FlipConfig,
    rng: random.Random,
) -> tuple[RatePnl, ...]:
    """Expected P&L and its spread; a ``forced`` market is always sampled (resolved NO)."""
    out = []
    rows = list(zip(by_rule, all_no, forced, strict=True))
    for rate in cfg.rates:
        expected = sum(n if f else rate * n + (1 - rate) * r for r, n, f in rows)
        draws = sorted(
            sum(n if f or rng.random() < rate else r for r, n, f in rows) - spent
            for _ in range(cfg.draws)
        )
        lo, hi = draws[len(draws) // 20], draws[-(len(draws) // 20) - 1]
        out.append(RatePnl(rate, (expected - spent) / ONE, lo / ONE, hi / ONE))
    return tuple(out)


def play(config: FlipConfig, strategies: Sequence[Strategy] = tuple(Strategy)) -> list[FlipResult]:
    """Every strategy against both rules, each from the same chain snapshot."""
    chain = Chain.embedded()
    system = deploy_markets(chain, closing_window=config.window)
    old = last_trade_markets(chain, system.token, config.window)
    old.setJury(system.jury)
    contracts: dict[SettleRule, Contract] = {
        SettleRule.CLOSING_WINDOW: system.markets,
        SettleRule.LAST_TRADE: old,
    }
    for acct in chain.accounts[:3]:
        system.fund(acct, 10**30)
        system.token.approve(old, 2**256 - 1, sender=acct)
    rng = random.Random(config.seed)
    results = []
    for strategy in strategies:
        for rule, mk in contracts.items():
            with chain.anchor():
                p = _Play(system, mk, config)
                by_rule, all_no, yes, contested = p.run(strategy)
            plays = [(rule, [False] * len(contested))]
            if rule is SettleRule.CLOSING_WINDOW:
                plays.append((SettleRule.CONTESTED, contested))
            for as_rule, forced in plays:
                pnl = _pnl(by_rule, all_no, forced, p.spent, config, rng)
                results.append(FlipResult(strategy, as_rule, p.flips, p.spent / ONE, yes, pnl))
    return results
