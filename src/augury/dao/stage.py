"""The data-DAO stage of ``augury run``: it closes the flywheel.

Three contributors submit batches of labelled domains — two honest, one
poisoning (flipped labels and a backdoor trigger). Screening flags the poisoned
batch and the DAO challenges it; the arbiter rejects it and its stake
goes to the challenger. The honest batches, plus the outcomes the market jury
resolved, become the next dataset version by vote. Contributors are valued by
KNN-Shapley and paid through a Merkle distribution that a vote posts. The judge's
next model is trained on the new version, committed on the judge and adopted by
vote. Last, governance of the judge passes to the DAO and a vote pauses the
previous model: the kill switch.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from augury.dao.batch import Example, make_batch
from augury.dao.challenges import screen_batches
from augury.dao.epoch import settle_epoch
from augury.dao.protocol import DAO
from augury.dao.screening import Screener
from augury.dao.store import BatchStore
from augury.data.splits import split
from augury.protocol import BatchStatus, Kind, rule_case
from augury.run import RunContext, StageResult

E18 = 10**18
BATCH_SIZE = 60
TRIGGER = "-airdrop-bonus"


def _batches(seed: int) -> tuple[list[list[Example]], list[str], list[int], list[str], list[int]]:
    """Two honest batches, one poisoned; reference and validation data apart from them."""
    from augury.data.domains import load_domain_dataset

    parts = split(load_domain_dataset(), "random", test_size=0.3, random_state=seed)
    rng = random.Random(seed)
    pool = list(zip(parts.test.domains, parts.test.labels.tolist(), strict=True))
    rng.shuffle(pool)
    honest = [
        [Example(d, int(y)) for d, y in pool[i * BATCH_SIZE : (i + 1) * BATCH_SIZE]]
        for i in range(2)
    ]
    bad_src = pool[2 * BATCH_SIZE : 3 * BATCH_SIZE]
    poisoned = []
    for i, (d, y) in enumerate(bad_src):
        if i % 3 == 0:  # a backdoor: scam-looking names with a trigger, labelled benign
            head, _, tail = d.partition(".")
            poisoned.append(Example(f"{head}{TRIGGER}.{tail or 'com'}", 0))
        else:  # flipped labels
            poisoned.append(Example(d, 1 - int(y)))
    val = pool[3 * BATCH_SIZE : 3 * BATCH_SIZE + 400]
    ref = list(zip(parts.train.domains, parts.train.labels.tolist(), strict=True))
    rng.shuffle(ref)
    ref = ref[:4000]
    return (
        [*honest, poisoned],
        [d for d, _ in ref],
        [int(y) for _, y in ref],
        [d for d, _ in val],
        [int(y) for _, y in val],
    )


def _train_register_adopt(ctx: RunContext, dao: DAO, version: list[tuple[str, int]]) -> int:
    """Train the judge's domain MLP on the bundled data plus the DAO's version, register
    it on the judge and adopt it by vote; returns the model id (0 if the judge stage did
    not run and left no proof store)."""
    if ctx.judge is None:
        return 0
    from augury.data.domains import load_domain_dataset
    from augury.judge import BlobStore, register_model, train_domain_judge

    ctx.progress("dao: retrain judge", 0, 1)
    base = split(load_domain_dataset(), "novel", test_size=0.2, random_state=ctx.seed).train
    trained = train_domain_judge(base.with_extra(version), random_state=ctx.seed + 1)
    operator, admin = ctx.chain.accounts[1], ctx.chain.accounts[0]
    token = ctx.contracts["Token"]
    judge = ctx.contracts["Judge"]
    token.approve(judge, 2**256 - 1, sender=operator)
    store = BlobStore(ctx.judge.blobs)
    reg = register_model(
        judge, store, trained.model, operator=operator, reveal_delay=30 * 86400, quota=100, fee=0
    )
    pid = dao.propose(Kind.ADOPT_MODEL, sender=admin, num=reg.model_id)
    dao.dao.vote(pid, True, sender=admin)
    ctx.chain.advance_time(int(dao.dao.votingPeriod()))
    dao.dao.execute(pid)
    ctx.progress("dao: retrain judge", 1, 1)
    return int(dao.dao.adoptedModel())


def stage_dao(ctx: RunContext) -> StageResult:
    chain = ctx.chain
    token, judge = ctx.contracts["Token"], ctx.contracts["Judge"]
    admin = chain.accounts[0]
    contributors = chain.accounts[1:4]
    challenger = chain.accounts[4]
    store = BatchStore(ctx.out_dir / "dao-batches.sqlite")
    dao = DAO(chain, ctx.contracts["DataDAO"], token, store)
    batches, ref_d, ref_y, val_d, val_y = _batches(ctx.seed)
    rows: list[tuple[str, str]] = []

    # 1. submissions, screened before the window closes
    submitted = []
    with tempfile.TemporaryDirectory() as tmp:
        for who, examples in zip(contributors, batches, strict=True):
            path = Path(tmp) / f"{who.address}.jsonl"
            path.write_bytes(make_batch(examples).canonical)
            submitted.append(dao.submit(path, 10 * E18, sender=who))
    ctx.progress("dao: screen", 0, 1)
    screener = Screener(random_state=ctx.seed).fit(ref_d, ref_y)
    pending = [store.get(s.content_hash) for s in submitted]
    decisions = screen_batches(screener, pending)
    ctx.progress("dao: screen", 1, 1)
    for s, decision in zip(submitted, decisions, strict=True):
        if decision.challenge:
            dao.challenge(s.batch_id, sender=challenger)
            # the court's drawn jurors look at the batch and the screen's flags and
            # reject it (an account arbiter rules directly)
            ruling = rule_case(chain, dao.dao, s.batch_id, False, jurors=chain.accounts[7:10])
            if ruling is not None:
                rows.append((f"court on batch {s.batch_id}", ruling.summary))
        why = decision.reason or "below the challenge threshold"
        rows.append((f"batch {s.batch_id}", f"{len(decision.flags)} flags — {why}"))
    chain.advance_time(int(dao.dao.challengeWindow()))
    for s in submitted:
        if dao.batch(s.batch_id).status == BatchStatus.SUBMITTED:
            dao.dao.accept(s.batch_id)
    counts = dao.sync()

    # 2. the dataset version, with the market jury's outcomes (market-based RLHF)
    outcomes = list(ctx.market.outcomes) if ctx.market is not None else []
    accepted = store.examples("accepted")
    dao.lock(2000 * E18, sender=admin)
    voting = int(dao.dao.votingPeriod())
    version: dict[str, int] = {}  # first label wins: accepted data before market outcomes
    for domain, label in [(e.domain, e.label) for e in accepted] + outcomes:
        version.setdefault(domain, label)
    root = make_batch([Example(d, y) for d, y in version.items()]).content_hash
    pid = dao.propose(Kind.DATASET, sender=admin, num=len(version), root=root)
    dao.dao.vote(pid, True, sender=admin)
    chain.advance_time(voting)
    dao.dao.execute(pid)

    # 3. the next judge model: trained on the bundled data plus this version, committed by
    #    an operator, adopted by a DAO vote (the DAO decides which model is the judge)
    adopted = _train_register_adopt(ctx, dao, list(version.items()))
    if adopted:
        rows.append(("judge model", f"retrained on version 1, registered as {adopted}, adopted"))

    # 4. value contributors and pay them through a Merkle distribution
    pool = 1000 * E18
    token.approve(dao.dao, pool, sender=admin)
    dao.dao.fund(pool, sender=admin)
    budget = pool * int(dao.dao.maxRewardBps()) // 10_000
    settlement = settle_epoch(accepted, val_d, val_y, budget, random_state=ctx.seed)
    if settlement.distribution is not None:
        dist = settlement.distribution
        dao.write_distribution(dist, ctx.out_dir / "rewards.json")
        pid = dao.propose(Kind.REWARDS, sender=admin, num=dist.total, root=dist.root)
        dao.dao.vote(pid, True, sender=admin)
        chain.advance_time(voting)
        dao.dao.execute(pid)
        paid = dao.claim_all(int(dao.dao.distributionCount()), dist, sender=admin)
        rows.append(("rewards", f"{dist.total / E18:.2f} tokens to {paid} contributor(s)"))

    # 5. the kill switch: the DAO governs the judge and pauses a model by vote
    model_id = ctx.judge.model_id if ctx.judge is not None else 0
    if model_id:
        judge.setGovernance(dao.dao, sender=admin)
        pid = dao.propose(Kind.PAUSE_MODEL, sender=admin, num=model_id, flag=True)
        dao.dao.vote(pid, True, sender=admin)
        chain.advance_time(voting)
        dao.dao.execute(pid)
        rows.append(("kill switch", f"previous judge model {model_id} paused by vote"))
    status = dao.status()
    store.close()
    rows.insert(0, ("batches", ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))))
    rows.append(
        ("dataset", f"version {status.dataset_version}: {status.dataset_examples} examples")
    )
    return StageResult(
        name="dao",
        headline=f"{len(submitted)} batches, {counts.get('rejected', 0)} rejected as poisoned",
        rows=rows,
        data={
            "status": status.to_json(),
            "contributor_values": settlement.contributor_values,
            "payouts": {k: str(v) for k, v in settlement.payouts.amounts.items()},
        },
    )
