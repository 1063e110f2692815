"""Audit I-1: a provably wrong answer is settled on chain, in one transaction, by the
verifier (``Judge.disprove`` → ``ProofVerifier.vy``), with real proofs of a real
quantized model. Written as the attacks: an operator posts a whitewashed output with an
honest proof, or the right output with a broken proof, or hides behind a challenge from
his own second address; any watcher overturns it and is paid the operator's bond. And
the other way round: an honest proven answer cannot be disproved by anyone.

Each ``disprove`` runs the verifier (~1 s of py-evm): the test count is kept small.
"""

from __future__ import annotations

import numpy as np
import pytest
from eth_utils import keccak

from augury.errors import TransactionFailed
from augury.judge.checker import check_request, evidence, watch_once
from augury.judge.registry import activated, decode_statement_input, model_commitments
from augury.judge.service import ask, register_model, serve_pending
from augury.proof import QuantizedModel, prove_quantized
from augury.protocol import JudgeClient, ModelInfo, RequestInfo, RequestStatus, ensure_allowance
from augury.protocol.judge import BPS, SLASH_BURN_BPS

from .conftest import E18, World

BOND = 1000 * E18
DISPROVER_SHARE = BOND * (BPS - SLASH_BURN_BPS) // BPS  # no jurors to pay: only the burn
FEE = 3 * E18


def _asked(w: World, model: QuantizedModel, seed: int = 0) -> tuple[int, int, bytes]:
    """A registered model and one request about a random input: (model, request, x_q)."""
    mid = register_model(
        w.judge, w.store, model, operator=w.operator, bond=BOND, reveal_delay=86400, quota=5,
        fee=FEE,
    ).model_id  # fmt: skip
    x = np.random.default_rng(seed).standard_normal(model.n_in)
    a = ask(w.judge, w.store, mid, x, sender=w.alice)
    return mid, a.request_id, w.store.get(a.input_hash)


def _balances(w: World) -> dict[str, int]:
    return {
        n: int(w.token.balanceOf(getattr(w, n))) for n in ("operator", "alice", "watcher", "dao")
    }


def test_a_whitewashed_output_is_overturned_on_chain_and_the_disprover_paid(
    world: World, model: QuantizedModel
) -> None:
    """The operator's second address challenges first (the self-challenge shield, H-4);
    a watcher still disproves in one transaction: the operator's bond goes to the
    watcher less the burn, the shield only gets its challenge bond back, the requester
    gets the fee back; the jury's later ruling changes nothing."""
    w = world
    mid, rid, x_q = _asked(w, model)
    z, proof = prove_quantized(model, decode_statement_input(x_q))
    honest = activated(z, model.layers[-1].activation)
    wrong = list(honest)
    wrong[0] += 1  # one unit off in the first output: the proof attests another output
    client = JudgeClient(w.judge)
    r = client.answer(rid, wrong, proof.to_bytes(), sender=w.operator)
    assert client.posted_proof(rid) == proof.to_bytes()  # in the event, for any challenger
    assert RequestInfo.read(w.judge, rid).proof_hash == keccak(proof.to_bytes())
    print(f"gas answer with a {len(proof.to_bytes())}-byte proof: {r.gas_used}")

    shield = w.dao  # the operator's own second address (any account: the deployer here)
    bond = int(w.judge.challengeBond())
    ensure_allowance(w.token, shield, w.judge, bond)
    w.judge.challenge(rid, sender=shield)
    assert check_request(w.judge, w.store, rid).proof_valid is False

    before = _balances(w)
    supply = int(w.token.totalSupply())
    ev = evidence(w.judge, w.store, RequestInfo.read(w.judge, rid), rid)
    receipt = client.disprove(rid, ev.commitment, ev.x_q, ev.proof, sender=w.watcher)
    print(f"gas disprove (valid proof, another output): {receipt.gas_used}")
    assert receipt.event("Disproved")["reason"] == "proof attests another output"
    after = _balances(w)
    assert RequestInfo.read(w.judge, rid).state == RequestStatus.OVERTURNED
    assert ModelInfo.read(w.judge, mid).slashed and int(w.judge.bondOf(mid)) == 0
    # the disprover is paid the bond less the burn; the burn leaves the supply
    assert after["watcher"] - before["watcher"] == DISPROVER_SHARE
    assert int(w.token.totalSupply()) == supply - (BOND - DISPROVER_SHARE)
    assert after["dao"] - before["dao"] == bond  # the shield only gets its bond back
    assert after["alice"] - before["alice"] == FEE  # the requester is refunded
    assert after["operator"] == before["operator"]
    assert int(w.token.balanceOf(w.judge)) == 0  # every token accounted for, none stuck

    # the jury's dispute on the same case still resolves, and changes nothing
    w.judge.rule(rid, True, sender=w.dao)
    assert RequestInfo.read(w.judge, rid).state == RequestStatus.OVERTURNED
    assert _balances(w) == after
    with pytest.raises(TransactionFailed, match="not answered"):
        client.disprove(rid, ev.commitment, ev.x_q, ev.proof, sender=w.watcher)


