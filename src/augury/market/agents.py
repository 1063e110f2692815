"""Phishing-domain agents: four model families that trade in the scam markets.

Each family is a scikit-learn estimator over raw domain strings (see
:mod:`augury.market.domain_model` for the contract) and looks at a domain differently:

* :class:`CharNgramAgent` -- a linear model (logistic regression) over TF-IDF weighted
  character 2-5-grams of the host: learns which spellings and fragments scams use;
* :class:`LookalikeBoostingAgent` -- gradient-boosted trees over hand-made lexical features
  and edit-distance features to the lure and brand tokens learned from training scams
  (:mod:`augury.market.features`): finds typosquats and lure words;
* :class:`NeighbourAgent` -- k nearest neighbours by cosine similarity of hashed character
  n-gram TF-IDF vectors: an instance-based vote of the most similar known domains;
* :class:`~augury.market.list_lookup.ListLookupAgent` -- eth-phishing-detect's list rules
  learned from the training pairs, backed off to the reputation of parent domains.

:class:`DomainAgent` wraps one for a market: ``predict(domain) -> P(scam)`` and
``retrain(revealed)`` on the base training data plus jury-revealed outcomes.
:func:`site_model` is the model ``check_site`` uses, trained once per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors

from augury.data.domains import DomainDataset, load_domain_dataset
from augury.market.domain_model import AgentError, DomainModel, balanced_weights
from augury.market.features import LureVocabulary, lexical_features
from augury.market.list_lookup import ListLookupAgent

__all__ = [
    "AgentError",
    "CharNgramAgent",
    "DomainAgent",
    "EnsembleAgent",
    "ListLookupAgent",
    "LookalikeBoostingAgent",
    "NeighbourAgent",
    "default_agents",
    "lists_first",
    "log_pool",
    "pool",
    "site_model",
]


class CharNgramAgent(DomainModel):
    """Logistic regression over character n-grams (``analyzer='char_wb'``) of the host."""

    def __init__(
        self,
        ngram_range: tuple[int, int] = (2, 5),
        C: float = 4.0,
        min_df: int = 2,
        random_state: int | None = 0,
    ) -> None:
        self.ngram_range = ngram_range
        self.C = C
        self.min_df = min_df
        self.random_state = random_state

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self.ngram_range,
            min_df=self.min_df,
            sublinear_tf=True,
            dtype=np.float32,
        )
        X = self.vectorizer_.fit_transform(domains)
        self.model_ = LogisticRegression(
            C=self.C, class_weight="balanced", max_iter=2000, random_state=self.random_state
        ).fit(X, labels)

    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        proba = self.model_.predict_proba(self.vectorizer_.transform(domains))
        return np.asarray(proba[:, 1], dtype=np.float64)


class LookalikeBoostingAgent(DomainModel):
    """Histogram gradient boosting over :func:`~augury.market.features.lexical_features`."""

    def __init__(
        self,
        max_iter: int = 300,
        learning_rate: float = 0.08,
        max_leaf_nodes: int = 31,
        random_state: int | None = 0,
    ) -> None:
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.random_state = random_state

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        self.vocabulary_ = LureVocabulary.fit(domains, labels)
        X = lexical_features(domains, self.vocabulary_)
        self.model_ = HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            l2_regularization=1.0,
            random_state=self.random_state,
        ).fit(X, labels, sample_weight=balanced_weights(labels))

    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        proba = self.model_.predict_proba(lexical_features(domains, self.vocabulary_))
        return np.asarray(proba[:, 1], dtype=np.float64)


class NeighbourAgent(DomainModel):
    """Distance-weighted vote of the ``n_neighbors`` most similar training domains.

    Domains become TF-IDF vectors of hashed character 3-5-grams (no vocabulary to store, so
    refitting on more data costs one pass); similarity is cosine. Votes are class-balanced
    and smoothed with ``smoothing`` pseudo-votes at 0.5, so an isolated domain far from
    everything gets a probability near one half rather than a confident guess.
    """

    def __init__(
        self,
        n_neighbors: int = 15,
        ngram_range: tuple[int, int] = (3, 5),
        n_features: int = 2**18,
        smoothing: float = 0.5,
        random_state: int | None = 0,
    ) -> None:
        self.n_neighbors = n_neighbors
        self.ngram_range = ngram_range
        self.n_features = n_features
        self.smoothing = smoothing
        self.random_state = random_state

    def _vectorizer(self) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer="char_wb",
            ngram_range=self.ngram_range,
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        counts = self._vectorizer().transform(domains)
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        X = self.tfidf_.transform(counts)
        k = min(self.n_neighbors, len(domains))
        self.index_ = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(X)
        self.labels_ = labels
        self.weights_ = balanced_weights(labels)

    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        X = self.tfidf_.transform(self._vectorizer().transform(domains))
        distance, index = self.index_.kneighbors(X)
        similarity = np.clip(1.0 - distance, 0.0, 1.0) * self.weights_[index]
        scam = (similarity * self.labels_[index]).sum(axis=1)
        total = similarity.sum(axis=1)
        return np.asarray(
            (scam + 0.5 * self.smoothing) / (total + self.smoothing), dtype=np.float64
        )


def pool(beliefs: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Combine P(scam) rows of several models (shape ``models x domains``) into one.

    The plain mean: with log-utility (Kelly) traders and a market maker, the long-run price
    is the wealth-weighted mean of their beliefs, so with equal wealth the mean is what a
    market of these agents would quote, computed without running one.
    """
    return np.asarray(np.mean(np.asarray(beliefs, dtype=np.float64), axis=0), dtype=np.float64)


