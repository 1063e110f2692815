"""Training the judge's model from what the DAO accepted and what the market jury resolved.

:func:`train_judge` is the off-chain half of "the DAO governs the model": it builds the
training set of a dataset version -- every accepted example plus every market outcome the
jury resolved (market-based RLHF: human verdicts on the questions the AI agents traded) --
fits a domain model on it, measures it on held-out data, and returns the model with its
metrics and the dataset's content hash. The lead's protocol puts that hash and the metrics in
the proposal that registers the model with ``Judge.vy``.

Building the set (:func:`dataset_from_examples`): one row per domain; an accepted domain
keeps the label of its earliest batch; a jury verdict overrides the accepted label (it is
newer and was checked by people). Outcomes settled by the fallback rule (no jury) are left
out unless ``include_rule_settled``. The dataset hash is the keccak256 of the rows in the
batch format's canonical form (:mod:`augury.dao.batch`), so anyone can rebuild and check it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score

from augury.dao.batch import Example, canonical_bytes, content_hash
from augury.dao.errors import TrainingError
from augury.dao.store import ContributedExample
from augury.data.domains import normalize_domain
from augury.data.errors import InvalidDomainError


class DomainClassifier(Protocol):
    """What the pipeline needs of a model: scikit-learn's ``fit`` / ``predict_proba`` over
    domain strings (every :class:`augury.models.DomainModel` qualifies)."""

    def fit(self, X: Sequence[str], y: npt.ArrayLike) -> object: ...

    def predict_proba(self, X: Sequence[str]) -> npt.NDArray[np.float64]: ...


@dataclass(frozen=True)
class MarketOutcome:
    """A resolved market: was ``domain`` a scam (``label`` 1) or not (0), and who decided."""

    domain: str
    label: int
    market_id: int = 0
    resolved_by: Literal["jury", "rule"] = "jury"


@dataclass(frozen=True)
class JudgeMetrics:
    """Held-out quality of a trained judge model (``label`` 1 = phishing is positive)."""

    n_train: int
    n_outcomes: int
    n_validation: int
    accuracy: float
    balanced_accuracy: float
    precision: float
    recall: float
    f1: float
    roc_auc: float


@dataclass(frozen=True)
class TrainedJudge:
    """A fitted model, its metrics, and the hash of the dataset version it was trained on."""

    model: DomainClassifier
    metrics: JudgeMetrics
    dataset_hash: str
    domains: tuple[str, ...]
    labels: tuple[int, ...]


def dataset_from_examples(
    examples: Sequence[ContributedExample | Example],
    outcomes: Sequence[MarketOutcome] = (),
    *,
    include_rule_settled: bool = False,
) -> tuple[list[str], npt.NDArray[np.int64], int]:
    """Domains, labels and the number of rows a jury outcome set (see the module doc)."""
    rows: dict[str, int] = {}
    ordered = sorted(
        enumerate(examples), key=lambda p: (getattr(p[1], "seq", 0), p[0])
    )  # earliest batch first; within a batch, file order
    for _, e in ordered:
        rows.setdefault(e.domain, int(e.label))
    from_outcomes = 0
    for o in outcomes:
        if o.label not in (0, 1) or isinstance(o.label, bool):
            raise TrainingError(f"outcome of market {o.market_id} has label {o.label!r}")
        if o.resolved_by != "jury" and not include_rule_settled:
            continue
        try:
            domain = normalize_domain(o.domain)
        except InvalidDomainError as exc:
            raise TrainingError(f"outcome of market {o.market_id}: {exc}") from None
        from_outcomes += 1
        rows[domain] = int(o.label)
    domains = list(rows)
    return domains, np.fromiter(rows.values(), dtype=np.int64, count=len(rows)), from_outcomes


def dataset_hash(domains: Sequence[str], labels: npt.ArrayLike) -> str:
    """keccak256 of the rows in canonical batch form, ``0x`` hex: the dataset version's id."""
    rows = [Example(d, int(v)) for d, v in zip(domains, np.asarray(labels).tolist(), strict=True)]
    return "0x" + content_hash(canonical_bytes(rows)).hex()


