"""A hypothesis state machine over Judge.vy: random operators, requesters,
challengers, governance and the clock. After every step the token balance
equals the accounted bonds, fees and challenge bonds; no answer is final inside
its challenge window; quotas hold per epoch; a paused model answers nothing;
only the arbiter rules and only governance pauses. Who is paid: at each ruling
every account's balance moves exactly as the split says (challengers get their
bonds back and a pro-rata share of the slash exactly when the answer is
overturned; the operator gains only on upheld answers; the arbiter gets the
juror fee; the burned part leaves the supply). Run with
``--hypothesis-show-statistics`` to see how many rulings, joins and
finalizations a run reached."""

from __future__ import annotations

from collections import Counter

import pytest
from eth_utils import keccak
from hypothesis import HealthCheck, settings
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from augury.chain import Chain
from augury.errors import TransactionFailed
from augury.protocol import Penalty, RequestInfo, RequestStatus, Result
from augury.protocol.judge import BPS, JUROR_FEE_BPS, SLASH_BURN_BPS

E18 = 10**18
WINDOW, EPOCH, CBOND = 600, 3000, 7 * E18
PENDING, ANSWERED, CHALLENGED, FINAL, OVERTURNED, EXPIRED = list(RequestStatus)[1:]
people = st.integers(1, 4)
REACHED: Counter[str] = Counter()  # what the runs reached, over all examples


def event(name: str) -> None:
    hypothesis_event(name)
    REACHED[name] += 1


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
        self.supply = self.token.totalSupply()
        self.fees_to_arbiter = 0
        # a head start, so short runs reach challenges, rulings and finalizations:
        # two models, and four answered requests
        self.register(1, 3, 1)
        self.register(2, 3, 0)
        for who in range(1, 5):
            self.request(who, who)
        for pick in range(4):
            self.answer(0, [pick % 2, 1 - pick % 2])
        self.challenge(0, 3, False)
        self.challenge(0, 4, False)

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

    @rule(pick=st.integers(0, 10), who=people, join=st.booleans())
    def challenge(self, pick: int, who: int, join: bool) -> None:
        rid = self._pick(CHALLENGED if join else ANSWERED, pick)
        if rid is None:
            return
        if self.chain.timestamp() + 1 >= self.requests[rid]["answered_at"] + WINDOW:
            return
        if self.judge.bondPosted(rid, self.acc[who]):
            with pytest.raises(TransactionFailed, match="already challenged"):
                self.judge.challenge(rid, sender=self.acc[who])
            return
        self.judge.challenge(rid, sender=self.acc[who])
        self.requests[rid].setdefault("challengers", []).append(who)  # type: ignore[attr-defined]
        event("challenge joined" if join else "challenge opened")

    @rule(pick=st.integers(0, 10), upheld=st.booleans(), intruder=people)
    def rule_on(self, pick: int, upheld: bool, intruder: int) -> None:
        rid = self._pick(CHALLENGED, pick)
        if rid is None:
            return
        with pytest.raises(TransactionFailed, match="only arbiter"):
            self.judge.rule(rid, upheld, sender=self.acc[intruder])
        req = self.requests[rid]
        mid = req["model"]
        m = self.models[mid]
        fee = RequestInfo.read(self.judge, rid).fee
        bonds = {c: int(self.judge.bondPosted(rid, self.acc[c])) for c in req["challengers"]}  # type: ignore[attr-defined]
        total = sum(bonds.values())
        expect = dict.fromkeys(range(6), 0)
        burned = 0
        if upheld:  # the operator takes the fee and the bonds less the juror fee
            juror = total * JUROR_FEE_BPS // BPS
            expect[int(m["op"])] += fee + total - juror  # type: ignore[call-overload]
        else:  # requester refunded; each challenger: his bond and his share of the slash
            slash = 0 if m["slashed"] else int(self.judge.bondOf(mid))
            juror = slash * JUROR_FEE_BPS // BPS
            shared = slash * (BPS - SLASH_BURN_BPS - JUROR_FEE_BPS) // BPS
            expect[req["who"]] += fee
            shares = {c: shared * b // total for c, b in bonds.items()}
            for c, b in bonds.items():
                expect[c] += b + shares[c]
            burned = slash - juror - sum(shares.values())
        expect[5] += juror
        before = [self.token.balanceOf(a) for a in self.acc]
        penalty = Penalty.from_receipt(self.judge.rule(rid, upheld, sender=self.arbiter))
        after = [self.token.balanceOf(a) for a in self.acc]
        assert [a - b for a, b in zip(after, before, strict=True)] == [expect[i] for i in range(6)]
        assert (penalty.juror_fee, penalty.burned) == (juror, burned)
        self.supply -= burned
        self.fees_to_arbiter += juror
        if not upheld:
            m["slashed"] = True
        event(f"ruled {'upheld' if upheld else 'overturned'}, {len(bonds)} challenger(s)")

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
            op = self.acc[int(self.models[self.requests[rid]["model"]]["op"])]  # type: ignore[call-overload]
            before = self.token.balanceOf(op)
            self.judge.finalize(rid)
            status = Result.read(self.judge, rid).status
            assert status in (FINAL, OVERTURNED)  # OVERTURNED: voided, the model untrusted
            gain = self.token.balanceOf(op) - before
            assert gain == (RequestInfo.read(self.judge, rid).fee if status == FINAL else 0)
            event(f"finalized {status.name}")

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

    @rule(seconds=st.sampled_from([1, 100, 100, WINDOW, EPOCH]))
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
    def burns_and_juror_fees_go_where_they_should(self) -> None:
        if not hasattr(self, "judge"):
            return
        assert self.token.totalSupply() == self.supply
        assert self.token.balanceOf(self.arbiter) == self.fees_to_arbiter

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
        max_examples=25, stateful_step_count=40, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    REACHED.clear()
    machine.TestCase().runTest()
    print(dict(REACHED))  # shown with -s
    assert sum(n for k, n in REACHED.items() if k.startswith("ruled overturned")) > 0
    assert sum(n for k, n in REACHED.items() if k.startswith("ruled upheld")) > 0
    assert REACHED["challenge joined"] > 0 and REACHED["finalized FINAL"] > 0
