"""Penalties that cannot be dodged: the audit's exploits (H-4, M-3, L-2, L-3, I-4) as
tests, each of which failed on the contracts before the fix.

* H-4: a wrong-doer who challenges himself first from a second address no longer gets
  his slash back (part is burned, part pays the arbiter's jurors), and honest
  challengers may still join and are paid; the same for a DataDAO batch.
* M-3: the Escrow's requests use each payer's quota, not one quota all its users share.
* L-2: tokens locked after a proposal was made do not vote on it.
* L-3: after ``judge.setGovernance(dao)`` the DAO can still change the Judge's policy,
  arbiter, forwarders and governance.
* I-4: off a development chain the deployer gives up the token's mint.
"""

from __future__ import annotations

import pytest
from eth_utils import keccak

from augury.chain import Chain
from augury.errors import TransactionFailed
from augury.protocol import (
    BatchChallenge,
    ChallengeInfo,
    Kind,
    Penalty,
    ProtocolParams,
    Result,
    address_num,
    deploy_protocol,
)
from augury.protocol.judge import BPS, JUROR_FEE_BPS, SLASH_BURN_BPS, RequestStatus

from . import test_judge
from .test_judge import BOND, CHALLENGE_BOND, E18, FEE, WINDOW, World, juror_fee

w = test_judge.w  # the Judge world fixture

ZERO32 = bytes(32)


def _net(w: World, accounts: list[object], before: list[int]) -> int:
    return sum(w.token.balanceOf(a) for a in accounts) - sum(before)


