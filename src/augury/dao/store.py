"""A content-addressed store of submitted batches (SQLite by default).

A batch is stored under its content hash (see :mod:`augury.dao.batch`): the key *is* the
hash of the stored bytes, which is what the chain records, so anyone holding the chain's hash
can check what the store returns, and :meth:`BatchStore.get` re-hashes on every read. A
batch moves ``pending -> accepted`` or ``pending -> rejected`` (``rejected -> accepted``
when the same content is accepted under another on-chain batch id); an accepted batch is
final and is never deleted or overwritten. Writes are single SQLite transactions with
``synchronous=FULL``: once :meth:`BatchStore.put` or :meth:`BatchStore.set_status` returns,
the change survives a crash or restart.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from augury.dao.batch import Batch, normalize_hash, parse_batch
from augury.dao.errors import BatchStateError, DAOError, HashMismatchError, UnknownBatchError

Status = Literal["pending", "accepted", "rejected"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    hash TEXT PRIMARY KEY,
    contributor TEXT NOT NULL,
    content BLOB NOT NULL,
    n_examples INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    submitted_at REAL NOT NULL,
    seq INTEGER NOT NULL UNIQUE
);
"""


@dataclass(frozen=True)
class StoredBatch:
    """A batch as the store holds it: who submitted it, when, in what order, its status."""

    batch: Batch
    contributor: str
    status: Status
    submitted_at: float
    seq: int

    @property
    def hash_hex(self) -> str:
        return self.batch.hash_hex


@dataclass(frozen=True)
class ContributedExample:
    """An example with its provenance: the batch (content hash) and contributor it came from.

    ``seq`` is the batch's submission order; within one domain the lowest ``seq`` was first.
    """

    domain: str
    label: int
    contributor: str
    batch_hash: str
    seq: int


class BatchStore:
    """Batches keyed by content hash in one SQLite file (``":memory:"`` for a throw-away store).

    Use as a context manager or call :meth:`close`. Not shared between threads.
    """

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise DAOError(f"{self.path}: cannot open batch store ({exc})") from None
        # A writer waits up to 30 s for another process's transaction rather than failing.
        self._db.execute("PRAGMA busy_timeout=30000")

    def __enter__(self) -> BatchStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def put(
        self,
        data: bytes | str | Batch,
        contributor: str,
        *,
        expected_hash: bytes | str | None = None,
    ) -> StoredBatch:
        """Check and store a batch as ``pending``; return it as stored.

        ``data`` is a batch file (parsed and canonicalised) or a parsed :class:`Batch`. With
        ``expected_hash`` (the hash submitted on-chain) a batch whose content hashes otherwise
        raises :class:`HashMismatchError` and nothing is written. Storing the same content
        again returns the existing record unchanged (first submitter keeps it).
        """
        if isinstance(data, Batch):
            # Re-derive from the canonical bytes so a hand-built Batch cannot lie.
            parse_batch(data.canonical, expected_hash=data.content_hash)
            data = data.canonical
        batch = parse_batch(data, expected_hash=expected_hash)
        now = time.time()
        with self._transaction():  # BEGIN IMMEDIATE: the check and the insert are one step
            (seq,) = self._db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM batches").fetchone()
            self._db.execute(
                "INSERT OR IGNORE INTO batches VALUES (?, ?, ?, ?, 'pending', ?, ?)",
                (batch.hash_hex, contributor, batch.canonical, len(batch), now, seq),
            )
        return self.get(batch.hash_hex)

    def get(self, content_hash: bytes | str) -> StoredBatch:
        """The stored batch with that hash, re-verified; :class:`UnknownBatchError` if absent.

        A row whose bytes no longer hash to its key (a corrupted file) raises
        :class:`HashMismatchError` instead of returning wrong data.
        """
        key = _key(content_hash)
        row = self._row(key)
        if row is None:
            raise UnknownBatchError(f"no batch {key} in {self.path}")
        return row

    def __contains__(self, content_hash: object) -> bool:
        if not isinstance(content_hash, bytes | str):
            return False
        return (
            self._db.execute(
                "SELECT 1 FROM batches WHERE hash = ?", (_key(content_hash),)
            ).fetchone()
            is not None
        )

    def set_status(self, content_hash: bytes | str, status: Status) -> StoredBatch:
        """Record the chain's decision on a batch. Accepted is final: rejecting an accepted
        batch raises :class:`BatchStateError` (nothing accepted is ever lost). A rejected
        batch may still become accepted -- the contract takes the same content again under
        another batch id, and accepting that copy accepts the content. Setting the status a
        batch already has is a no-op; nothing goes back to pending."""
        if status not in ("pending", "accepted", "rejected"):
            raise BatchStateError(f"unknown status {status!r}")
        current = self.get(content_hash)
        if current.status == status:
            return current
        if current.status == "accepted" or status == "pending":
            raise BatchStateError(
                f"batch {current.hash_hex} is {current.status} and cannot become {status}"
            )
        with self._transaction():
            self._db.execute(
                "UPDATE batches SET status = ? WHERE hash = ? AND status != 'accepted'",
                (status, current.hash_hex),
            )
        return self.get(content_hash)

    def accept(self, content_hash: bytes | str) -> StoredBatch:
        return self.set_status(content_hash, "accepted")

    def reject(self, content_hash: bytes | str) -> StoredBatch:
        return self.set_status(content_hash, "rejected")

    def batches(self, status: Status | None = None) -> list[StoredBatch]:
        """Stored batches in submission order, optionally only those with ``status``."""
        query = "SELECT hash FROM batches"
        args: tuple[str, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            args = (status,)
        keys = [k for (k,) in self._db.execute(query + " ORDER BY seq", args).fetchall()]
        return [self.get(k) for k in keys]

    def examples(self, status: Status = "accepted") -> list[ContributedExample]:
        """Every example of the batches with ``status``, in submission order, with provenance.

        A domain that several accepted batches hold appears once per batch; the dataset a
        model trains on is built by :func:`augury.dao.training.dataset_from_examples`.
        """
        return [
            ContributedExample(e.domain, e.label, b.contributor, b.hash_hex, b.seq)
            for b in self.batches(status)
            for e in b.batch.examples
        ]

    def _row(self, key: str) -> StoredBatch | None:
        row = self._db.execute(
            "SELECT content, contributor, status, submitted_at, seq FROM batches WHERE hash = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        content, contributor, status, submitted_at, seq = row
        try:
            batch = parse_batch(bytes(content), expected_hash=key)
        except DAOError as exc:
            raise HashMismatchError(f"stored batch {key} is corrupted: {exc}") from None
        if batch.canonical != bytes(content):
            raise HashMismatchError(f"stored batch {key} is not in canonical form")
        return StoredBatch(batch, str(contributor), status, float(submitted_at), int(seq))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type is not None else "COMMIT")


def _key(content_hash: bytes | str) -> str:
    return "0x" + normalize_hash(content_hash).hex()
