"""The LookalikeBoostingAgent family (boosted trees over lexical features)."""

from __future__ import annotations

from augury.data import DomainSplit
from augury.models import LookalikeBoostingAgent
from tests.models.families.contract import check_family


def test_follows_the_family_contract(small: DomainSplit) -> None:
    check_family(LookalikeBoostingAgent, small, floor=0.85)
