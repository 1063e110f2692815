"""What a market simulation reports: each market's outcome, each agent's, the rounds, the
jury's cost and the scores, as typed records (:class:`SimulationReport`).

Scores are computed after the run, against all labels, on the questions the jury did not
sample (:func:`score`), so the market's prices and every agent are judged on the same
held-back questions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from augury.market.questions import JuryOracle
from augury.models import auc, brier


@dataclass
class MarketOutcome:
    id: str
    market: int
    domain: str
    price: float
    sampled: bool
    outcome: int | None
    round: int


@dataclass
class AgentOutcome:
    name: str
    predictions: dict[str, float] = field(default_factory=dict)
    pnl: float = 0.0
    trades: int = 0
    abstained: set[str] = field(default_factory=set)  # question ids it had no information on


@dataclass
class RoundStats:
    round: int
    markets: int
    sampled: int
    market_brier: float  # on unsampled questions
    agent_brier: dict[str, float]
    revealed_for_training: int
    # (w_self, w_price) each agent traded with this round: (1, 0) until outcomes exist
    price_weights: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Score:
    """A forecaster's Brier score and AUC on the questions the jury did not sample."""

    brier: float
    auc: float


@dataclass
class JuryCost:
    """What the jury did over a simulation: markets sampled, verdicts the court gave on
    them, tokens the jury paid the court."""

    sampled: int = 0
    votes: int = 0
    reward_tokens: float = 0.0


@dataclass
class SimulationReport:
    markets: list[MarketOutcome]
    agents: list[AgentOutcome]
    gas: dict[str, float]
    rounds: list[RoundStats]
    jury: JuryCost
    scores: dict[str, Score]  # "market" and each agent's name

    def to_json(self) -> dict[str, Any]:
        """The ``--format json`` document of ``augury market simulate``."""
        return {
            "markets": [
                {"id": m.id, "price": m.price, "sampled": m.sampled, "outcome": m.outcome}
                for m in self.markets
            ],
            "agents": [
                {"name": a.name, "predictions": a.predictions, "pnl": a.pnl} for a in self.agents
            ],
            "gas": {k: round(v) for k, v in self.gas.items()},
            "rounds": [r.__dict__ for r in self.rounds],
            "jury": asdict(self.jury),
            "scores": {name: asdict(sc) for name, sc in self.scores.items()},
        }


def round_stats(
    r: int,
    markets: list[MarketOutcome],
    agents: list[AgentOutcome],
    oracle: JuryOracle,
    revealed: int,
    weights: dict[str, list[float]],
) -> RoundStats:
    """Round ``r``'s markets, jury sample and Brier scores on its unsampled questions."""
    labels = oracle.scoring_labels()
    rest = [m for m in markets if not m.sampled]
    y = [labels[m.id] for m in rest]
    return RoundStats(
        round=r,
        markets=len(markets),
        sampled=len(markets) - len(rest),
        market_brier=brier([m.price for m in rest], y),
        agent_brier={a.name: brier([a.predictions[m.id] for m in rest], y) for a in agents},
        revealed_for_training=revealed,
        price_weights=weights,
    )


def score(
    markets: list[MarketOutcome], agents: list[AgentOutcome], oracle: JuryOracle
) -> dict[str, Score]:
    """Brier and AUC of the market's final prices and of each agent, on unsampled questions."""
    labels = oracle.scoring_labels()
    rest = [m for m in markets if not m.sampled]
    y = [labels[m.id] for m in rest]
    prices = [m.price for m in rest]
    out = {"market": Score(brier(prices, y), auc(prices, y))}
    for a in agents:
        p = [a.predictions[m.id] for m in rest]
        out[a.name] = Score(brier(p, y), auc(p, y))
    return out
