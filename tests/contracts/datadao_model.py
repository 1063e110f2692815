"""A plain-Python model of DataDAO.vy for its state machine: who should hold what.

The machine (test_datadao_state.py) predicts every call from this model, not from the
contract's own counters, so a contract that pays the wrong party, lets a late lock
vote or acts on a failed proposal disagrees with it. The split of a ruling is written
out here from the contract's documented rule (20% of a rejected batch's stake burned,
20% to the arbiter, 60% to the challengers pro rata to their stakes; an accepted
batch's submitter gets his stake back and the challengers' stakes less 20% to the
arbiter), so changing the split in the contract makes the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eth_utils import keccak

from augury.dao.merkle import MerkleDistribution
from augury.protocol import BatchStatus, Kind

E18 = 10**18
BPS, BURN_BPS, JUROR_BPS = 10_000, 2_000, 2_000
WINDOW, VOTING, INTERVAL, QUORUM, MAX_BPS = 600, 900, 1000, 50 * E18, 5000
JUDGE_KINDS = (  # what the DAO changes through the Judge (only while it governs it)
    Kind.PAUSE_MODEL, Kind.MODEL_POLICY, Kind.JUDGE_POLICY,
    Kind.ARBITER, Kind.GOVERNANCE, Kind.FORWARDER,
)  # fmt: skip


@dataclass
class BatchModel:
    """A batch as the model sees it: who staked what, and since when."""

    submitter: int
    stake: int
    at: int
    status: BatchStatus = BatchStatus.SUBMITTED
    challengers: list[int] = field(default_factory=list)

    @property
    def held(self) -> int:
        """What the DAO holds for this batch: its stake and every challenger's."""
        if self.status in (BatchStatus.ACCEPTED, BatchStatus.REJECTED):
            return 0
        return self.stake * (1 + len(self.challengers))


@dataclass(frozen=True)
class Ruling:
    """What a ruling must move: every account's change and the tokens burned."""

    deltas: dict[int, int]
    burned: int
    juror_fee: int


def ruling(b: BatchModel, accepted: bool, arbiter: int) -> Ruling:
    """The payout of a ruling on ``b`` by ``arbiter``, per account (audit H-4)."""
    deltas: dict[int, int] = {}
    posted = b.stake  # every challenger posts the batch's stake
    total = posted * len(b.challengers)
    if accepted:  # the submitter: his stake back, and the challengers' stakes less the fee
        fee = total * JUROR_BPS // BPS
        deltas[b.submitter] = b.stake + total - fee
        burned = 0
    else:  # each challenger: his stake back and his pro-rata share of 60% of the slash
        fee = b.stake * JUROR_BPS // BPS
        shared = b.stake * (BPS - BURN_BPS - JUROR_BPS) // BPS
        paid = 0
        for c in b.challengers:
            share = shared * posted // total
            deltas[c] = deltas.get(c, 0) + posted + share
            paid += share
        burned = b.stake - fee - paid
    deltas[arbiter] = deltas.get(arbiter, 0) + fee
    return Ruling(deltas, burned, fee)


@dataclass
class ProposalModel:
    """A proposal's arguments, its window, and the votes the model expects it to hold."""

    kind: Kind
    num: int
    num2: int
    num3: int
    root: bytes
    flag: bool
    start: int
    end: int
    dist: MerkleDistribution | None = None
    yes: int = 0
    no: int = 0
    voters: set[int] = field(default_factory=set)
    executed: bool = False

    def passes(self, quorum: int) -> bool:
        return self.yes > self.no and self.yes >= quorum


@dataclass
class Locks:
    """Every account's lock over time, as the contract's checkpoints should record it."""

    locked: dict[int, int] = field(default_factory=dict)
    history: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    last_unlock: dict[int, int] = field(default_factory=dict)
    locked_until: dict[int, int] = field(default_factory=dict)

    def set(self, who: int, amount: int, at: int) -> None:
        self.locked[who] = amount
        rows = self.history.setdefault(who, [])
        if rows and rows[-1][0] == at:
            rows[-1] = (at, amount)
        else:
            rows.append((at, amount))

    def at(self, who: int, time: int) -> int:
        """The lock of ``who`` at the end of second ``time``."""
        amount = 0
        for when, value in self.history.get(who, []):
            if when <= time:
                amount = value
        return amount

    def weight(self, who: int, p: ProposalModel) -> int:
        """The vote ``who`` casts on ``p``: his lock at its creation, nothing if he
        unlocked since (audit L-2)."""
        if self.last_unlock.get(who, 0) >= p.start:
            return 0
        return self.at(who, p.start)

    def vote_refusal(self, who: int, p: ProposalModel, now: int) -> str | None:
        """Why a vote by ``who`` on ``p`` in second ``now`` must fail (None: it counts)."""
        if now >= p.end:
            return "voting closed"
        if who in p.voters:
            return "already voted"
        if self.last_unlock.get(who, 0) >= p.start:
            return "unlocked since the proposal"
        if self.weight(who, p) == 0:
            return "no voting power"
        return None


