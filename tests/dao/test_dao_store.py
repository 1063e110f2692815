"""The content-addressed batch store: hashes, statuses, and nothing accepted lost on restart."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from augury.dao.batch import parse_batch
from augury.dao.errors import BatchStateError, DAOError, HashMismatchError, UnknownBatchError
from augury.dao.store import BatchStore

A = '{"domain": "metamask-airdrop.xyz", "label": 1}\n{"domain": "uniswap.org", "label": 0}\n'
B = '{"domain": "free-eth.net", "label": 1}\n'


def test_put_get_roundtrip_and_content_addressing(tmp_path: Path) -> None:
    with BatchStore(tmp_path / "dao.sqlite") as store:
        stored = store.put(A, "0xaaa")
        assert stored.status == "pending" and stored.seq == 1
        assert stored.hash_hex == parse_batch(A).hash_hex
        assert stored.hash_hex in store and "0x" + "00" * 32 not in store
        got = store.get(stored.batch.content_hash)
        assert got.batch == stored.batch and got.contributor == "0xaaa"
        # same content again: the first submission is kept
        again = store.put(A.replace("\n", "\r\n"), "0xbbb")
        assert again.contributor == "0xaaa" and again.seq == 1
        assert store.put(B, "0xbbb").seq == 2


def test_expected_hash_mismatch_writes_nothing(tmp_path: Path) -> None:
    with BatchStore(tmp_path / "dao.sqlite") as store:
        with pytest.raises(HashMismatchError):
            store.put(A, "0xaaa", expected_hash=parse_batch(B).content_hash)
        assert store.batches() == []
        assert store.put(A, "0xaaa", expected_hash=parse_batch(A).hash_hex).status == "pending"


def test_status_transitions(tmp_path: Path) -> None:
    with BatchStore(tmp_path / "dao.sqlite") as store:
        a, b = store.put(A, "0xaaa"), store.put(B, "0xbbb")
        assert store.accept(a.hash_hex).status == "accepted"
        assert store.accept(a.hash_hex).status == "accepted"  # idempotent
        with pytest.raises(BatchStateError, match="accepted and cannot become rejected"):
            store.reject(a.hash_hex)
        assert store.reject(b.hash_hex).status == "rejected"
        with pytest.raises(BatchStateError):
            store.set_status(b.hash_hex, "pending")
        with pytest.raises(UnknownBatchError):
            store.accept("0x" + "11" * 32)
        assert [s.hash_hex for s in store.batches("accepted")] == [a.hash_hex]
        examples = store.examples()
        assert [(e.domain, e.label, e.contributor) for e in examples] == [
            ("metamask-airdrop.xyz", 1, "0xaaa"),
            ("uniswap.org", 0, "0xaaa"),
        ]


def test_accepted_batches_survive_a_crash(tmp_path: Path) -> None:
    """A separate process accepts a batch and dies without closing: the batch is there."""
    path = tmp_path / "dao.sqlite"
    script = (
        "import os, sys\n"
        "from augury.dao.store import BatchStore\n"
        "s = BatchStore(sys.argv[1])\n"
        "h = s.put(sys.argv[2], '0xaaa').hash_hex\n"
        "s.accept(h)\n"
        "s.put(sys.argv[3], '0xbbb')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path), A, B], check=True)
    with BatchStore(path) as store:
        assert [b.status for b in store.batches()] == ["accepted", "pending"]
        assert store.batches("accepted")[0].batch == parse_batch(A)


def test_corrupted_rows_are_detected_not_returned(tmp_path: Path) -> None:
    path = tmp_path / "dao.sqlite"
    with BatchStore(path) as store:
        key = store.put(A, "0xaaa").hash_hex
    db = sqlite3.connect(path)
    db.execute("UPDATE batches SET content = ? WHERE hash = ?", (B.encode(), key))
    db.commit()
    db.close()
    with BatchStore(path) as store, pytest.raises(HashMismatchError, match="corrupted"):
        store.get(key)


def test_unopenable_store_is_a_dao_error(tmp_path: Path) -> None:
    with pytest.raises(DAOError, match="cannot open batch store"):
        BatchStore(tmp_path / "no" / "such" / "dir" / "dao.sqlite")
