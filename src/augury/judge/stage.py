"""``augury run``'s judge stage: the scam-domain classifier as an on-chain AI judge.

The stage trains :mod:`augury.judge.classifier`'s domain MLP on a split of the
phishing-domain data, quantizes it and registers it on the run's ``Judge``
(deploying the protocol first if an earlier stage has not). Then it exercises the
whole life of the judge on the run's chain:

1. a requester asks about held-out domains (scams and benign sites);
2. the operator serves them, each answer with a proof of the committed model;
3. a watcher re-verifies every answer from published data (none is challenged);
4. after the challenge window the answers are finalized;
5. the Escrow example runs two deals: one whose payee's site the judge finds
   benign (funds released) and one it finds a scam (payer refunded);
6. a rogue operator of the same model whitewashes a scam; the watcher disproves it
   on chain in one transaction (``Judge.disprove`` runs ``ProofVerifier.vy``: the
   proof attests another output), which overturns it and slashes the rogue's bond;
7. after the reveal deadline the operator reveals the weights and anyone's check
   confirms they rebuild the committed model.

The quantized model, its commitment and model id go to ``ctx.judge``
(:class:`~augury.run.JudgeArtifacts`) for later stages: the data DAO registers its
retrained model in the same blob store and pauses this one by vote.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from augury.chain import Contract
from augury.judge.checker import check_request, juror_vote, watch_once
from augury.judge.classifier import train_domain_judge
from augury.judge.registry import (
    activated,
    decode_statement_input,
    model_commitments,
    statement_input,
)
from augury.judge.reveal import check_reveal, reveal_model
from augury.judge.service import ask, register_model, serve_pending
from augury.judge.store import BlobStore, canonical_json
from augury.proof import prove_quantized
from augury.protocol import (
    JudgeClient,
    RequestStatus,
    Result,
    ensure_allowance,
    rule_case,
    token_of,
)
from augury.run import JudgeArtifacts, RunContext, StageResult

E18 = 10**18
REVEAL_DELAY = 7 * 86400
QUOTA = 20
FEE = E18
QUESTIONS_PER_CLASS = 3
TEST_SAMPLE = 1000


@dataclass
class EscrowDeal:
    """One Escrow deal of the stage: opened on a request, settled by the judge's label."""

    deal: int
    request: int
    domain: str
    released: bool = False
    label: int | None = None

    @property
    def settled(self) -> str:
        return "released" if self.released else "refunded"


@dataclass(frozen=True)
class RogueOutcome:
    """What became of the rogue operator's whitewashed answer, and what the watcher won."""

    model_id: int
    request: int
    challenged: bool  # disputed: disproved on chain, or before the jury
    outcome: str
    watcher_gain: float
    disprove_gas: int | None = None


def _protocol(ctx: RunContext) -> tuple[Contract, Contract]:
    from augury.protocol import contract, deploy_protocol

    if "Judge" not in ctx.chain.deployment or "Escrow" not in ctx.chain.deployment:
        deploy_protocol(ctx.chain)
    judge, escrow = contract(ctx.chain, "Judge"), contract(ctx.chain, "Escrow")
    ctx.contracts.setdefault("Judge", judge)
    ctx.contracts.setdefault("Escrow", escrow)
    return judge, escrow


