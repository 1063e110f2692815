"""Jury.vy rules on the judge's and the DAO's challenges, on both backends."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from augury.chain import Chain, Contract
from augury.errors import TransactionFailed
from augury.protocol import (
    BatchInfo,
    BatchStatus,
    RequestStatus,
    Result,
    adjudicate,
    deploy_protocol,
    dispute_vote_commitment,
    stake_jurors,
)
from augury.protocol.judge import BPS, JUROR_FEE_BPS, SLASH_BURN_BPS

E18 = 10**18


@pytest.fixture
def protocol(chain: Chain) -> dict[str, Contract]:
    contracts = deploy_protocol(chain, jury_arbitrates=True)
    token = contracts["Token"]
    for acct in chain.accounts[1:8]:
        token.transfer(acct, 10_000 * E18, sender=chain.accounts[0])
        token.approve(contracts["Judge"], 2**256 - 1, sender=acct)
        token.approve(contracts["DataDAO"], 2**256 - 1, sender=acct)
    stake_jurors(token, contracts["Jury"], chain.accounts[5:8], funder=chain.accounts[0])
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
    ("votes", "status"),
    [((False, False, True), RequestStatus.OVERTURNED), ((True, True, False), RequestStatus.FINAL)],
)
def test_the_jury_rules_on_a_judge_answer(
    chain: Chain, protocol: dict[str, Contract], votes: tuple[bool, ...], status: int
) -> None:
    judge, jury = protocol["Judge"], protocol["Jury"]
    assert judge.arbiter() == jury.address
    rid = _challenged_answer(chain, judge)
    assert judge.challenged(rid)
    jurors = chain.accounts[5:8]
    choice = dict(zip([j.address for j in jurors], votes, strict=True))
    ruling = adjudicate(chain, jury, judge, rid, jurors, lambda j: choice[j.address])
    assert ruling.upheld == (status == RequestStatus.FINAL)
    assert Result.read(judge, rid).status == status
    minority = [j for j in jurors if choice[j.address] != ruling.upheld]
    for j in minority:  # the dissenter lost part of her stake
        assert jury.stakeOf(j) < jury.minStake()
    assert all(jury.pending(j) == 0 for j in jurors)  # every lock released


def test_the_jury_rejects_a_poisoned_batch(chain: Chain, protocol: dict[str, Contract]) -> None:
    dao, jury = protocol["DataDAO"], protocol["Jury"]
    submitter, challenger = chain.accounts[1], chain.accounts[2]
    bid = dao.submit(keccak(b"poison"), 10, 10 * E18, sender=submitter).event("Submitted")[
        "batchId"
    ]
    with pytest.raises(TransactionFailed, match="case not challenged"):
        jury.openDispute(dao, bid)
    dao.challenge(bid, sender=challenger)
    before = protocol["Token"].balanceOf(challenger)
    adjudicate(chain, jury, dao, bid, chain.accounts[5:8], lambda j: False)
    assert BatchInfo.read(dao, bid).status == BatchStatus.REJECTED
    # her stake back and the slash less the burned part and the juror fee (to the Jury)
    kept = 10 * E18 * (BPS - SLASH_BURN_BPS - JUROR_FEE_BPS) // BPS
    assert protocol["Token"].balanceOf(challenger) == before + 10 * E18 + kept


def test_dispute_rules(chain: Chain, protocol: dict[str, Contract]) -> None:
    judge, jury = protocol["Judge"], protocol["Jury"]
    rid = _challenged_answer(chain, judge)
    outsider = chain.new_account()
    with pytest.raises(TransactionFailed, match="unknown court"):
        jury.openDispute(outsider.address, rid)
    with pytest.raises(TransactionFailed, match="only arbiter"):
        judge.rule(rid, True, sender=chain.accounts[0])  # the deployer is no longer the arbiter
    d = jury.openDispute(judge, rid).event("DisputeOpened")["dispute"]
    with pytest.raises(TransactionFailed, match="dispute already open"):
        jury.openDispute(judge, rid)
    with pytest.raises(TransactionFailed, match="stake below minimum"):
        jury.commitDisputeVote(d, keccak(b"v"), sender=chain.accounts[4])
    j = chain.accounts[5]
    salt = bytes(32)
    jury.commitDisputeVote(d, dispute_vote_commitment(d, True, salt, j), sender=j)
    with pytest.raises(TransactionFailed, match="vote reveal window not open"):
        jury.revealDisputeVote(d, True, salt, sender=j)
    with pytest.raises(TransactionFailed, match="stake locked"):
        jury.unstake(1, sender=j)
    chain.advance_time(int(jury.commitPeriod()))
    with pytest.raises(TransactionFailed, match="vote does not match commitment"):
        jury.revealDisputeVote(d, False, salt, sender=j)
    with pytest.raises(TransactionFailed, match="voting open"):
        jury.resolveDispute(d)
    chain.advance_time(int(jury.revealPeriod()))  # j never revealed
    jury.resolveDispute(d)
    # no votes: the status quo (the answer) stands
    assert Result.read(judge, rid).status == RequestStatus.FINAL
    stake = jury.stakeOf(j)
    jury.settleDisputeJuror(d, j)
    assert jury.stakeOf(j) < stake  # committed without revealing: slashed
