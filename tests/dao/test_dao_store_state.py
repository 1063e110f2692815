"""A state machine over the batch store: whatever happens, nothing accepted is ever lost."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from augury.dao.batch import parse_batch
from augury.dao.errors import BatchStateError, HashMismatchError
from augury.dao.store import BatchStore

TEXTS = [
    "\n".join(f'{{"domain": "d{i}-{j}.com", "label": {(i + j) % 2}}}' for j in range(1 + i % 3))
    for i in range(6)
]


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name) / "dao.sqlite"
        self.store = BatchStore(self.path)
        self.status: dict[str, str] = {}  # the model: hash -> status
        self.owner: dict[str, str] = {}

    def teardown(self) -> None:
        self.store.close()
        self.dir.cleanup()

    @rule(i=st.integers(0, len(TEXTS) - 1), who=st.sampled_from(["alice", "bob"]))
    def put(self, i: int, who: str) -> None:
        stored = self.store.put(TEXTS[i], who)
        self.status.setdefault(stored.hash_hex, "pending")
        self.owner.setdefault(stored.hash_hex, who)
        assert stored.contributor == self.owner[stored.hash_hex]

    @rule(i=st.integers(0, len(TEXTS) - 1), j=st.integers(0, len(TEXTS) - 1))
    def put_with_wrong_hash(self, i: int, j: int) -> None:
        if i == j:
            return
        before = len(self.store.batches())
        try:
            self.store.put(TEXTS[i], "mallory", expected_hash=parse_batch(TEXTS[j]).content_hash)
        except HashMismatchError:
            pass
        else:
            raise AssertionError("a hash mismatch was stored")
        assert len(self.store.batches()) == before

    @precondition(lambda self: bool(self.status))
    @rule(data=st.data(), to=st.sampled_from(["accepted", "rejected"]))
    def decide(self, data: st.DataObject, to: str) -> None:
        key = data.draw(st.sampled_from(sorted(self.status)))
        now = self.status[key]
        try:
            self.store.set_status(key, to)  # type: ignore[arg-type]
        except BatchStateError:
            assert now == "accepted" and to == "rejected"  # accepted is final
        else:
            assert now != "accepted" or to == "accepted"
            self.status[key] = to

    @rule()
    def restart(self) -> None:
        self.store.close()
        self.store = BatchStore(self.path)

    @invariant()
    def matches_the_model(self) -> None:
        stored = {b.hash_hex: b.status for b in self.store.batches()}
        assert stored == self.status
        accepted = [e for e in self.store.examples("accepted")]
        want = sum(len(self.store.get(k).batch) for k, s in self.status.items() if s == "accepted")
        assert len(accepted) == want


TestStoreMachine = StoreMachine.TestCase
TestStoreMachine.settings = settings(max_examples=30, stateful_step_count=15, deadline=None)
