"""The cost of one settled question (``bench/question_cost.py``'s core) on a small run.

Twelve questions, three noisy forecasters with known skill (the domain models have their
own tests; what is under test is the measurement): the real contracts on the embedded
chain, every bucket of gas taken from receipts. The checks are about the accounting, not a
figure: every component is there and positive, the subsidy lost is what the traders won,
and the totals are the sums of the rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from augury.market.cost import CostMeasurement, measure, micro_config
from augury.market.cost_table import Prices, price
from augury.market.questions import questions_from_pairs


class Forecaster:
    def __init__(self, name: str, truth: dict[str, int], noise: float, seed: int) -> None:
        self.name = name
        self._truth = truth
        self._noise = noise
        self._rng = np.random.default_rng(seed)

    def predict_many(self, domains: Sequence[str]) -> npt.NDArray[np.float64]:
        y = np.array([self._truth[d] for d in domains], dtype=np.float64)
        z = (2 * y - 1) * 2.0 + self._rng.normal(0.0, self._noise, len(y))
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def retrain(self, revealed: Sequence[tuple[str, int]]) -> Forecaster:
        return self


@pytest.fixture(scope="module", params=[20.0, 0.05], ids=["b=20", "b=0.05"])
def run(request: pytest.FixtureRequest) -> CostMeasurement:
    pairs = [(f"site{i}.example", int(i % 3 == 0)) for i in range(12)]
    questions, oracle = questions_from_pairs(pairs)
    agents = [Forecaster(f"a{i}", dict(pairs), 1.0 + i, seed=i) for i in range(3)]
    return measure(questions, oracle, agents, micro_config(request.param, 0.3, seed=3))


def test_every_component_is_measured(run: CostMeasurement) -> None:
    assert run.settled == run.questions == 12
    assert run.disputes == run.sampled > 0  # the court sat on every sampled market
    for bucket in ("create", "trade", "settle", "redeem", "round", "court"):
        assert run.gas(bucket).gas > 0 and run.gas(bucket).txs > 0, bucket
    assert run.gas("trade").txs == run.trades
    assert run.juror_pay_tokens > 0
    assert run.inference_cpu_seconds > 0
    assert run.court_accuracy == 1.0  # honest jurors vote the truth
    assert run.subsidy_paid_tokens == pytest.approx(run.subsidy_bound_tokens, rel=1e-12)


def test_the_subsidy_lost_is_what_the_traders_won(run: CostMeasurement) -> None:
    """Measured, not assumed: the creator's loss per market, summed, equals the agents'
    net token gain; no market loses the creator more than b·ln 2."""
    loss = run.subsidy_loss_tokens
    assert len(loss) == run.questions
    assert sum(loss) == pytest.approx(run.trader_pnl_tokens, abs=1e-9 * run.questions)
    assert max(loss) <= run.subsidy_bound_tokens
    assert sum(loss) > 0


def test_the_total_is_the_sum_of_its_rows(run: CostMeasurement) -> None:
    prices = Prices(gas_gwei=0.02, eth_usd=2500.0, token_usd=0.5, l1_usd_per_kb=0.001)
    table = price(run, prices)
    total = table.total_markets
    assert total.gas == pytest.approx(sum(r.markets.gas for r in table.rows))
    assert total.tokens == pytest.approx(sum(r.markets.tokens for r in table.rows))
    assert total.usd == pytest.approx(
        prices.usd(gas=total.gas, tokens=total.tokens, cpu_s=total.cpu_s, tx_bytes=total.tx_bytes)
    )
    per_question = sum(run.gas(b).gas for b in ("create", "trade", "settle", "redeem", "round",
                                                "court"))  # fmt: skip
    assert total.gas == pytest.approx(per_question / run.settled)
    for r in table.rows:
        assert r.markets.usd >= 0 and r.court.usd >= 0
        assert r.markets.usd > 0 or r.court.usd > 0, r.component
    court = table.total_court  # all-court: each question is a case, and pays it whole
    assert court.gas == pytest.approx(run.gas("court").gas / run.disputes)
    assert court.tokens == pytest.approx(run.juror_pay_tokens / run.disputes)
    assert math.isclose(table.sampled_share, run.sampled / run.questions)
