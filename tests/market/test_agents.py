"""Models as market participants: one agent per pooled family, trading and retraining."""

from __future__ import annotations

import pytest

from augury.data import load_domain_dataset, split
from augury.market.agents import DomainAgent, default_agents
from augury.market.players import ListTrader, agents_for
from augury.models import ModelError
from tests.models.families.contract import sample


def test_domain_agents_trade_and_retrain() -> None:
    parts = split(load_domain_dataset(), "novel", random_state=0)
    base, test = sample(parts.train, 1200, 7), sample(parts.test, 200, 2)
    agents = default_agents(base, random_state=0)
    assert [a.name for a in agents] == ["char-ngram", "lookalike-gbm", "neighbours", "list-lookup"]
    domain = test.domains[0]
    for agent in agents:
        p = agent.predict(domain)
        assert isinstance(p, float) and 0.0 <= p <= 1.0
    lookup = agents[3]
    assert isinstance(lookup, DomainAgent)
    lookup.retrain([(domain, 1 - int(test.labels[0]))])
    assert lookup.revealed == [(domain, 1 - int(test.labels[0]))]
    expected = 0.98 if test.labels[0] == 0 else 0.02
    assert lookup.predict(domain) == pytest.approx(expected)
    many = lookup.predict_many(test.domains[:10])
    assert many.shape == (10,)


def test_players_field_one_trader_per_registered_family() -> None:
    parts = split(load_domain_dataset(), "novel", random_state=0)
    base = sample(parts.train, 600, 3)
    (lookup,) = agents_for(base, 0, only="list-lookup")
    assert isinstance(lookup, ListTrader)
    (ensemble,) = agents_for(base, 0, only="ensemble")
    assert ensemble.name == "ensemble" and 0.0 <= ensemble.predict("opensea.io") <= 1.0
    with pytest.raises(ModelError, match="unknown agent family 'forest'"):
        agents_for(base, 0, only="forest")
    with pytest.raises(ModelError, match="both benign"):
        default_agents(base.subset([i for i, y in enumerate(base.labels) if y]))
