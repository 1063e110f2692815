"""The full cost of one settled question: markets with a sampled court beside all-court.

One run per liquidity b: the real ``Markets``/``Jury``/``Court`` on the embedded chain,
the five real agents trading held-back questions (``augury.market.simulate``; unsampled
markets settle by the closing window), every transaction's gas from its receipt, the
creator's subsidy loss from its redeem, the agents' inference timed in CPU seconds, and
the jurors' pay from the court's ``JurorSettled`` events. Prices are options with stated
defaults (``augury.market.cost_table.Prices``).

    .venv/bin/python bench/question_cost.py --questions 200 --out docs/bench/question_cost.json
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from _common import emit
from augury.market.cost import CostMeasurement, measure, micro_config
from augury.market.cost_table import (
    GOAL_USD,
    OLAS_INFERENCE_USD,
    CostTable,
    Prices,
    markdown,
    price,
)
from augury.market.players import agents_for, held_back_questions


def summary(m: CostMeasurement, t: CostTable, seconds: float) -> dict[str, Any]:
    """One b's figures: what was measured, the table, the totals against the goal."""
    loss = m.subsidy_loss_tokens
    inference = next(r for r in t.rows if r.component.startswith("agents' inference"))
    return {
        "liquidity_b_tokens": m.liquidity,
        "seconds": round(seconds, 1),
        "questions": m.questions,
        "settled": m.settled,
        "trades": m.trades,
        "jury_rate_seed": m.jury_rate,
        "sampled": m.sampled,
        "contested": m.contested,
        "sampled_share": m.sampled_share,
        "disputes": m.disputes,
        "gas_buckets": {k: asdict(b) for k, b in sorted(m.buckets.items())},
        "setup_one_off": asdict(m.setup),
        "subsidy": {
            "paid_per_market_tokens": m.subsidy_paid_tokens,
            "bound_b_ln2_tokens": m.subsidy_bound_tokens,
            "loss_mean_tokens": statistics.fmean(loss),
            "loss_worst_tokens": max(loss),
            "loss_best_tokens": min(loss),
        },
        "juror_pay_tokens_total": m.juror_pay_tokens,
        "inference": {
            "cpu_seconds_total": m.inference_cpu_seconds,
            "cpu_seconds_per_question": m.inference_cpu_seconds / m.questions,
            "usd_per_question": inference.markets.usd,
            "olas_anchor_usd": list(OLAS_INFERENCE_USD),
        },
        "accuracy": {
            "markets_and_sampling": m.accuracy,
            "court_on_its_cases": m.court_accuracy,
            "correct": m.correct,
            "court_correct": m.court_correct,
        },
        "rows": [asdict(r) for r in t.rows],
        "total_markets": asdict(t.total_markets),
        "total_all_court": asdict(t.total_court),
        "goal_usd": GOAL_USD,
        "meets_goal": t.meets_goal,
        "table_markdown": markdown(t),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument(
        "--b", type=str, default="20,0.05", help="liquidities, tokens, comma-separated"
    )
    parser.add_argument(
        "--jury-rate", type=float, default=0.05,
        help="the seed's sampling rate (the deployed `augury market` default; contested "
        "markets are sampled on top)",
    )  # fmt: skip
    parser.add_argument("--reward-per-market", type=float, default=1.0,
                        help="tokens the jury pays the court per sampled market")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--gas-gwei", type=float, default=Prices.gas_gwei)
    parser.add_argument("--eth-usd", type=float, default=Prices.eth_usd)
    parser.add_argument("--token-usd", type=float, default=Prices.token_usd)
    parser.add_argument("--cpu-usd-per-vcpu-hour", type=float, default=Prices.cpu_usd_per_vcpu_hour)
    parser.add_argument("--l1-usd-per-kb", type=float, default=Prices.l1_usd_per_kb,
                        help="L1 data fee per KiB of signed transaction (0: excluded)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    prices = Prices(
        args.gas_gwei, args.eth_usd, args.token_usd, args.cpu_usd_per_vcpu_hour,
        args.l1_usd_per_kb,
    )  # fmt: skip

    questions, oracle, train = held_back_questions(args.questions, seed=args.seed)
    t0 = time.process_time()
    agents = agents_for(train, args.seed)
    training = time.process_time() - t0
    runs = []
    for b in (float(x) for x in args.b.split(",")):
        t1 = time.perf_counter()
        config = micro_config(b, args.jury_rate, seed=args.seed,
                              reward_per_market=args.reward_per_market)  # fmt: skip
        m = measure(questions, oracle, agents, config)
        m.training_cpu_seconds = training
        table = price(m, prices)
        runs.append(summary(m, table, time.perf_counter() - t1))
        print(f"\nb = {b:g} tokens\n{markdown(table)}", file=sys.stderr)
    emit(
        {
            "command": " ".join(sys.argv),
            "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "prices": asdict(prices),
            "training_cpu_seconds_one_off": training,
            "runs": runs,
        },
        args.out,
    )


if __name__ == "__main__":
    main()
