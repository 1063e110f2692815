"""A hypothesis state machine over DataDAO.vy: every token the DAO holds is a
stake, a locked vote, the pool or an unclaimed reward; no leaf is paid twice;
only passed proposals change the dataset or the adopted model."""

from __future__ import annotations

import pytest
from eth_utils import keccak
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from augury.chain import Chain
from augury.dao.merkle import MerkleDistribution
from augury.errors import TransactionFailed
from augury.protocol import BatchInfo, BatchStatus, ProposalInfo

E18 = 10**18
WINDOW, VOTING, INTERVAL, QUORUM = 600, 900, 1000, 50 * E18
DATASET, ADOPT, REWARDS = 1, 2, 5
who = st.integers(1, 4)
ZERO32 = bytes(32)


class DAOMachine(RuleBasedStateMachine):
    chain: Chain

    @initialize()
    def deploy(self) -> None:
        c = self.chain
        self.snap = c.snapshot()
        self.acc = c.accounts[:6]
        admin, self.arbiter = self.acc[0], self.acc[5]
        self.token = c.deploy("Token", "T", "T", 18, 10**9 * E18, sender=admin)
        judge = c.deploy(  # the token stands in for ProofVerifier: nothing is disproved here
            "Judge", self.token, admin, self.arbiter, 600, E18, 86400, self.token, sender=admin
        )
        self.dao = c.deploy(
            "DataDAO", self.token, judge, self.arbiter, WINDOW, E18, VOTING, QUORUM, 5000,
            INTERVAL, sender=admin,
        )  # fmt: skip
        for a in self.acc[1:5]:
            self.token.transfer(a, 10**5 * E18, sender=admin)
            self.token.approve(self.dao, 2**256 - 1, sender=a)
        self.proposals: dict[int, tuple[int, int]] = {}  # id -> (kind, num)
        self.adopted = 0
        self.version = 0
        self.dists: list[MerkleDistribution] = []
        self.paid: set[tuple[int, int]] = set()

    def teardown(self) -> None:
        if hasattr(self, "snap"):
            self.chain.revert(self.snap)

    @rule(a=who, stake=st.integers(1, 20))
    def submit(self, a: int, stake: int) -> None:
        self.dao.submit(keccak(bytes([a, stake])), 3, stake * E18, sender=self.acc[a])

    @rule(a=who, pick=st.integers(1, 30))
    def challenge_or_accept(self, a: int, pick: int) -> None:
        n = self.dao.batchCount()
        if n == 0:
            return
        bid = 1 + pick % n
        try:
            self.dao.challenge(bid, sender=self.acc[a])
        except TransactionFailed:
            try:
                self.dao.accept(bid)
            except TransactionFailed as exc:
                assert exc.reason in ("not pending", "window open")

    @rule(pick=st.integers(1, 30), accepted=st.booleans())
    def arbiter_rules(self, pick: int, accepted: bool) -> None:
        n = self.dao.batchCount()
        if n == 0:
            return
        bid = 1 + pick % n
        if BatchInfo.read(self.dao, bid).status == BatchStatus.CHALLENGED:
            self.dao.rule(bid, accepted, sender=self.arbiter)

    @rule(a=who, amount=st.integers(1, 100))
    def lock(self, a: int, amount: int) -> None:
        self.dao.lock(amount * E18, sender=self.acc[a])

    @rule(a=who)
    def unlock_all(self, a: int) -> None:
        amount = self.dao.locked(self.acc[a])
        if amount and self.chain.timestamp() + 1 >= self.dao.lockedUntil(self.acc[a]):
            self.dao.unlock(amount, sender=self.acc[a])

    @rule(a=who, kind=st.sampled_from([DATASET, ADOPT]), num=st.integers(1, 9))
    def propose(self, a: int, kind: int, num: int) -> None:
        if self.dao.locked(self.acc[a]) == 0:
            return
        r = self.dao.propose(kind, num, 0, 0, keccak(bytes([num])), False, sender=self.acc[a])
        self.proposals[r.event("Proposed")["proposalId"]] = (kind, num)

    @rule(a=who, pick=st.integers(0, 30), support=st.booleans())
    def vote(self, a: int, pick: int, support: bool) -> None:
        if not self.proposals:
            return
        pid = sorted(self.proposals)[pick % len(self.proposals)]
        try:
            self.dao.vote(pid, support, sender=self.acc[a])
        except TransactionFailed as exc:
            assert exc.reason in ("voting closed", "already voted", "no voting power")

    @rule(pick=st.integers(0, 30))
    def execute(self, pick: int) -> None:
        if not self.proposals:
            return
        pid = sorted(self.proposals)[pick % len(self.proposals)]
        passed = self.dao.passed.call(pid)
        p = ProposalInfo.read(self.dao, pid)
        try:
            self.dao.execute(pid)
        except TransactionFailed as exc:
            assert exc.reason in ("voting open", "already executed", "not passed")
            return
        assert passed or self.chain.timestamp() >= p.end  # executed only once voting ended
        assert p.yes > p.no and p.yes >= QUORUM  # ... and only if it passed
        kind, num = self.proposals[pid]
        if kind == DATASET:
            self.version += 1
        else:
            self.adopted = num

    @rule(a=who, amount=st.integers(1, 50))
    def fund(self, a: int, amount: int) -> None:
        self.dao.fund(amount * E18, sender=self.acc[a])

    @rule(amounts=st.lists(st.integers(1, 5), min_size=1, max_size=4), a=who)
    def distribute(self, amounts: list[int], a: int) -> None:
        dist = MerkleDistribution.from_amounts(
            [(self.acc[1 + i % 4].address, x * E18) for i, x in enumerate(amounts)]
        )
        pool = self.dao.pool()
        if dist.total * 2 > pool or self.dao.locked(self.acc[a]) < QUORUM:
            return
        r = self.dao.propose(REWARDS, dist.total, 0, 0, dist.root, False, sender=self.acc[a])
        pid = r.event("Proposed")["proposalId"]
        self.dao.vote(pid, True, sender=self.acc[a])
        self.chain.advance_time(max(VOTING, INTERVAL))
        if not self.dao.passed.call(pid):
            return
        self.dao.execute(pid)
        self.dists.append(dist)

    @rule(pick=st.integers(0, 30), leaf=st.integers(0, 3))
    def claim(self, pick: int, leaf: int) -> None:
        if not self.dists:
            return
        d = pick % len(self.dists)
        dist = self.dists[d]
        c = dist.claims[leaf % len(dist.claims)]
        if (d, c.index) in self.paid:
            with pytest.raises(TransactionFailed, match="already claimed"):
                self.dao.claim(d + 1, c.index, c.account, c.amount, dist.proof(c.index))
            return
        before = self.token.balanceOf(c.account)
        self.dao.claim(d + 1, c.index, c.account, c.amount, dist.proof(c.index))
        assert self.token.balanceOf(c.account) == before + c.amount
        self.paid.add((d, c.index))

    @rule(seconds=st.sampled_from([10, WINDOW, VOTING]))
    def wait(self, seconds: int) -> None:
        self.chain.advance_time(seconds)

    @invariant()
    def every_token_is_accounted_for(self) -> None:
        if not hasattr(self, "dao"):
            return
        held = self.token.balanceOf(self.dao)
        d = self.dao
        assert held == d.stakesHeld() + d.totalLocked() + d.pool() + d.unclaimed()

    @invariant()
    def only_passed_proposals_acted(self) -> None:
        if not hasattr(self, "dao"):
            return
        assert self.dao.adoptedModel() == self.adopted
        assert self.dao.datasetVersion() == self.version


def test_datadao_state_machine(embedded: Chain) -> None:
    machine = type("Bound", (DAOMachine,), {"chain": embedded})
    machine.TestCase.settings = settings(
        max_examples=20, stateful_step_count=30, deadline=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    machine.TestCase().runTest()
