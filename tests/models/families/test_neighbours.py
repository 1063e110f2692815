"""The NeighbourAgent family (a vote of the nearest training domains)."""

from __future__ import annotations

from augury.data import DomainSplit
from augury.models import NeighbourAgent
from tests.models.families.contract import check_family


def test_follows_the_family_contract(small: DomainSplit) -> None:
    check_family(NeighbourAgent, small, floor=0.80)
