"""The domain embedder: unit-norm rows, cosine = dot product, scikit-learn's estimator rules."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from augury.dao.embedding import DomainEmbedder
from augury.dao.errors import DAOError

DOMAINS = [
    "uniswap.org", "metamask.io", "metamask-airdrop.xyz", "myetherwallet.com",
    "myetherwalet.com", "opensea.io", "opensea-claim.net", "google.com", "yale.edu",
]  # fmt: skip


def test_rows_are_unit_vectors_and_similarity_is_meaningful() -> None:
    emb = DomainEmbedder(n_components=4, random_state=0)
    assert emb.fit(DOMAINS) is emb
    sparse = emb.sparse(DOMAINS)
    sims = (sparse @ sparse.T).toarray()
    np.testing.assert_allclose(np.diag(sims), 1.0)
    assert sims[3, 4] > 0.5 > sims[3, 7]  # a typosquat is close, an unrelated site is not
    dense = emb.transform(DOMAINS)
    assert dense.shape == (len(DOMAINS), 4)
    np.testing.assert_allclose(np.linalg.norm(dense, axis=1), 1.0)
    again = clone(emb).fit(DOMAINS).transform(DOMAINS)
    np.testing.assert_allclose(np.abs(again), np.abs(dense), atol=1e-10)  # random_state


def test_errors() -> None:
    with pytest.raises(NotFittedError):
        DomainEmbedder().transform(["a.com"])
    with pytest.raises(DAOError, match="at least two"):
        DomainEmbedder().fit(["a.com"])
