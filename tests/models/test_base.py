"""The estimator contract shared by every domain model: inputs checked, URLs reduced."""

from __future__ import annotations

import numpy as np
import pytest

from augury.data import DomainSplit, InvalidDomainError, load_domain_dataset, split
from augury.models import CharNgramAgent, ListLookupAgent, ModelError, balanced_weights
from tests.models.families.contract import sample


def test_inputs_are_checked() -> None:
    with pytest.raises(ModelError, match="both benign"):
        CharNgramAgent().fit(["a.com", "b.com"], [1, 1])
    with pytest.raises(ModelError, match="2 domains but y has 1"):
        CharNgramAgent().fit(["a.com", "b.com"], [1])
    with pytest.raises(ModelError, match="0 \\(benign\\) or 1"):
        CharNgramAgent().fit(["a.com", "b.com"], [0, 2])
    parts: DomainSplit = split(load_domain_dataset(), "novel", random_state=0)
    train = sample(parts.train, 500, 9)
    model = ListLookupAgent().fit(train.domains, train.labels)
    with pytest.raises(InvalidDomainError):
        model.predict_proba([""])
    assert model.scam_probability("https://Sub.Example.org/login") == model.scam_probability(
        "sub.example.org"
    )


def test_balanced_weights_give_each_class_the_same_total() -> None:
    labels = np.array([0, 0, 0, 1])
    w = balanced_weights(labels)
    assert w[labels == 0].sum() == pytest.approx(w[labels == 1].sum())
    assert w.mean() == pytest.approx(1.0)