@dataclass
class Params:
    """What only passed proposals may change: the DAO's and the Judge's parameters."""

    dataset: tuple[int, bytes, int] = (0, bytes(32), 0)  # version, root, examples
    adopted: int = 0
    arbiter: int = 5  # account index: the DAO's and the Judge's court
    governance_is_dao: bool = True
    paused: dict[int, bool] = field(default_factory=dict)  # model id -> paused
    model_policy: dict[int, tuple[int, int]] = field(default_factory=dict)  # quota, fee
    judge_policy: tuple[int, int, int] = (0, 0, 0)  # window, bond, epoch
    forwarders: dict[int, bool] = field(default_factory=dict)


def proposal(
    kind: Kind, x: int, flag: bool, split: list[int], accounts: list[str], dao: str
) -> ProposalModel:
    """A proposal of ``kind`` with arguments the contract accepts, drawn from ``x``,
    ``flag`` and ``split`` (the reward amounts); its window is set when it is made."""
    addr = lambda i: int(accounts[i], 16)  # noqa: E731
    mid = 1 + x % 2
    num, num2, num3, root, dist = 0, 0, 0, bytes(32), None
    if kind is Kind.DATASET:
        num, root = 100 * x, keccak(bytes([x]))
    elif kind is Kind.ADOPT_MODEL or kind is Kind.PAUSE_MODEL:
        num = x if kind is Kind.ADOPT_MODEL else mid
    elif kind is Kind.MODEL_POLICY:
        num, num2, num3 = mid, x, x * E18
    elif kind is Kind.REWARDS:
        dist = MerkleDistribution.from_amounts(
            [(accounts[1 + i % 4], n * E18) for i, n in enumerate(split)]
        )
        num, root = dist.total, dist.root
    elif kind is Kind.JUDGE_POLICY:
        num, num2, num3 = 60 * x, x * E18, 1000 * x
    elif kind is Kind.ARBITER:
        num = addr(5 + x % 2)
    elif kind is Kind.GOVERNANCE:  # usually the DAO itself; now and then the admin
        num = addr(0) if x % 3 == 0 else int(dao, 16)
    else:
        num = addr(1 + x % 4)
    return ProposalModel(kind, num, num2, num3, root, flag, 0, 0, dist)


@dataclass
class DAOModel:
    """Everything the machine expects: each account's balance, the supply, the DAO's
    batches, locks, proposals, parameters, pool and distributions."""

    accounts: list[str]  # 0 admin, 1-4 people, 5-6 arbiters
    bal: dict[int, int]
    supply: int
    batches: dict[int, BatchModel] = field(default_factory=dict)
    locks: Locks = field(default_factory=Locks)
    props: dict[int, ProposalModel] = field(default_factory=dict)
    params: Params = field(default_factory=Params)
    pool: int = 0
    unclaimed: int = 0
    last_dist: int = 0
    dists: list[MerkleDistribution] = field(default_factory=list)
    paid: set[tuple[int, int]] = field(default_factory=set)

    def index(self, address: str) -> int:
        return [a.lower() for a in self.accounts].index(address.lower())

    @property
    def stakes(self) -> int:
        return sum(b.held for b in self.batches.values())

    def refusal(self, p: ProposalModel, now: int) -> str | None:
        """Why executing ``p`` in second ``now`` must fail (None: it acts)."""
        if now < p.end:
            return "voting open"
        if p.executed:
            return "already executed"
        if not p.passes(QUORUM):
            return "not passed"
        if p.kind in JUDGE_KINDS and not self.params.governance_is_dao:
            return "only governance"
        if p.kind is Kind.REWARDS:
            if p.num * BPS > self.pool * MAX_BPS:
                return "over reward cap"
            if self.last_dist and now < self.last_dist + INTERVAL:
                return "too soon"
        return None

    def apply(self, p: ProposalModel, now: int) -> None:
        """What executing ``p`` in second ``now`` changes, and nothing else."""
        P = self.params
        p.executed = True
        who = next((i for i, a in enumerate(self.accounts) if int(a, 16) == p.num), -1)
        if p.kind is Kind.DATASET:
            P.dataset = (P.dataset[0] + 1, p.root, p.num)
        elif p.kind is Kind.ADOPT_MODEL:
            P.adopted = p.num
        elif p.kind is Kind.PAUSE_MODEL:
            P.paused[p.num] = p.flag
        elif p.kind is Kind.MODEL_POLICY:
            P.model_policy[p.num] = (p.num2, p.num3)
        elif p.kind is Kind.REWARDS:
            assert p.dist is not None
            self.pool -= p.num
            self.unclaimed += p.num
            self.last_dist = now
            self.dists.append(p.dist)
        elif p.kind is Kind.JUDGE_POLICY:
            P.judge_policy = (p.num, p.num2, p.num3)
        elif p.kind is Kind.ARBITER:
            P.arbiter = who
        elif p.kind is Kind.GOVERNANCE:
            P.governance_is_dao = who != 0
        else:
            P.forwarders[who] = p.flag
