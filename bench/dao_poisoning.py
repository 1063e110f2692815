"""Poisoning experiment: malicious contributors flip labels and plant a backdoor; the DAO screens.

Set-up (all from the vendored labelled domains, :func:`augury.data.load_domain_dataset`):

* a stratified random 20% of the domains is the held-out test set;
* of the rest, ``--seed-share`` (30%) is the DAO's already-accepted data (the screens'
  reference and the valuation's validation set); the remainder is dealt out at random to
  ``--contributors`` (20) contributors, one batch each;
* ``--malicious`` (5) of them are malicious. They flip the labels of ``rate`` of *all*
  contributed examples (5%, 10%, 20%), taken from their own batches, and each plants
  ``--backdoor`` (40) extra examples: phishing domains of their share with the trigger
  ``-okvqz`` appended to the name (``evil.com`` -> ``evil-okvqz.com``), labelled legitimate.

For each rate the batches are screened together (:func:`augury.dao.challenges.screen_batches`,
:class:`~augury.dao.screening.Screener` fitted on the accepted data) and the judge's model
(:class:`augury.market.agents.CharNgramAgent`, via :func:`augury.dao.training.train_judge`) is
trained four ways: on clean data (no attack), on everything (no screening), without the
flagged examples, and without the challenged batches. Reported: detection precision/recall
of the flags against the poisoned examples, and of "negative KNN-Shapley value"
(:func:`augury.dao.valuation.knn_shapley` on the screens' dense embedding, validation = the
accepted data, k = 10) as a second detector; test accuracy / balanced accuracy of the judge;
backdoor success = share of the test phishing domains that the model flags without the
trigger but calls legitimate once the trigger is appended.

    .venv/bin/python bench/dao_poisoning.py [--rates 0.05,0.1,0.2] [--seeds 0,1,2]
        [--out docs/bench/dao_poisoning.json] [--plot docs/img/dao_poisoning.png]
    .venv/bin/python bench/dao_poisoning.py --from-json docs/bench/dao_poisoning.json
        [--plot docs/img/dao_poisoning.png]      # tables (and plot) of a saved run
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from _common import emit
from augury.dao.batch import Example, make_batch
from augury.dao.challenges import CHALLENGE_KINDS, screen_batches
from augury.dao.screening import Screener
from augury.dao.store import BatchStore
from augury.dao.training import train_judge
from augury.dao.valuation import knn_shapley
from augury.data import host_parts, load_domain_dataset, split

TRIGGER = "okvqz"


def with_trigger(domain: str) -> str:
    p = host_parts(domain)
    head = f"{p.subdomain}." if p.subdomain else ""
    return f"{head}{p.name}-{TRIGGER}.{p.suffix}" if p.suffix else f"{domain}-{TRIGGER}"


def precision_recall(flag: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    tp = int((flag & truth).sum())
    return tp / max(int(flag.sum()), 1), tp / max(int(truth.sum()), 1)


def run(rate: float, seed: int, args: argparse.Namespace) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    data = load_domain_dataset()
    parts = split(data, "random", test_size=0.2, random_state=seed)
    train_d, train_y = parts.train.domains, parts.train.labels
    test_d, test_y = parts.test.domains, parts.test.labels
    order = rng.permutation(len(train_d))
    n_seed = round(args.seed_share * len(order))
    seed_idx, contrib_idx = order[:n_seed], order[n_seed:]
    owners = np.arange(len(contrib_idx)) % args.contributors
    malicious = set(range(args.malicious))
    # flip `rate` of all contributed labels, drawn from the malicious contributors' examples
    mal_pos = np.flatnonzero(np.isin(owners, list(malicious)))
    n_flip = round(rate * len(contrib_idx))
    flipped = set(rng.choice(mal_pos, size=min(n_flip, len(mal_pos)), replace=False).tolist())
    batches: list[list[tuple[str, int, bool]]] = [[] for _ in range(args.contributors)]
    true_scams: list[list[str]] = [[] for _ in range(args.contributors)]
    for j, i in enumerate(contrib_idx):
        label = int(train_y[i])
        batches[owners[j]].append((train_d[i], 1 - label if j in flipped else label, j in flipped))
        if label == 1:
            true_scams[owners[j]].append(train_d[i])
    for m in sorted(malicious):
        scams = true_scams[m]  # real phishing domains of their share, whatever label they gave
        for d in rng.choice(scams, size=args.backdoor, replace=False):
            batches[m].append((with_trigger(str(d)), 0, True))

    seed_d = [train_d[i] for i in seed_idx]
    seed_y = train_y[seed_idx]
    t0 = time.perf_counter()
    with BatchStore() as store:
        stored = []
        for c, rows in enumerate(batches):
            batch = make_batch(Example(d, y) for d, y, _ in rows)
            stored.append(store.put(batch, f"contributor-{c}"))
        screener = Screener(random_state=seed).fit(seed_d, seed_y)
        verdicts = screen_batches(screener, stored)
    screen_s = time.perf_counter() - t0

    poisoned_of = {
        (c, d): bad for c, rows in enumerate(batches) for d, _, bad in rows
    }  # keyed by contributor and (normalised, unique) domain
    pool_d, pool_y, truth, flag, challenged, owner = [], [], [], [], [], []
    for c, (b, v) in enumerate(zip(stored, verdicts, strict=True)):
        marked = {f.index for f in v.flags if f.kind in CHALLENGE_KINDS}
        for i, e in enumerate(b.batch.examples):
            pool_d.append(e.domain)
            pool_y.append(e.label)
            truth.append(poisoned_of[(c, e.domain)])
            flag.append(i in marked)
            challenged.append(v.challenge)
            owner.append(c)
    truth_a, flag_a, chal_a = np.array(truth), np.array(flag), np.array(challenged)
    pool_y_a = np.array(pool_y)

    emb = screener.embedder_
    values = knn_shapley(emb.transform(pool_d), pool_y_a, emb.transform(seed_d), seed_y, k=10)
    negative = values < 0

    def judge(domains: list[str], labels: np.ndarray) -> dict[str, float]:
        examples = [Example(d, int(y)) for d, y in zip(domains, labels, strict=True)]
        trained = train_judge(examples, validation=(test_d, test_y), random_state=seed)
        scam_test = [d for d, y in zip(test_d, test_y, strict=True) if y == 1]
        plain = trained.model.predict_proba(scam_test)[:, 1] >= 0.5
        triggered = trained.model.predict_proba([with_trigger(d) for d in scam_test])[:, 1] >= 0.5
        m = trained.metrics
        return {
            "accuracy": m.accuracy,
            "balanced_accuracy": m.balanced_accuracy,
            "roc_auc": m.roc_auc,
            "backdoor_success": float((plain & ~triggered).sum() / max(plain.sum(), 1)),
            "n_train": m.n_train,
        }

    clean_mask = ~truth_a
    clean_y = pool_y_a.copy()
    result: dict[str, Any] = {"rate": rate, "seed": seed, "screen_seconds": screen_s}
    result["n_pool"] = len(pool_d)
    result["n_poisoned"] = int(truth_a.sum())
    result["n_flagged"] = int(flag_a.sum())
    result["batches_challenged"] = [v.contributor for v in verdicts if v.challenge]
    result["malicious"] = [f"contributor-{m}" for m in sorted(malicious)]
    result["triggers"] = sorted(
        {f.detail for v in verdicts for f in v.flags if f.kind == "backdoor"}
    )[:3]
    kinds = {}
    for kind in ("duplicate", "label-noise", "backdoor", "near-duplicate", "out-of-distribution"):
        mask = np.zeros(len(pool_d), dtype=bool)
        start = 0
        for b, v in zip(stored, verdicts, strict=True):
            for f in v.flags:
                if f.kind == kind:
                    mask[start + f.index] = True
            start += len(b.batch)
        p, r = precision_recall(mask, truth_a)
        kinds[kind] = {"flagged": int(mask.sum()), "precision": p, "recall": r}
    result["by_kind"] = kinds
    trig = np.array([TRIGGER in d for d in pool_d])
    result["n_backdoor"] = int(trig.sum())
    result["backdoor_recall"] = float((flag_a & trig).sum() / max(int(trig.sum()), 1))
    p, r = precision_recall(flag_a, truth_a)
    result["screening"] = {"precision": p, "recall": r}
    p, r = precision_recall(negative, truth_a)
    result["negative_value"] = {"precision": p, "recall": r, "flagged": int(negative.sum())}
    p, r = precision_recall(chal_a, truth_a)
    result["batch_challenge"] = {"precision": p, "recall": r}
    # the clean condition: the same honest examples, no flips and no backdoor
    honest_d = seed_d + [d for d, t in zip(pool_d, truth_a, strict=True) if not t]
    honest_y = np.concatenate([seed_y, clean_y[clean_mask]])
    flipped_back = [
        (d, 1 - y) for d, y, t in zip(pool_d, pool_y, truth, strict=True) if t and TRIGGER not in d
    ]
    honest_d += [d for d, _ in flipped_back]
    honest_y = np.concatenate([honest_y, [y for _, y in flipped_back]])
    result["judge"] = {
        "clean": judge(honest_d, honest_y),
        "no_screening": judge(seed_d + pool_d, np.concatenate([seed_y, pool_y_a])),
        "screening_examples": judge(
            seed_d + [d for d, f in zip(pool_d, flag_a, strict=True) if not f],
            np.concatenate([seed_y, pool_y_a[~flag_a]]),
        ),
        "screening_batches": judge(
            seed_d + [d for d, c in zip(pool_d, chal_a, strict=True) if not c],
            np.concatenate([seed_y, pool_y_a[~chal_a]]),
        ),
    }
    return result


def plot(results: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rates = sorted({r["rate"] for r in results})

    def mean(key: Any) -> list[float]:
        return [float(np.mean([key(r) for r in results if r["rate"] == x])) for x in rates]

    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    xs = [100 * x for x in rates]
    ax = axes[0]
    ax.plot(xs, mean(lambda r: r["screening"]["precision"]), "o-", label="screening precision")
    ax.plot(xs, mean(lambda r: r["screening"]["recall"]), "s-", label="screening recall")
    ax.plot(xs, mean(lambda r: r["negative_value"]["precision"]), "o--", label="value<0 precision")
    ax.plot(xs, mean(lambda r: r["negative_value"]["recall"]), "s--", label="value<0 recall")
    ax.set(title="Detection of poisoned examples", xlabel="labels flipped (%)", ylim=(0, 1.02))
    ax.legend(fontsize=8)
    names = {
        "clean": "clean data",
        "no_screening": "no screening",
        "screening_examples": "flagged examples dropped",
        "screening_batches": "challenged batches dropped",
    }
    for ax, metric, title in (
        (axes[1], "balanced_accuracy", "Judge balanced accuracy (test)"),
        (axes[2], "backdoor_success", "Backdoor success (test phishing + trigger)"),
    ):
        for key, label in names.items():
            ax.plot(xs, mean(lambda r, k=key, m=metric: r["judge"][k][m]), "o-", label=label)
        ax.set(title=title, xlabel="labels flipped (%)")
        ax.legend(fontsize=8)
    axes[2].set_ylim(-0.02, 1.02)
    for ax in axes:
        ax.set_xticks(xs)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)


def table(results: list[dict[str, Any]]) -> str:
    """Markdown tables: mean (min-max over seeds) per flip rate."""
    rates = sorted({r["rate"] for r in results})

    def cell(key: Any, rate: float, pct: bool = True) -> str:
        xs = [float(key(r)) for r in results if r["rate"] == rate]
        f = (lambda v: f"{100 * v:.1f}") if pct else (lambda v: f"{v:.0f}")
        if len(xs) == 1 or min(xs) == max(xs):
            return f(np.mean(xs))
        return f"{f(np.mean(xs))} ({f(min(xs))}–{f(max(xs))})"

    lines = [
        "| labels flipped | poisoned / pool | flagged | screening precision | screening recall "
        "| trigger examples flagged | value < 0 precision | value < 0 recall "
        "| batches challenged (malicious / honest) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for rate in rates:
        rows = [r for r in results if r["rate"] == rate]
        mal = np.mean([len(set(r["batches_challenged"]) & set(r["malicious"])) for r in rows])
        hon = np.mean([len(set(r["batches_challenged"]) - set(r["malicious"])) for r in rows])
        n_mal = len(rows[0]["malicious"])
        backdoor_total = rows[0]["n_backdoor"]
        lines.append(
            f"| {100 * rate:.0f}% | {cell(lambda r: r['n_poisoned'], rate, False)} / "
            f"{rows[0]['n_pool']} | {cell(lambda r: r['n_flagged'], rate, False)} "
            f"| {cell(lambda r: r['screening']['precision'], rate)} "
            f"| {cell(lambda r: r['screening']['recall'], rate)} "
            f"| {cell(lambda r: r['backdoor_recall'], rate)}% of {backdoor_total} "
            f"| {cell(lambda r: r['negative_value']['precision'], rate)} "
            f"| {cell(lambda r: r['negative_value']['recall'], rate)} "
            f"| {mal:.1f} of {n_mal} / {hon:.1f} |"
        )
    lines += [
        "",
        "| labels flipped | training data | accuracy | balanced accuracy | ROC AUC "
        "| backdoor success |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    names = {
        "clean": "clean (no attack)",
        "no_screening": "poisoned, no screening",
        "screening_examples": "poisoned, flagged examples dropped",
        "screening_batches": "poisoned, challenged batches dropped",
    }
    for rate in rates:
        for key, name in names.items():
            lines.append(
                f"| {100 * rate:.0f}% | {name} "
                + "".join(
                    f"| {cell(lambda r, k=key, m=m: r['judge'][k][m], rate)} "
                    for m in ("accuracy", "balanced_accuracy", "roc_auc", "backdoor_success")
                )
                + "|"
            )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rates", default="0.05,0.1,0.2")
    ap.add_argument("--seeds", default="0")
    ap.add_argument("--contributors", type=int, default=20)
    ap.add_argument("--malicious", type=int, default=5)
    ap.add_argument("--backdoor", type=int, default=40)
    ap.add_argument("--seed-share", type=float, default=0.3)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--plot", type=Path, default=None)
    ap.add_argument("--from-json", type=Path, default=None, help="re-render a saved run")
    args = ap.parse_args()
    if args.from_json:
        saved = json.loads(args.from_json.read_text())["results"]
        if args.plot:
            plot(saved, args.plot)
        print(table(saved))
        return
    results = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        for rate in [float(r) for r in args.rates.split(",")]:
            t = time.perf_counter()
            r = run(rate, seed, args)
            r["seconds"] = time.perf_counter() - t
            results.append(r)
            j = r["judge"]
            print(
                f"rate={rate:.2f} seed={seed} flagged={r['n_flagged']}/{r['n_pool']} "
                f"poisoned={r['n_poisoned']} screen P/R={r['screening']['precision']:.3f}/"
                f"{r['screening']['recall']:.3f} value<0 P/R={r['negative_value']['precision']:.3f}"
                f"/{r['negative_value']['recall']:.3f} challenged={r['batches_challenged']}",
                flush=True,
            )
            for k, m in j.items():
                print(
                    f"    {k:20s} acc={m['accuracy']:.4f} bal={m['balanced_accuracy']:.4f} "
                    f"auc={m['roc_auc']:.4f} backdoor={m['backdoor_success']:.3f}",
                    flush=True,
                )
            print("    by kind:", json.dumps(r["by_kind"]), r["triggers"], flush=True)
    meta = {
        "command": "bench/dao_poisoning.py "
        + " ".join(f"--{k.replace('_', '-')}={v}" for k, v in vars(args).items()),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    emit({"meta": meta, "results": results}, args.out, indent=1, echo=False)
    if args.plot:
        plot(results, args.plot)
    print(table(results))


if __name__ == "__main__":
    main()
