"""The guard stage of ``augury run`` reads the markets' prices as a third site signal."""

from __future__ import annotations

from augury.data import load_phishing_list
from augury.guard.stage import market_sites


def test_market_prices_are_a_separate_signal_and_disagreements_are_named() -> None:
    listed = load_phishing_list()
    scam = listed.blacklist[0]
    trusted = listed.whitelist[0]
    # a market that got both wrong: the report keeps its price apart and says so
    sites = {r.domain: r for r in market_sites({scam: 0.03, trusted: 0.96})}
    assert sites[scam].market_score == 0.03 and sites[trusted].market_score == 0.96
    assert sites[scam].verdict == "block" and sites[trusted].verdict == "allow"
    assert any("market" in d for d in sites[scam].disagreements)
    assert any("market" in d for d in sites[trusted].disagreements)
    # a market that agrees adds no disagreement
    agreeing = market_sites({scam: 0.99})[0]
    assert not any("market" in d for d in agreeing.disagreements)
