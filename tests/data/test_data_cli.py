"""``augury data``: thin commands over the loaders, exit status 2 on bad input."""

from __future__ import annotations

import json

from tests.helpers import Cli

cli = Cli(in_process=True)


def test_check_reports_each_rule() -> None:
    result = cli(
        "data",
        "check",
        "https://MetaMask.io/x",
        "azukishop.live",
        "metarnask.xyz",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["type"] for r in rows] == ["whitelist", "blacklist", "fuzzy"]
    assert rows[2]["match"] == "metamask.io"
    text = cli("data", "check", "python.org")
    assert text.returncode == 0 and "python.org" in text.stdout


def test_bad_domain_is_a_one_line_user_error() -> None:
    result = cli("data", "check", "http://exa mple.com")
    assert result.returncode == 2
    assert "is not a URL or host name" in result.output


def test_label_and_stats() -> None:
    address = "0x80D7BB18521ACBEF32D7906502EBE94928690E93"
    result = cli("data", "label", address, "--format", "json")
    assert result.returncode == 0
    labels = json.loads(result.stdout)["labels"]
    assert any(x["tag"] == "Fake_Phishing1772" for x in labels)
    unknown = cli("data", "label", "0x" + "00" * 20)
    assert "no label" in unknown.stdout
    stats = cli("data", "stats", "--format", "json")
    data = json.loads(stats.stdout)
    assert data["domains"]["blacklist (scam)"] == 13748
    assert data["site domains"]["blacklist (scam)"] == 15405
    assert data["site domains"]["project-sites (benign)"] == 1359
    assert data["addresses"]["phishing-scams"] == 6726
