"""``check_site``'s own figures on a held-back split of the labelled domains.

The model is trained on the training part only (the same four families and pooling as
:func:`augury.market.agents.site_model`), and the phishing list is rebuilt from the training
part only (as ``bench/agents.py`` builds its anchor): held-back domains are as new to the
list as to the model. Each held-back domain is then scored exactly as :func:`check_site`
scores it (:func:`augury.guard.site.combine`), and AUC and recall at 1% false-positive rate
are measured — against every held-back benign domain, and against the crypto ones only
(whitelist, fuzzylist and chain sites: legitimate crypto projects, the hard negatives).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from augury.data import PhishingList, load_domain_dataset, load_phishing_list, split
from augury.guard.site import combine, lookalike_distance, verdict_of

CRYPTO_BENIGN = {"whitelist", "fuzzylist", "chain-sites"}


@dataclass(frozen=True)
class SiteEval:
    split: str
    n_test: int
    n_scam: int
    auc: float
    recall_at_1pct_fpr: float
    auc_crypto: float
    recall_at_1pct_fpr_crypto: float
    recall_warn: float  # share of held-back scams check_site warns on or blocks
    fpr_warn: float  # share of held-back benign domains it warns on or blocks
    fpr_block: float
    fit_s: float

    def to_json(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def recall_at(y: npt.NDArray[np.int64], score: npt.NDArray[np.float64], fpr: float = 0.01) -> float:
    from sklearn.metrics import roc_curve

    false_pos, true_pos, _ = roc_curve(y, score)
    return float(true_pos[false_pos <= fpr].max())


def evaluate(kind: str = "novel", random_state: int = 0, test_size: float = 0.2) -> SiteEval:
    """Train on ``kind``'s training part, score its held-back part as check_site does."""
    from sklearn.metrics import roc_auc_score

    from augury.market.agents import (
        CharNgramAgent,
        EnsembleAgent,
        ListLookupAgent,
        LookalikeBoostingAgent,
        NeighbourAgent,
    )

    parts = split(load_domain_dataset(), kind, test_size=test_size, random_state=random_state)  # type: ignore[arg-type]
    start = time.perf_counter()
    model = EnsembleAgent(
        [
            CharNgramAgent(random_state=random_state),
            LookalikeBoostingAgent(random_state=random_state),
            NeighbourAgent(random_state=random_state),
            ListLookupAgent(),
        ]
    ).fit(parts.train.domains, parts.train.labels)
    fit_s = time.perf_counter() - start
    vendored = load_phishing_list()
    train = set(parts.train.domains)
    pairs = list(zip(parts.train.domains, parts.train.labels.tolist(), strict=True))
    rules = PhishingList(
        version="train",
        tolerance=vendored.tolerance,
        fuzzylist=tuple(d for d in vendored.fuzzylist if d in train),
        whitelist=tuple(d for d, y in pairs if not y),
        blacklist=tuple(d for d, y in pairs if y),
    )
    domains = parts.test.domains
    p_model = model.predict_proba(domains)[:, 1]
    checks = [rules.check(d) for d in domains]
    listed = [c.type for c in checks]
    distances = [
        lookalike_distance(d, c.match) if c.match is not None else None
        for d, c in zip(domains, checks, strict=True)
    ]
    score = np.array(
        [
            combine(t if t != "all" else "unlisted", float(p))
            for t, p in zip(listed, p_model, strict=True)
        ]
    )
    y = parts.test.labels
    crypto = np.array([e.source in CRYPTO_BENIGN for e in parts.test.examples])
    keep = (y == 1) | crypto
    benign = y == 0
    verdicts = np.array(
        [
            verdict_of(float(sc), t if t != "all" else "unlisted", dist)
            for sc, t, dist in zip(score, listed, distances, strict=True)
        ]
    )
    flagged = verdicts != "allow"
    return SiteEval(
        split=kind,
        n_test=len(y),
        n_scam=int(y.sum()),
        auc=float(roc_auc_score(y, score)),
        recall_at_1pct_fpr=recall_at(y, score),
        auc_crypto=float(roc_auc_score(y[keep], score[keep])),
        recall_at_1pct_fpr_crypto=recall_at(y[keep], score[keep]),
        recall_warn=float(flagged[y == 1].mean()),
        fpr_warn=float(flagged[benign].mean()),
        fpr_block=float((verdicts[benign] == "block").mean()),
        fit_s=fit_s,
    )
