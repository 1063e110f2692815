"""One reward epoch on real domains: honest contributors paid, copiers and flippers not."""

from __future__ import annotations

import numpy as np
import pytest
from eth_utils import to_checksum_address

from augury.dao.epoch import settle_epoch
from augury.dao.errors import RewardError
from augury.dao.merkle import verify_proof
from augury.dao.store import ContributedExample
from augury.data import load_domain_dataset

ALICE, BOB, MALLORY, COPIER = (f"0x{c * 40}" for c in "abcd")


def test_settle_epoch() -> None:
    data = load_domain_dataset()
    idx = np.random.default_rng(0).permutation(len(data))
    d, y = data.domains, data.labels
    alice = [ContributedExample(d[i], int(y[i]), ALICE, "0x1", 1) for i in idx[:300]]
    bob = [ContributedExample(d[i], int(y[i]), BOB, "0x2", 2) for i in idx[300:600]]
    mallory = [ContributedExample(d[i], 1 - int(y[i]), MALLORY, "0x3", 3) for i in idx[600:750]]
    copier = [ContributedExample(e.domain, e.label, COPIER, "0x4", 4) for e in alice[:150]]
    examples = alice + bob + mallory + copier
    val = idx[1000:1400]
    pool = 10**21
    s = settle_epoch(examples, [d[i] for i in val], y[val], pool, cap=0.5)
    assert s.example_values.shape == (len(examples),)
    assert (
        s.contributor_values[MALLORY]
        < 0
        < min(s.contributor_values[ALICE], s.contributor_values[BOB])
    )
    assert s.contributor_values[COPIER] == 0.0  # copies of earlier data are worth nothing
    assert s.payouts.amounts[MALLORY] == 0 and s.payouts.amounts[COPIER] == 0
    assert sum(s.payouts.amounts.values()) + s.payouts.undistributed == pool
    assert s.distribution is not None and s.distribution.total == sum(s.payouts.amounts.values())
    paid = {to_checksum_address(a): v for a, v in s.payouts.amounts.items() if v > 0}
    assert {c.account: c.amount for c in s.distribution.claims} == paid
    for claim in s.distribution.claims:
        assert verify_proof(s.distribution.root, claim, s.distribution.proof(claim.index))


def test_no_examples() -> None:
    with pytest.raises(RewardError, match="at least one"):
        settle_epoch([], ["a.com"], [0], 100)
