"""The lookalike family: typosquats and lure words, from hand-made lexical features.

Gradient-boosted trees over :func:`~augury.models.features.lexical_features`: the shape of
the name and its edit distances to the lure and brand tokens learned from training scams.
Trees find the interactions (a lure word *and* a hosting suffix) a linear model cannot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.ensemble import HistGradientBoostingClassifier

from augury.models.base import DomainModel, balanced_weights
from augury.models.families import register
from augury.models.features import LureVocabulary, lexical_features


def boosted_trees(
    max_iter: int, learning_rate: float, max_leaf_nodes: int, random_state: int | None
) -> HistGradientBoostingClassifier:
    """The histogram gradient boosting this family fits (L2 regularisation 1.0), unfitted;
    the guard's site model stacks its features under the same trees."""
    return HistGradientBoostingClassifier(
        max_iter=max_iter,
        learning_rate=learning_rate,
        max_leaf_nodes=max_leaf_nodes,
        l2_regularization=1.0,
        random_state=random_state,
    )


@dataclass(eq=False, repr=False)
class LookalikeBoostingAgent(DomainModel):
    """Histogram gradient boosting over :func:`~augury.models.features.lexical_features`."""

    max_iter: int = 300
    learning_rate: float = 0.08
    max_leaf_nodes: int = 31
    random_state: int | None = 0

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        self.vocabulary_ = LureVocabulary.fit(domains, labels)
        X = lexical_features(domains, self.vocabulary_)
        self.model_ = boosted_trees(
            self.max_iter, self.learning_rate, self.max_leaf_nodes, self.random_state
        ).fit(X, labels, sample_weight=balanced_weights(labels))

    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        proba = self.model_.predict_proba(lexical_features(domains, self.vocabulary_))
        return np.asarray(proba[:, 1], dtype=np.float64)


@register("lookalike-gbm", rank=20)
def lookalike_gbm(random_state: int) -> DomainModel:
    return LookalikeBoostingAgent(random_state=random_state)
