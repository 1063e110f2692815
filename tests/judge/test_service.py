"""The judge's services on a deployed protocol, on both backends: register, ask, serve,
verify, watch and disprove on chain (or challenge), jury ruling, and every bad input's
one-line reason."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from eth_utils import keccak

from augury.errors import TransactionFailed
from augury.judge.checker import check_request, juror_vote, rule_challenged, watch_once
from augury.judge.errors import JudgeInputError, UnknownRequestError
from augury.judge.registry import (
    activated,
    decode_statement_input,
    model_commitments,
    output_ints,
    statement_input,
)
from augury.judge.service import ask, operated_models, register_model, serve_pending
from augury.proof import QuantizedModel, prove_quantized
from augury.protocol import JudgeClient, ModelInfo, RequestInfo, RequestStatus
from augury.protocol.judge import BPS, SLASH_BURN_BPS

from .conftest import E18, World

BOND = 1000 * E18
FEE = 3 * E18


def _register(w: World, model: QuantizedModel, quota: int = 5, fee: int = FEE) -> int:
    return register_model(
        w.judge,
        w.store,
        model,
        operator=w.operator,
        bond=BOND,
        reveal_delay=86400,
        quota=quota,
        fee=fee,
    ).model_id


def _x(seed: int, n: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(n)


def test_register_ask_serve_verify_finalize(world: World, model: QuantizedModel) -> None:
    w = world
    mid = _register(w, model)
    info = ModelInfo.read(w.judge, mid)
    mc = model_commitments(model)
    assert (info.commitment, info.weights_root, info.fee) == (mc.commitment, mc.weights_root, FEE)
    assert w.store.has(mc.commitment) and w.store.has(mc.arch_hash) and w.store.has(mc.quant_hash)
    assert operated_models(w.judge, model, w.operator) == [mid]
    assert operated_models(w.judge, model, w.alice) == []

    before = w.token.balanceOf(w.alice)
    xs = [_x(i, model.n_in) for i in range(3)]
    rids = [ask(w.judge, w.store, mid, x, sender=w.alice).request_id for x in xs]
    assert w.token.balanceOf(w.alice) == before - 3 * FEE
    assert check_request(w.judge, w.store, rids[0]).proof_valid is None  # pending

    report = serve_pending(w.judge, w.store, {mid: model}, operator=w.operator)
    assert [s.request_id for s in report.served] == rids and not report.skipped
    for s, x in zip(report.served, xs, strict=True):
        assert s.output == output_ints(model, x)
        assert s.label == int(np.argmax(model.predict(x)))
        v = check_request(w.judge, w.store, s.request_id)
        assert v.status_code == RequestStatus.ANSWERED
        assert v.proof_valid is True and v.label == s.label
        assert v.output_float == model.predict(x).tolist()
    # nothing left to answer; the watcher finds nothing to challenge
    assert serve_pending(w.judge, w.store, {mid: model}, operator=w.operator).served == []
    watched = watch_once(w.judge, w.store, challenger=w.watcher)
    assert len(watched.checked) == 3 and watched.challenged == []

    w.chain.advance_time(int(w.judge.challengeWindow()))
    for rid in rids:
        w.judge.finalize(rid, sender=w.watcher)
    assert all(check_request(w.judge, w.store, r).status_code == RequestStatus.FINAL for r in rids)
    assert watch_once(w.judge, w.store, challenger=w.watcher).checked == []  # window closed


def _dishonest_answer(w: World, rid: int, output: list[int], proof_blob: bytes) -> None:
    JudgeClient(w.judge).answer(rid, output, proof_blob, sender=w.operator)


def _statement(w: World, rid: int) -> npt.NDArray[np.int64]:
    return decode_statement_input(w.store.get(RequestInfo.read(w.judge, rid).input_hash))


def test_wrong_answers_are_disproved_on_chain_or_challenged(
    world: World, model: QuantizedModel, other_model: QuantizedModel
) -> None:
    w = world
    mid = _register(w, model)
    xs = [_x(10 + i, model.n_in) for i in range(4)]
    rids = [ask(w.judge, w.store, mid, x, sender=w.alice).request_id for x in xs]
    honest = output_ints(model, xs[0])
    # 1: an output the proof does not attest (the label flipped by swapping outputs)
    _, proof = prove_quantized(model, _statement(w, rids[0]))
    flipped = honest[::-1] if honest[0] != honest[-1] else [v + 1 for v in honest]
    _dishonest_answer(w, rids[0], flipped, proof.to_bytes())
    # 2: a proof of another model than the committed one
    z, other_proof = prove_quantized(other_model, _statement(w, rids[1]))
    _dishonest_answer(w, rids[1], activated(z, "identity"), other_proof.to_bytes())
    # 3: an answer to an input that was never published: nobody can check it on chain
    w.token.approve(w.judge, FEE, sender=w.alice)
    hidden = w.judge.request(mid, b"\x33" * 32, sender=w.alice).event("Requested")["requestId"]
    _dishonest_answer(w, hidden, honest, proof.to_bytes())
    # 4: honest
    serve_pending(w.judge, w.store, {mid: model}, operator=w.operator)

    verdicts = {r: check_request(w.judge, w.store, r) for r in [*rids[:2], hidden, rids[3]]}
    assert [v.proof_valid for v in verdicts.values()] == [False, False, False, True]
    assert "another output" in verdicts[rids[0]].reason
    assert "does not verify" in verdicts[rids[1]].reason
    assert "not published" in verdicts[hidden].reason

    before = w.token.balanceOf(w.watcher)
    report = watch_once(w.judge, w.store, challenger=w.watcher)
    assert report.disproved == rids[:2] and report.challenged == [hidden]
    assert all(RequestInfo.read(w.judge, r).status == RequestStatus.OVERTURNED for r in rids[:2])
    assert RequestInfo.read(w.judge, hidden).status == RequestStatus.CHALLENGED
    assert juror_vote(w.judge, w.store, hidden) is False
    ruled = rule_challenged(w.judge, w.store, arbiter=w.dao)
    assert ruled == [(hidden, False)]
    assert RequestInfo.read(w.judge, hidden).status == RequestStatus.OVERTURNED
    # the first disproof hands the operator's bond to the watcher less the burn (no
    # jurors to pay); the challenge bond comes back with the jury's overturn
    assert w.token.balanceOf(w.watcher) == before + BOND * (BPS - SLASH_BURN_BPS) // BPS
    assert ModelInfo.read(w.judge, mid).slashed


def test_a_challenged_honest_answer_is_upheld(world: World, model: QuantizedModel) -> None:
    w = world
    mid = _register(w, model)
    rid = ask(w.judge, w.store, mid, _x(20, model.n_in), sender=w.alice).request_id
    serve_pending(w.judge, w.store, {mid: model}, operator=w.operator)
    bond = int(w.judge.challengeBond())
    w.token.approve(w.judge, bond, sender=w.watcher)
    w.judge.challenge(rid, sender=w.watcher)  # a griefer
    assert rule_challenged(w.judge, w.store, arbiter=w.dao) == [(rid, True)]
    assert RequestInfo.read(w.judge, rid).status == RequestStatus.FINAL
    assert not ModelInfo.read(w.judge, mid).slashed


def test_unpublished_inputs_are_skipped_not_fatal(world: World, model: QuantizedModel) -> None:
    w = world
    mid = _register(w, model)
    w.token.approve(w.judge, FEE, sender=w.alice)
    lost = w.judge.request(mid, b"\x22" * 32, sender=w.alice).event("Requested")["requestId"]
    ok = ask(w.judge, w.store, mid, _x(30, model.n_in), sender=w.alice).request_id
    report = serve_pending(w.judge, w.store, {mid: model}, operator=w.operator)
    assert [s.request_id for s in report.served] == [ok]
    assert [(k.request_id, "not published" in k.reason) for k in report.skipped] == [(lost, True)]
    assert RequestInfo.read(w.judge, lost).status == RequestStatus.PENDING
    # an input published late is answered when the server retries the request
    data = statement_input(model_commitments(model).proof_commitment, _x(31, model.n_in))
    w.token.approve(w.judge, FEE, sender=w.alice)
    late = w.judge.request(mid, keccak(data), sender=w.alice).event("Requested")["requestId"]
    first = serve_pending(
        w.judge, w.store, {mid: model}, operator=w.operator, from_block=report.next_block
    )
    assert [k.request_id for k in first.skipped] == [late]
    w.store.put(data)
    again = serve_pending(
        w.judge,
        w.store,
        {mid: model},
        operator=w.operator,
        from_block=first.next_block,
        retry=[late, lost],
    )
    assert [s.request_id for s in again.served] == [late]
    assert check_request(w.judge, w.store, late).proof_valid is True


def test_inputs_of_the_wrong_size_are_refused_before_paying(
    world: World, model: QuantizedModel
) -> None:
    w = world
    mid = _register(w, model)
    before = w.token.balanceOf(w.alice)
    with pytest.raises(JudgeInputError, match=f"input has 2 values, the model takes {model.n_in}"):
        ask(w.judge, w.store, mid, [1.0, 2.0], sender=w.alice)
    assert w.token.balanceOf(w.alice) == before and w.judge.requestCount() == 0


def test_bad_requests_revert_with_a_reason(world: World, model: QuantizedModel) -> None:
    w = world
    mid = _register(w, model, quota=1)
    x = _x(40, model.n_in)
    with pytest.raises(JudgeInputError, match="unknown model"):
        ask(w.judge, w.store, 99, x, sender=w.alice)  # nothing to quantize for
    rid = ask(w.judge, w.store, mid, x, sender=w.alice).request_id
    with pytest.raises(TransactionFailed, match="quota"):
        ask(w.judge, w.store, mid, x, sender=w.alice)
    assert w.token.allowance(w.alice, w.judge.address) == 0  # no approval left behind
    poor = w.chain.new_account()
    with pytest.raises(TransactionFailed, match="insufficient balance"):
        ask(w.judge, w.store, mid, x, sender=poor)  # cannot pay the fee
    w.judge.setPaused(mid, True, sender=w.dao)
    with pytest.raises(TransactionFailed, match="paused"):
        ask(w.judge, w.store, mid, x, sender=w.watcher)
    assert w.token.allowance(w.watcher, w.judge.address) == 0
    paused = serve_pending(w.judge, w.store, {mid: model}, operator=w.operator)
    assert [(k.request_id, k.reason.endswith("paused")) for k in paused.skipped] == [(rid, True)]
    w.judge.setPaused(mid, False, sender=w.dao)
    serve_pending(w.judge, w.store, {mid: model}, operator=w.operator, retry=[rid])
    assert RequestInfo.read(w.judge, rid).status == RequestStatus.ANSWERED
    with pytest.raises(TransactionFailed, match="already answered"):
        w.judge.answer(rid, [1, 2, 3], b"\x00" * 32, sender=w.operator)
    w.chain.advance_time(int(w.judge.challengeWindow()))
    w.token.approve(w.judge, int(w.judge.challengeBond()), sender=w.watcher)
    with pytest.raises(TransactionFailed, match="window closed"):
        w.judge.challenge(rid, sender=w.watcher)
    with pytest.raises(UnknownRequestError):
        check_request(w.judge, w.store, 12345)


def test_the_proof_is_read_from_the_chain_not_the_store(
    world: World, model: QuantizedModel
) -> None:
    """The answer's own calldata carries the proof: a copy altered (or lost) in the store
    changes no verdict."""
    w = world
    mid = _register(w, model)
    rid = ask(w.judge, w.store, mid, _x(50, model.n_in), sender=w.alice).request_id
    served = serve_pending(w.judge, w.store, {mid: model}, operator=w.operator).served[0]
    path = w.store.root / served.proof_hash.hex()
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 1
    path.write_bytes(bytes(blob))
    assert check_request(w.judge, w.store, rid).proof_valid is True
    path.unlink()
    assert juror_vote(w.judge, w.store, rid)
