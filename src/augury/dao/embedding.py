"""Vectors for domain names, for the screens (neighbours, near copies, outliers) and valuation.

A domain becomes the TF-IDF vector of its hashed character 2-5-grams
(:class:`augury.models.CharNgrams`, the featurizer of the n-gram and neighbour model
families), L2-normalised, so the dot product of two rows is their cosine similarity: the
*sparse* view, used to find near copies.
KNN-Shapley needs dense points, so :class:`DomainEmbedder` also projects the sparse vectors
on their top ``n_components`` singular directions (truncated SVD) and re-normalises: the
*dense* view, where Euclidean distance is a monotone function of cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from augury.dao.errors import DAOError
from augury.models import CharNgrams


@dataclass(eq=False, repr=False)
class DomainEmbedder(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Char n-gram TF-IDF (sparse) and its truncated SVD (dense), both L2-normalised.

    ``fit(domains)`` learns the IDF weights and the projection and returns ``self``;
    ``transform`` gives the dense rows, ``sparse`` the sparse ones.
    """

    ngram_range: tuple[int, int] = (2, 5)
    n_features: int = 2**18
    n_components: int = 64
    random_state: int | None = 0

    def fit(self, domains: Sequence[str], y: object = None) -> DomainEmbedder:
        if len(domains) < 2:
            raise DAOError("the embedder needs at least two domains to fit")
        self.ngrams_ = CharNgrams(self.ngram_range, n_features=self.n_features, dtype=np.float64)
        counts = self.ngrams_.counts(domains)
        tfidf = normalize(self.ngrams_.fit_transform(domains))
        # Only hashed n-grams seen in training carry weight in the projection; dropping the
        # empty columns makes the SVD's dense factors ~5x smaller (and its fit as much faster).
        self.columns_ = np.flatnonzero(np.asarray(counts.getnnz(axis=0)) > 0)
        used = tfidf[:, self.columns_]
        k = max(1, min(self.n_components, used.shape[0] - 1, used.shape[1] - 1))
        self.svd_ = TruncatedSVD(n_components=k, random_state=self.random_state).fit(used)
        return self

    def sparse(self, domains: Sequence[str]) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows: ``A @ B.T`` is the cosine similarity matrix."""
        check_is_fitted(self, "ngrams_")
        return sp.csr_matrix(normalize(self.ngrams_.transform(domains)))

    def transform(self, domains: Sequence[str]) -> npt.NDArray[np.float64]:
        """Dense L2-normalised rows (``n_components`` columns)."""
        check_is_fitted(self, "svd_")
        dense = self.svd_.transform(self.sparse(domains)[:, self.columns_])
        return np.asarray(normalize(dense), dtype=np.float64)
