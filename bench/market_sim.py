"""Throughput of the market simulation: N micro-markets, five agents, one run.

Questions come from the held-back part of the novel split (agents never trained
on them); for N larger than that part, domains repeat under fresh question ids,
which changes nothing for throughput. Reports wall time per phase, transactions,
mean gas and the scores.

    .venv/bin/python bench/market_sim.py --markets 10000 --out docs/bench/market_sim_10k.json
"""

from __future__ import annotations

import argparse
import time
from dataclasses import asdict
from pathlib import Path

from _common import emit
from augury.chain import Chain
from augury.market.players import agents_for, held_back_questions
from augury.market.questions import questions_from_pairs
from augury.market.simulate import SimulationConfig, simulate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markets", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--jury-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--passes", type=int, default=SimulationConfig.passes)
    parser.add_argument("--min-trade", type=float, default=SimulationConfig.min_trade)
    parser.add_argument("--strategy", choices=("cara", "kelly"), default=SimulationConfig.strategy)
    parser.add_argument(
        "--risk-tolerance", type=float, default=SimulationConfig.risk_tolerance, help="CARA τ"
    )
    parser.add_argument(
        "--no-read-price", action="store_true", help="agents ignore the price (no price update)"
    )
    parser.add_argument("--price-prior", type=float, default=SimulationConfig.price_prior)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    t0 = time.perf_counter()
    questions, oracle, train = held_back_questions(10**9, seed=args.seed)
    labels = oracle.scoring_labels()
    pairs = [(q.domain, labels[q.id]) for q in questions]
    pairs = [pairs[i % len(pairs)] for i in range(args.markets)]
    qs, oracle = questions_from_pairs(pairs)
    agents = agents_for(train, args.seed)
    t_setup = time.perf_counter() - t0
    phases: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(label: str, done: int, total: int) -> None:
        now = time.perf_counter()
        key = label.split(": ")[-1]
        phases[key] = phases.get(key, 0.0) + now - last[0]
        last[0] = now

    t1 = time.perf_counter()
    report = simulate(
        Chain.embedded(), qs, oracle, agents,
        SimulationConfig(
            jury_rate=args.jury_rate, rounds=args.rounds, seed=args.seed, passes=args.passes,
            min_trade=args.min_trade, strategy=args.strategy,
            risk_tolerance=args.risk_tolerance, read_price=not args.no_read_price,
            price_prior=args.price_prior,
        ),
        progress,
    )  # fmt: skip
    t_sim = time.perf_counter() - t1
    trades = sum(a.trades for a in report.agents)
    summary = {
        "markets": args.markets,
        "agents": len(agents),
        "rounds": args.rounds,
        "passes": args.passes,
        "min_trade": args.min_trade,
        "strategy": args.strategy,
        "risk_tolerance": args.risk_tolerance,
        "read_price": not args.no_read_price,
        "price_prior": args.price_prior,
        "setup_seconds": round(t_setup, 1),
        "simulation_seconds": round(t_sim, 1),
        "trades": trades,
        "phase_seconds": {k: round(v, 1) for k, v in phases.items()},
        "gas": {k: round(v) for k, v in report.gas.items()},
        "scores": {name: asdict(sc) for name, sc in report.scores.items()},
        "jury": asdict(report.jury),
        "rounds_detail": [r.__dict__ for r in report.rounds],
    }
    emit(summary, args.out)


if __name__ == "__main__":
    main()
