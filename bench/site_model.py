"""``check_site``'s model on held-back domains, beside the pooled model it replaced, in one run.

For each split of :func:`augury.data.split` (``random``; ``time``: the newest 20% of the
blacklist held back; ``novel``: brands, registered domains and hosting suffixes that training
never sees), on the held-back part:

* the **pooled families** (:class:`augury.market.agents.EnsembleAgent` of the four market
  families, training lists first, then the log pool: ``check_site``'s model before this one)
  and the **stacked model** (:class:`augury.guard.site_model.SiteModel`), both fitted on the
  training part only: AUC and recall at 1% false-positive rate, against every held-back
  benign domain and against the crypto ones only;
* **check_site end to end**: the stacked model's score combined with the vendored phishing
  list restricted to the training part, as :func:`augury.guard.site_eval.check_scores` does;
* what limits recall: the held-back benign domains at or above the 1%-FPR threshold of the
  stacked model, and a sample of the scams below it.

Then the model ``check_site`` loads (:func:`augury.guard.site_model.site_model`, all the
data): its one-time fit and the latency of scoring one new domain.

    .venv/bin/python bench/site_model.py [--splits random,time,novel]
        [--out docs/bench/site_model.json] [--doc docs/benchmarks.md] [--render JSON]

``--render`` writes the ``--doc`` block from a JSON file of an earlier run instead of running.

With ``--doc`` the block between the ``site_model`` markers inside the section
"## Phishing-domain models" of that file is replaced (added at the section's end if absent).
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
from sklearn.metrics import roc_auc_score, roc_curve

from augury.data import load_domain_dataset, split
from augury.guard.site_eval import check_scores, crypto_mask, recall_at, split_counts
from augury.guard.site_model import SiteModel, site_model
from augury.market.agents import (
    CharNgramAgent,
    EnsembleAgent,
    ListLookupAgent,
    LookalikeBoostingAgent,
    NeighbourAgent,
)

SECTION = "## Phishing-domain models"
BEGIN = "<!-- bench/site_model.py: begin -->"
END = "<!-- bench/site_model.py: end -->"
POOLED = "pooled families (previous check_site model)"
STACKED = "SiteModel (stacked; check_site's model)"
END_TO_END = "check_site end to end (SiteModel + training list)"


def metrics(y: np.ndarray, score: np.ndarray, crypto: np.ndarray) -> dict[str, float]:
    keep = (y == 1) | crypto
    return {
        "auc": float(roc_auc_score(y, score)),
        "recall_at_1pct_fpr": recall_at(y, score),
        "auc_crypto": float(roc_auc_score(y[keep], score[keep])),
        "recall_at_1pct_fpr_crypto": recall_at(y[keep], score[keep]),
    }


def limits(
    y: np.ndarray, score: np.ndarray, domains: list[str], sources: list[str], n: int
) -> dict[str, Any]:
    """Benign domains at or above the 1%-FPR threshold, and a sample of scams below it."""
    false_pos, _, thresholds = roc_curve(y, score)
    threshold = float(thresholds[np.flatnonzero(false_pos <= 0.01).max()])
    benign = np.flatnonzero(y == 0)
    top = benign[np.argsort(-score[benign], kind="stable")][:n]
    missed = np.flatnonzero((y == 1) & (score < threshold))
    rng = np.random.default_rng(0)
    sample = np.sort(rng.choice(missed, size=min(n, len(missed)), replace=False))
    return {
        "threshold": threshold,
        "top_benign": [[domains[i], sources[i], round(float(score[i]), 4)] for i in top],
        "missed_scams": len(missed),
        "missed_sample": [[domains[i], round(float(score[i]), 4)] for i in sample],
    }


def run_split(kind: str, seed: int, examples: int) -> dict[str, Any]:
    parts = split(load_domain_dataset(), kind, test_size=0.2, random_state=seed)  # type: ignore[arg-type]
    y = parts.test.labels
    crypto = crypto_mask(parts)
    domains = parts.test.domains
    rows: dict[str, dict[str, float]] = {}
    pooled = EnsembleAgent(
        [
            CharNgramAgent(random_state=seed),
            LookalikeBoostingAgent(random_state=seed),
            NeighbourAgent(random_state=seed),
            ListLookupAgent(),
        ]
    )
    for name, model in ((POOLED, pooled), (STACKED, SiteModel(random_state=seed))):
        t0 = time.perf_counter()
        model.fit(parts.train.domains, parts.train.labels)
        fit_s = time.perf_counter() - t0
        score = model.predict_proba(domains)[:, 1]
        rows[name] = metrics(y, score, crypto) | {"fit_s": fit_s}
        print(kind, name, {k: round(v, 3) for k, v in rows[name].items()}, flush=True)
        if name == STACKED:
            stacked, stacked_score = model, score
    check, verdicts = check_scores(stacked, parts)
    flagged = verdicts != "allow"
    rows[END_TO_END] = metrics(y, check, crypto) | {
        "recall_warn": float(flagged[y == 1].mean()),
        "fpr_warn": float(flagged[y == 0].mean()),
        "fpr_block": float((verdicts[y == 0] == "block").mean()),
    }
    print(kind, END_TO_END, {k: round(v, 3) for k, v in rows[END_TO_END].items()}, flush=True)
    sources = [e.source for e in parts.test.examples]
    return {
        "kind": kind,
        **split_counts(parts),
        "rows": rows,
        "limits": limits(y, stacked_score, domains, sources, examples),
    }


def loaded_model(seed: int, n: int = 300) -> dict[str, float]:
    """One-time fit of check_site's model on all the data, then ms per new domain."""
    t0 = time.perf_counter()
    model = site_model(seed)
    fit_s = time.perf_counter() - t0
    data = load_domain_dataset()
    rng = np.random.default_rng(seed)
    domains = [data.domains[i] for i in rng.choice(len(data), size=n, replace=False)]
    # Unseen variants (a subdomain, a hyphenated .xyz) so no list decides them.
    fresh = [f"app.{d}" if i % 2 else f"{d.replace('.', '-')}.xyz" for i, d in enumerate(domains)]
    model.scam_probability(fresh[0])
    times = []
    for d in fresh:
        t = time.perf_counter()
        model.scam_probability(d)
        times.append((time.perf_counter() - t) * 1e3)
    return {
        "fit_s": fit_s,
        "p50_ms": float(np.percentile(times, 50)),
        "p95_ms": float(np.percentile(times, 95)),
        "domains": float(n),
    }


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| split | model | AUC | recall @ 1% FPR | AUC, crypto benign only "
        "| recall @ 1% FPR, crypto | fit s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        for name, row in r["rows"].items():
            fit = f"{row['fit_s']:.1f}" if "fit_s" in row else ""
            lines.append(
                f"| {r['kind']} | {name} | {row['auc']:.3f} | {row['recall_at_1pct_fpr']:.3f} "
                f"| {row['auc_crypto']:.3f} | {row['recall_at_1pct_fpr_crypto']:.3f} | {fit} |"
            )
    return "\n".join(lines)


