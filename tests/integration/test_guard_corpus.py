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