def evaluate(
    model: DomainClassifier, domains: Sequence[str], labels: npt.ArrayLike
) -> dict[str, float]:
    """Accuracy, balanced accuracy, precision, recall, F1 (phishing positive) and ROC AUC."""
    y = np.asarray(labels, dtype=np.int64)
    p = np.asarray(model.predict_proba(list(domains)))[:, 1]
    pred = (p >= 0.5).astype(np.int64)
    both = len(set(y.tolist())) == 2
    return {
        "accuracy": float(accuracy_score(y, pred)),
        "balanced_accuracy": float(np.mean([np.mean(pred[y == c] == c) for c in (0, 1)]))
        if both
        else float("nan"),
        "precision": float(precision_score(y, pred, zero_division=0.0)),
        "recall": float(recall_score(y, pred, zero_division=0.0)),
        "f1": float(f1_score(y, pred, zero_division=0.0)),
        "roc_auc": float(roc_auc_score(y, p)) if both else float("nan"),
    }


def _default_model(random_state: int) -> DomainClassifier:
    from augury.models import CharNgramAgent

    return CharNgramAgent(random_state=random_state)


def train_judge(
    examples: Sequence[ContributedExample | Example],
    outcomes: Sequence[MarketOutcome] = (),
    *,
    validation: tuple[Sequence[str], npt.ArrayLike] | None = None,
    validation_size: float = 0.2,
    model_factory: Callable[[int], DomainClassifier] | None = None,
    include_rule_settled: bool = False,
    random_state: int = 0,
) -> TrainedJudge:
    """Train the judge's model on accepted ``examples`` plus jury-resolved ``outcomes``.

    ``validation`` is a held-out ``(domains, labels)`` set (for instance the DAO's committed
    test set); without one, a stratified ``validation_size`` share of the rows is held out for
    the metrics and the model is then refitted on every row. ``model_factory(random_state)``
    builds the model (default: :class:`augury.models.CharNgramAgent`). Raises
    :class:`TrainingError` when the rows lack one of the two labels.
    """
    domains, labels, n_outcomes = dataset_from_examples(
        examples, outcomes, include_rule_settled=include_rule_settled
    )
    if len(set(labels.tolist())) < 2:
        raise TrainingError("training data needs both phishing (1) and legitimate (0) domains")
    factory = model_factory or _default_model
    if validation is None:
        if not 0.0 < validation_size < 1.0:
            raise TrainingError(f"validation_size must be in (0, 1), got {validation_size}")
        rng = np.random.default_rng(random_state)
        held = np.zeros(len(labels), dtype=bool)
        for c in (0, 1):
            idx = np.flatnonzero(labels == c)
            held[rng.permutation(idx)[: max(1, round(validation_size * len(idx)))]] = True
        if held.all() or len(set(labels[~held].tolist())) < 2:
            raise TrainingError("too few rows to hold out a validation set with both labels")
        probe = factory(random_state)
        probe.fit([d for d, h in zip(domains, held, strict=True) if not h], labels[~held])
        scores = evaluate(probe, [d for d, h in zip(domains, held, strict=True) if h], labels[held])
        n_validation = int(held.sum())
        model = factory(random_state)
        model.fit(domains, labels)
    else:
        val_domains = [normalize_domain(d) for d in validation[0]]
        val_labels = np.asarray(validation[1], dtype=np.int64)
        if len(val_domains) != len(val_labels) or len(val_domains) == 0:
            raise TrainingError("validation needs one label per domain and at least one row")
        model = factory(random_state)
        model.fit(domains, labels)
        scores = evaluate(model, val_domains, val_labels)
        n_validation = len(val_domains)
    metrics = JudgeMetrics(
        n_train=len(domains), n_outcomes=n_outcomes, n_validation=n_validation, **scores
    )
    return TrainedJudge(
        model, metrics, dataset_hash(domains, labels), tuple(domains), tuple(labels.tolist())
    )