def goals(results: list[dict[str, Any]]) -> str:
    def figures(row: str, key: str) -> str:
        return ", ".join(f"{r['kind']} {r['rows'][row][key]:.3f}" for r in results)

    def verdict(row: str, key: str, goal: float) -> str:
        ok = all(r["rows"][row][key] >= goal for r in results)
        return "**met**" if ok else "**not met**"

    return "\n".join(
        [
            "Targets of the issue for `check_site`'s model (the stacked rows), on this run:",
            "",
            f"- AUC >= 0.90: {verdict(STACKED, 'auc', 0.9)} ({figures(STACKED, 'auc')});",
            f"- recall >= 0.8 at 1% FPR: {verdict(STACKED, 'recall_at_1pct_fpr', 0.8)} "
            f"({figures(STACKED, 'recall_at_1pct_fpr')}; the pooled families: "
            f"{figures(POOLED, 'recall_at_1pct_fpr')}).",
        ]
    )


def verdict_text(results: list[dict[str, Any]]) -> str:
    def share(key: str) -> str:
        return " / ".join(f"{100 * r['rows'][END_TO_END][key]:.1f}%" for r in results)

    kinds = " / ".join(r["kind"] for r in results)
    return (
        f"With `check_site`'s thresholds (warn at 0.80, block at 0.95) end to end ({kinds}): "
        f"held-back scams warned on or blocked {share('recall_warn')}; held-back benign "
        f"domains warned on or blocked {share('fpr_warn')}, blocked {share('fpr_block')}."
    )


