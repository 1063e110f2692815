"""A small market simulation against a real Hardhat node."""

from __future__ import annotations

import pytest

from augury.chain import Chain
from augury.chain.hardhat import HardhatNode
from augury.market.questions import questions_from_pairs
from augury.market.simulate import SimulationConfig, simulate
from augury.protocol import Rule

from ..market.test_simulate import NoisyForecaster

pytestmark = pytest.mark.integration


def test_small_simulation_on_hardhat(hardhat_node: HardhatNode) -> None:
    chain = Chain.connect(hardhat_node.url)
    pairs = [(f"node{i}.example", int(i % 2)) for i in range(6)]
    questions, oracle = questions_from_pairs(pairs)
    agents = [NoisyForecaster(f"a{i}", dict(pairs), 1.0, seed=i) for i in range(2)]
    with chain.anchor():
        report = simulate(
            chain, questions, oracle, agents,
            SimulationConfig(jury_rate=0.5, settle=Rule.NEAREST, passes=1, seed=2),
        )  # fmt: skip
    assert len(report.markets) == 6
    assert oracle.asked == {m.id for m in report.markets if m.sampled}
    assert report.gas["trade"] <= 120_000
