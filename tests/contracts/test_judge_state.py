"""A hypothesis state machine over Judge.vy: random operators, requesters,
challengers, governance and the clock. After every step the token balance
equals the accounted bonds, fees and challenge bonds; no answer is final inside
its challenge window; quotas hold per epoch; a paused model answers nothing;
only the arbiter rules and only governance pauses."""

from __future__ import annotations

import pytest
from eth_utils import keccak
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from augury.chain import Chain
from augury.errors import TransactionFailed
from augury.protocol import RequestStatus, Result

E18 = 10**18
WINDOW, EPOCH, CBOND = 600, 3000, 7 * E18
PENDING, ANSWERED, CHALLENGED, FINAL, OVERTURNED, EXPIRED = list(RequestStatus)[1:]
people = st.integers(1, 4)


class JudgeMachine(RuleBasedStateMachine):
    chain: Chain

    @initialize()
    def deploy(self) -> None:
        c = self.chain
        self.snap = c.snapshot()
        self.acc = c.accounts[:6]
        self.dao, self.arbiter = self.acc[0], self.acc[5]
        self.token = c.deploy("Token", "T", "T", 18, 10**9 * E18, sender=self.dao)
        self.judge = c.deploy(
            # the token stands in for ProofVerifier: the machine never disproves
            "Judge", self.token, self.dao, self.arbiter, WINDOW, CBOND, EPOCH, self.token,
            sender=self.dao,
        )
        for a in self.acc[1:5]:
            self.token.transfer(a, 10**6 * E18, sender=self.dao)
            self.token.approve(self.judge, 2**256 - 1, sender=a)
        self.models: dict[int, dict[str, object]] = {}
        self.requests: dict[int, dict[str, int]] = {}
        self.usage: dict[tuple[int, int, int], int] = {}

    def teardown(self) -> None:
        if hasattr(self, "snap"):
            self.chain.revert(self.snap)

    def _epoch(self) -> int:
        return self.chain.timestamp() // EPOCH

    @rule(op=people, quota=st.integers(1, 3), fee=st.integers(0, 5))
    def register(self, op: int, quota: int, fee: int) -> None:
        r = self.judge.register(
            keccak(b"c"), keccak(b"w"), keccak(b"a"), keccak(b"q"),
            100 * E18, 10**6, quota, fee * E18, sender=self.acc[op],
        )  # fmt: skip
        mid = r.event("ModelRegistered")["modelId"]
        self.models[mid] = {"op": op, "quota": quota, "paused": False, "slashed": False}

    @rule(who=people, pick=st.integers(0, 10))
    def request(self, who: int, pick: int) -> None:
        if not self.models:
            return
        mid = sorted(self.models)[pick % len(self.models)]
        m = self.models[mid]
        key = (mid, who, self._epoch())
        ok = not m["paused"] and not m["slashed"] and self.usage.get(key, 0) < int(m["quota"])  # type: ignore[call-overload]
        if ok:
            r = self.judge.request(mid, keccak(b"i"), sender=self.acc[who])
            self.requests[r.event("Requested")["requestId"]] = {"model": mid, "who": who}
            self.usage[key] = self.usage.get(key, 0) + 1
        else:
            with pytest.raises(TransactionFailed, match=r"paused|slashed|quota"):
                self.judge.request(mid, keccak(b"i"), sender=self.acc[who])

    def _pick(self, status: int, pick: int) -> int | None:
        ids = [r for r in sorted(self.requests) if Result.read(self.judge, r).status == status]
        return ids[pick % len(ids)] if ids else None

    @rule(pick=st.integers(0, 10), out=st.lists(st.integers(-100, 100), min_size=1, max_size=3))
    def answer(self, pick: int, out: list[int]) -> None:
        rid = self._pick(PENDING, pick)
        if rid is None:
            return
        m = self.models[self.requests[rid]["model"]]
        op = self.acc[int(m["op"])]  # type: ignore[call-overload]
        if m["paused"] or m["slashed"]:
            with pytest.raises(TransactionFailed, match=r"paused|slashed"):
                self.judge.answer(rid, out, b"p", sender=op)
        else:
            self.judge.answer(rid, out, b"p", sender=op)
            self.requests[rid]["answered_at"] = self.chain.timestamp()

    @rule(pick=st.integers(0, 10), who=people)
    def challenge(self, pick: int, who: int) -> None:
        rid = self._pick(ANSWERED, pick)
        if rid is None:
            return
        if self.chain.timestamp() + 1 < self.requests[rid]["answered_at"] + WINDOW:
            self.judge.challenge(rid, sender=self.acc[who])

    @rule(pick=st.integers(0, 10), upheld=st.booleans(), intruder=people)
    def rule_on(self, pick: int, upheld: bool, intruder: int) -> None:
        rid = self._pick(CHALLENGED, pick)
        if rid is None:
            return
        with pytest.raises(TransactionFailed, match="only arbiter"):
            self.judge.rule(rid, upheld, sender=self.acc[intruder])
        self.judge.rule(rid, upheld, sender=self.arbiter)
        if not upheld:
            self.models[self.requests[rid]["model"]]["slashed"] = True

    @rule(pick=st.integers(0, 10))
    def finalize(self, pick: int) -> None:
        rid = self._pick(ANSWERED, pick)
        if rid is None:
            return
        inside = self.chain.timestamp() + 1 < self.requests[rid]["answered_at"] + WINDOW
        if inside:
            with pytest.raises(TransactionFailed, match="challenge window open"):
                self.judge.finalize(rid)
        else:
            self.judge.finalize(rid)
            assert Result.read(self.judge, rid).status == FINAL

    @rule(pick=st.integers(0, 10), paused=st.booleans(), by_dao=st.booleans())
    def pause(self, pick: int, paused: bool, by_dao: bool) -> None:
        if not self.models:
            return
        mid = sorted(self.models)[pick % len(self.models)]
        if by_dao:
            self.judge.setPaused(mid, paused, sender=self.dao)
            self.models[mid]["paused"] = paused
        else:
            with pytest.raises(TransactionFailed, match="only governance"):
                self.judge.setPaused(mid, paused, sender=self.acc[1])

    @rule(seconds=st.sampled_from([1, 100, WINDOW, EPOCH]))
    def wait(self, seconds: int) -> None:
        self.chain.advance_time(seconds)

    @invariant()
    def tokens_are_accounted_for(self) -> None:
        if not hasattr(self, "judge"):
            return
        held = self.token.balanceOf(self.judge)
        bonds = sum(self.judge.bondOf(m) for m in self.models)
        assert held == bonds + self.judge.escrowedFees() + self.judge.challengeBonds()

    @invariant()
    def quotas_hold(self) -> None:
        if not hasattr(self, "judge"):
            return
        for (mid, who, epoch), n in self.usage.items():
            assert n <= int(self.models[mid]["quota"])  # type: ignore[call-overload]
            assert self.judge.used(mid, self.acc[who], epoch) == n


def test_judge_state_machine(embedded: Chain) -> None:
    machine = type("Bound", (JudgeMachine,), {"chain": embedded})
    machine.TestCase.settings = settings(
        max_examples=25, stateful_step_count=25, deadline=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    machine.TestCase().runTest()
