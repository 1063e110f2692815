"""The whole scenario corpus on a real Hardhat node: contracts deployed by real
transactions, every request simulated on an embedded fork of the node's state."""

from __future__ import annotations

import pytest

from augury.chain import Chain
from augury.chain.hardhat import HardhatNode
from augury.guard.corpus import run_corpus, summarize

pytestmark = pytest.mark.integration


def test_corpus_on_hardhat(hardhat_node: HardhatNode) -> None:
    chain = Chain.connect(hardhat_node.url)
    snap = chain.snapshot()
    try:
        rows = run_corpus(chain, use_model=False)
    finally:
        chain.revert(snap)
    s = summarize(rows)
    assert s.malicious_flagged == s.malicious and s.benign_blocked == 0
    assert [r.name for r in rows if not r.ok] == []
    for row in rows:
        if row.malicious:
            assert row.pattern in row.rules, (row.name, row.rules)


def test_young_contract_spender_needs_node_history(hardhat_node: HardhatNode) -> None:
    """A bounded approval to an untrusted contract deployed a few blocks ago warns; once
    the policy's ``young_blocks`` have passed it does not."""
    import dataclasses

    from augury.guard import check
    from augury.guard.corpus.scenarios import build_world, tx

    chain = Chain.connect(hardhat_node.url)
    snap = chain.snapshot()
    try:
        world = build_world(chain)
        world.policy = dataclasses.replace(world.policy, young_blocks=40)
        request = tx(world, world.usd, world.usd.approve.calldata(world.drainer, 5))
        report = check(request, chain=chain, policy=world.policy, use_model=False)
        (finding,) = [f for f in report.findings if f.rule == "approval_farming"]
        assert finding.severity == "warn" and finding.evidence["age_blocks"] < 30
        for _ in range(40):
            chain.advance_time(12)
        later = check(request, chain=chain, policy=world.policy, use_model=False)
        assert later.verdict == "allow"
    finally:
        chain.revert(snap)