def stage_judge(ctx: RunContext) -> StageResult:
    from augury.data.domains import load_domain_dataset
    from augury.data.splits import split
    from augury.proof import write_onnx

    chain = ctx.chain
    judge, escrow = _protocol(ctx)
    token = token_of(judge)
    treasury, operator, requester, payer, payee, watcher = chain.accounts[:6]
    for acct in (operator, requester, payer, watcher):
        if token.balanceOf(acct) < 2_000 * E18:
            token.transfer(acct, 2_000 * E18, sender=treasury)

    ctx.progress("judge: train", 0, 7)
    parts = split(load_domain_dataset(), "random", random_state=ctx.seed)
    trained = train_domain_judge(parts.train, random_state=ctx.seed)
    rng = np.random.default_rng(ctx.seed)
    test = parts.test.subset(
        sorted(rng.choice(len(parts.test), min(TEST_SAMPLE, len(parts.test)), replace=False))
    )
    X_test, y_test = trained.features(test.domains), test.labels
    q_labels, f_labels = trained.labels(X_test), trained.float_labels(X_test)
    recall = {c: float((q_labels[y_test == c] == c).mean()) for c in (0, 1)}

    out = ctx.out_dir / "judge"
    out.mkdir(parents=True, exist_ok=True)
    write_onnx(trained.layers, out / "domain-judge.onnx")
    # With this file, `augury judge serve --model domain-judge.onnx --calibration ...`
    # rebuilds exactly the registered model.
    (out / "calibration.json").write_bytes(
        canonical_json({"input_data": trained.calibration.tolist()})
    )
    store = BlobStore(out / "blobs")

    ctx.progress("judge: register", 1, 7)
    reg = register_model(
        judge,
        store,
        trained.model,
        operator=operator,
        reveal_delay=REVEAL_DELAY,
        quota=QUOTA,
        fee=FEE,
    )
    gas: dict[str, int] = {"register": reg.gas_used}

    # Questions: held-out domains the judge gets right, of each class (accuracy above
    # is reported over the whole sample, errors included).
    picks: list[int] = []
    for cls in (1, 0):
        right = np.flatnonzero((y_test == cls) & (q_labels == cls))
        picks.extend(int(i) for i in right[:QUESTIONS_PER_CLASS])
    ctx.progress("judge: ask and serve", 2, 7)
    asked = {}
    for i in picks:
        a = ask(judge, store, reg.model_id, X_test[i], sender=requester)
        asked[a.request_id] = test.domains[i]
        gas["request"] = a.gas_used
    start = chain.block_number()
    served = serve_pending(judge, store, {reg.model_id: trained.model}, operator=operator)
    gas["answer"] = max(s.gas_used for s in served.served)
    watched = watch_once(judge, store, challenger=watcher, from_block=start)

    ctx.progress("judge: escrow", 3, 7)
    benign_i = next(i for i in picks if y_test[i] == 0)
    scam_i = next(i for i in picks if y_test[i] == 1)
    ensure_allowance(token, payer, escrow, 10**30)
    deals: dict[str, EscrowDeal] = {}
    statement = model_commitments(trained.model).proof_commitment
    for kind, i in (("benign", benign_i), ("scam", scam_i)):
        input_hash = store.put(statement_input(statement, X_test[i]))
        r = escrow.open(payee, 100 * E18, reg.model_id, input_hash, 2 * 86400, sender=payer)
        ev = r.event("Opened")
        deals[kind] = EscrowDeal(int(ev["dealId"]), int(ev["requestId"]), test.domains[i])
    escrow_served = serve_pending(
        judge, store, {reg.model_id: trained.model}, operator=operator, from_block=start
    )

    ctx.progress("judge: finalize", 4, 7)
    chain.advance_time(int(judge.challengeWindow()))
    for rid in [*asked, *(d.request for d in deals.values())]:
        gas["finalize"] = judge.finalize(rid, sender=watcher).gas_used
    verdicts = [check_request(judge, store, rid) for rid in asked]
    for d in deals.values():
        before = token.balanceOf(payee)
        escrow.settle(d.deal, sender=payee)
        d.released = token.balanceOf(payee) > before
        d.label = Result.read(judge, d.request).label

    ctx.progress("judge: a rogue operator", 5, 7)
    rogue = _rogue_operator(ctx, judge, store, trained.model, X_test[scam_i], watcher)
    if rogue.disprove_gas is not None:
        gas["disprove"] = rogue.disprove_gas
    wrong = np.flatnonzero(q_labels != y_test)
    case = None
    if len(wrong):
        w = int(wrong[0])
        case = _court_case(ctx, judge, store, trained.model, X_test[w], test.domains[w],
                           int(y_test[w]), watcher)  # fmt: skip

    ctx.progress("judge: reveal", 6, 7)
    chain.advance_time(REVEAL_DELAY)
    gas["reveal"] = reveal_model(
        judge, store, reg.model_id, trained.model, operator=operator
    ).gas_used
    reveal_ok = check_reveal(judge, store, reg.model_id).ok
    ctx.progress("judge: reveal", 7, 7)

    commitment = model_commitments(trained.model).proof_commitment
    ctx.judge = JudgeArtifacts(
        model=trained.model,
        commitment=commitment,
        model_id=reg.model_id,
        onnx=out / "domain-judge.onnx",
        calibration=out / "calibration.json",
        blobs=store.root,
    )
    finals = sum(v.status_code == RequestStatus.FINAL and v.proof_valid is True for v in verdicts)
    rows = [
        (
            "model",
            f"{trained.model.n_in}-"
            + "-".join(str(x.n_out) for x in trained.model.layers)
            + f" MLP, id {reg.model_id}",
        ),
        ("commitment", "0x" + reg.commitment.hex()),
        ("held-out recall", f"benign {recall[0]:.3f}, scam {recall[1]:.3f} ({len(test)} domains)"),
        (
            "answers",
            f"{len(served.served) + len(escrow_served.served)} proven, "
            f"{finals}/{len(verdicts)} final and re-verified, {len(watched.acted)} disputed",
        ),
        (
            "escrow",
            "; ".join(f"{d.domain}: {d.settled}" for d in deals.values()),
        ),
        ("rogue operator", f"whitewashed {test.domains[scam_i]}: {rogue.outcome}"),
        (
            "court",
            "no court (an account arbitrates)"
            if case is None
            else f"{case.domain}, proven label {case.answered}, truth {case.truth}: "
            f"{case.ruling}, {case.levels} panels (the operator appealed), answer "
            f"{case.outcome}; operator -{case.operator_loss:.0f}, "
            f"challenger +{case.challenger_gain:.0f} tokens",
        ),
        ("reveal", "weights revealed and match the commitment" if reveal_ok else "reveal FAILED"),
    ]
    return StageResult(
        name="judge",
        headline=f"domain judge model {reg.model_id}: {finals} proven verdicts final, "
        f"escrow released {sum(d.released for d in deals.values())}/2, "
        f"a rogue answer {rogue.outcome.split(',')[0]}",
        rows=rows,
        data={
            "model_id": reg.model_id,
            "commitment": "0x" + reg.commitment.hex(),
            "weights_root": "0x" + reg.weights_root.hex(),
            "architecture": [trained.model.n_in] + [x.n_out for x in trained.model.layers],
            "test_domains": len(test),
            "recall": {"benign": recall[0], "scam": recall[1]},
            "quantized_agrees_with_float": float((q_labels == f_labels).mean()),
            "verdicts": [{**v.to_json(), "domain": asked[v.request_id]} for v in verdicts],
            "challenged": watched.acted,
            "escrow": {kind: asdict(d) for kind, d in deals.items()},
            "rogue": asdict(rogue),
            "court_case": None if case is None else asdict(case),
            "reveal_ok": reveal_ok,
            "gas": gas,
            "prove_seconds": [s.prove_seconds for s in served.served],
        },
    )


