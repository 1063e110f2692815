"""The typed binding of ``DataDAO.vy``: proposal kinds, batch states, record views.

A batch walks ``SUBMITTED → (CHALLENGED →) ACCEPTED | REJECTED``; a proposal has a
kind that says what its numbers mean when it executes (docs/dao.md). The views
read rows by name, so no caller indexes into the contract's tuples.
"""

from __future__ import annotations

from dataclasses import dataclass

from augury.chain import Contract, to_address
from augury.protocol.labels import LabelledEnum


class Kind(LabelledEnum):
    """Proposal kinds of ``DataDAO.vy``; :attr:`label` is the short name the CLI takes
    (``dataset``, ``adopt``, ``pause``, ``policy``, ``rewards``, and for the Judge's
    parameters once governance is handed to the DAO: ``judge-policy`` (window, bond,
    epoch), ``arbiter``, ``governance``, ``forwarder``; the last three take an address
    as ``num``, see :func:`address_num`)."""

    DATASET = 1
    ADOPT_MODEL = 2
    PAUSE_MODEL = 3
    MODEL_POLICY = 4
    REWARDS = 5
    JUDGE_POLICY = 6
    ARBITER = 7
    GOVERNANCE = 8
    FORWARDER = 9

    @property
    def label(self) -> str:
        if self is Kind.MODEL_POLICY:
            return "policy"
        if self is Kind.JUDGE_POLICY:
            return "judge-policy"
        return self.name.split("_")[0].lower()

    @classmethod
    def _unknown(cls, label: str) -> str:
        return f"unknown proposal kind {label!r}: use {', '.join(k.label for k in cls)}"


def address_num(address: str) -> int:
    """An address as a proposal's ``num`` (ARBITER, GOVERNANCE, FORWARDER); a malformed
    address is a :class:`~augury.errors.ConfigError`."""
    return int(to_address(address), 16)


class BatchStatus(LabelledEnum):
    """A data batch's state in ``DataDAO.vy`` (``UNKNOWN``: no such batch)."""

    UNKNOWN = 0
    SUBMITTED = 1
    CHALLENGED = 2
    ACCEPTED = 3
    REJECTED = 4


@dataclass(frozen=True)
class BatchInfo:
    """One row of ``DataDAO.batches``."""

    submitter: str
    content_hash: bytes
    examples: int
    stake: int
    submitted_at: int
    status: BatchStatus
    challenger: str
    challenge_stake: int

    @classmethod
    def read(cls, dao: Contract, batch_id: int) -> BatchInfo:
        submitter, content, examples, stake, at, status, challenger, cstake = dao.batches(batch_id)
        return cls(
            str(submitter), bytes(content), int(examples), int(stake), int(at),
            BatchStatus(status), str(challenger), int(cstake),
        )  # fmt: skip


@dataclass(frozen=True)
class BatchChallenge:
    """One challenger of a batch and the stake he posted (challengers may join)."""

    challenger: str
    stake: int

    @classmethod
    def read_all(cls, dao: Contract, batch_id: int) -> list[BatchChallenge]:
        n = int(dao.challengerCount(batch_id))
        who = [str(dao.challengers(batch_id, i)) for i in range(n)]
        return [cls(w, int(dao.stakePosted(batch_id, w))) for w in who]


@dataclass(frozen=True)
class Checkpoint:
    """One of an account's lock checkpoints: from time ``at`` it had ``amount`` locked.
    Votes weigh the lock at a proposal's creation (``DataDAO.getPastVotes``)."""

    at: int
    amount: int

    @classmethod
    def read_all(cls, dao: Contract, account: str) -> list[Checkpoint]:
        n = int(dao.checkpointCount(account))
        rows = [dao.checkpoints(account, i) for i in range(n)]
        return [cls(int(at), int(amount)) for at, amount in rows]


@dataclass(frozen=True)
class ProposalInfo:
    """One row of ``DataDAO.proposals``."""

    proposer: str
    kind: Kind | None  # None: no such proposal
    num: int
    num2: int
    num3: int
    root: bytes
    flag: bool
    start: int
    end: int
    yes: int
    no: int
    executed: bool

    @classmethod
    def read(cls, dao: Contract, proposal_id: int) -> ProposalInfo:
        proposer, kind, num, num2, num3, root, flag, start, end, yes, no, executed = dao.proposals(
            proposal_id
        )
        return cls(
            str(proposer), Kind(kind) if kind else None, int(num), int(num2), int(num3),
            bytes(root), bool(flag), int(start), int(end), int(yes), int(no), bool(executed),
        )  # fmt: skip


@dataclass(frozen=True)
class DistributionInfo:
    """One row of ``DataDAO.distributions``: a Merkle root of claims and what is left."""

    root: bytes
    total: int
    remaining: int

    @classmethod
    def read(cls, dao: Contract, distribution_id: int) -> DistributionInfo:
        root, total, remaining = dao.distributions(distribution_id)
        return cls(bytes(root), int(total), int(remaining))
