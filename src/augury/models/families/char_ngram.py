"""The character n-gram family: which spellings and fragments scams use.

A linear model (logistic regression) over TF-IDF weighted character 2-5-grams of the host
(:class:`~augury.models.ngrams.CharNgrams`). Cheap, and hard to beat on domains that reuse
a scam kit's fragments; it is also the DAO judge's default model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from augury.models.base import DomainModel
from augury.models.families import register
from augury.models.ngrams import CharNgrams


@dataclass(eq=False, repr=False)
class CharNgramAgent(DomainModel):
    """Logistic regression over character n-grams (``analyzer='char_wb'``) of the host."""

    ngram_range: tuple[int, int] = (2, 5)
    C: float = 4.0
    min_df: int = 2
    random_state: int | None = 0

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        self.vectorizer_ = CharNgrams(self.ngram_range, min_df=self.min_df)
        X = self.vectorizer_.fit_transform(domains)
        self.model_ = LogisticRegression(
            C=self.C, class_weight="balanced", max_iter=2000, random_state=self.random_state
        ).fit(X, labels)

    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        proba = self.model_.predict_proba(self.vectorizer_.transform(domains))
        return np.asarray(proba[:, 1], dtype=np.float64)


@register("char-ngram", rank=10)
def char_ngram(random_state: int) -> DomainModel:
    return CharNgramAgent(random_state=random_state)