@dataclass(frozen=True)
class CourtCase:
    """A proven answer that is wrong about the world, taken to the court: what a proof
    cannot settle. The operator appeals the first ruling; ``ruling`` is the court's."""

    request: int
    domain: str
    answered: int  # the label the model proved
    truth: int  # the dataset's label, which the drawn jurors vote
    ruling: str
    levels: int  # panels that sat
    outcome: str
    operator_loss: float  # tokens: its model bond slashed and the appeal fee
    challenger_gain: float


def _court_case(
    ctx: RunContext, judge: Contract, store: BlobStore, model: Any, x: Any, domain: str,
    truth: int, watcher: Any,
) -> CourtCase | None:  # fmt: skip
    """A careless operator registers the model and answers honestly a domain it gets
    wrong. The proof verifies, so no disproof exists; the watcher, who knows the label,
    challenges, and the court's drawn jurors vote the label. The operator appeals to a
    panel of 7 and loses again. With an account as arbiter there is no court case."""
    from augury.protocol import DisputeInfo

    chain = ctx.chain
    token = token_of(judge)
    treasury, requester = chain.accounts[0], chain.accounts[2]
    if str(judge.arbiter()).lower() in {a.address.lower() for a in chain.accounts}:
        return None
    operator = chain.new_account(10**21)
    token.transfer(operator, 2_000 * E18, sender=treasury)
    op_before = token.balanceOf(operator)  # its bond is still in hand
    reg = register_model(
        judge, store, model, operator=operator, reveal_delay=REVEAL_DELAY, quota=QUOTA, fee=FEE
    )
    start = chain.block_number()
    rid = ask(judge, store, reg.model_id, x, sender=requester).request_id
    serve_pending(judge, store, {reg.model_id: model}, operator=operator, from_block=start)
    answered = int(Result.read(judge, rid).label)
    w_before = token.balanceOf(watcher)
    ensure_allowance(token, watcher, judge, int(judge.challengeBond()))
    judge.challenge(rid, sender=watcher)
    court = chain.at("Court", judge.arbiter())
    ruling = rule_case(chain, judge, rid, answered == truth, jurors=chain.accounts[7:10],
                       appeals=1, appellant=operator)  # fmt: skip
    assert ruling is not None
    status = Result.read(judge, rid).status
    return CourtCase(
        request=rid,
        domain=domain,
        answered=answered,
        truth=truth,
        ruling=ruling.summary,
        levels=DisputeInfo.read(court, ruling.dispute).level + 1,
        outcome=status.label,
        operator_loss=(op_before - token.balanceOf(operator)) / E18,
        challenger_gain=(token.balanceOf(watcher) - w_before) / E18,
    )