@pytest.mark.parametrize("honest_joins", [False, True])
def test_a_self_challenge_loses_money_and_an_honest_joiner_is_paid(
    w: World, honest_joins: bool
) -> None:
    """Audit H-4: the operator answers wrongly and at once challenges from his own second
    address. Before, an honest watcher's challenge reverted ("not answered") and the
    overturn paid the whole bond to the operator's alt: net 0 for the wrong-doer. Now the
    watcher joins, and the wrong-doer's two addresses lose money whatever happens."""
    alt, watcher = w.chain.new_account(), w.bob
    w.token.transfer(alt, 10**4 * E18, sender=w.dao)
    w.token.approve(w.judge, 2**256 - 1, sender=alt)
    wrong_doer = [w.operator, alt]
    before = [w.token.balanceOf(a) for a in wrong_doer]
    watcher0 = w.token.balanceOf(watcher)
    supply0 = w.token.totalSupply()
    mid = w.register()
    rid = w.ask(mid)
    w.judge.answer(rid, [0, 9], keccak(b"p"), sender=w.operator)  # wrong, on purpose
    w.judge.challenge(rid, sender=alt)  # the shield
    if honest_joins:
        w.judge.challenge(rid, sender=watcher)
    challengers = ChallengeInfo.read_all(w.judge, rid)
    assert [c.challenger for c in challengers] == [alt.address] + (
        [watcher.address] if honest_joins else []
    )
    receipt = w.judge.rule(rid, False, sender=w.arbiter)
    penalty = Penalty.from_receipt(receipt)
    burned = BOND * SLASH_BURN_BPS // BPS
    assert penalty.forfeit == BOND and penalty.juror_fee == juror_fee(BOND)
    assert penalty.burned == burned == supply0 - w.token.totalSupply()
    assert w.token.balanceOf(w.arbiter) == juror_fee(BOND)
    rest = BOND - burned - juror_fee(BOND)
    if honest_joins:  # the watcher gets his bond back and half the rest of the slash
        assert w.token.balanceOf(watcher) == watcher0 + rest // 2
        assert _net(w, wrong_doer, before) == -(burned + juror_fee(BOND) + rest // 2)
    else:
        assert _net(w, wrong_doer, before) == -(burned + juror_fee(BOND))
    assert _net(w, wrong_doer, before) < 0
    w.solvent()


def test_joining_is_bounded_and_one_bond_per_challenger(w: World) -> None:
    mid = w.register()
    rid = w.ask(mid)
    w.judge.answer(rid, [0, 1], keccak(b"p"), sender=w.operator)
    w.judge.challenge(rid, sender=w.bob)
    with pytest.raises(TransactionFailed, match="already challenged"):
        w.judge.challenge(rid, sender=w.bob)
    for _ in range(15):
        extra = w.chain.new_account()
        w.token.transfer(extra, CHALLENGE_BOND, sender=w.dao)
        w.token.approve(w.judge, CHALLENGE_BOND, sender=extra)
        w.judge.challenge(rid, sender=extra)
    with pytest.raises(TransactionFailed, match="too many challengers"):
        w.judge.challenge(rid, sender=w.alice)
    w.chain.advance_time(WINDOW)
    bob0 = w.token.balanceOf(w.bob)
    w.judge.rule(rid, False, sender=w.arbiter)  # sixteen challengers paid in one ruling
    share = BOND * (BPS - SLASH_BURN_BPS - JUROR_FEE_BPS) // BPS // 16
    assert w.token.balanceOf(w.bob) == bob0 + CHALLENGE_BOND + share
    w.solvent()


def test_joining_closes_with_the_window(w: World) -> None:
    mid = w.register()
    rid = w.ask(mid)
    w.judge.answer(rid, [0, 1], keccak(b"p"), sender=w.operator)
    w.judge.challenge(rid, sender=w.bob)
    w.chain.advance_time(WINDOW)
    with pytest.raises(TransactionFailed, match="window closed"):
        w.judge.challenge(rid, sender=w.alice)


def test_an_upheld_answer_pays_the_operator_and_the_jurors_from_every_bond(w: World) -> None:
    mid = w.register()
    rid = w.ask(mid)
    w.judge.answer(rid, [9, 0], keccak(b"p"), sender=w.operator)
    w.judge.challenge(rid, sender=w.bob)
    w.judge.challenge(rid, sender=w.alice)
    op0 = w.token.balanceOf(w.operator)
    penalty = Penalty.from_receipt(w.judge.rule(rid, True, sender=w.arbiter))
    forfeit = 2 * CHALLENGE_BOND
    assert (penalty.forfeit, penalty.burned) == (forfeit, 0)
    assert w.token.balanceOf(w.arbiter) == juror_fee(forfeit) == penalty.juror_fee
    assert w.token.balanceOf(w.operator) == op0 + FEE + forfeit - juror_fee(forfeit)
    assert w.judge.bondOf(mid) == BOND  # an upheld answer costs the operator nothing
    w.solvent()


# -- M-3 and the case cap ------------------------------------------------------------


def test_one_payers_tiny_deals_do_not_block_the_model_for_others(w: World) -> None:
    """Audit M-3: the Escrow asked the Judge as itself, so all its users shared one
    quota: a griefer's `quota` 1-wei deals made Alice's deal revert ("quota") for the
    rest of the epoch. Now each deal uses its payer's quota."""
    escrow = w.chain.deploy("Escrow", w.token, w.judge, 10**6 * E18, sender=w.dao)
    w.judge.setForwarder(escrow, True, sender=w.dao)
    mid = w.register(quota=3, fee=0)
    for who in (w.bob, w.alice):
        w.token.approve(escrow, 2**256 - 1, sender=who)
    for _ in range(3):
        escrow.open(w.alice, 1, mid, keccak(b"grief"), 0, sender=w.bob)
    with pytest.raises(TransactionFailed, match="quota"):
        escrow.open(w.alice, 1, mid, keccak(b"grief"), 0, sender=w.bob)  # his own quota
    r = escrow.open(w.bob, 10_000 * E18, mid, keccak(b"shop"), 86400, sender=w.alice)
    assert Result.read(w.judge, r.event("Opened")["requestId"]).status is RequestStatus.PENDING
    assert w.judge.quotaLeft(mid, w.alice) == 2 and w.judge.quotaLeft(mid, escrow) == 3


def test_only_forwarders_request_for_others_and_deals_are_capped(w: World) -> None:
    mid = w.register()
    with pytest.raises(TransactionFailed, match="not a forwarder"):
        w.judge.requestFor(mid, keccak(b"x"), w.bob, sender=w.alice)
    with pytest.raises(TransactionFailed, match="only governance"):
        w.judge.setForwarder(w.alice, True, sender=w.alice)
    escrow = w.chain.deploy("Escrow", w.token, w.judge, 100 * E18, sender=w.dao)
    w.token.approve(escrow, 2**256 - 1, sender=w.alice)
    with pytest.raises(TransactionFailed, match="not a forwarder"):
        escrow.open(w.bob, 100 * E18, mid, keccak(b"x"), 86400, sender=w.alice)
    w.judge.setForwarder(escrow, True, sender=w.dao)
    with pytest.raises(TransactionFailed, match="amount over the case cap"):
        escrow.open(w.bob, 100 * E18 + 1, mid, keccak(b"x"), 86400, sender=w.alice)
    escrow.open(w.bob, 100 * E18, mid, keccak(b"x"), 86400, sender=w.alice)


# -- DataDAO: H-4, L-2, L-3 on the deployed protocol -------------------------------------


@pytest.fixture
def proto(chain: Chain) -> dict[str, object]:
    params = ProtocolParams(quorum=1000 * E18, voting_period=3 * 86400)
    c = deploy_protocol(chain, params=params)
    admin = chain.accounts[0]
    for acct in chain.accounts[1:6]:
        c["Token"].transfer(acct, 100_000 * E18, sender=admin)
        for spender in (c["Judge"], c["DataDAO"]):
            c["Token"].approve(spender, 2**256 - 1, sender=acct)
    return dict(c)


def test_a_submitters_alt_challenge_loses_money_and_honest_joiners_are_paid(
    chain: Chain, proto: dict[str, object]
) -> None:
    """Audit H-4 on DataDAO: `challenge` refused only the submitter's own address; his
    second address challenged first, the rejection paid it the whole stake (net 0), and
    nobody else could challenge. Now an honest challenger joins and is paid, and the
    submitter's two addresses lose the burn and the juror fee."""
    dao, token = proto["DataDAO"], proto["Token"]
    admin, submitter, alt, honest = chain.accounts[0], *chain.accounts[1:4]
    stake = 100 * E18
    before = [token.balanceOf(a) for a in (submitter, alt)]
    honest0, supply0, arb0 = token.balanceOf(honest), token.totalSupply(), token.balanceOf(admin)
    bid = dao.submit(keccak(b"poison"), 50, stake, sender=submitter).event("Submitted")["batchId"]
    dao.challenge(bid, sender=alt)
    dao.challenge(bid, sender=honest)
    assert BatchChallenge.read_all(dao, bid) == [
        BatchChallenge(alt.address, stake), BatchChallenge(honest.address, stake)
    ]  # fmt: skip
    penalty = Penalty.from_receipt(dao.rule(bid, False, sender=admin))  # admin: the arbiter
    fee, burned = stake * JUROR_FEE_BPS // BPS, stake * SLASH_BURN_BPS // BPS
    rest = stake - fee - burned
    assert (penalty.juror_fee, penalty.burned, penalty.to_winners) == (fee, burned, rest)
    assert token.totalSupply() == supply0 - burned
    assert token.balanceOf(admin) == arb0 + fee
    assert token.balanceOf(honest) == honest0 + rest // 2
    net = sum(token.balanceOf(a) for a in (submitter, alt)) - sum(before)
    assert net == -(fee + burned + rest // 2) < 0
    assert token.balanceOf(dao) == dao.stakesHeld() + dao.totalLocked() + dao.pool()


def _propose(dao: object, kind: Kind, sender: object, num: int = 0, num2: int = 0,
             num3: int = 0, flag: bool = False) -> int:  # fmt: skip
    r = dao.propose(int(kind), num, num2, num3, ZERO32, flag, sender=sender)  # type: ignore[attr-defined]
    return int(r.event("Proposed")["proposalId"])


def test_two_block_quorum_cannot_vote(chain: Chain, proto: dict[str, object]) -> None:
    """Audit L-2: voting weight was `locked[voter]` at vote time, locked only until the
    proposal's end: quorum borrowed for the last second voted a 1e30 fee onto a model
    (every request on it then reverts), unlocked at the end and was repaid. Now a vote
    weighs the lock at the proposal's creation; tokens locked before it but unlocked and
    brought back for the vote do not count either."""
    dao, judge = proto["DataDAO"], proto["Judge"]
    admin, proposer, borrower, holder = chain.accounts[0], *chain.accounts[1:4]
    judge.setGovernance(dao, sender=admin)
    dao.lock(E18, sender=proposer)
    dao.lock(2000 * E18, sender=holder)
    pid = _propose(dao, Kind.MODEL_POLICY, proposer, num=1, num2=1, num3=10**30)
    chain.advance_time(3 * 86400 - 5)  # the last seconds of the vote
    dao.lock(2000 * E18, sender=borrower)
    with pytest.raises(TransactionFailed, match="no voting power"):
        dao.vote(pid, True, sender=borrower)
    # the holder had 2,000 locked at the proposal, unlocks, and relocks for the vote
    dao.unlock(2000 * E18, sender=holder)
    dao.lock(2000 * E18, sender=holder)
    with pytest.raises(TransactionFailed, match="unlocked since the proposal"):
        dao.vote(pid, True, sender=holder)
    assert dao.votingPower(pid, holder) == 0 and dao.votingPower(pid, proposer) == E18
    dao.vote(pid, True, sender=proposer)
    chain.advance_time(5)
    with pytest.raises(TransactionFailed, match="not passed"):
        dao.execute(pid)
    assert dao.getPastVotes(borrower, dao.proposals(pid)[7]) == 0


def test_the_dao_governs_the_judge_after_the_hand_over(
    chain: Chain, proto: dict[str, object]
) -> None:
    """Audit L-3: after `judge.setGovernance(dao)` (as `augury run` does), no DataDAO
    proposal could call `setPolicy`, `setArbiter` or `setGovernance`: the challenge
    window and bond, the epoch and the court were frozen for good. Now each has a
    proposal kind."""
    dao, judge, escrow = proto["DataDAO"], proto["Judge"], proto["Escrow"]
    admin, voter, court, successor = chain.accounts[0], *chain.accounts[1:4]
    judge.setGovernance(dao, sender=admin)
    with pytest.raises(TransactionFailed, match="only governance"):
        judge.setPolicy(60, E18, 3600, sender=admin)
    dao.lock(1000 * E18, sender=voter)

    def passes(kind: Kind, **kw: int | bool) -> None:
        pid = _propose(dao, kind, voter, **kw)  # type: ignore[arg-type]
        dao.vote(pid, True, sender=voter)
        chain.advance_time(3 * 86400)
        dao.execute(pid)

    passes(Kind.JUDGE_POLICY, num=1800, num2=70 * E18, num3=3600)
    assert (judge.challengeWindow(), judge.challengeBond(), judge.epochLength()) == (
        1800, 70 * E18, 3600
    )  # fmt: skip
    passes(Kind.ARBITER, num=address_num(court.address))
    assert judge.arbiter() == court.address == dao.arbiter()
    passes(Kind.FORWARDER, num=address_num(escrow.address), flag=False)
    assert not judge.forwarders(escrow)
    with pytest.raises(TransactionFailed, match="not an address"):
        _propose(dao, Kind.GOVERNANCE, voter, num=2**160)
    passes(Kind.GOVERNANCE, num=address_num(successor.address))
    assert judge.governance() == successor.address
    judge.setPolicy(3600, 50 * E18, 86400, sender=successor)  # the successor governs


@pytest.mark.parametrize(("chain_id", "keeps"), [(31337, True), (10, False)])
def test_the_deployer_gives_up_the_mint_off_dev_chains(chain_id: int, keeps: bool) -> None:
    """Audit I-4: `deploy_protocol` left the deployer as the token's minter on every
    chain: that key could mint DAO quorum or juror stake at will. Off a development
    chain it now renounces the mint once the supply exists."""
    chain = Chain.embedded(chain_id=chain_id)
    c = deploy_protocol(chain)
    deployer = chain.accounts[0]
    if keeps:
        assert c["Token"].minter() == deployer.address
        return
    assert int(c["Token"].minter(), 16) == 0
    with pytest.raises(TransactionFailed, match="only minter"):
        c["Token"].mint(deployer, E18, sender=deployer)
    assert c["Judge"].forwarders(c["Escrow"])