def log_pool(beliefs: npt.ArrayLike, eps: float = 1e-4) -> npt.NDArray[np.float64]:
    """Logarithmic opinion pool: the sigmoid of the mean log-odds (beliefs clipped to
    ``[eps, 1 - eps]``). Unlike :func:`pool`, one confident model is not averaged away by
    three unsure ones; on the held-back splits it ranks scams better (docs/benchmarks.md)."""
    p = np.clip(np.asarray(beliefs, dtype=np.float64), eps, 1.0 - eps)
    z = np.mean(np.log(p) - np.log1p(-p), axis=0)
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def lists_first(
    pooled: npt.ArrayLike, verdicts: Sequence[str], confidence: float = 0.98
) -> npt.NDArray[np.float64]:
    """``pooled`` P(scam), overridden where the allow/block lists decide (``verdicts`` from
    :meth:`ListLookupAgent.verdicts`): a listed domain, or a subdomain of one, is known, and
    the models' guesses are for domains the lists have never seen. Fuzzy matches do not
    override: on this data they flag legitimate near-namesakes more often than scams."""
    out = np.array(pooled, dtype=np.float64)
    kinds = np.asarray(verdicts)
    out[kinds == "whitelist"] = 1.0 - confidence
    out[kinds == "blacklist"] = confidence
    return out


class EnsembleAgent(DomainModel):
    """Its members' P(scam) pooled (``pooling``: ``"log"`` for :func:`log_pool`, ``"linear"``
    for :func:`pool`); with ``use_lists`` (and a :class:`ListLookupAgent` among the
    members), :func:`lists_first` on top."""

    def __init__(
        self,
        members: Sequence[DomainModel] | None = None,
        use_lists: bool = True,
        pooling: str = "log",
    ) -> None:
        self.members = members
        self.use_lists = use_lists
        self.pooling = pooling

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        if self.pooling not in ("log", "linear"):
            raise AgentError(f"pooling must be 'log' or 'linear', got {self.pooling!r}")
        members = self.members if self.members is not None else _families(0)
        self.members_ = [m.fit(domains, labels) for m in members]

    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        beliefs = [m.predict_proba(domains)[:, 1] for m in self.members_]
        pooled = log_pool(beliefs) if self.pooling == "log" else pool(beliefs)
        lookup = next((m for m in self.members_ if isinstance(m, ListLookupAgent)), None)
        if not self.use_lists or lookup is None:
            return pooled
        return lists_first(pooled, lookup.verdicts(domains), lookup.listed_confidence)


def _families(random_state: int) -> list[DomainModel]:
    return [
        CharNgramAgent(random_state=random_state),
        LookalikeBoostingAgent(random_state=random_state),
        NeighbourAgent(random_state=random_state),
        ListLookupAgent(),
    ]


@dataclass
class DomainAgent:
    """A market participant: one model plus the base data it retrains from.

    ``retrain(revealed)`` refits on the base data plus every outcome revealed so far (only
    what the jury resolved: unresolved markets teach nothing).
    """

    name: str
    model: DomainModel
    base: DomainDataset
    revealed: list[tuple[str, int]] = field(default_factory=list)

    def fit(self) -> DomainAgent:
        self.model.fit(self.base.domains, self.base.labels, extra=self.revealed)
        return self

    def predict(self, domain: str) -> float:
        """P(scam) that ``domain`` is a phishing site, in [0, 1]."""
        return self.model.scam_probability(domain)

    def predict_many(self, domains: Sequence[str]) -> npt.NDArray[np.float64]:
        return np.asarray(self.model.predict_proba(domains)[:, 1], dtype=np.float64)

    def retrain(self, revealed: Iterable[tuple[str, int]]) -> DomainAgent:
        self.revealed.extend((str(d), int(label)) for d, label in revealed)
        return self.fit()


def default_agents(
    base: DomainDataset, random_state: int = 0, only: str | None = None
) -> list[DomainAgent]:
    """One fitted agent of each family (or of the family ``only``), trained on ``base``."""
    names = ("char-ngram", "lookalike-gbm", "neighbours", "list-lookup")
    if len(set(base.labels.tolist())) < 2:
        raise AgentError("base training data needs both benign and scam domains")
    if only is not None and only not in names:
        raise AgentError(f"unknown agent family {only!r}: use {', '.join(names)}")
    return [
        DomainAgent(name, model, base).fit()
        for name, model in zip(names, _families(random_state), strict=True)
        if only is None or name == only
    ]


@lru_cache(maxsize=4)
def site_model(random_state: int = 0) -> DomainModel:
    """The model ``check_site`` asks: the allow/block lists first, else the four families'
    :func:`log_pool` (:class:`EnsembleAgent`), trained on every vendored labelled domain.
    Trained on first use and cached for the process (about 20 s on a busy 2-core machine);
    deterministic for a given ``random_state``."""
    data = load_domain_dataset()
    return EnsembleAgent(_families(random_state)).fit(data.domains, data.labels)
