"""The shared n-gram featurizer computes exactly what scikit-learn's vectorizers compute."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import (
    CountVectorizer,
    HashingVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)

from augury.models import CharNgrams

TRAIN = ["uniswap-airdrop.xyz", "app.uniswap.org", "metamask.io", "metamask-verify.com",
         "claim.netlify.app", "opensea.io", "opensea-mint.online"]  # fmt: skip
TEST = ["uniswap-claim.live", "docs.python.org", "metamsk.io"]


def same(a: object, b: object) -> bool:
    x, y = np.asarray(a.toarray()), np.asarray(b.toarray())  # type: ignore[attr-defined]
    return x.dtype == y.dtype and np.array_equal(x, y)


def test_vocabulary_tfidf_is_tfidf_vectorizer() -> None:
    ours = CharNgrams((2, 5), min_df=2)
    theirs = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, dtype=np.float32
    )
    assert same(ours.fit_transform(TRAIN), theirs.fit_transform(TRAIN))
    assert same(ours.transform(TEST), theirs.transform(TEST))


def test_vocabulary_counts_are_count_vectorizer() -> None:
    ours = CharNgrams((3, 5), min_df=2, tfidf=False, dtype=np.int64).fit(TRAIN)
    theirs = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2).fit(TRAIN)
    assert same(ours.transform(TEST), theirs.transform(TEST))


def test_hashed_tfidf_is_hashing_then_tfidf() -> None:
    ours = CharNgrams((3, 5), n_features=2**10)
    hashing = HashingVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), n_features=2**10, alternate_sign=False,
        norm=None, dtype=np.float32,
    )  # fmt: skip
    tfidf = TfidfTransformer(sublinear_tf=True).fit(hashing.transform(TRAIN))
    assert same(ours.fit_transform(TRAIN), tfidf.transform(hashing.transform(TRAIN)))
    assert same(ours.transform(TEST), tfidf.transform(hashing.transform(TEST)))
    assert same(ours.counts(TEST), hashing.transform(TEST))


def test_unfitted_and_misused_forms_are_errors() -> None:
    with pytest.raises(NotFittedError):
        CharNgrams().transform(TEST)
    with pytest.raises(TypeError, match="hashed"):
        CharNgrams().counts(TEST)
    hashed_counts = CharNgrams((2, 3), n_features=64, tfidf=False)
    assert hashed_counts.transform(TEST).shape == (3, 64)  # nothing to learn
