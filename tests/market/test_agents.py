"""The four phishing-domain model families: sklearn rules, skill on new domains, retraining."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from augury.data import DomainDataset, DomainSplit, InvalidDomainError, load_domain_dataset, split
from augury.market.agents import (
    AgentError,
    CharNgramAgent,
    DomainAgent,
    EnsembleAgent,
    ListLookupAgent,
    LookalikeBoostingAgent,
    NeighbourAgent,
    default_agents,
    lists_first,
    log_pool,
    site_model,
)
from augury.market.domain_model import DomainModel

FAMILIES = [CharNgramAgent, LookalikeBoostingAgent, NeighbourAgent, ListLookupAgent]
# Held-out AUC each family must reach on the subsampled novel split (chance is 0.5). The
# list lookup agent only has parent-domain reputation for unseen sites, hence its lower bar.
FLOOR = {
    CharNgramAgent: 0.85,
    LookalikeBoostingAgent: 0.85,
    NeighbourAgent: 0.80,
    ListLookupAgent: 0.60,
}


def _sample(data: DomainDataset, n: int, seed: int) -> DomainDataset:
    rng = np.random.default_rng(seed)
    labels = data.labels
    idx: list[int] = []
    for value in (0, 1):
        members = np.flatnonzero(labels == value)
        take = round(n * len(members) / len(labels))
        idx += rng.choice(members, size=take, replace=False).tolist()
    return data.subset(sorted(idx))


@pytest.fixture(scope="module")
def small() -> DomainSplit:
    parts = split(load_domain_dataset(), "novel", random_state=0)
    return DomainSplit("novel", _sample(parts.train, 4000, 1), _sample(parts.test, 1500, 2))


@pytest.mark.parametrize("family", FAMILIES)
def test_family_follows_sklearn_rules_and_beats_chance(
    family: type[DomainModel], small: DomainSplit
) -> None:
    model = family()
    params = model.get_params()
    assert model.fit(small.train.domains, small.train.labels) is model
    learned = set(vars(model)) - set(params)
    assert learned and all(name.endswith("_") for name in learned)
    assert clone(model).get_params() == params
    proba = model.predict_proba(small.test.domains)
    assert proba.shape == (len(small.test), 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    auc = roc_auc_score(small.test.labels, proba[:, 1])
    assert auc >= FLOOR[family], f"{family.__name__} held-out AUC {auc:.3f}"
    assert set(model.predict(small.test.domains[:50]).tolist()) <= {0, 1}


@pytest.mark.parametrize("family", FAMILIES)
def test_same_random_state_same_model(family: type[DomainModel], small: DomainSplit) -> None:
    train = _sample(small.train, 1500, 5)
    a = family().fit(train.domains, train.labels).predict_proba(small.test.domains[:300])
    b = family().fit(train.domains, train.labels).predict_proba(small.test.domains[:300])
    assert np.array_equal(a, b)


@pytest.mark.parametrize("family", FAMILIES)
def test_extra_pairs_teach_the_model(family: type[DomainModel], small: DomainSplit) -> None:
    """A jury-revealed scam (and its copies) raises that domain's probability."""
    train = _sample(small.train, 1500, 6)
    target = "claim-rewards-portal.example-new.io"
    before = family().fit(train.domains, train.labels).scam_probability(target)
    revealed = [(target, 1)] * 5 + [(f"{i}.{target}", 1) for i in range(10)]
    after = family().fit(train.domains, train.labels, extra=revealed).scam_probability(target)
    assert after > before
    assert after > 0.5


def test_inputs_are_checked(small: DomainSplit) -> None:
    with pytest.raises(AgentError, match="both benign"):
        CharNgramAgent().fit(["a.com", "b.com"], [1, 1])
    with pytest.raises(AgentError, match="2 domains but y has 1"):
        CharNgramAgent().fit(["a.com", "b.com"], [1])
    with pytest.raises(AgentError, match="0 \\(benign\\) or 1"):
        CharNgramAgent().fit(["a.com", "b.com"], [0, 2])
    train = _sample(small.train, 500, 9)
    model = ListLookupAgent().fit(train.domains, train.labels)
    with pytest.raises(InvalidDomainError):
        model.predict_proba([""])
    assert model.scam_probability("https://Sub.Example.org/login") == model.scam_probability(
        "sub.example.org"
    )


def test_list_lookup_learns_the_lists(small: DomainSplit) -> None:
    model = ListLookupAgent().fit(small.train.domains, small.train.labels)
    scam = next(d for d, y in zip(small.train.domains, small.train.labels, strict=True) if y)
    benign = next(
        d for d, y in zip(small.train.domains, small.train.labels, strict=True) if not y
    )
    assert model.scam_probability(scam) == pytest.approx(0.98)
    assert model.scam_probability("login." + scam) == pytest.approx(0.98)
    assert model.scam_probability(benign) == pytest.approx(0.02)
    assert 0.0 < model.fuzzy_rate_ < 1.0


