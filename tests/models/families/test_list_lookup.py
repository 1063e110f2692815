"""The list-lookup family: eth-phishing-detect's rules learned from the training pairs."""

from __future__ import annotations

import pytest

from augury.data import DomainSplit
from augury.models import ListLookupAgent
from tests.models.families.contract import check_family


def test_follows_the_family_contract(small: DomainSplit) -> None:
    # Only parent-domain reputation for sites it never saw, hence the lower bar.
    check_family(ListLookupAgent, small, floor=0.60)


def test_list_lookup_learns_the_lists(small: DomainSplit) -> None:
    model = ListLookupAgent().fit(small.train.domains, small.train.labels)
    scam = next(d for d, y in zip(small.train.domains, small.train.labels, strict=True) if y)
    benign = next(d for d, y in zip(small.train.domains, small.train.labels, strict=True) if not y)
    assert model.scam_probability(scam) == pytest.approx(0.98)
    assert model.scam_probability("login." + scam) == pytest.approx(0.98)
    assert model.scam_probability(benign) == pytest.approx(0.02)
    assert 0.0 < model.fuzzy_rate_ < 1.0


def test_hosting_platform_vouches_only_for_itself() -> None:
    domains = ["netlify.app", "docs.python.org", "python.org", "a.netlify.app", "b.netlify.app"]
    model = ListLookupAgent().fit(domains, [0, 0, 0, 1, 1])
    assert model.verdicts(["netlify.app", "c.netlify.app", "x.python.org"]) == [
        "whitelist",
        "all",
        "whitelist",
    ]
    assert model.scam_probability("c.netlify.app") > 0.5  # its parent hosts scams
