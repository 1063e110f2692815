"""The protocol's enums are the contracts' constants, and the CLI offers exactly their names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from augury.contracts import CONTRACTS_DIR
from augury.errors import AuguryError
from augury.protocol import (
    BatchStatus,
    DealState,
    DisputeState,
    Kind,
    RequestStatus,
    Rule,
    State,
)

from ..helpers import Cli


def _constants(contract: str) -> dict[str, int]:
    """``NAME: constant(uintN) = V`` lines of a Vyper source."""
    text = (CONTRACTS_DIR / f"{contract}.vy").read_text()
    pattern = r"^([A-Z_]+): constant\(uint\d+\) = (\d+)\s*$"
    return {m[1]: int(m[2]) for m in re.finditer(pattern, text, re.MULTILINE)}


@pytest.mark.parametrize(
    ("enum", "contract", "skip"),
    [
        (RequestStatus, "Judge", {"UNKNOWN"}),
        (BatchStatus, "DataDAO", {"UNKNOWN"}),
        (Kind, "DataDAO", set()),
        (Rule, "Markets", set()),
        (State, "Markets", {"UNKNOWN"}),
        (DealState, "Escrow", {"UNKNOWN"}),
        (DisputeState, "Court", set()),
    ],
)
def test_enum_values_are_the_contract_constants(enum: type, contract: str, skip: set[str]) -> None:
    constants = _constants(contract)
    for member in enum:  # type: ignore[attr-defined]
        if member.name in skip:
            assert member.value == 0
            continue
        assert constants[member.name] == member.value, f"{contract}.{member.name}"


def test_labels_round_trip_and_bad_names_are_user_errors() -> None:
    assert [k.label for k in Kind] == [
        "dataset", "adopt", "pause", "policy", "rewards",
        "judge-policy", "arbiter", "governance", "forwarder",
    ]  # fmt: skip
    assert all(Kind.parse(k.label) is k for k in Kind)
    assert all(Rule.parse(r.label) is r for r in Rule)
    with pytest.raises(AuguryError, match="unknown proposal kind 'coup'"):
        Kind.parse("coup")
    with pytest.raises(ValueError, match="--settle must be refund or nearest"):
        Rule.parse("later")


def test_the_cli_offers_exactly_the_enum_names(tmp_path: Path) -> None:
    cli = Cli(tmp_path, in_process=True)
    propose = cli("dao", "propose", "--help").stdout
    assert all(k.label in propose for k in Kind)  # nine kinds: the help wraps the list
    simulate = cli("market", "simulate", "--help").stdout
    assert "|".join(r.label for r in Rule) in simulate
    bad = cli("market", "simulate", "--settle", "later")
    assert bad.returncode == 2 and "--settle must be refund or nearest" in bad.stderr
