from __future__ import annotations

import json
from pathlib import Path

import pytest

from augury.chain import Chain
from augury.errors import ConfigError


def test_round_trip_keeps_state_logs_abis_and_deployment(tmp_path: Path) -> None:
    chain = Chain.embedded(timestamp=1_700_000_000)
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "T", "T", 18, 10**6, sender=a)
    token.transfer(b, 5, sender=a)
    chain.advance_time(100)
    chain.deployment["Token"] = token.address
    path = chain.save(tmp_path / "s.json")  # type: ignore[attr-defined]

    again = Chain.embedded(state=path)
    assert (again.block_number(), again.timestamp()) == (chain.block_number(), chain.timestamp())
    t2 = again.at("Token", again.deployment["Token"])
    assert t2.balanceOf(b) == 5
    assert [e["value"] for e in t2.events("Transfer")] == [10**6, 5]
    receipt = t2.transfer(b, 1, sender=a)  # the loaded chain keeps working
    assert receipt.event("Transfer")["value"] == 1
    assert again.nonce(a) == chain.nonce(a) + 1
    # the file on disk is untouched until saved again
    assert json.loads(path.read_text())["block"] == chain.block_number()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ('{"format": "x"}', "not an augury"),
        ('{"format": "augury-embedded-state/1"}', "damaged"),
    ],
)
def test_bad_state_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        Chain.embedded(state=path)