def _rogue_operator(
    ctx: RunContext, judge: Contract, store: BlobStore, model: Any, x: Any, watcher: Any
) -> RogueOutcome:
    """A second operator registers the same model and answers a scam as benign.

    Its proof is honest, so it does not attest the posted output: the watcher's check
    fails and it disproves the answer on chain (``Judge.disprove``: the verifier runs in
    the same transaction), which overturns it and hands the rogue's bond to the watcher.
    Only if the watcher had to challenge instead (the bytes of a disproof not at hand)
    does the arbiter rule, the court's drawn jurors by the juror's rule (the proof).
    """
    chain = ctx.chain
    token = token_of(judge)
    treasury, rogue, requester = chain.accounts[0], chain.accounts[6], chain.accounts[2]
    token.transfer(rogue, 2_000 * E18, sender=treasury)
    reg = register_model(
        judge, store, model, operator=rogue, reveal_delay=REVEAL_DELAY, quota=QUOTA, fee=FEE
    )
    start = chain.block_number() + 1
    asked = ask(judge, store, reg.model_id, x, sender=requester)
    z, proof = prove_quantized(model, decode_statement_input(store.get(asked.input_hash)))
    rid = asked.request_id
    honest = activated(z, model.layers[-1].activation)
    whitewashed = [0, -abs(honest[1]) - 1]  # label 0: "benign"
    JudgeClient(judge).answer(rid, whitewashed, proof.to_bytes(), sender=rogue)
    before = token.balanceOf(watcher)
    watched = watch_once(judge, store, challenger=watcher, from_block=start)
    outcome = "awaiting the arbiter"
    if rid in watched.disproved:
        outcome = (
            "disproved on chain by the verifier in one transaction, "
            "bond slashed to the watcher"
        )
    elif rid in watched.challenged:
        upheld = juror_vote(judge, store, rid)
        rule_case(chain, judge, rid, upheld, jurors=chain.accounts[7:10])
        outcome = "upheld" if upheld else "overturned, bond slashed to the watcher"
    return RogueOutcome(
        model_id=reg.model_id,
        request=rid,
        challenged=rid in watched.acted,
        outcome=outcome,
        watcher_gain=(token.balanceOf(watcher) - before) / E18,
        disprove_gas=watched.gas.get(rid),
    )
