"""The market simulation end to end, with small deterministic traders.

The traders here are simple forecasters with known skill (noisy views of the
truth): the thing under test is the simulation — markets, Kelly trading, the
jury's sampling and votes, settlement, retraining only on revealed outcomes —
not the domain models, which have their own tests.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from augury.chain import Chain
from augury.market.questions import JuryOracle, QuestionsError, questions_from_pairs, read_questions
from augury.market.report import SimulationReport
from augury.market.simulate import SimulationConfig, simulate
from augury.protocol import Rule


class NoisyForecaster:
    def __init__(self, name: str, truth: dict[str, int], noise: float, seed: int) -> None:
        self.name = name
        self._truth = truth
        self._noise = noise
        self._rng = np.random.default_rng(seed)
        self.retrained_on: list[tuple[str, int]] = []

    def predict_many(self, domains: Sequence[str]) -> npt.NDArray[np.float64]:
        y = np.array([self._truth[d] for d in domains], dtype=np.float64)
        logit = (2 * y - 1) * 2.0 + self._rng.normal(0.0, self._noise, len(y))
        return np.asarray(1.0 / (1.0 + np.exp(-logit)), dtype=np.float64)

    def retrain(self, revealed: Sequence[tuple[str, int]]) -> NoisyForecaster:
        self.retrained_on.extend(revealed)
        return self


def _world(n: int) -> tuple[list[NoisyForecaster], list, JuryOracle, dict[str, int]]:
    pairs = [(f"site{i}.example", int(i % 3 == 0)) for i in range(n)]
    truth = dict(pairs)
    questions, oracle = questions_from_pairs(pairs)
    agents = [NoisyForecaster(f"a{i}", truth, 1.0 + i, seed=i) for i in range(3)]
    return agents, questions, oracle, truth


def _run(
    chain: Chain, n: int, rule: Rule, rounds: int = 2
) -> tuple[SimulationReport, JuryOracle, list[NoisyForecaster]]:
    agents, questions, oracle, _ = _world(n)
    config = SimulationConfig(jury_rate=0.3, settle=rule, rounds=rounds, seed=3, jurors=3, passes=2)
    return simulate(chain, questions, oracle, agents, config), oracle, agents


@pytest.mark.parametrize("rule", [Rule.REFUND, Rule.NEAREST])
def test_only_sampled_markets_reveal_labels(embedded: Chain, rule: Rule) -> None:
    report, oracle, agents = _run(embedded, 24, rule)
    sampled = {m.id for m in report.markets if m.sampled}
    assert sampled and len(sampled) < len(report.markets)
    assert oracle.asked == sampled
    truth = oracle.scoring_labels()
    for m in report.markets:
        assert 0.0 < m.price < 1.0
        assert (m.outcome is None) != m.sampled
        if m.sampled:
            assert m.outcome == truth[m.id]  # honest jurors
    # agents retrain on round 1's revealed outcomes only (round 2 ends the run)
    round1 = {m.domain for m in report.markets if m.sampled and m.round == 1}
    for a in agents:
        assert {d for d, _ in a.retrained_on} == round1


def test_report_format_and_gas(embedded: Chain) -> None:
    report, _, _ = _run(embedded, 12, Rule.REFUND, rounds=1)
    doc = json.loads(json.dumps(report.to_json()))
    assert set(doc) >= {"markets", "agents", "gas"}
    assert set(doc["markets"][0]) == {"id", "price", "sampled", "outcome"}
    assert set(doc["agents"][0]) == {"name", "predictions", "pnl"}
    assert set(doc["agents"][0]["predictions"]) == {m["id"] for m in doc["markets"]}
    assert {"create", "trade", "redeem"} <= set(doc["gas"])
    assert 0 < doc["gas"]["trade"] <= 120_000
    assert 0 < doc["gas"]["create"] <= 160_000


def test_refund_markets_return_every_token(embedded: Chain) -> None:
    """With REFUND and no market sampled, traders end exactly where they began."""
    agents, questions, oracle, _ = _world(10)
    config = SimulationConfig(jury_rate=1e-6, settle=Rule.REFUND, rounds=1, seed=1, passes=2)
    report = simulate(embedded, questions, oracle, agents, config)
    assert not any(m.sampled for m in report.markets)
    assert all(abs(a.pnl) < 1e-9 for a in report.agents)
    assert oracle.asked == set()


def test_questions_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "domain": "metamask.io", "label": 0}\n{"id": "b", "label": 1}\n')
    with pytest.raises(QuestionsError, match=r"q.jsonl:2: \"domain\" must be a string"):
        read_questions(path)
    path.write_text('{"id": "a", "domain": "x.io", "label": 2}\n')
    with pytest.raises(QuestionsError, match=r":1: \"label\" must be 0 or 1"):
        read_questions(path)
    path.write_text(
        '{"id": "a", "domain": "x.io", "label": 1}\n{"id": "a", "domain": "y.io", "label": 1}\n'
    )
    with pytest.raises(QuestionsError, match=r":2: question id 'a' appears twice"):
        read_questions(path)
    path.write_text("not json\n")
    with pytest.raises(QuestionsError, match=":1: not valid JSON"):
        read_questions(path)
    path.write_text('{"id": "a", "domain": "ok.io", "label": 1}\n')
    questions, oracle = read_questions(path)
    assert oracle.asked == set()
    assert questions[0].domain == "ok.io" and not hasattr(questions[0], "label")


def test_agents_read_the_price_only_after_the_jury_revealed_outcomes(embedded: Chain) -> None:
    """Round 1 trades on the prior weights (1, 0); round 2 on weights fitted on round 1's
    revealed outcomes; without price reading, or without any revealed outcome, the
    weights stay the prior."""
    report, _, _ = _run(embedded, 30, Rule.REFUND)
    first, second = report.rounds
    assert all(w == [1.0, 0.0] for w in first.price_weights.values())
    assert first.revealed_for_training > 0
    assert any(w != [1.0, 0.0] for w in second.price_weights.values())
    for w_self, w_price in second.price_weights.values():
        assert 0.0 <= w_self <= 3.0 and 0.0 <= w_price <= 1.0

    agents, questions, oracle, _ = _world(30)
    blind = SimulationConfig(jury_rate=0.3, rounds=2, seed=3, read_price=False)
    report = simulate(Chain.embedded(), questions, oracle, agents, blind)
    assert all(w == [1.0, 0.0] for r in report.rounds for w in r.price_weights.values())

    agents, questions, oracle, _ = _world(30)
    unseen = SimulationConfig(jury_rate=1e-6, rounds=2, seed=3)
    report = simulate(Chain.embedded(), questions, oracle, agents, unseen)
    assert oracle.asked == set()
    assert all(w == [1.0, 0.0] for r in report.rounds for w in r.price_weights.values())


def test_the_jury_samples_the_same_markets_whatever_the_strategy(embedded: Chain) -> None:
    """The seed's secrets are apart from the trading order's randomness and the first
    round's commits close before any trade, so strategies compare on the same unsampled
    questions of that round. (Later rounds mix in the prevrandao of a block whose number
    depends on how many trades came before, as a real chain's would.)"""
    sampled = []
    for strategy in ("cara", "kelly"):
        agents, questions, oracle, _ = _world(30)
        config = SimulationConfig(jury_rate=0.3, rounds=2, seed=5, strategy=strategy)
        report = simulate(Chain.embedded(), questions, oracle, agents, config)
        sampled.append({m.id for m in report.markets if m.sampled and m.round == 1})
        assert report.gas["trade"] <= 120_000
    assert sampled[0] == sampled[1] and sampled[0]


def test_unknown_strategy() -> None:
    with pytest.raises(ValueError, match="strategy"):
        SimulationConfig(strategy="martingale")
