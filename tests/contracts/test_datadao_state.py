"""A hypothesis state machine over DataDAO.vy that reaches what matters and checks who
is paid.

Every call (datadao_actions.py) is predicted from a plain-Python model
(datadao_model.py), never from the contract's own counters: whether it must revert and
with which reason, and after every step the exact balance of each account, of the DAO
(batch and challenge stakes, locked votes, the pool, unclaimed rewards, each against
the model) and the supply (burns). At a ruling every account moves exactly as the split
says: an accepted batch's submitter gets his stake back and the challengers' stakes
less the arbiter's fee, a rejected batch's challengers get their stakes back and each
his pro-rata share of 60% of the slash, the arbiter 20%, the rest burned. An accepted
unchallenged batch returns exactly its stake. A vote weighs the lock at the proposal's
creation (a lock after it, or an unlock since, does not count); only passed proposals
change the dataset, the adopted model, the Judge's parameters or the arbiter; a reward
leaf pays once, to its account.

The run is derandomized and starts each example from a head start (locks, a funded
pool, two challenged batches), so every run reaches acceptances after the window,
joined challenges ruled both ways, every proposal kind passed and failed and executed,
early accepts and forgone votes refused, and claims: ``test_datadao_state_machine``
asserts each was reached (``-s`` prints the counts). It does not shrink: a failure
prints the whole unshrunk run, in seconds rather than minutes."""

from __future__ import annotations

from eth_utils import keccak
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from augury.chain import Chain
from augury.protocol import BatchStatus, Kind, ModelInfo
from tests.contracts.datadao_actions import REACHED, DAOActions, event, fails
from tests.contracts.datadao_model import (
    E18,
    INTERVAL,
    MAX_BPS,
    QUORUM,
    VOTING,
    WINDOW,
    DAOModel,
    Params,
)

people = st.integers(1, 4)
picks = st.integers(0, 30)
KINDS = list(Kind)
kinds = st.sampled_from(KINDS)
amounts = st.lists(st.integers(1, 40), min_size=1, max_size=4)


