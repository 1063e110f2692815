"""The blind flip of audit H-2 on the real Markets contract: closing-window rule beside last trade.

60 NEAREST markets (b = 20 tokens), honest price 0.2, truth NO everywhere; an honest
trader buys NO back to 0.2 once per ``--honest-period`` seconds inside the closing
window; the attacker buys YES just past parity in every market at the time his strategy
says; the jury samples each market with probability ``rate`` and resolves it NO, the rest
settle by the contract's rule. The attacker's payouts are measured on chain per market
(settled by the rule, and resolved NO), for the fixed contract and, in the same run,
for ``Markets.vy`` with its pre-fix last-trade rule. See augury/market/blind_flip.py.

    .venv/bin/python bench/blind_flip.py [--markets 60] [--honest-period 300]
                                         [--format table|json] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path
from typing import Any

from _common import emit
from augury.market.blind_flip import FlipConfig, FlipResult, Strategy, play
from augury.market.lmsr import ONE


def _doc(config: FlipConfig, results: list[FlipResult], seconds: float) -> dict[str, Any]:
    cfg = dataclasses.asdict(config)
    cfg["b_tokens"] = cfg.pop("b") / ONE
    return {
        "config": cfg,
        "cpu_note": f"{seconds:.1f} s wall",
        "results": [
            {
                "strategy": r.strategy.value,
                "rule": r.rule.value,
                "flips": r.flips,
                "spent_tokens": round(r.spent, 2),
                "resolved_yes_if_unsampled": r.resolved_yes,
                "pnl_tokens": [
                    {
                        "rate": p.rate,
                        "expected": round(p.expected, 1),
                        "p5": round(p.low, 1),
                        "p95": round(p.high, 1),
                    }
                    for p in r.pnl
                ],
            }
            for r in results
        ],
    }


def _table(results: list[FlipResult], rates: tuple[float, ...]) -> str:
    head = f"{'strategy':14} {'rule':30} {'flips':>5} {'spent':>8} {'YES':>4} " + " ".join(
        f"{'E@' + format(r, '.0%'):>9}" for r in rates
    )
    lines = [head]
    for r in results:
        pnl = " ".join(f"{r.at(rate).expected:>+9.1f}" for rate in rates)
        lines.append(
            f"{r.strategy.value:14} {r.rule.value:30} {r.flips:>5} {r.spent:>8.1f} "
            f"{r.resolved_yes:>4} {pnl}"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markets", type=int, default=60)
    ap.add_argument("--b", type=float, default=20.0, help="liquidity in tokens")
    ap.add_argument("--window", type=int, default=3600, help="Markets.closingWindow, s")
    ap.add_argument("--life", type=int, default=4 * 3600, help="creation to close, s")
    ap.add_argument("--honest-period", type=int, default=300)
    ap.add_argument("--rates", type=float, nargs="*", default=[0.0, 0.05, 0.10, 0.20])
    ap.add_argument("--draws", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--strategies",
        nargs="*",
        default=[s.value for s in Strategy],
        choices=[s.value for s in Strategy],
    )
    ap.add_argument("--format", choices=["table", "json"], default="table")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    config = FlipConfig(
        markets=args.markets,
        b=int(args.b * ONE),
        life=args.life,
        window=args.window,
        honest_period=args.honest_period,
        rates=tuple(args.rates),
        draws=args.draws,
        seed=args.seed,
    )
    t0 = time.perf_counter()
    results = play(config, [Strategy(s) for s in args.strategies])
    doc = _doc(config, results, time.perf_counter() - t0)
    if args.format == "table":
        print(_table(results, config.rates))
    emit(doc, args.out, echo=args.format == "json")


if __name__ == "__main__":
    main()
