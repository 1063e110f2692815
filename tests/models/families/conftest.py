"""The labelled domains every family's test fits on: a subsample of the novel split."""

from __future__ import annotations

import pytest

from augury.data import DomainSplit, load_domain_dataset, split
from tests.models.families.contract import sample


@pytest.fixture(scope="session")
def small() -> DomainSplit:
    parts = split(load_domain_dataset(), "novel", random_state=0)
    return DomainSplit("novel", sample(parts.train, 4000, 1), sample(parts.test, 1500, 2))
