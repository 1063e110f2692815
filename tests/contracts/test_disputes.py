"""The arbiter rules on the judge's and the DAO's challenges, on both backends.

The dispute court moved out of Jury.vy (which now only samples markets) into a court
contract of its own; until it is wired in, the deployer is the arbiter and rules
directly, and these tests keep the arbitrables' side: what is challenged, who may
rule, what a ruling pays."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from augury.chain import Chain, Contract
from augury.errors import TransactionFailed
from augury.protocol import BatchInfo, BatchStatus, RequestStatus, Result, deploy_protocol
from augury.protocol.judge import BPS, JUROR_FEE_BPS, SLASH_BURN_BPS

E18 = 10**18


@pytest.fixture
def protocol(chain: Chain) -> dict[str, Contract]:
    contracts = deploy_protocol(chain)
    token = contracts["Token"]
    for acct in chain.accounts[1:8]:
        token.transfer(acct, 10_000 * E18, sender=chain.accounts[0])
        token.approve(contracts["Judge"], 2**256 - 1, sender=acct)
        token.approve(contracts["DataDAO"], 2**256 - 1, sender=acct)
    return contracts


def _challenged_answer(chain: Chain, judge: Contract) -> int:
    operator, asker, watcher = chain.accounts[1:4]
    r = judge.register(keccak(b"c"), keccak(b"w"), keccak(b"a"), keccak(b"q"),
                       100 * E18, 10**6, 5, E18, sender=operator)  # fmt: skip
    mid = r.event("ModelRegistered")["modelId"]
    rid = judge.request(mid, keccak(b"x"), sender=asker).event("Requested")["requestId"]
    judge.answer(rid, [0, 9], b"p", sender=operator)
    judge.challenge(rid, sender=watcher)
    return int(rid)


@pytest.mark.parametrize(
    ("upheld", "status"), [(False, RequestStatus.OVERTURNED), (True, RequestStatus.FINAL)]
)
def test_the_arbiter_rules_on_a_judge_answer(
    chain: Chain, protocol: dict[str, Contract], upheld: bool, status: int
) -> None:
    judge = protocol["Judge"]
    arbiter = chain.accounts[0]
    assert judge.arbiter() == arbiter.address
    rid = _challenged_answer(chain, judge)
    assert judge.challenged(rid)
    with pytest.raises(TransactionFailed, match="only arbiter"):
        judge.rule(rid, upheld, sender=chain.accounts[5])
    judge.rule(rid, upheld, sender=arbiter)
    assert Result.read(judge, rid).status == status
    assert not judge.challenged(rid)


def test_the_arbiter_rejects_a_poisoned_batch(chain: Chain, protocol: dict[str, Contract]) -> None:
    dao = protocol["DataDAO"]
    submitter, challenger = chain.accounts[1], chain.accounts[2]
    bid = dao.submit(keccak(b"poison"), 10, 10 * E18, sender=submitter).event("Submitted")[
        "batchId"
    ]
    assert not dao.challenged(bid)
    with pytest.raises(TransactionFailed, match="not challenged"):
        dao.rule(bid, False, sender=chain.accounts[0])
    dao.challenge(bid, sender=challenger)
    assert dao.challenged(bid)
    before = protocol["Token"].balanceOf(challenger)
    dao.rule(bid, False, sender=chain.accounts[0])
    assert BatchInfo.read(dao, bid).status == BatchStatus.REJECTED
    # her stake back and the slash less the burned part and the juror fee (to the arbiter)
    kept = 10 * E18 * (BPS - SLASH_BURN_BPS - JUROR_FEE_BPS) // BPS
    assert protocol["Token"].balanceOf(challenger) == before + 10 * E18 + kept
