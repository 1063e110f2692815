"""The data DAO on chain: ``DataDAO.vy`` driven from the off-chain store.

What a batch *is* lives in :class:`~augury.dao.store.BatchStore` (content
addressed, SQLite); what the DAO *decided* lives on chain. :class:`DAO` keeps the
two in step: it stores a batch before submitting its hash (so nothing accepted
can be missing off chain), syncs statuses from the contract, turns screening
flags into challenges, and turns an epoch's valuation into a reward proposal
whose Merkle tree it writes out for claimants.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from augury.chain import Chain, Contract
from augury.dao.batch import Batch, read_batch_file
from augury.dao.errors import DAOError, ValuationError
from augury.dao.merkle import MerkleDistribution
from augury.dao.store import BatchStore
from augury.errors import AuguryValueError
from augury.protocol import BatchInfo, BatchStatus, Kind, ensure_allowance

ZERO32 = bytes(32)


@dataclass(frozen=True)
class DAOStatus:
    """The DAO's counters as the contract reports them (token amounts in wei)."""

    batches: int
    dataset_version: int
    dataset_examples: int
    adopted_model: int
    proposals: int
    pool: int
    unclaimed: int
    distributions: int
    locked: int

    def to_json(self) -> dict[str, int]:
        return asdict(self)


def proposal_kind(name: str) -> Kind:
    """The kind a user names (``dataset``, ``adopt``, ...): what ``--kind`` takes."""
    return Kind.parse(name)


def bytes32(text: str, what: str = "root") -> bytes:
    """32 bytes from hex (``0x`` optional), named ``what`` in the error."""
    try:
        raw = bytes.fromhex(text.removeprefix("0x"))
    except ValueError:
        raise AuguryValueError(f"{what} is not hex: {text!r}") from None
    if len(raw) != 32:
        raise AuguryValueError(f"{what} must be 32 bytes")
    return raw


@dataclass(frozen=True)
class SubmittedBatch:
    batch_id: int
    content_hash: str
    examples: int
    stake: int


