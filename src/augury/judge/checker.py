"""The checking side of the judge: verdicts, watchers, jurors.

:func:`check_request` re-verifies one answer from public data only: the model's
proof commitment (fetched by the on-chain ``commitment`` hash) and the quantized
input (by ``inputHash``) from the blob store, which re-hashes what it returns, and
the proof from the answer's own event on chain. The proof must show that the
committed model maps that input to exactly the output posted on chain
(``act(z_L)``, the integers ``Judge.disprove`` compares).

An answer whose proof, input or commitment is not published cannot be checked
by anyone, so it counts as invalid: the operator's duty is to publish before
answering. :func:`juror_vote` is the rule a juror (or today's arbiter account)
applies to a challenged request: uphold exactly when the proof checks out.
:func:`watch_once` is the challenger: it disproves every invalid answer still
inside its challenge window on chain, in one transaction (``Judge.disprove``: the
verifier settles it and the operator's bond comes to the watcher), falling back to a
jury challenge only when the bytes a disproof needs are not at hand; :func:`watch`
keeps doing so as answers come.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from augury.chain import Contract
from augury.errors import TransactionFailed
from augury.judge.errors import (
    BlobCorruptError,
    BlobNotFoundError,
    JudgeInputError,
    UnknownRequestError,
)
from augury.judge.registry import activated, decode_statement_input, dequantize
from augury.judge.store import BlobStore
from augury.proof import Commitment, Proof, ProofError, verify_quantized
from augury.protocol import JudgeClient, ModelInfo, RequestInfo, RequestStatus, allow_payment

#: The states in which a request carries an answer to check.
ANSWER_STATES = (
    RequestStatus.ANSWERED,
    RequestStatus.CHALLENGED,
    RequestStatus.FINAL,
    RequestStatus.OVERTURNED,
)


@dataclass(frozen=True)
class Verdict:
    """A request as the chain records it, and whether its proof checks out.

    ``proof_valid`` is None while there is no answer (pending or expired);
    ``reason`` says why a proof was not accepted ("" when valid).
    """

    request_id: int
    model_id: int
    status: str
    status_code: int
    label: int | None
    output: list[int]
    output_float: list[float] | None
    proof_valid: bool | None
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "model_id": self.model_id,
            "status": self.status,
            "status_code": self.status_code,
            "label": self.label,
            "output": self.output_float,
            "output_int": self.output,
            "proof_valid": self.proof_valid,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Evidence:
    """The three byte strings a disproof passes, each matching its on-chain hash."""

    commitment: bytes
    x_q: bytes
    proof: bytes


def evidence(judge: Contract, store: BlobStore, req: RequestInfo, request_id: int) -> Evidence:
    """The commitment and input from the store, the proof from the answer's event;
    raises BlobNotFoundError / BlobCorruptError when one is not at hand."""
    info = ModelInfo.read(judge, req.model_id)
    commitment = store.get(info.commitment, "model commitment")
    x_q = store.get(req.input_hash, "input")
    proof = JudgeClient(judge).posted_proof(request_id)
    if proof is None:
        raise BlobNotFoundError(f"request {request_id} has no posted proof")
    return Evidence(commitment, x_q, proof)


def _proof_check(
    judge: Contract, store: BlobStore, req: RequestInfo, request_id: int, output: list[int]
) -> tuple[bool, str, list[float] | None]:
    try:
        ev = evidence(judge, store, req, request_id)
        commitment = Commitment.from_bytes(ev.commitment)
        x_q = decode_statement_input(ev.x_q)
        proof = Proof.from_bytes(ev.proof)
    except (BlobNotFoundError, BlobCorruptError, JudgeInputError, ProofError) as exc:
        return False, str(exc), None
    y = dequantize(output, commitment)
    floats = [float(v) for v in y]
    if not proof.layers or activated(proof.layers[-1].z, commitment.layers[-1].activation) != [
        int(v) for v in output
    ]:
        return False, "the proof attests another output than the one posted", floats
    try:
        ok = verify_quantized(commitment, x_q, proof.layers[-1].z, proof)
    except ProofError as exc:  # e.g. an input of the wrong size for the model
        return False, str(exc), floats
    return ok, "" if ok else "the proof does not verify", floats


def check_request(judge: Contract, store: BlobStore, request_id: int) -> Verdict:
    """The verdict on request ``request_id``, re-verified from published data."""
    req = RequestInfo.read(judge, request_id)
    if req.status == 0:
        raise UnknownRequestError(f"request {request_id} does not exist on this Judge")
    if req.status not in ANSWER_STATES:
        return Verdict(
            request_id, req.model_id, req.status_name, req.status, None, [], None, None, ""
        )
    output = [int(v) for v in judge.output(request_id)]
    ok, reason, floats = _proof_check(judge, store, req, request_id, output)
    return Verdict(
        request_id, req.model_id, req.status_name, req.status, req.label, output, floats, ok, reason
    )


def juror_vote(judge: Contract, store: BlobStore, request_id: int) -> bool:
    """How a juror votes on a challenged answer: uphold iff its proof is valid."""
    return check_request(judge, store, request_id).proof_valid is True


@dataclass
class WatchReport:
    checked: list[Verdict] = field(default_factory=list)
    challenged: list[int] = field(default_factory=list)  # sent to the jury
    disproved: list[int] = field(default_factory=list)  # overturned on chain by the verifier
    failed: list[tuple[int, str]] = field(default_factory=list)  # challenges that reverted
    gas: dict[int, int] = field(default_factory=dict)  # request id -> gas of its disproof
    next_block: int = 0

    @property
    def acted(self) -> list[int]:
        """Every request this pass disputed, on chain or before the jury."""
        return sorted({*self.challenged, *self.disproved})


def watch_once(
    judge: Contract, store: BlobStore, *, challenger: Any | None = None, from_block: int = 0
) -> WatchReport:
    """Check every answer posted since ``from_block`` that can still be challenged;
    with a ``challenger`` account, disprove the invalid ones on chain (one transaction,
    no bond), or challenge them before the jury (posting the bond) when the bytes a
    disproof needs are not published."""
    chain = judge.chain
    report = WatchReport(next_block=chain.block_number() + 1)
    window = int(judge.challengeWindow())
    for ev in judge.events("Answered", from_block=from_block):
        rid = int(ev["requestId"])
        req = RequestInfo.read(judge, rid)
        if req.status != RequestStatus.ANSWERED or chain.timestamp() >= req.answered_at + window:
            continue
        verdict = check_request(judge, store, rid)
        report.checked.append(verdict)
        if verdict.proof_valid is False and challenger is not None:
            bytes_at_hand: Evidence | None
            try:
                bytes_at_hand = evidence(judge, store, req, rid)
            except (BlobNotFoundError, BlobCorruptError):
                bytes_at_hand = None
            if bytes_at_hand is not None:
                e = bytes_at_hand
                try:
                    receipt = JudgeClient(judge).disprove(
                        rid, e.commitment, e.x_q, e.proof, sender=challenger
                    )
                except TransactionFailed as exc:  # the window closed meanwhile
                    report.failed.append((rid, str(exc)))
                    continue
                report.disproved.append(rid)
                report.gas[rid] = receipt.gas_used
                continue
            try:
                allow_payment(judge, challenger, int(judge.challengeBond()))
                judge.challenge(rid, sender=challenger)
            except TransactionFailed as exc:  # the window closed meanwhile, or no funds
                report.failed.append((rid, str(exc)))
                continue
            report.challenged.append(rid)
    return report


def _never() -> bool:
    return False


def watch(
    judge: Contract,
    store: BlobStore,
    *,
    challenger: Any | None = None,
    once: bool = False,
    interval: float = 2.0,
    on_verdict: Callable[[Verdict, bool], None] = lambda v, challenged: None,
    on_failed: Callable[[int, str], None] = lambda rid, why: None,
    stop: Callable[[], bool] = _never,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """:func:`watch_once` over and over, each pass from the block after the last one,
    every ``interval`` seconds until ``stop()`` says so (one pass with ``once``, and
    always on the embedded chain, where nothing can change between passes).

    Every checked answer goes to ``on_verdict`` with whether it was disputed (disproved
    or challenged); every dispute that reverted to ``on_failed`` with the reason.
    """
    single = once or judge.chain.backend == "embedded"
    next_block = 0
    while True:
        report = watch_once(judge, store, challenger=challenger, from_block=next_block)
        next_block = report.next_block
        for v in report.checked:
            on_verdict(v, v.request_id in report.acted)
        for rid, why in report.failed:
            on_failed(rid, why)
        if single or stop():
            return
        sleep(interval)


def rule_challenged(judge: Contract, store: BlobStore, *, arbiter: Any) -> list[tuple[int, bool]]:
    """Rule on every challenged request by :func:`juror_vote`, as the judge's arbiter
    ``arbiter`` (an account; a court contract rules through its own jurors)."""
    ruled = []
    for ev in judge.events("Challenged"):
        rid = int(ev["requestId"])
        if RequestInfo.read(judge, rid).status != RequestStatus.CHALLENGED:
            continue
        upheld = juror_vote(judge, store, rid)
        judge.rule(rid, upheld, sender=arbiter)
        ruled.append((rid, upheld))
    return ruled
