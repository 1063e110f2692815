"""The operator's and the requester's side of the judge: register, ask, serve.

A model operator registers a quantized model (:func:`register_model`): the four
hashes go on chain with a bond, the proof commitment and the two descriptive
documents go to the blob store. Anyone may then ask (:func:`ask`): the input is
quantized with the scale of the model's published commitment, the statement's
``x_q`` bytes are published under their keccak256 and that hash is requested on
chain, paying the fee. The operator's server (:func:`serve_pending`) finds pending
requests for its models, fetches each input, runs and proves the model with
:func:`augury.proof.prove_quantized` (the integer statement the on-chain verifier
checks) and posts ``answer(requestId, output, proof)`` with the proof bytes in
calldata, where every watcher can ``disprove`` it on chain;
:func:`serve` repeats that as new requests come, reporting through callbacks.

Every function takes the contract handles explicitly and signs as the account it
is given; nothing here assumes which backend the chain is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy.typing as npt

from augury.chain import Chain, Contract
from augury.errors import TransactionFailed
from augury.judge.errors import BlobCorruptError, BlobNotFoundError, JudgeInputError
from augury.judge.onchain import MAX_PROOF_BYTES
from augury.judge.registry import (
    activated,
    decode_statement_input,
    model_commitments,
    statement_input,
)
from augury.judge.store import BlobStore
from augury.proof import Commitment, InputError, ProofError, QuantizedModel, prove_quantized
from augury.protocol import JudgeClient, ModelInfo, RequestInfo, RequestStatus, allow_payment

E18 = 10**18
ZERO_ADDRESS = "0x" + "0" * 40
DEFAULT_BOND = 1000 * E18


@dataclass(frozen=True)
class Registered:
    model_id: int
    commitment: bytes
    weights_root: bytes
    gas_used: int


def register_model(
    judge: Contract,
    store: BlobStore,
    model: QuantizedModel,
    *,
    operator: Any,
    bond: int = DEFAULT_BOND,
    reveal_delay: int,
    quota: int,
    fee: int = 0,
) -> Registered:
    """Commit ``model`` on ``judge`` with ``operator`` as its operator, posting ``bond``."""
    if reveal_delay < 0 or quota < 0 or fee < 0 or bond < 0:
        raise JudgeInputError("bond, reveal delay, quota and fee must not be negative")
    mc = model_commitments(model)
    mc.publish(store)
    allow_payment(judge, operator, bond)
    receipt = judge.register(
        mc.commitment,
        mc.weights_root,
        mc.arch_hash,
        mc.quant_hash,
        bond,
        reveal_delay,
        quota,
        fee,
        sender=operator,
    )
    model_id = int(receipt.event("ModelRegistered")["modelId"])
    return Registered(model_id, mc.commitment, mc.weights_root, receipt.gas_used)


@dataclass(frozen=True)
class Asked:
    request_id: int
    input_hash: bytes
    fee: int
    gas_used: int


def ask(
    judge: Contract, store: BlobStore, model_id: int, x: npt.ArrayLike, *, sender: Any
) -> Asked:
    """Publish input ``x`` (quantized for the model) and request model ``model_id``'s
    answer about it, paying its fee."""
    info = ModelInfo.read(judge, model_id)
    data = statement_input(model_commitment(store, info), x)
    input_hash = store.put(data)
    live = not (info.paused or info.slashed or info.retired) and info.operator != ZERO_ADDRESS
    if live and judge.quotaLeft(model_id, sender) > 0:
        allow_payment(judge, sender, info.fee)
    # otherwise no approval: the request reverts with the contract's own reason
    receipt = judge.request(model_id, input_hash, sender=sender)
    ev = receipt.event("Requested")
    return Asked(int(ev["requestId"]), input_hash, int(ev["fee"]), receipt.gas_used)


def model_commitment(store: BlobStore, info: ModelInfo) -> Commitment:
    """The model's proof commitment, from the bytes published under its on-chain hash
    (the input scale and sizes every party quantizes with)."""
    if info.operator == ZERO_ADDRESS:
        raise JudgeInputError("nothing to quantize the input for: unknown model")
    try:
        return Commitment.from_bytes(store.get(info.commitment, "model commitment"))
    except (BlobNotFoundError, BlobCorruptError, ProofError) as exc:
        raise JudgeInputError(f"cannot quantize for this model: {exc}") from None


# -- serving --------------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    """One answer posted: what was proven and what it cost."""

    request_id: int
    model_id: int
    output: list[int]
    label: int
    proof_hash: bytes
    proof_bytes: int
    prove_seconds: float
    gas_used: int


@dataclass(frozen=True)
class Skipped:
    request_id: int
    reason: str


@dataclass
class ServeReport:
    served: list[Served] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    next_block: int = 0


def operated_models(judge: Contract, model: QuantizedModel, operator: Any) -> list[int]:
    """Ids of the live models on ``judge`` that ``operator`` registered with ``model``'s
    commitment (the models this server can answer for)."""
    from augury.chain.base import to_address

    commitment = model_commitments(model).commitment
    ids = []
    for ev in judge.events("ModelRegistered", operator=to_address(operator)):
        mid = int(ev["modelId"])
        info = ModelInfo.read(judge, mid)
        if info.commitment == commitment and not (info.slashed or info.retired):
            ids.append(mid)
    return ids


def pending_requests(judge: Contract, model_ids: Sequence[int], from_block: int = 0) -> list[int]:
    """Requests for ``model_ids`` made since ``from_block`` that still await an answer."""
    out: list[int] = []
    for mid in model_ids:
        for ev in judge.events("Requested", from_block=from_block, modelId=mid):
            rid = int(ev["requestId"])
            if RequestInfo.read(judge, rid).status == RequestStatus.PENDING:
                out.append(rid)
    return sorted(set(out))


def answer_request(
    judge: Contract, store: BlobStore, model: QuantizedModel, request_id: int, *, operator: Any
) -> Served:
    """Fetch the input, prove the model's output, post the answer with its proof (the
    proof goes in the answer's calldata; a copy goes to the store too)."""
    req = RequestInfo.read(judge, request_id)
    x_q = decode_statement_input(store.get(req.input_hash, "input"))
    t0 = time.perf_counter()
    try:
        z, proof = prove_quantized(model, x_q)
    except InputError as exc:
        raise JudgeInputError(f"request {request_id}: {exc}") from None
    prove_seconds = time.perf_counter() - t0
    blob = proof.to_bytes()
    if len(blob) > MAX_PROOF_BYTES:  # the answer could not be checked on chain
        raise JudgeInputError(
            f"request {request_id}: a proof of {len(blob)} bytes exceeds the Judge's "
            f"{MAX_PROOF_BYTES} (the on-chain verifier's bound)"
        )
    proof_hash = store.put(blob)
    output = activated(z, model.layers[-1].activation)
    receipt = JudgeClient(judge).answer(request_id, output, blob, sender=operator)
    ev = receipt.event("Answered")
    return Served(
        request_id,
        req.model_id,
        output,
        int(ev["label"]),
        proof_hash,
        len(blob),
        prove_seconds,
        receipt.gas_used,
    )