def test_domain_agents_trade_and_retrain(small: DomainSplit) -> None:
    base = _sample(small.train, 1200, 7)
    agents = default_agents(base, random_state=0)
    assert [a.name for a in agents] == ["char-ngram", "lookalike-gbm", "neighbours", "list-lookup"]
    domain = small.test.domains[0]
    for agent in agents:
        p = agent.predict(domain)
        assert isinstance(p, float) and 0.0 <= p <= 1.0
    lookup = agents[3]
    assert isinstance(lookup, DomainAgent)
    lookup.retrain([(domain, 1 - int(small.test.labels[0]))])
    assert lookup.revealed == [(domain, 1 - int(small.test.labels[0]))]
    expected = 0.98 if small.test.labels[0] == 0 else 0.02
    assert lookup.predict(domain) == pytest.approx(expected)
    many = lookup.predict_many(small.test.domains[:10])
    assert many.shape == (10,)


def test_ensemble_is_the_mean_of_its_members(small: DomainSplit) -> None:
    train = _sample(small.train, 1500, 8)
    members = [CharNgramAgent(), ListLookupAgent()]
    linear = EnsembleAgent(members, use_lists=False, pooling="linear")
    ensemble = linear.fit(train.domains, train.labels)
    test = small.test.domains[:200]
    beliefs = [m.predict_proba(test)[:, 1] for m in ensemble.members_]
    assert np.allclose(ensemble.predict_proba(test)[:, 1], np.mean(beliefs, axis=0))
    geometric = EnsembleAgent(members, use_lists=False).fit(train.domains, train.labels)
    assert np.allclose(geometric.predict_proba(test)[:, 1], log_pool(beliefs))
    with pytest.raises(AgentError, match="pooling"):
        EnsembleAgent(members, pooling="max").fit(train.domains, train.labels)
    # With the lists first, listed domains (and their subdomains) take the list's verdict.
    listed = EnsembleAgent(members).fit(train.domains, train.labels)
    known = [*train.domains[:20], "login." + train.domains[0]]
    got = listed.predict_proba(known)[:, 1]
    want = [0.98 if y else 0.02 for y in train.labels[:20]] + [0.98 if train.labels[0] else 0.02]
    lookup = listed.members_[1]
    assert isinstance(lookup, ListLookupAgent)
    hosts = [d in lookup.exact_benign_ for d in known]
    assert np.allclose(got[~np.array(hosts)], np.array(want)[~np.array(hosts)])
    copy = clone(ensemble)
    assert [type(m) for m in copy.members] == [CharNgramAgent, ListLookupAgent]
    assert not hasattr(copy, "members_")


def test_log_pool_is_the_sigmoid_of_mean_log_odds() -> None:
    beliefs = np.array([[0.9, 0.5, 0.2], [0.6, 0.5, 0.2]])
    odds = np.exp(np.mean(np.log(beliefs / (1 - beliefs)), axis=0))
    assert np.allclose(log_pool(beliefs), odds / (1 + odds))
    assert log_pool([[0.0], [1.0]]) == pytest.approx([0.5])  # clipped, symmetric


def test_lists_first_overrides_only_listed_domains() -> None:
    pooled = np.array([0.4, 0.6, 0.7, 0.1])
    out = lists_first(pooled, ["whitelist", "blacklist", "fuzzy", "all"])
    assert out.tolist() == pytest.approx([0.02, 0.98, 0.7, 0.1])
    assert pooled.tolist() == [0.4, 0.6, 0.7, 0.1]


def test_hosting_platform_vouches_only_for_itself() -> None:
    domains = ["netlify.app", "docs.python.org", "python.org", "a.netlify.app", "b.netlify.app"]
    model = ListLookupAgent().fit(domains, [0, 0, 0, 1, 1])
    assert model.verdicts(["netlify.app", "c.netlify.app", "x.python.org"]) == [
        "whitelist",
        "all",
        "whitelist",
    ]
    assert model.scam_probability("c.netlify.app") > 0.5  # its parent hosts scams


def test_site_model_is_trained_once_and_knows_the_lists() -> None:
    model = site_model()
    assert site_model() is model
    assert model.scam_probability("azukishop.live") > 0.8
    assert model.scam_probability("https://etherscan.io/tx/0x1") < 0.2
    assert model.scam_probability("metamask.io") == pytest.approx(0.02)
    assert model.scam_probability("wallet.metamask.io") == pytest.approx(0.02)
