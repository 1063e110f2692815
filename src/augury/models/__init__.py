"""The shared phishing-domain ML library: one estimator contract, its features, families.

The market's traders, the guard's site model, the judge and the DAO all learn "is this
domain a scam?" from the same labelled domains, so they share one library:

* :mod:`~augury.models.base` — :class:`DomainModel`, the scikit-learn contract every
  model over raw domain strings follows, and :class:`ModelError`;
* :mod:`~augury.models.ngrams` — :class:`CharNgrams`, the one character n-gram featurizer;
* :mod:`~augury.models.features` — lexical features and the learned :class:`LureVocabulary`;
* :mod:`~augury.models.metrics` — Brier score, ROC AUC, calibration and its plot;
* :mod:`~augury.models.link` — :func:`logit` / :func:`logits` / :func:`sigmoid`;
* :mod:`~augury.models.families` — the registry of model families (name -> factory),
  and one module per family.

It depends on :mod:`augury.data` and :mod:`augury.errors` only, never on a capability
(market, guard, judge, dao) or the chain. Import names from here; submodules load on
first use, so ``import augury.models`` does not pull in scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from augury.models.base import (
        DomainModel,
        ModelError,
        balanced_weights,
        training_pairs,
    )
    from augury.models.families import Family, build, names, pooled_models, register, registered
    from augury.models.families.char_ngram import CharNgramAgent
    from augury.models.families.ensemble import EnsembleAgent, lists_first, log_pool, pool
    from augury.models.families.list_lookup import ListLookupAgent
    from augury.models.families.lookalike import LookalikeBoostingAgent, boosted_trees
    from augury.models.families.neighbours import NeighbourAgent
    from augury.models.features import (
        FEATURE_NAMES,
        LureVocabulary,
        fuzzy_form,
        learn_targets,
        lexical_features,
        lexical_features_reference,
        name_text,
        tokens,
    )
    from augury.models.link import EPS, logit, logits, sigmoid
    from augury.models.metrics import auc, brier, calibration, calibration_plot
    from augury.models.ngrams import CharNgrams

_HOME = {
    "augury.models.base": (
        "DomainModel", "ModelError", "balanced_weights", "training_pairs",
    ),
    "augury.models.families": (
        "Family", "build", "names", "pooled_models", "register", "registered",
    ),
    "augury.models.families.char_ngram": ("CharNgramAgent",),
    "augury.models.families.ensemble": ("EnsembleAgent", "lists_first", "log_pool", "pool"),
    "augury.models.families.list_lookup": ("ListLookupAgent",),
    "augury.models.families.lookalike": ("LookalikeBoostingAgent", "boosted_trees"),
    "augury.models.families.neighbours": ("NeighbourAgent",),
    "augury.models.features": (
        "FEATURE_NAMES", "LureVocabulary", "fuzzy_form", "learn_targets", "lexical_features",
        "lexical_features_reference", "name_text", "tokens",
    ),
    "augury.models.link": ("EPS", "logit", "logits", "sigmoid"),
    "augury.models.metrics": ("auc", "brier", "calibration", "calibration_plot"),
    "augury.models.ngrams": ("CharNgrams",),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}
__all__ = [
    "EPS",
    "FEATURE_NAMES",
    "CharNgramAgent",
    "CharNgrams",
    "DomainModel",
    "EnsembleAgent",
    "Family",
    "ListLookupAgent",
    "LookalikeBoostingAgent",
    "LureVocabulary",
    "ModelError",
    "NeighbourAgent",
    "auc",
    "balanced_weights",
    "boosted_trees",
    "brier",
    "build",
    "calibration",
    "calibration_plot",
    "fuzzy_form",
    "learn_targets",
    "lexical_features",
    "lexical_features_reference",
    "lists_first",
    "log_pool",
    "logit",
    "logits",
    "name_text",
    "names",
    "pool",
    "pooled_models",
    "register",
    "registered",
    "sigmoid",
    "tokens",
    "training_pairs",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value
