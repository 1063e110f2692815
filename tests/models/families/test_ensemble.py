"""The ensemble family and its pooling rules."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from augury.data import DomainSplit
from augury.models import (
    CharNgramAgent,
    EnsembleAgent,
    ListLookupAgent,
    ModelError,
    lists_first,
    log_pool,
)
from tests.models.families.contract import sample


def test_ensemble_is_the_mean_of_its_members(small: DomainSplit) -> None:
    train = sample(small.train, 1500, 8)
    members = [CharNgramAgent(), ListLookupAgent()]
    linear = EnsembleAgent(members, use_lists=False, pooling="linear")
    ensemble = linear.fit(train.domains, train.labels)
    test = small.test.domains[:200]
    beliefs = [m.predict_proba(test)[:, 1] for m in ensemble.members_]
    assert np.allclose(ensemble.predict_proba(test)[:, 1], np.mean(beliefs, axis=0))
    geometric = EnsembleAgent(members, use_lists=False).fit(train.domains, train.labels)
    assert np.allclose(geometric.predict_proba(test)[:, 1], log_pool(beliefs))
    with pytest.raises(ModelError, match="pooling"):
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
