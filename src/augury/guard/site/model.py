"""The phishing-domain model behind ``check_site``: text models stacked under a meta-learner.

Why not the market families' log pool (:class:`augury.models.EnsembleAgent`)? A fixed pool cannot
learn *when* a family is right: at a 1% false-positive rate it caught fewer than half of the
time split's new scams. Here a meta-learner weighs the text models by what they actually got
right on domains they had not seen, together with structural features none of them sees:

* **base learners** (:class:`BaseLearners`, each fitted on labelled domains only): logistic
  regression over character 2-5-grams of the host; over character n-grams of the registered
  *name* alone (a lure on a fresh subdomain or TLD keeps its name); over *words*, the name
  segmented into tokens learned from the training domains (``walletconnectsync`` ->
  ``wallet connect sync``) tagged by where they sit (subdomain or name) plus the suffix; and
  multinomial naive Bayes over character 3-5-gram counts (it trusts rare fragments that the
  regularised linear models shrink away). Then the class-balanced scam rate of the public
  suffix (TLD risk; hosting suffixes such as ``netlify.app``) and how often training saw it;
* **structure** (:func:`structure`): label counts, digits and hyphens in name and
  subdomain, a private hosting suffix, punycode, a bare apex, lure words in a subdomain.

The meta-learner is fitted on *out-of-fold* base features: the training domains are cut
into folds by registered domain (:func:`fold_ids`), each fold is scored by base learners
fitted on the other folds only, so the meta-learner sees the base learners' errors on
domains (and sites) they never saw, as a held-back domain will be. Two meta-learners are
averaged in log-odds: gradient-boosted trees (interactions: a lure word *and* a fresh
hosting suffix) and a logistic regression (smooth, which keeps single odd benign domains
from landing at 0.99). The training lists decide where they can (:class:`ListRules`).

Nothing here is fitted on anything but the training pairs given to :meth:`SiteModel.fit`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

from augury.cache import cache_key, cached
from augury.data.domains import host_parts, load_site_dataset, normalize_domain
from augury.models import (
    CharNgrams,
    DomainModel,
    ModelError,
    balanced_weights,
    boosted_trees,
    logits,
    sigmoid,
)

Array = npt.NDArray[np.float64]
_PIECE = re.compile(r"[a-z]+|[0-9]+")
#: Words that phishing lures put in a host (the issue's list). Only a structural count
#: (how many, and how many in a subdomain) uses it; the text models learn their own words.
LURE_WORDS = (
    "claim", "airdrop", "mint", "wallet", "connect", "reward", "bonus", "verify", "restore",
    "sync", "dapp", "portal", "gift", "giveaway", "support", "secure", "validat", "rectif",
    "migrat", "recover", "login", "official", "unlock", "whitelist", "presale",
)  # fmt: skip
STRUCTURE_NAMES = (
    "host_length", "name_length", "subdomain_length", "labels", "subdomain_labels",
    "name_digits", "subdomain_digits", "name_hyphens", "subdomain_hyphens", "hosting_suffix",
    "punycode", "www", "apex", "suffix_labels", "suffix_length", "lure_words",
    "lure_words_in_subdomain",
)  # fmt: skip
LEARNED_NAMES = (
    "char_lr", "name_lr", "word_lr", "char_nb", "suffix_scam_rate", "suffix_log_count",
)  # fmt: skip
FEATURE_NAMES = LEARNED_NAMES + STRUCTURE_NAMES


def structure(domains: Sequence[str]) -> Array:
    """Structural features of normalised hosts (:data:`STRUCTURE_NAMES`); nothing learned."""
    rows = []
    for d in domains:
        p = host_parts(d)
        sub, name = p.subdomain, p.name
        rows.append(
            [
                len(d), len(name), len(sub), d.count(".") + 1, sub.count(".") + 1 if sub else 0,
                sum(c.isdigit() for c in name), sum(c.isdigit() for c in sub), name.count("-"),
                sub.count("-"), float(p.is_private), float("xn--" in d), float(sub == "www"),
                float(sub == ""), p.suffix.count(".") + 1, len(p.suffix),
                sum(w in sub + name for w in LURE_WORDS), sum(w in sub for w in LURE_WORDS),
            ]
        )  # fmt: skip
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(STRUCTURE_NAMES))


@dataclass(frozen=True)
class Segmenter:
    """Splits run-together words by the cheapest sequence of known words (cost = -log of a
    word's share of the training tokens; an unknown letter costs more than any word), so
    ``metamaskwalletsync`` becomes ``metamask wallet sync`` once those words were seen alone."""

    cost: dict[str, float]
    unknown: float
    longest: int

    @classmethod
    def fit(cls, domains: Sequence[str], min_length: int = 3) -> Segmenter:
        counts: Counter[str] = Counter()
        for d in domains:
            p = host_parts(d)
            counts.update(w for w in _PIECE.findall(f"{p.subdomain}.{p.name}") if w.isalpha())
        total = sum(counts.values()) or 1
        cost = {w: math.log(total / c) for w, c in counts.items() if len(w) >= min_length}
        return cls(cost, math.log(total) + 3.0, max(map(len, cost), default=1))

    def split(self, word: str) -> list[str]:
        n = len(word)
        if n > 40:
            return [word]
        best = [0.0] + [math.inf] * n
        back = [0] * (n + 1)
        for j in range(1, n + 1):
            for i in range(max(0, j - self.longest), j):
                value = best[i] + self.cost.get(word[i:j], self.unknown * (j - i))
                if value < best[j]:
                    best[j], back[j] = value, i
        out, j = [], n
        while j > 0:
            out.append(word[back[j] : j])
            j = back[j]
        return out[::-1]


def word_document(domain: str, segmenter: Segmenter) -> str:
    """The host as words for a bag-of-words model: ``tld:io``, and each segmented word both
    alone (``w:wallet``) and tagged with where it sits (``s:`` subdomain, ``n:`` name)."""
    p = host_parts(domain)
    words = [f"tld:{p.suffix}"] + (["private"] if p.is_private else [])
    for tag, text in (("s", p.subdomain), ("n", p.name)):
        for piece in _PIECE.findall(text):
            if piece.isdigit():
                words.append(f"{tag}#digits")
                continue
            for w in segmenter.split(piece):
                words += [f"w:{w}", f"{tag}:{w}"]
    return " ".join(words)


class BaseLearners:
    """Every learned feature (:data:`LEARNED_NAMES`) of a host, fitted on labelled domains."""

    def __init__(self, C: float = 4.0, word_C: float = 2.0) -> None:
        self.C, self.word_C = C, word_C

    def fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> BaseLearners:
        self.char_ = self._char_tfidf().fit(domains)
        self.char_lr_ = self._logistic(self.C).fit(self.char_.transform(domains), labels)
        names = [host_parts(d).name for d in domains]
        self.name_ = self._char_tfidf().fit(names)
        self.name_lr_ = self._logistic(self.C).fit(self.name_.transform(names), labels)
        self.segmenter_ = Segmenter.fit(domains)
        docs = [word_document(d, self.segmenter_) for d in domains]
        self.words_ = TfidfVectorizer(
            token_pattern=r"\S+", lowercase=False, min_df=2, sublinear_tf=True, dtype=np.float32
        ).fit(docs)
        self.word_lr_ = self._logistic(self.word_C).fit(self.words_.transform(docs), labels)
        self.counts_ = CharNgrams((3, 5), min_df=2, tfidf=False, dtype=np.int64)
        grams = self.counts_.fit_transform(domains)
        self.nb_ = MultinomialNB(alpha=0.5, fit_prior=False).fit(grams, labels)
        pos: dict[str, float] = defaultdict(float)
        total: dict[str, float] = defaultdict(float)
        for d, y, w in zip(domains, labels, balanced_weights(labels), strict=True):
            suffix = host_parts(d).suffix
            total[suffix] += float(w)
            pos[suffix] += float(w) * int(y)
        # Class-balanced, smoothed toward even odds with 5 pseudo-examples (weights average 1).
        self.suffix_ = {s: ((pos[s] + 2.5) / (n + 5.0), n) for s, n in total.items()}
        return self

    @staticmethod
    def _char_tfidf() -> CharNgrams:
        return CharNgrams((2, 5), min_df=2)

    @staticmethod
    def _logistic(C: float) -> LogisticRegression:
        return LogisticRegression(C=C, class_weight="balanced", max_iter=3000)

    def transform(self, domains: list[str]) -> Array:
        names = [host_parts(d).name for d in domains]
        docs = [word_document(d, self.segmenter_) for d in domains]
        columns = [
            self.char_lr_.predict_proba(self.char_.transform(domains))[:, 1],
            self.name_lr_.predict_proba(self.name_.transform(names))[:, 1],
            self.word_lr_.predict_proba(self.words_.transform(docs))[:, 1],
            self.nb_.predict_proba(self.counts_.transform(domains))[:, 1],
        ]
        suffix = [self.suffix_.get(host_parts(d).suffix, (0.5, 0.0)) for d in domains]
        columns += [np.array([r for r, _ in suffix]), np.log1p([n for _, n in suffix])]
        return np.asarray(np.column_stack(columns), dtype=np.float64)


def fold_ids(
    domains: Sequence[str], n_folds: int, random_state: int | None
) -> npt.NDArray[np.int64]:
    """A fold per domain, every host of one registered domain (or hosting site) in the same
    fold: out-of-fold features then never come from a model that saw the same site."""
    sites = sorted({host_parts(d).registered for d in domains})
    order = np.random.default_rng(random_state).permutation(len(sites))
    fold_of = {sites[k]: i % n_folds for i, k in enumerate(order)}
    return np.array([fold_of[host_parts(d).registered] for d in domains], dtype=np.int64)


def out_of_fold(
    domains: list[str], labels: npt.NDArray[np.int64], folds: npt.NDArray[np.int64], **params: float
) -> Array:
    """Learned features of every training domain from base learners fitted without its fold."""
    out = np.zeros((len(domains), len(LEARNED_NAMES)))
    for f in np.unique(folds):
        train, held = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        if len(set(labels[train].tolist())) < 2:
            raise ModelError("every fold's complement needs both benign and scam domains")
        learners = BaseLearners(**params).fit(
            [domains[i] for i in train], np.asarray(labels[train], dtype=np.int64)
        )
        out[held] = learners.transform([domains[i] for i in held])
    return out


def _ancestors(domain: str) -> list[str]:
    labels = domain.split(".")
    return [".".join(labels[k:]) for k in range(1, len(labels))]


@dataclass(frozen=True)
class ListRules:
    """The training lists: a known domain (or a subdomain of a vouching benign one, or of a
    scam) is decided by them. A benign domain vouches for its subdomains only when it is a
    registrable site without scam subdomains in training: ``netlify.app`` (a hosting suffix)
    or ``typeform.com`` (hosts scam forms) vouch for themselves alone."""

    benign: frozenset[str]
    vouching: frozenset[str]
    scams: frozenset[str]

    @classmethod
    def fit(cls, domains: Sequence[str], labels: npt.NDArray[np.int64]) -> ListRules:
        scams = frozenset(d for d, y in zip(domains, labels, strict=True) if y == 1)
        benign = frozenset(d for d, y in zip(domains, labels, strict=True) if y == 0)
        hosts = {a for d in scams for a in _ancestors(d)}
        vouching = frozenset(d for d in benign if d not in hosts and host_parts(d).name)
        return cls(benign, vouching, scams)

    def verdict(self, domain: str) -> str:
        """``whitelist``, ``blacklist`` or ``unlisted`` (eth-phishing-detect's order)."""
        parents = _ancestors(domain)
        if domain in self.benign or any(a in self.vouching for a in parents):
            return "whitelist"
        if domain in self.scams or any(a in self.scams for a in parents):
            return "blacklist"
        return "unlisted"


@dataclass(eq=False, repr=False)
class SiteModel(DomainModel):
    """Stacked phishing-domain model (module doc): out-of-fold base learners and structure
    under averaged boosted-tree and logistic meta-learners, the training lists first."""

    n_folds: int = 5
    C: float = 4.0
    word_C: float = 2.0  # noqa: N815 (named after LogisticRegression's C, as the parameter was)
    max_iter: int = 200
    learning_rate: float = 0.05
    max_leaf_nodes: int = 15
    benign_weight: float = 1.0
    use_lists: bool = True
    listed_confidence: float = 0.98
    random_state: int | None = 0

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        if self.n_folds < 2:
            raise ModelError(f"n_folds must be at least 2, got {self.n_folds}")
        params = {"C": self.C, "word_C": self.word_C}
        folds = fold_ids(domains, self.n_folds, self.random_state)
        X = self._design(out_of_fold(domains, labels, folds, **params), domains)
        weights = balanced_weights(labels)
        weights[labels == 0] *= self.benign_weight
        self.trees_ = boosted_trees(
            self.max_iter, self.learning_rate, self.max_leaf_nodes, self.random_state
        ).fit(X, labels, sample_weight=weights)
        self.linear_ = Pipeline(
            [("scale", StandardScaler()), ("logistic", LogisticRegression(max_iter=3000))]
        ).fit(X, labels, logistic__sample_weight=weights)
        self.learners_ = BaseLearners(**params).fit(domains, labels)
        self.rules_ = ListRules.fit(domains, labels)

    @staticmethod
    def _design(learned: Array, domains: list[str]) -> Array:
        X = np.hstack([learned, structure(domains)])
        X[:, :4] = logits(X[:, :4])  # the four text models' probabilities as log-odds
        return X

    def _scam_proba(self, domains: list[str]) -> Array:
        X = self._design(self.learners_.transform(domains), domains)
        z = logits(self.trees_.predict_proba(X)[:, 1]) + logits(self.linear_.predict_proba(X)[:, 1])
        p = sigmoid(z / 2.0)
        if self.use_lists:
            verdicts = np.array([self.rules_.verdict(d) for d in domains])
            p[verdicts == "whitelist"] = 1.0 - self.listed_confidence
            p[verdicts == "blacklist"] = self.listed_confidence
        return np.asarray(p, dtype=np.float64)

    def predict_proba(self, X: Sequence[str]) -> Array:
        """As :meth:`DomainModel.predict_proba`, one thread, but with a thread-pool controller
        built once: building one scans the process's libraries, 3-6 ms, more than scoring a
        domain (``check_site`` scores one domain at a time)."""
        check_is_fitted(self, "classes_")
        domains = [normalize_domain(str(d)) for d in X]
        with _threadpools().limit(limits=1):
            p = np.clip(self._scam_proba(domains), 0.0, 1.0)
        return np.column_stack([1.0 - p, p])

    def verdicts(self, X: Sequence[str]) -> list[str]:
        """The training lists' verdict per domain or URL (:meth:`ListRules.verdict`)."""
        check_is_fitted(self, "rules_")
        return [self.rules_.verdict(normalize_domain(str(d))) for d in X]


@lru_cache(maxsize=1)
def _threadpools() -> ThreadpoolController:
    # Built on first use, after numpy's BLAS and scikit-learn's OpenMP are loaded.
    return ThreadpoolController()


@lru_cache(maxsize=4)
def site_model(random_state: int = 0) -> SiteModel:
    """The model ``check_site`` asks, fitted on the guard's labelled domains
    (:func:`augury.data.load_site_dataset`): trained on
    first use (about 20 s), then kept for the process and on disk (:mod:`augury.cache`,
    keyed by the package's sources and data and the library versions), so a later
    process, such as the next ``augury guard site``, loads it in well under a second.
    Deterministic for a given ``random_state``."""

    def build() -> SiteModel:
        data = load_site_dataset()
        fitted = SiteModel(random_state=random_state).fit(data.domains, data.labels)
        assert isinstance(fitted, SiteModel)
        return fitted

    key = cache_key("site_model", random_state, libraries=("scikit-learn", "numpy", "scipy"))
    model = cached("models", key, build)
    if not isinstance(model, SiteModel):
        model = build()
    return model
