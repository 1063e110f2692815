"""The CharNgramAgent family (a linear model over n-grams)."""

from __future__ import annotations

from augury.data import DomainSplit
from augury.models import CharNgramAgent
from tests.models.families.contract import check_family


def test_follows_the_family_contract(small: DomainSplit) -> None:
    check_family(CharNgramAgent, small, floor=0.85)