def test_a_broken_proof_is_overturned_and_a_starved_call_cannot_fake_one(
    world: World, model: QuantizedModel
) -> None:
    """The right output with a proof the verifier refuses; the watcher's own loop
    (watch_once) disproves it. Calling with too little gas for the verifier reverts
    instead of counting the out-of-gas as a refused proof."""
    w = world
    mid, rid, x_q = _asked(w, model, seed=1)
    z, proof = prove_quantized(model, decode_statement_input(x_q))
    bad = bytearray(proof.to_bytes())
    bad[len(bad) // 2] ^= 1
    client = JudgeClient(w.judge)
    client.answer(rid, activated(z, model.layers[-1].activation), bytes(bad), sender=w.operator)
    commitment = model_commitments(model).commitment_bytes
    with pytest.raises(TransactionFailed, match="too little gas to verify"):
        client.disprove(rid, commitment, x_q, bytes(bad), sender=w.watcher, gas=5_000_000)
    before = int(w.token.balanceOf(w.watcher))
    watched = watch_once(w.judge, w.store, challenger=w.watcher)
    assert watched.disproved == [rid] and watched.challenged == []
    print(f"gas disprove (refused proof): {watched.gas[rid]}")
    assert RequestInfo.read(w.judge, rid).state == RequestStatus.OVERTURNED
    assert int(w.token.balanceOf(w.watcher)) == before + DISPROVER_SHARE
    assert ModelInfo.read(w.judge, mid).slashed


def test_an_honest_proven_answer_cannot_be_disproved(world: World, model: QuantizedModel) -> None:
    w = world
    mid, rid, x_q = _asked(w, model, seed=2)
    served = serve_pending(w.judge, w.store, {mid: model}, operator=w.operator).served
    assert [s.request_id for s in served] == [rid]
    print(f"gas answer (serve_pending, real proof in calldata): {served[0].gas_used}")
    client = JudgeClient(w.judge)
    ev = evidence(w.judge, w.store, RequestInfo.read(w.judge, rid), rid)
    with pytest.raises(TransactionFailed, match="proof is valid") as exc:
        client.disprove(rid, ev.commitment, ev.x_q, ev.proof, sender=w.watcher)
    del exc
    # every byte string is bound to its on-chain hash: no other statement can be swapped in
    other_x = bytearray(x_q)
    other_x[0] ^= 1
    for args, reason in (
        ((ev.commitment + b"\0", ev.x_q, ev.proof), "not the model's commitment"),
        ((ev.commitment, bytes(other_x), ev.proof), "not the request's input"),
        ((ev.commitment, ev.x_q, ev.proof + b"\0"), "not the answer's proof"),
    ):
        with pytest.raises(TransactionFailed, match=reason):
            client.disprove(rid, *args, sender=w.watcher)
    assert watch_once(w.judge, w.store, challenger=w.watcher).acted == []
    w.chain.advance_time(int(w.judge.challengeWindow()))
    with pytest.raises(TransactionFailed, match="window closed"):
        client.disprove(rid, ev.commitment, ev.x_q, ev.proof, sender=w.watcher)
    w.judge.finalize(rid, sender=w.watcher)
    assert RequestInfo.read(w.judge, rid).state == RequestStatus.FINAL
    assert not ModelInfo.read(w.judge, mid).slashed
