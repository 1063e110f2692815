"""The scikit-learn contract shared by every phishing-domain model.

A model is an estimator over raw domain strings (URLs are accepted and reduced to their
host). ``fit(X, y, extra=())`` trains on ``X``/``y`` plus any ``(domain, label)`` pairs in
``extra`` (the jury-revealed outcomes a market agent retrains on), returns ``self`` and sets
``classes_ = [0, 1]``; ``predict_proba`` gives ``[P(benign), P(scam)]`` per row, with the two
classes weighted equally in training (the blacklist outnumbers the benign lists 8 to 1, and
the base rate of scams among the sites a user visits is not the list's), so 0.5 is an
even-odds prior rather than the list's share of scams.

Models fit and predict on one thread: a simulation runs several agents side by side, and on
a busy two-core machine OpenMP's spinning threads made gradient boosting six times slower.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from augury.data.domains import normalize_domain
from augury.errors import AuguryError


class ModelError(AuguryError):
    """Training data, a query or a parameter that a domain model cannot use."""




def training_pairs(
    X: Iterable[str], y: Iterable[int] | npt.ArrayLike, extra: Iterable[tuple[str, int]] = ()
) -> tuple[list[str], npt.NDArray[np.int64]]:
    """Normalised domains and 0/1 labels of ``X``/``y`` followed by ``extra``; checked."""
    domains = [normalize_domain(str(d)) for d in X]
    labels = [int(v) for v in np.asarray(y).ravel()]
    if len(domains) != len(labels):
        raise ModelError(f"X has {len(domains)} domains but y has {len(labels)} labels")
    for d, label in extra:
        domains.append(normalize_domain(str(d)))
        labels.append(int(label))
    array = np.asarray(labels, dtype=np.int64)
    if not np.isin(array, (0, 1)).all():
        raise ModelError("labels must be 0 (benign) or 1 (scam)")
    if len(set(labels)) < 2:
        raise ModelError("training data needs both benign (0) and scam (1) domains")
    return domains, array


class DomainModel(ClassifierMixin, BaseEstimator, metaclass=ABCMeta):  # type: ignore[misc]
    """Base class: subclasses implement ``_fit(domains, labels)`` and ``_scam_proba(domains)``."""

    def fit(
        self,
        X: Sequence[str],
        y: npt.ArrayLike,
        extra: Iterable[tuple[str, int]] = (),
    ) -> DomainModel:
        domains, labels = training_pairs(X, y, extra)
        with threadpool_limits(limits=1):
            self._fit(domains, labels)
        self.classes_ = np.array([0, 1])
        self.n_train_ = len(domains)
        return self

    def predict_proba(self, X: Sequence[str]) -> npt.NDArray[np.float64]:
        check_is_fitted(self, "classes_")
        domains = [normalize_domain(str(d)) for d in X]
        with threadpool_limits(limits=1):
            raw = self._scam_proba(domains)
        p = np.clip(np.asarray(raw, dtype=np.float64), 0.0, 1.0)
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Sequence[str]) -> npt.NDArray[np.int64]:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(np.int64)

    def scam_probability(self, domain: str) -> float:
        """P(scam) of one domain or URL: what a market agent bets on."""
        return float(self.predict_proba([domain])[0, 1])

    @abstractmethod
    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        """Learn from normalised domains and 0/1 labels (each family's own fit)."""

    @abstractmethod
    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        """P(scam) per normalised domain."""


def balanced_weights(labels: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Per-example weights that give each class the same total weight (mean weight 1)."""
    n = len(labels)
    counts = np.bincount(labels, minlength=2).astype(np.float64)
    return np.asarray(n / (2.0 * counts[labels]), dtype=np.float64)
