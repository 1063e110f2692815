"""``augury guard`` as a user runs it: a subprocess, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import Cli

A = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"

augury = Cli()


def test_check_blind_signature_json(tmp_path: Path) -> None:
    path = tmp_path / "req.json"
    path.write_text(json.dumps({"method": "eth_sign", "params": [A, "0x" + "ab" * 32]}))
    result = augury("guard", "check", "--request", str(path), "--format", "json", "--no-model")
    assert result.returncode == 3, result.stderr
    data = json.loads(result.stdout)
    assert data["verdict"] == "block"
    assert data["findings"][0]["rule"] == "raw_signature_farming"


def test_check_transfer_text(tmp_path: Path) -> None:
    path = tmp_path / "req.json"
    path.write_text(
        json.dumps(
            {
                "method": "eth_sendTransaction",
                "params": [
                    {"from": A, "to": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "value": "0x1"}
                ],
            }
        )
    )
    result = augury("guard", "check", "--request", str(path), "--no-model")
    assert result.returncode == 0, result.stderr
    assert "ALLOW" in result.stdout and "You give" in result.stdout


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "req.json"
    path.write_text("{not json")
    result = augury("guard", "check", "--request", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith("augury: error:") and result.stderr.count("\n") == 1
    path.write_text(json.dumps({"method": "eth_getBalance", "params": [A]}))
    result = augury("guard", "check", "--request", str(path))
    assert result.returncode == 2 and "not a signing method" in result.stderr


def test_site_json() -> None:
    result = augury("guard", "site", "https://myetherwallett.com", "--format", "json", "--no-model")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["verdict"] == "block" and data["list"]["result"] == "blacklist"


def test_site_names_the_brand_a_host_borrows() -> None:
    result = augury("guard", "site", "moonbirds-rewards.app", "--no-model")
    assert result.returncode == 0, result.stderr
    assert "known brand" in result.stdout and "moonbirds.xyz" in result.stdout
    data = json.loads(
        augury("guard", "site", "moonbirds-rewards.app", "--no-model", "--format", "json").stdout
    )
    assert data["verdict"] == "warn"
    assert data["imitates"] == {
        "brand": "moonbirds",
        "official": "moonbirds.xyz",
        "how": "contains",
    }
