"""The estimators declare their parameters as dataclass fields; scikit-learn still sees them.

``get_params``, ``clone`` and the repr read the generated ``__init__``'s signature, so each
estimator must keep its parameter names, order and defaults; ``eq=False`` keeps identity
equality and hashing, ``repr=False`` scikit-learn's repr (only the changed parameters).
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone

from augury.dao.embedding import DomainEmbedder
from augury.dao.screening import Screener
from augury.guard.site.model import SiteModel
from augury.market.price_update import PriceUpdate
from augury.models.families.char_ngram import CharNgramAgent
from augury.models.families.ensemble import EnsembleAgent
from augury.models.families.list_lookup import ListLookupAgent
from augury.models.families.lookalike import LookalikeBoostingAgent
from augury.models.families.neighbours import NeighbourAgent
from augury.models.ngrams import CharNgrams

PARAMS: dict[type[BaseEstimator], dict[str, Any]] = {
    CharNgrams: {
        "ngram_range": (2, 5),
        "n_features": None,
        "min_df": 1,
        "tfidf": True,
        "dtype": np.float32,
    },
    CharNgramAgent: {"ngram_range": (2, 5), "C": 4.0, "min_df": 2, "random_state": 0},
    LookalikeBoostingAgent: {
        "max_iter": 300,
        "learning_rate": 0.08,
        "max_leaf_nodes": 31,
        "random_state": 0,
    },
    NeighbourAgent: {
        "n_neighbors": 15,
        "ngram_range": (3, 5),
        "n_features": 2**18,
        "smoothing": 0.5,
        "random_state": 0,
    },
    ListLookupAgent: {
        "tolerance": 2,
        "min_lookalikes": 3,
        "min_target_length": 5,
        "smoothing": 4.0,
        "listed_confidence": 0.98,
    },
    EnsembleAgent: {"members": None, "use_lists": True, "pooling": "log"},
    DomainEmbedder: {
        "ngram_range": (2, 5),
        "n_features": 2**18,
        "n_components": 64,
        "random_state": 0,
    },
    Screener: {
        "n_neighbors": 10,
        "near_duplicate_similarity": 0.8,
        "ood_quantile": 0.995,
        "noise_method": "confident-learning",
        "knn_threshold": 0.2,
        "trigger_min_support": 5,
        "trigger_min_rate": 0.5,
        "trigger_enrichment": 3.0,
        "alpha": 0.01,
        "C": 4.0,
        "cv": 5,
        "random_state": 0,
    },
    SiteModel: {
        "n_folds": 5,
        "C": 4.0,
        "word_C": 2.0,
        "max_iter": 200,
        "learning_rate": 0.05,
        "max_leaf_nodes": 15,
        "benign_weight": 1.0,
        "use_lists": True,
        "listed_confidence": 0.98,
        "random_state": 0,
    },
    PriceUpdate: {"prior": (1.0, 0.0), "alpha": 2.0, "max_self_weight": 3.0},
}


@pytest.mark.parametrize("cls", list(PARAMS), ids=lambda c: c.__name__)
def test_parameters_as_scikit_learn_sees_them(cls: type[BaseEstimator]) -> None:
    expected = PARAMS[cls]
    signature = inspect.signature(cls.__init__)
    assert list(signature.parameters)[1:] == list(expected)
    assert {n: p.default for n, p in list(signature.parameters.items())[1:]} == expected
    model = cls()
    assert model.get_params() == expected
    assert repr(model) == f"{cls.__name__}()"

    name, value = next((n, v) for n, v in expected.items() if isinstance(v, int | float))
    value = not value if isinstance(value, bool) else value + 1
    changed = cls(**{name: value})
    copy = clone(changed)
    assert copy is not changed and copy.get_params() == changed.get_params()
    assert getattr(copy, name) == value
    assert repr(copy) == f"{cls.__name__}({name}={value!r})"
    assert copy != changed and len({copy, changed}) == 2  # identity, as before


def test_keyword_only_parameters_stay_keyword_only() -> None:
    with pytest.raises(TypeError):
        CharNgrams((2, 4), 2**10)  # type: ignore[misc]
    assert CharNgrams((2, 4), n_features=2**10).n_features == 2**10