def limits_text(results: list[dict[str, Any]]) -> str:
    lines = []
    for r in results:
        lim = r["limits"]
        benign = ", ".join(f"`{d}` ({s}, {p:.3f})" for d, s, p in lim["top_benign"])
        missed = ", ".join(f"`{d}` ({p:.3f})" for d, p in lim["missed_sample"])
        lines += [
            f"- **{r['kind']}**: threshold {lim['threshold']:.3f}; highest-scored held-back "
            f"benign domains: {benign}. {lim['missed_scams']:,} scams score below it, e.g. "
            f"{missed}.",
        ]
    return "\n".join(lines)


def write_block(doc: Path, block: str) -> None:
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n{block.strip()}\n{END}"
    if BEGIN in text and END in text:
        start, end = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + block + text[end:]
    else:
        start = text.find(SECTION)
        if start < 0:
            text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{block}\n"
        else:
            end = text.find("\n## ", start + len(SECTION))
            end = len(text) if end < 0 else end
            text = text[:end].rstrip("\n") + "\n\n" + block + "\n" + text[end:]
    doc.write_text(text)


DOC_INTRO = """### `check_site`'s model: `augury.guard.site_model`

```
.venv/bin/python bench/site_model.py --out docs/bench/site_model.json --doc docs/benchmarks.md
```

`check_site` scores a domain with `augury.guard.site_model.SiteModel`: four text models
(logistic regression over character n-grams of the host, of its registered name alone and
over the words of a learned segmentation, and naive Bayes over character n-gram counts), the
training scam rate of the public suffix and 17 structural features (labels, digits, hyphens,
hosting suffix, lure words in a subdomain...), stacked under a boosted-tree and a logistic
meta-learner fitted on the text models' *out-of-fold* predictions (5 folds by registered
domain, training part only); the training lists decide where they can. Both models below are
fitted on the training part of each split only and scored on the held-back part, as in the
tables above. *check_site end to end* adds what `check_site` adds: the vendored
eth-phishing-detect list restricted to the training part (`augury.guard.site_eval`).
Run of {date}, Python {python}, the shared 2-core development machine. Raw numbers:
`docs/bench/site_model.json`."""

TRIED = """Tried and left out, each judged on *inner* splits of the time and novel training
parts (the same kind of split applied again to a training part; one to three seeds), not on
the held-back parts: the
kNN family over hashed n-grams as a fifth text model (no gain, slower to fit and to score);
brand features (the longest benign training name inside a host on another registered
domain, a name equal to a benign one on another suffix, edit distance to the nearest benign
name: no gain, because the whitelist is full of legitimate near-namesakes such as
`mynetherwallet.io`); synthetic lures made by swapping the brand in training lures for other
benign names (no gain); folds that hold a brand's lures out while its benign site stays in
(worse: the meta-learner learned to distrust the text models); benign weight x3 (no gain);
either meta-learner alone (within noise of the average, which is kept). The pooled
families' lookalike features, added to the meta-learner, did not help either."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--splits", default="random,time,novel")
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--doc", type=Path)
    parser.add_argument("--render", type=Path, help="a JSON file of an earlier run")
    args = parser.parse_args()
    if args.render:
        payload = json.loads(args.render.read_text())
        results, loaded, meta = payload["splits"], payload["loaded_model"], payload["meta"]
    else:
        results = [run_split(k, args.random_state, args.examples) for k in args.splits.split(",")]
        loaded = loaded_model(args.random_state)
        print("loaded", loaded, flush=True)
        meta = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "args": {k: str(v) for k, v in vars(args).items()},
        }
    if args.out and not args.render:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        payload = {"meta": meta, "splits": results, "loaded_model": loaded}
        args.out.write_text(json.dumps(payload, indent=1) + "\n")
    if args.doc:
        body = [DOC_INTRO.format(**meta), "", table(results), "", verdict_text(results), ""]
        body += [goals(results), ""]
        body += [
            "What stays above the stacked model's 1%-FPR threshold, and what falls below:",
            "",
            limits_text(results),
            "",
            f"The model `check_site` loads (all the labelled domains) fits once per process in "
            f"{loaded['fit_s']:.1f} s and then scores a new domain in {loaded['p50_ms']:.1f} ms "
            f"(p50; p95 {loaded['p95_ms']:.1f} ms, {int(loaded['domains'])} domains, one at a "
            f"time); `check_site` caches the score per domain.",
            "",
            TRIED,
        ]
        write_block(args.doc, "\n".join(body))


if __name__ == "__main__":
    main()