class DAO:
    """The DataDAO contract, its token and the batch store, for one chain."""

    def __init__(self, chain: Chain, dao: Contract, token: Contract, store: BatchStore) -> None:
        self.chain = chain
        self.dao = dao
        self.token = token
        self.store = store

    # -- data ------------------------------------------------------------------

    def submit(self, path: Path, stake: int, *, sender: Any) -> SubmittedBatch:
        """Store the batch file, then submit its hash with ``stake``.

        A malformed file raises before anything is sent; the store keeps the
        batch even if the transaction fails, which loses nothing.
        """
        batch = read_batch_file(path)
        stored = self.store.put(batch, str(getattr(sender, "address", sender)))
        ensure_allowance(self.token, sender, self.dao, stake)
        receipt = self.dao.submit(batch.content_hash, len(batch), stake, sender=sender)
        ev = receipt.event("Submitted")
        return SubmittedBatch(int(ev["batchId"]), stored.hash_hex, len(batch), stake)

    def challenge(self, batch_id: int, *, sender: Any) -> None:
        ensure_allowance(self.token, sender, self.dao, self.batch(batch_id).stake)
        self.dao.challenge(batch_id, sender=sender)

    def batch(self, batch_id: int) -> BatchInfo:
        """A batch as the contract reports it; :class:`DAOError` if there is none."""
        info = BatchInfo.read(self.dao, batch_id)
        if info.status == BatchStatus.UNKNOWN:
            raise DAOError(f"unknown batch {batch_id}")
        return info

    def sync(self) -> dict[str, int]:
        """Copy accepted/rejected decisions from the contract into the store.

        Returns counts by status. A batch decided on chain but absent from the
        store is an error: its content would be lost.
        """
        counts: dict[str, int] = {}
        for batch_id in range(1, int(self.dao.batchCount()) + 1):
            info = self.batch(batch_id)
            content, status = "0x" + info.content_hash.hex(), info.status.label
            counts[status] = counts.get(status, 0) + 1
            if info.status in (BatchStatus.ACCEPTED, BatchStatus.REJECTED):
                if content not in self.store:
                    raise DAOError(f"batch {batch_id} ({content}) is {status} but not in the store")
                stored = self.store.get(content).status
                if info.status == BatchStatus.ACCEPTED:
                    self.store.accept(content)
                elif stored != "accepted":
                    # The same content may be submitted twice; once one copy was
                    # accepted, a rejected later copy changes nothing off chain.
                    self.store.reject(content)
        return counts

    # -- votes -----------------------------------------------------------------

    def propose(
        self,
        kind: Kind,
        *,
        sender: Any,
        num: int = 0,
        num2: int = 0,
        num3: int = 0,
        root: bytes = ZERO32,
        flag: bool = False,
        lock: int = 0,
    ) -> int:
        """Open a proposal; only lockers may, so ``lock`` tokens (wei) are locked first."""
        if lock:
            self.lock(lock, sender=sender)
        receipt = self.dao.propose(int(kind), num, num2, num3, root, flag, sender=sender)
        return int(receipt.event("Proposed")["proposalId"])

    def vote(self, proposal_id: int, support: bool, *, sender: Any, lock: int = 0) -> None:
        """Vote with the tokens locked when the proposal was made. ``lock`` more (wei)
        are locked first, but they count for later proposals only (the contract weighs
        locks at a proposal's creation, audit L-2)."""
        if lock:
            self.lock(lock, sender=sender)
        self.dao.vote(proposal_id, support, sender=sender)

    def execute(self, proposal_id: int, *, sender: Any) -> None:
        """Carry out a proposal that passed (reverts while voting is open)."""
        self.dao.execute(proposal_id, sender=sender)

    def lock(self, amount: int, *, sender: Any) -> None:
        ensure_allowance(self.token, sender, self.dao, amount)
        self.dao.lock(amount, sender=sender)

    # -- rewards ---------------------------------------------------------------

    def write_distribution(self, dist: MerkleDistribution, path: Path) -> Path:
        """The claims file: root, total and every claim with its proof."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dist.to_json(), indent=2) + "\n")
        return path

    def settle(self, validation: Batch, budget: int, out: Path) -> MerkleDistribution:
        """Value the accepted data against the ``validation`` batch (KNN-Shapley), split
        ``budget`` (wei) and write the claims file to ``out``.

        Syncs decisions from the chain first, so every accepted batch counts. Raises
        :class:`ValuationError` when nobody earned anything: there is nothing to post.
        """
        from augury.dao.epoch import settle_epoch

        self.sync()
        settlement = settle_epoch(
            self.store.examples("accepted"),
            [e.domain for e in validation.examples],
            [e.label for e in validation.examples],
            budget,
        )
        if settlement.distribution is None:
            raise ValuationError("no contributor earned anything: nothing to distribute")
        self.write_distribution(settlement.distribution, out)
        return settlement.distribution

    def claim_all(self, distribution_id: int, dist: MerkleDistribution, *, sender: Any) -> int:
        """Submit every unpaid claim of a distribution; returns how many were paid."""
        paid = 0
        for c in dist.claims:
            if self.dao.claimed(distribution_id, c.index):
                continue
            proof = dist.proof(c.index)
            self.dao.claim(distribution_id, c.index, c.account, c.amount, proof, sender=sender)
            paid += 1
        return paid

    def status(self) -> DAOStatus:
        d = self.dao
        return DAOStatus(
            batches=int(d.batchCount()),
            dataset_version=int(d.datasetVersion()),
            dataset_examples=int(d.datasetExamples()),
            adopted_model=int(d.adoptedModel()),
            proposals=int(d.proposalCount()),
            pool=int(d.pool()),
            unclaimed=int(d.unclaimed()),
            distributions=int(d.distributionCount()),
            locked=int(d.totalLocked()),
        )