class DAOMachine(DAOActions, RuleBasedStateMachine):
    @initialize()
    def deploy(self) -> None:
        c = self.chain
        self.snap = c.snapshot()
        self.acc = c.accounts[:7]  # 0 admin, 1-4 people (4 runs the models), 5-6 arbiters
        admin = self.acc[0]
        self.token = c.deploy("Token", "T", "T", 18, 10**9 * E18, sender=admin)
        self.judge = c.deploy(  # the token stands in for ProofVerifier: nothing is disproved
            "Judge", self.token, admin, self.acc[5], 600, E18, 86400, self.token, sender=admin
        )
        self.dao = c.deploy(
            "DataDAO", self.token, self.judge, self.acc[5], WINDOW, E18, VOTING, QUORUM,
            MAX_BPS, INTERVAL, sender=admin,
        )  # fmt: skip
        self.judge.setGovernance(self.dao, sender=admin)  # the DAO governs the Judge
        for a in self.acc[1:5]:
            self.token.transfer(a, 10**5 * E18, sender=admin)
            self.token.approve(self.dao, 2**256 - 1, sender=a)
            self.token.approve(self.judge, 2**256 - 1, sender=a)
        for _ in (1, 2):  # two models for the kill switch and the model policy
            self.judge.register(
                keccak(b"c"), keccak(b"w"), keccak(b"a"), keccak(b"q"), 100 * E18, 10**6, 3, 0,
                sender=self.acc[4],
            )  # fmt: skip
        self.m = DAOModel(
            [a.address for a in self.acc],
            {i: int(self.token.balanceOf(a)) for i, a in enumerate(self.acc)},
            int(self.token.totalSupply()),
            params=Params(
                paused={1: False, 2: False}, model_policy={1: (3, 0), 2: (3, 0)},
                judge_policy=(600, E18, 86400),
            ),
        )  # fmt: skip
        # a head start, so that short runs reach rulings, joins and votes that pass
        for a, amount in ((1, 40), (2, 30), (3, 25)):
            self._lock(a, amount)
        self._fund(4, 300)
        pid = self._propose(1, self._proposal(Kind.REWARDS, 1, False, [5, 10, 15, 20]))
        assert pid is not None
        self._vote(1, pid, True)
        self._vote(2, pid, True)
        self.chain.advance_time(VOTING)
        self._execute(pid)  # a distribution to claim from
        pid = self._propose(1, self._proposal(Kind.DATASET, 1, False, [1]))
        assert pid is not None
        self._unlock(3, 5 * E18)  # forgoes his vote on what is open now (audit L-2) ...
        self._vote(3, pid, True)  # ... so this one is refused, though he still has 20
        for a, stake in ((1, 5), (2, 8), (3, 3)):
            self._submit(a, stake)
        for bid, a in ((1, 2), (1, 3), (2, 4)):
            self._challenge(bid, a)
        self._accept(3)  # too early: refused

    def teardown(self) -> None:
        if hasattr(self, "snap"):
            self.chain.revert(self.snap)

    # -- data ------------------------------------------------------------------

    @rule(a=people, stake=st.integers(1, 20))
    def submit(self, a: int, stake: int) -> None:
        self._submit(a, stake)

    @rule(a=people, pick=picks, join=st.booleans())
    def challenge(self, a: int, pick: int, join: bool) -> None:
        bid = self._pick(pick, (BatchStatus.CHALLENGED,) if join else (BatchStatus.SUBMITTED,))
        if bid is not None:
            self._challenge(bid, a)

    @rule(pick=picks)
    def accept(self, pick: int) -> None:
        bid = self._pick(pick, (BatchStatus.SUBMITTED,))
        if bid is not None:
            self._accept(bid)

    @rule(pick=picks, accepted=st.booleans(), intruder=people)
    def arbiter_rules(self, pick: int, accepted: bool, intruder: int) -> None:
        bid = self._pick(pick, (BatchStatus.CHALLENGED,))
        if bid is not None:
            self._rule(bid, accepted, intruder)

    # -- votes -----------------------------------------------------------------

    @rule(a=people, amount=st.integers(1, 60))
    def lock(self, a: int, amount: int) -> None:
        self._lock(a, amount)

    @rule(a=people, quarters=st.integers(1, 5))
    def unlock(self, a: int, quarters: int) -> None:  # 5 quarters: more than is locked
        self._unlock(a, max(1, self.m.locks.locked.get(a, 0) * quarters // 4))

    @rule(a=people, kind=kinds, x=st.integers(1, 9), flag=st.booleans(), split=amounts)
    def propose(self, a: int, kind: Kind, x: int, flag: bool, split: list[int]) -> None:
        self._propose(a, self._proposal(kind, x, flag, split))

    @rule(a=people, pick=picks, support=st.booleans())
    def vote(self, a: int, pick: int, support: bool) -> None:
        pid = self._pid(pick)
        if pid is not None:
            self._vote(a, pid, support)

    @rule(pick=picks)
    def execute(self, pick: int) -> None:
        pid = self._pid(pick)
        if pid is not None:
            self._execute(pid)

    @rule(
        kind=kinds, x=st.integers(1, 9), flag=st.booleans(), split=amounts,
        votes=st.lists(st.sampled_from([None, True, True, False]), min_size=4, max_size=4),
        late=people, late_amount=st.integers(-1, 60),
    )  # fmt: skip
    def decide(
        self, kind: Kind, x: int, flag: bool, split: list[int],
        votes: list[bool | None], late: int, late_amount: int,
    ) -> None:  # fmt: skip
        """A whole vote: a proposal, maybe a lock after it, votes, the wait, execution."""
        proposer = next((a for a in range(1, 5) if self.m.locks.locked.get(a, 0)), None)
        if proposer is None:
            return
        kind = KINDS[(KINDS.index(kind) + REACHED["decide"]) % len(KINDS)]  # every kind in turn
        REACHED["decide"] += 1
        pid = self._propose(proposer, self._proposal(kind, x, flag, split))
        assert pid is not None
        if late_amount > 0:
            self._lock(late, late_amount)  # counts for later proposals only
        elif late_amount < 0:  # his vote on this proposal is forgone (audit L-2)
            self._unlock(late, max(1, self.m.locks.locked.get(late, 0) // 2))
        for a, support in enumerate(votes, start=1):
            if support is not None:
                self._vote(a, pid, support)
        self.chain.advance_time(VOTING)
        self._execute(pid)

    @rule()
    def admin_hands_governance_back(self) -> None:
        if not self.m.params.governance_is_dao:
            self.judge.setGovernance(self.dao, sender=self.acc[0])
            self.m.params.governance_is_dao = True

    # -- rewards ---------------------------------------------------------------

    @rule(a=people, amount=st.integers(1, 100))
    def fund(self, a: int, amount: int) -> None:
        self._fund(a, amount)

    @rule(pick=picks, leaf=st.integers(0, 3), sender=people, forge=st.booleans())
    def claim(self, pick: int, leaf: int, sender: int, forge: bool) -> None:
        if not self.m.dists:
            return
        d = pick % len(self.m.dists)
        dist = self.m.dists[d]
        c = dist.claims[leaf % len(dist.claims)]
        owner = self.m.index(c.account)
        account = self.acc[1 + owner % 4].address if forge else c.account  # another's leaf
        call = lambda: self.dao.claim(  # noqa: E731
            d + 1, c.index, account, c.amount, dist.proof(c.index), sender=self.acc[sender]
        )
        if (d, c.index) in self.m.paid:  # checked first: a paid index is closed to anyone
            fails("already claimed", call)
            event("claim refused: already paid")
        elif forge:
            fails("invalid proof", call)
        else:
            call()  # anyone may submit it; the invariants check only the owner gains
            self.m.bal[owner] += c.amount
            self.m.unclaimed -= c.amount
            self.m.paid.add((d, c.index))
            event("reward claimed")

    @rule(seconds=st.sampled_from([10, WINDOW, VOTING]))
    def wait(self, seconds: int) -> None:
        self.chain.advance_time(seconds)

    # -- invariants ------------------------------------------------------------

    @invariant()
    def every_account_holds_what_the_model_says(self) -> None:
        if not hasattr(self, "dao"):
            return
        d = self.dao
        held = [int(self.token.balanceOf(a)) for a in self.acc]
        assert held == [self.m.bal[i] for i in range(len(self.acc))]
        stakes = sum(b.held for b in self.m.batches.values())
        locked = sum(self.m.locks.locked.values())
        assert (d.stakesHeld(), d.totalLocked(), d.pool(), d.unclaimed()) == (
            stakes, locked, self.m.pool, self.m.unclaimed,
        )  # fmt: skip
        assert self.token.balanceOf(d) == stakes + locked + self.m.pool + self.m.unclaimed
        assert self.token.totalSupply() == self.m.supply  # burns and nothing else
        for a in range(1, 5):
            assert d.locked(self.acc[a]) == self.m.locks.locked.get(a, 0)

    @invariant()
    def only_passed_proposals_acted(self) -> None:
        if not hasattr(self, "dao"):
            return
        d, j, P = self.dao, self.judge, self.m.params
        assert (d.datasetVersion(), bytes(d.datasetRoot()), d.datasetExamples()) == P.dataset
        assert d.adoptedModel() == P.adopted
        court = self.acc[P.arbiter].address.lower()
        assert str(d.arbiter()).lower() == str(j.arbiter()).lower() == court
        governance = self.dao.address if P.governance_is_dao else self.acc[0].address
        assert str(j.governance()).lower() == str(governance).lower()
        assert (j.challengeWindow(), j.challengeBond(), j.epochLength()) == P.judge_policy
        for mid in (1, 2):
            m = ModelInfo.read(j, mid)
            assert (m.paused, (m.quota, m.fee)) == (P.paused[mid], P.model_policy[mid])
        for a in range(1, 5):
            assert j.forwarders(self.acc[a]) == P.forwarders.get(a, False)


MUST_REACH = (
    "batch accepted after the window",
    "challenge joined",
    "ruled accepted, 2+ challengers",
    "ruled rejected, 2+ challengers",
    "vote weighs the lock at the proposal, not today's",
    "vote refused: unlocked since the proposal",
    "accept refused: window open",
    "reward claimed",
    "claim refused: already paid",
    *(f"{k.label}: executed" for k in Kind),
    *(f"{k.label}: not passed" for k in Kind),
)


def test_datadao_state_machine(embedded: Chain) -> None:
    machine = type("Bound", (DAOMachine,), {"chain": embedded})
    machine.TestCase.settings = settings(
        max_examples=30, stateful_step_count=50, deadline=None, derandomize=True,
        phases=[Phase.generate],  # no shrinking: a mutant or a bug fails in seconds, not minutes
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    REACHED.clear()
    machine.TestCase().runTest()
    print(dict(sorted(REACHED.items())))  # shown with -s
    missing = [name for name in MUST_REACH if not REACHED[name]]
    assert not missing, f"the run never reached: {missing}"
