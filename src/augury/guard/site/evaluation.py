"""``check_site``'s own figures on a held-back split of the labelled domains.

The model (:class:`augury.guard.site.model.SiteModel` unless another factory is given) is
trained on the training part only, and the phishing list is the vendored eth-phishing-detect
list restricted to the training part (:func:`training_list`): held-back domains are as new
to the list as to the model. Each held-back domain is then scored exactly as
:func:`check_site` scores it (:func:`augury.guard.site.check.combine`), and AUC and recall at 1%
false-positive rate are measured -- against every held-back benign domain, and against the
crypto ones only (whitelist, fuzzylist, chain, NFT-project and exchange sites: legitimate
crypto projects, the hard negatives). Verdicts also count the brand registry
(:mod:`augury.guard.site.brands`) built from the training part.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from augury.data import (
    DomainDataset,
    DomainSplit,
    PhishingList,
    load_phishing_list,
    load_site_dataset,
    split,
)
from augury.data.phishing import PHISHING_CONFIG_2022_08
from augury.guard.site.brands import registry_of
from augury.guard.site.check import combine, lookalike_distance, verdict_of
from augury.models import DomainModel

CRYPTO_BENIGN = {"whitelist", "fuzzylist", "chain-sites", "project-sites", "exchange-sites"}
ModelFactory = Callable[[int], DomainModel]


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
    imitation_scam: float  # share of held-back scams that borrow a training brand's name
    imitation_benign: float  # share of held-back benign domains that do
    fit_s: float

    def to_json(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def crypto_mask(parts: DomainSplit) -> npt.NDArray[np.bool_]:
    """Which held-back domains are crypto benign sources (the *crypto* columns' negatives)."""
    return np.array([e.source in CRYPTO_BENIGN for e in parts.test.examples], dtype=bool)


def split_counts(parts: DomainSplit) -> dict[str, int]:
    """Sizes of a split as the benchmarks report them."""
    y = parts.test.labels
    return {
        "train": len(parts.train),
        "test": len(parts.test),
        "test_scams": int(y.sum()),
        "test_benign": int((y == 0).sum()),
        "test_crypto_benign": int(crypto_mask(parts).sum()),
        "dropped": len(parts.dropped),
    }


def recall_at(y: npt.NDArray[np.int64], score: npt.NDArray[np.float64], fpr: float = 0.01) -> float:
    """The highest true-positive rate whose false-positive rate is at most ``fpr`` (no
    interpolation between thresholds)."""
    from sklearn.metrics import roc_curve

    false_pos, true_pos, _ = roc_curve(y, score)
    return float(true_pos[false_pos <= fpr].max())


def training_list(
    parts: DomainSplit, config: Path | None = PHISHING_CONFIG_2022_08
) -> PhishingList:
    """The vendored list as it would have been when only the training part was known.

    Its whitelist is the training domains that MetaMask's whitelist holds -- not every
    training benign domain: production's list never whitelists top sites or chain sites
    (whitelisting ``netlify.app`` would wave through every new ``*.netlify.app`` lure).
    """
    vendored = load_phishing_list(config)
    white = set(vendored.whitelist)
    train = set(parts.train.domains)
    pairs = list(zip(parts.train.domains, parts.train.labels.tolist(), strict=True))
    return PhishingList(
        version="train",
        tolerance=vendored.tolerance,
        fuzzylist=tuple(d for d in vendored.fuzzylist if d in train),
        whitelist=tuple(d for d, y in pairs if not y and d in white),
        blacklist=tuple(d for d, y in pairs if y),
    )


def check_scores(
    model: DomainModel,
    parts: DomainSplit,
    config: Path | None = PHISHING_CONFIG_2022_08,
    borrowed: npt.NDArray[np.bool_] | None = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.str_]]:
    """``check_site``'s score and verdict of every held-back domain of ``parts``, with
    ``model`` (fitted on the training part), the training part of ``config``'s list and the
    brand registry of the training part: ``borrowed`` is :func:`imitations` of ``parts``
    (computed when None; all False leaves the registry out)."""
    rules = training_list(parts, config)
    domains = parts.test.domains
    p_model = model.predict_proba(domains)[:, 1]
    checks = [rules.check(d) for d in domains]
    listed = [c.type if c.type != "all" else "unlisted" for c in checks]
    distances = [
        lookalike_distance(d, c.match) if c.match is not None else None
        for d, c in zip(domains, checks, strict=True)
    ]
    if borrowed is None:
        borrowed = imitations(parts)
    score = np.array([combine(t, float(p)) for t, p in zip(listed, p_model, strict=True)])
    verdicts = np.array(
        [
            verdict_of(float(s), t, dist, bool(b))
            for s, t, dist, b in zip(score, listed, distances, borrowed, strict=True)
        ]
    )
    return score, verdicts


def imitations(parts: DomainSplit) -> npt.NDArray[np.bool_]:
    """Which held-back domains borrow a brand name of the training part's registry
    (:mod:`augury.guard.site.brands`; held-back brand sites are as unknown to it as to the
    model)."""
    registry = registry_of(parts.train)
    return np.array([registry.match(d) is not None for d in parts.test.domains], dtype=bool)


def _site_model(random_state: int) -> DomainModel:
    from augury.guard.site.model import SiteModel

    return SiteModel(random_state=random_state)


def evaluate(
    kind: str = "novel",
    random_state: int = 0,
    test_size: float = 0.2,
    model: ModelFactory | None = None,
    data: tuple[DomainDataset, Path | None] | None = None,
) -> SiteEval:
    """Train on ``kind``'s training part, score its held-back part as check_site does.

    ``model`` builds the (unfitted) model from a random state; default: ``SiteModel``.
    ``data`` is the labelled domains and the list config they were labelled from; default:
    :func:`augury.data.load_site_dataset` and the 2022-08 list, as ``check_site`` uses.
    """
    from sklearn.metrics import roc_auc_score

    dataset, config = data or (load_site_dataset(), PHISHING_CONFIG_2022_08)
    parts = split(dataset, kind, test_size=test_size, random_state=random_state)  # type: ignore[arg-type]
    start = time.perf_counter()
    fitted = (model or _site_model)(random_state).fit(parts.train.domains, parts.train.labels)
    fit_s = time.perf_counter() - start
    borrowed = imitations(parts)
    score, verdicts = check_scores(fitted, parts, config, borrowed)
    y = parts.test.labels
    crypto = np.array([e.source in CRYPTO_BENIGN for e in parts.test.examples])
    keep = (y == 1) | crypto
    benign = y == 0
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
        imitation_scam=float(borrowed[y == 1].mean()),
        imitation_benign=float(borrowed[benign].mean()),
        fit_s=fit_s,
    )
