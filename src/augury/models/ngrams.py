"""The character n-gram featurizer that every text model over domain names builds on.

A domain's spelling is most of what a model can see of it: scams reuse fragments
(``-claim``, ``airdrop``, ``metamsk``) across registrations, so the n-gram, neighbour and
site models and the DAO's embedder all start from character n-grams within word
boundaries (``analyzer="char_wb"``). They differ only in how the n-grams are counted, which
is what the parameters choose, so each keeps exactly the features it had:

* ``n_features=None``: a vocabulary learned in :meth:`CharNgrams.fit` (n-grams seen in at
  least ``min_df`` training domains); ``n_features=k``: n-grams hashed into ``k`` columns,
  no vocabulary to store (refitting on more data costs one pass, and unseen n-grams still
  land somewhere);
* ``tfidf=True``: sublinear TF-IDF weights, rows L2-normalised (cosine-ready);
  ``tfidf=False``: raw counts (what multinomial naive Bayes needs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import (
    CountVectorizer,
    HashingVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)
from sklearn.utils.validation import check_is_fitted


@dataclass(eq=False, repr=False)
class CharNgrams(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Character n-grams of domain strings, counted or TF-IDF weighted (module doc).

    ``fit(domains)`` returns ``self``; ``transform`` gives a sparse matrix, one row per
    domain. ``min_df`` applies to the vocabulary form only (hashing keeps every n-gram).
    """

    ngram_range: tuple[int, int] = (2, 5)
    _: KW_ONLY
    n_features: int | None = None
    min_df: int = 1
    tfidf: bool = True
    dtype: Any = np.float32

    def _hashing(self) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer="char_wb",
            ngram_range=self.ngram_range,
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            dtype=self.dtype,
        )

    def counts(self, domains: Sequence[str]) -> sp.csr_matrix:
        """Hashed n-gram counts before any weighting (hashed form only; nothing learned)."""
        if self.n_features is None:
            raise TypeError("counts() needs the hashed form (n_features set)")
        return self._hashing().transform(list(domains))

    def _vocabulary(self) -> CountVectorizer:
        if self.tfidf:
            return TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=self.ngram_range,
                min_df=self.min_df,
                sublinear_tf=True,
                dtype=self.dtype,
            )
        return CountVectorizer(
            analyzer="char_wb", ngram_range=self.ngram_range, min_df=self.min_df, dtype=self.dtype
        )

    def fit(self, domains: Sequence[str], y: object = None) -> CharNgrams:
        self.fit_transform(domains)
        return self

    def fit_transform(self, domains: Sequence[str], y: object = None) -> sp.csr_matrix:
        """Fit, and the training rows, computed once (as scikit-learn's vectorizers do)."""
        if self.n_features is None:
            self.vectorizer_ = self._vocabulary()
            return self.vectorizer_.fit_transform(list(domains))
        counts = self.counts(domains)
        if not self.tfidf:
            return counts
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        return self.tfidf_.transform(counts)

    def transform(self, domains: Sequence[str]) -> sp.csr_matrix:
        check_is_fitted(self)
        if self.n_features is None:
            return self.vectorizer_.transform(list(domains))
        counts = self.counts(domains)
        return self.tfidf_.transform(counts) if self.tfidf else counts

    def __sklearn_is_fitted__(self) -> bool:
        # Hashed counts learn nothing, so they are ready as soon as they are built.
        return (
            hasattr(self, "vectorizer_")
            or hasattr(self, "tfidf_")
            or (self.n_features is not None and not self.tfidf)
        )
