"""The calls of the DataDAO state machine, each checked against the model.

Every method makes one call the way a user would and first asks the model
(datadao_model.py) whether it must revert and why; a call that should fail must fail
with that reason, and one that succeeds updates the model exactly as the contract
should have changed. The machine (test_datadao_state.py) draws which calls to make.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from hypothesis import event as hypothesis_event

from augury.chain import Chain, Contract
from augury.errors import TransactionFailed
from augury.protocol import BatchInfo, BatchStatus, Kind, ProposalInfo
from tests.contracts.datadao_model import (
    E18,
    VOTING,
    WINDOW,
    BatchModel,
    DAOModel,
    ProposalModel,
    proposal,
    ruling,
)

OPEN = (BatchStatus.SUBMITTED, BatchStatus.CHALLENGED)
REACHED: Counter[str] = Counter()  # what the runs reached, over all examples


def event(name: str) -> None:
    hypothesis_event(name)
    REACHED[name] += 1


def fails(reason: str, call: Callable[[], object]) -> None:
    """The call reverts, and for this reason (not for some other check)."""
    with pytest.raises(TransactionFailed) as info:
        call()
    assert info.value.reason == reason, info.value.reason


class DAOActions:
    """One checked call each; the state machine inherits them."""

    chain: Chain
    acc: list[LocalAccount]  # 0 admin, 1-4 people (4 runs the models), 5-6 arbiters
    token: Contract
    judge: Contract
    dao: Contract
    m: DAOModel

    def _next(self) -> int:
        return self.chain.timestamp() + 1  # every transaction is a block one second on

    def _submit(self, a: int, stake: int) -> None:
        r = self.dao.submit(keccak(bytes([a, stake])), 3, stake * E18, sender=self.acc[a])
        bid = int(r.event("Submitted")["batchId"])
        self.m.batches[bid] = BatchModel(a, stake * E18, self.chain.timestamp())
        self.m.bal[a] -= stake * E18

    def _challenge(self, bid: int, a: int) -> None:
        b = self.m.batches[bid]
        call = lambda: self.dao.challenge(bid, sender=self.acc[a])  # noqa: E731
        if b.status not in OPEN:
            return fails("not challengeable", call)
        if self._next() >= b.at + WINDOW:
            return fails("window closed", call)
        if a == b.submitter:
            return fails("own batch", call)
        if a in b.challengers:
            return fails("already challenged", call)
        call()
        event("challenge joined" if b.challengers else "challenge opened")
        b.challengers.append(a)
        b.status = BatchStatus.CHALLENGED
        self.m.bal[a] -= b.stake
        assert BatchInfo.read(self.dao, bid).challenge_stake == b.held - b.stake

    def _accept(self, bid: int) -> None:
        b = self.m.batches[bid]
        call = lambda: self.dao.accept(bid)  # noqa: E731
        if b.status != BatchStatus.SUBMITTED:
            return fails("not pending", call)
        if self._next() < b.at + WINDOW:
            event("accept refused: window open")
            return fails("window open", call)
        before = self.token.balanceOf(self.acc[b.submitter])
        call()
        assert self.token.balanceOf(self.acc[b.submitter]) == before + b.stake  # exactly
        b.status = BatchStatus.ACCEPTED
        self.m.bal[b.submitter] += b.stake
        event("batch accepted after the window")

    def _rule(self, bid: int, accepted: bool, intruder: int) -> None:
        b = self.m.batches[bid]
        fails("only arbiter", lambda: self.dao.rule(bid, accepted, sender=self.acc[intruder]))
        arbiter = self.m.params.arbiter
        call = lambda: self.dao.rule(bid, accepted, sender=self.acc[arbiter])  # noqa: E731
        if b.status != BatchStatus.CHALLENGED:
            return fails("not challenged", call)
        out = ruling(b, accepted, arbiter)
        before = [self.token.balanceOf(a) for a in self.acc]
        penalty = call().event("Penalty")
        after = [self.token.balanceOf(a) for a in self.acc]
        moved = [x - y for x, y in zip(after, before, strict=True)]
        assert moved == [out.deltas.get(i, 0) for i in range(len(self.acc))]
        assert (penalty["burned"], penalty["jurorFee"]) == (out.burned, out.juror_fee)
        for i, delta in out.deltas.items():
            self.m.bal[i] += delta
        self.m.supply -= out.burned
        b.status = BatchStatus.ACCEPTED if accepted else BatchStatus.REJECTED
        assert BatchInfo.read(self.dao, bid).status == b.status
        many = "2+ challengers" if len(b.challengers) > 1 else "1 challenger"
        event(f"ruled {'accepted' if accepted else 'rejected'}, {many}")

    def _pick(self, pick: int, wanted: tuple[BatchStatus, ...]) -> int | None:
        """A batch in one of the ``wanted`` states if there is one, else any batch."""
        ids = sorted(i for i, b in self.m.batches.items() if b.status in wanted)
        ids = ids or sorted(self.m.batches)
        return ids[pick % len(ids)] if ids else None

    def _lock(self, a: int, amount: int) -> None:
        self.dao.lock(amount * E18, sender=self.acc[a])
        self.m.locks.set(a, self.m.locks.locked.get(a, 0) + amount * E18, self.chain.timestamp())
        self.m.bal[a] -= amount * E18

    def _unlock(self, a: int, amount: int) -> None:
        call = lambda: self.dao.unlock(amount, sender=self.acc[a])  # noqa: E731
        locked = self.m.locks.locked.get(a, 0)
        if self._next() < self.m.locks.locked_until.get(a, 0):
            return fails("votes open", call)
        if amount > locked:
            return fails("insufficient locked", call)
        call()
        now = self.chain.timestamp()
        self.m.locks.set(a, locked - amount, now)
        self.m.locks.last_unlock[a] = now
        self.m.bal[a] += amount

    def _proposal(self, kind: Kind, x: int, flag: bool, split: list[int]) -> ProposalModel:
        return proposal(kind, x, flag, split, self.m.accounts, str(self.dao.address))

    def _propose(self, a: int, p: ProposalModel) -> int | None:
        call = lambda: self.dao.propose(  # noqa: E731
            int(p.kind), p.num, p.num2, p.num3, p.root, p.flag, sender=self.acc[a]
        )
        if self.m.locks.locked.get(a, 0) == 0:
            fails("no voting power", call)
            return None
        pid = int(call().event("Proposed")["proposalId"])
        p.start = self.chain.timestamp()
        p.end = p.start + VOTING
        self.m.props[pid] = p
        return pid

    def _vote(self, a: int, pid: int, support: bool) -> None:
        p = self.m.props[pid]
        call = lambda: self.dao.vote(pid, support, sender=self.acc[a])  # noqa: E731
        refusal = self.m.locks.vote_refusal(a, p, self._next())
        if refusal is not None:
            fails(refusal, call)
            if refusal in ("unlocked since the proposal", "no voting power"):
                event(f"vote refused: {refusal}")
            return
        weight = self.m.locks.weight(a, p)
        assert call().event("Voted")["weight"] == weight
        if support:
            p.yes += weight
        else:
            p.no += weight
        p.voters.add(a)
        self.m.locks.locked_until[a] = max(self.m.locks.locked_until.get(a, 0), p.end)
        on_chain = ProposalInfo.read(self.dao, pid)
        assert (on_chain.yes, on_chain.no) == (p.yes, p.no)
        if self.m.locks.locked.get(a, 0) != weight:
            event("vote weighs the lock at the proposal, not today's")

    def _execute(self, pid: int) -> None:
        p = self.m.props[pid]
        refusal = self.m.refusal(p, self._next())
        if refusal is not None:
            fails(refusal, lambda: self.dao.execute(pid))
            if refusal != "voting open":
                event(f"{p.kind.label}: {refusal}")
            return
        self.dao.execute(pid)
        self.m.apply(p, self.chain.timestamp())
        event(f"{p.kind.label}: executed")

    def _pid(self, pick: int) -> int | None:
        return sorted(self.m.props)[pick % len(self.m.props)] if self.m.props else None

    def _fund(self, a: int, amount: int) -> None:
        self.dao.fund(amount * E18, sender=self.acc[a])
        self.m.pool += amount * E18
        self.m.bal[a] -= amount * E18
