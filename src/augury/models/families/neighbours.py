"""The neighbour family: an instance-based vote of the most similar known domains.

Where the other families generalise (weights, trees), this one remembers: a new domain
takes the class-balanced vote of its nearest training domains by cosine similarity of
hashed character n-gram TF-IDF vectors, so a fresh copy of a known scam is caught even
when no single fragment of it is telling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.neighbors import NearestNeighbors

from augury.models.base import DomainModel, balanced_weights
from augury.models.families import register
from augury.models.ngrams import CharNgrams


@dataclass(eq=False, repr=False)
class NeighbourAgent(DomainModel):
    """Distance-weighted vote of the ``n_neighbors`` most similar training domains.

    Domains become TF-IDF vectors of hashed character 3-5-grams (no vocabulary to store, so
    refitting on more data costs one pass); similarity is cosine. Votes are class-balanced
    and smoothed with ``smoothing`` pseudo-votes at 0.5, so an isolated domain far from
    everything gets a probability near one half rather than a confident guess.
    """

    n_neighbors: int = 15
    ngram_range: tuple[int, int] = (3, 5)
    n_features: int = 2**18
    smoothing: float = 0.5
    random_state: int | None = 0

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        self.tfidf_ = CharNgrams(self.ngram_range, n_features=self.n_features)
        X = self.tfidf_.fit_transform(domains)
        k = min(self.n_neighbors, len(domains))
        self.index_ = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(X)
        self.labels_ = labels
        self.weights_ = balanced_weights(labels)

    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        distance, index = self.index_.kneighbors(self.tfidf_.transform(domains))
        similarity = np.clip(1.0 - distance, 0.0, 1.0) * self.weights_[index]
        scam = (similarity * self.labels_[index]).sum(axis=1)
        total = similarity.sum(axis=1)
        return np.asarray(
            (scam + 0.5 * self.smoothing) / (total + self.smoothing), dtype=np.float64
        )


@register("neighbours", rank=30)
def neighbours(random_state: int) -> DomainModel:
    return NeighbourAgent(random_state=random_state)
