"""DataDAO.vy on both backends: data batches, votes, the kill switch, rewards."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from augury.chain import Chain, Contract
from augury.dao.merkle import MerkleDistribution
from augury.errors import TransactionFailed
from augury.protocol import BatchInfo, BatchStatus, Kind
from augury.protocol.judge import BPS, JUROR_FEE_BPS, SLASH_BURN_BPS

E18 = 10**18
WINDOW, VOTING, INTERVAL = 3600, 7200, 86400
MIN_STAKE, QUORUM, MAX_BPS = 10 * E18, 100 * E18, 2000
DATASET, ADOPT, PAUSE, POLICY, REWARDS = (
    Kind.DATASET,
    Kind.ADOPT_MODEL,
    Kind.PAUSE_MODEL,
    Kind.MODEL_POLICY,
    Kind.REWARDS,
)
SUBMITTED, CHALLENGED, ACCEPTED, REJECTED = (
    BatchStatus.SUBMITTED,
    BatchStatus.CHALLENGED,
    BatchStatus.ACCEPTED,
    BatchStatus.REJECTED,
)
ZERO32 = bytes(32)


@dataclass
class World:
    chain: Chain
    token: Contract
    judge: Contract
    dao: Contract
    admin: LocalAccount
    alice: LocalAccount
    bob: LocalAccount
    carol: LocalAccount
    arbiter: LocalAccount

    def accounted(self) -> None:
        held = self.token.balanceOf(self.dao)
        assert held == (
            self.dao.stakesHeld() + self.dao.totalLocked() + self.dao.pool() + self.dao.unclaimed()
        )

    def pass_proposal(self, kind: int, num: int = 0, num2: int = 0, num3: int = 0,
                      root: bytes = ZERO32, flag: bool = False) -> int:  # fmt: skip
        r = self.dao.propose(kind, num, num2, num3, root, flag, sender=self.alice)
        pid = int(r.event("Proposed")["proposalId"])
        self.dao.vote(pid, True, sender=self.alice)
        self.chain.advance_time(VOTING)
        self.dao.execute(pid)
        return pid


@pytest.fixture
def w(chain: Chain) -> World:
    admin, alice, bob, carol = chain.accounts[:4]
    arbiter = chain.accounts[9]
    token = chain.deploy("Token", "Augury USD", "aUSD", 18, 10**9 * E18, sender=admin)
    # the token stands in for ProofVerifier: nothing is disproved here
    judge = chain.deploy("Judge", token, admin, arbiter, 600, E18, 86400, token, sender=admin)
    dao = chain.deploy(
        "DataDAO", token, judge, arbiter, WINDOW, MIN_STAKE, VOTING, QUORUM, MAX_BPS, INTERVAL,
        sender=admin,
    )  # fmt: skip
    judge.setGovernance(dao, sender=admin)  # the DAO governs the judge
    for acct in (alice, bob, carol):
        token.transfer(acct, 10**6 * E18, sender=admin)
        token.approve(dao, 2**256 - 1, sender=acct)
        token.approve(judge, 2**256 - 1, sender=acct)
    dao.lock(500 * E18, sender=alice)
    return World(chain, token, judge, dao, admin, alice, bob, carol, arbiter)


def test_unchallenged_batch_is_accepted(w: World) -> None:
    r = w.dao.submit(keccak(b"batch"), 20, MIN_STAKE, sender=w.bob)
    bid = r.event("Submitted")["batchId"]
    w.accounted()
    with pytest.raises(TransactionFailed, match="window open"):
        w.dao.accept(bid)
    w.chain.advance_time(WINDOW)
    with pytest.raises(TransactionFailed, match="window closed"):
        w.dao.challenge(bid, sender=w.carol)
    before = w.token.balanceOf(w.bob)
    w.dao.accept(bid)
    assert BatchInfo.read(w.dao, bid).status == ACCEPTED
    assert w.token.balanceOf(w.bob) == before + MIN_STAKE
    w.accounted()


@pytest.mark.parametrize("accepted", [True, False])
def test_challenged_batch_goes_to_the_arbiter(w: World, accepted: bool) -> None:
    bid = w.dao.submit(keccak(b"b"), 5, MIN_STAKE, sender=w.bob).event("Submitted")["batchId"]
    with pytest.raises(TransactionFailed, match="own batch"):
        w.dao.challenge(bid, sender=w.bob)
    w.dao.challenge(bid, sender=w.carol)
    with pytest.raises(TransactionFailed, match="only arbiter"):
        w.dao.rule(bid, accepted, sender=w.carol)
    bob0, carol0 = w.token.balanceOf(w.bob), w.token.balanceOf(w.carol)
    w.dao.rule(bid, accepted, sender=w.arbiter)
    winner, loser = (w.bob, w.carol) if accepted else (w.carol, w.bob)
    fee = MIN_STAKE * JUROR_FEE_BPS // BPS  # the loser's forfeit pays the arbiter's jurors
    burned = 0 if accepted else MIN_STAKE * SLASH_BURN_BPS // BPS  # a slash is partly burned
    gain = 2 * MIN_STAKE - fee - burned
    assert w.token.balanceOf(winner) == (bob0 if accepted else carol0) + gain
    assert w.token.balanceOf(loser) == (carol0 if accepted else bob0)
    assert w.token.balanceOf(w.arbiter) == fee
    assert BatchInfo.read(w.dao, bid).status == (ACCEPTED if accepted else REJECTED)
    w.accounted()


def test_bad_submissions(w: World) -> None:
    with pytest.raises(TransactionFailed, match="stake too low"):
        w.dao.submit(keccak(b"b"), 5, MIN_STAKE - 1, sender=w.bob)
    with pytest.raises(TransactionFailed, match="empty batch"):
        w.dao.submit(keccak(b"b"), 0, MIN_STAKE, sender=w.bob)
    with pytest.raises(TransactionFailed, match="unknown batch"):
        w.dao.challenge(42, sender=w.bob)


def test_votes_decide_dataset_and_model(w: World) -> None:
    w.pass_proposal(DATASET, num=1234, root=keccak(b"v1"))
    assert (w.dao.datasetVersion(), w.dao.datasetRoot(), w.dao.datasetExamples()) == (
        1,
        keccak(b"v1"),
        1234,
    )
    w.pass_proposal(ADOPT, num=7)
    assert w.dao.adoptedModel() == 7


def test_kill_switch_and_policy_through_the_judge(w: World) -> None:
    r = w.judge.register(keccak(b"c"), keccak(b"w"), keccak(b"a"), keccak(b"q"),
                         100 * E18, 1000, 5, E18, sender=w.bob)  # fmt: skip
    mid = r.event("ModelRegistered")["modelId"]
    with pytest.raises(TransactionFailed, match="only governance"):
        w.judge.setPaused(mid, True, sender=w.admin)  # the deployer no longer governs
    w.pass_proposal(PAUSE, num=mid, flag=True)
    with pytest.raises(TransactionFailed, match="paused"):
        w.judge.request(mid, keccak(b"x"), sender=w.carol)
    w.pass_proposal(PAUSE, num=mid, flag=False)
    w.pass_proposal(POLICY, num=mid, num2=1, num3=2 * E18)
    w.judge.request(mid, keccak(b"x"), sender=w.carol)
    with pytest.raises(TransactionFailed, match="quota"):
        w.judge.request(mid, keccak(b"x"), sender=w.carol)


def test_only_passed_proposals_act(w: World) -> None:
    with pytest.raises(TransactionFailed, match="no voting power"):
        w.dao.propose(ADOPT, 1, 0, 0, ZERO32, False, sender=w.bob)
    w.dao.lock(600 * E18, sender=w.bob)
    pid = w.dao.propose(ADOPT, 9, 0, 0, ZERO32, False, sender=w.alice).event("Proposed")[
        "proposalId"
    ]
    w.chain.advance_time(1)
    w.dao.lock(600 * E18, sender=w.carol)  # after the proposal: counts for later ones only
    with pytest.raises(TransactionFailed, match="no voting power"):
        w.dao.vote(pid, True, sender=w.carol)
    w.dao.vote(pid, True, sender=w.alice)
    w.dao.vote(pid, False, sender=w.bob)  # 500 yes vs 600 no
    with pytest.raises(TransactionFailed, match="already voted"):
        w.dao.vote(pid, False, sender=w.bob)
    with pytest.raises(TransactionFailed, match="voting open"):
        w.dao.execute(pid)
    w.chain.advance_time(VOTING)
    with pytest.raises(TransactionFailed, match="voting closed"):
        w.dao.vote(pid, True, sender=w.admin)
    with pytest.raises(TransactionFailed, match="not passed"):
        w.dao.execute(pid)
    assert w.dao.adoptedModel() == 0
    with pytest.raises(TransactionFailed, match="unknown kind"):
        w.dao.propose(10, 0, 0, 0, ZERO32, False, sender=w.alice)


def test_locked_votes_cannot_move_while_open(w: World) -> None:
    pid = w.dao.propose(ADOPT, 1, 0, 0, ZERO32, False, sender=w.alice).event("Proposed")[
        "proposalId"
    ]
    w.dao.vote(pid, True, sender=w.alice)
    with pytest.raises(TransactionFailed, match="votes open"):
        w.dao.unlock(1, sender=w.alice)
    w.chain.advance_time(VOTING)
    w.dao.unlock(500 * E18, sender=w.alice)
    with pytest.raises(TransactionFailed, match="insufficient locked"):
        w.dao.unlock(1, sender=w.alice)
    w.accounted()


def test_rewards_by_merkle_distribution(w: World) -> None:
    w.dao.fund(1000 * E18, sender=w.carol)
    dist = MerkleDistribution.from_amounts(
        [(w.bob.address, 70 * E18), (w.carol.address, 30 * E18), (w.admin.address, 1)]
    )
    with pytest.raises(TransactionFailed, match="over reward cap"):
        w.pass_proposal(REWARDS, num=201 * E18, root=dist.root)
    w.pass_proposal(REWARDS, num=dist.total, root=dist.root)
    w.accounted()
    c = dist.claim(0)
    before = w.token.balanceOf(w.bob)
    with pytest.raises(TransactionFailed, match="invalid proof"):
        w.dao.claim(1, c.index, c.account, c.amount + 1, dist.proof(0), sender=w.carol)
    w.dao.claim(1, c.index, c.account, c.amount, dist.proof(0), sender=w.carol)  # anyone submits
    assert w.token.balanceOf(w.bob) == before + 70 * E18
    with pytest.raises(TransactionFailed, match="already claimed"):
        w.dao.claim(1, c.index, c.account, c.amount, dist.proof(0), sender=w.bob)
    for i in (1, 2):
        ci = dist.claim(i)
        w.dao.claim(1, ci.index, ci.account, ci.amount, dist.proof(i))
    assert w.dao.unclaimed() == 0
    w.accounted()
    again = MerkleDistribution.from_amounts([(w.bob.address, E18)])
    with pytest.raises(TransactionFailed, match="too soon"):
        w.pass_proposal(REWARDS, num=E18, root=again.root)