def serve_pending(
    judge: Contract,
    store: BlobStore,
    models: Mapping[int, QuantizedModel],
    *,
    operator: Any,
    from_block: int = 0,
    retry: Sequence[int] = (),
) -> ServeReport:
    """Answer every pending request for ``models`` (model id → model) seen since
    ``from_block``, and those of ``retry`` still pending. A request whose input is not
    published (or is unusable), or whose answer reverts (a paused model), is skipped,
    not fatal: the server keeps answering the others, and a polling server passes the
    skipped ids back as ``retry``."""
    chain: Chain = judge.chain
    report = ServeReport(next_block=chain.block_number() + 1)
    again = [r for r in retry if RequestInfo.read(judge, r).status == RequestStatus.PENDING]
    for rid in sorted(set(pending_requests(judge, list(models), from_block)) | set(again)):
        model = models[RequestInfo.read(judge, rid).model_id]
        try:
            report.served.append(answer_request(judge, store, model, rid, operator=operator))
        except (BlobNotFoundError, BlobCorruptError, JudgeInputError, TransactionFailed) as exc:
            # e.g. the model was paused (kill switch) or another server answered first
            report.skipped.append(Skipped(rid, str(exc)))
    return report


def _never() -> bool:
    return False


def serve(
    judge: Contract,
    store: BlobStore,
    model: QuantizedModel,
    *,
    operator: Any,
    once: bool = False,
    interval: float = 2.0,
    on_served: Callable[[Served], None] = lambda s: None,
    on_skipped: Callable[[Skipped], None] = lambda k: None,
    stop: Callable[[], bool] = _never,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Answer the requests for every live model ``operator`` registered with ``model``'s
    commitment: the pending ones, then new ones as they come, polling every
    ``interval`` seconds until ``stop()`` says so.

    Each answer is passed to ``on_served``; a skipped request to ``on_skipped`` once
    (it is retried on every pass, silently, until it can be answered). With ``once``,
    and always on the embedded chain (no other process can add requests to it), it
    makes one pass. Raises :class:`JudgeInputError` if there is no such model: a
    server with nothing to answer for is a mistake, not an idle server.
    """
    from augury.chain.base import to_address

    ids = operated_models(judge, model, operator)
    if not ids:
        raise JudgeInputError(
            f"{to_address(operator)} operates no live model with this commitment on the Judge"
        )
    models = dict.fromkeys(ids, model)
    single = once or judge.chain.backend == "embedded"
    next_block = 0
    retry: list[int] = []
    told: set[int] = set()  # skipped requests already reported
    while True:
        report = serve_pending(
            judge, store, models, operator=operator, from_block=next_block, retry=retry
        )
        next_block = report.next_block
        retry = [k.request_id for k in report.skipped]
        for s in report.served:
            on_served(s)
        for k in report.skipped:
            if k.request_id not in told:
                told.add(k.request_id)
                on_skipped(k)
        if single or stop():
            return
        sleep(interval)
