"""Screening submitted examples against the accepted data before they are accepted.

A :class:`Screener` is fitted on the accepted (reference) data and then screens candidate
examples -- the pool of pending batches, screened together so that a coalition spreading a
backdoor over several batches still shows up. Five kinds of flag:

``duplicate``
    the domain is already accepted, or an earlier pending example holds it;
``near-duplicate``
    cosine similarity of char n-gram TF-IDF >= ``near_duplicate_similarity`` to an accepted
    or earlier pending example (informational: copies are handled by the valuation's
    duplicate rule, most near copies in phishing data are honest lookalike campaigns);
``label-noise``
    the given label disagrees with the data. *Confident learning* (Northcutt et al., JAIR
    2021): a classifier trained on the reference gives ``p_j`` per class; per-class thresholds
    ``t_j`` are the mean out-of-fold ``p_j`` of reference examples labelled ``j``; an example
    labelled ``i`` is flagged when some other class ``j`` has ``p_j >= t_j`` and is the most
    probable such class. *Neighbour disagreement*: the class-balanced share of its
    ``n_neighbors`` nearest reference examples with the given label is below
    ``knn_threshold``. ``noise_method`` picks one, or ``both`` (flag when both agree);
``out-of-distribution``
    its cosine distance (char n-gram TF-IDF) to its ``n_neighbors``-th nearest reference
    example is beyond the ``ood_quantile`` of the reference's own leave-one-out distances
    (informational);
``backdoor``
    a substring (a char 4-8-gram of the name) whose examples disagree with the reference
    model far more often than the pool does: at least ``trigger_min_support`` disagreements,
    a disagreement rate >= ``trigger_min_rate``, >= 90% of them towards one label, a
    one-sided binomial p-value (against the pool's disagreement rate) below ``alpha`` over
    the number of substrings tested (Bonferroni), and ``trigger_enrichment`` times more
    frequent in the pool than in the accepted data (a planted trigger is new). Candidates are
    taken most significant first and re-tested on the examples no trigger found so far
    explains (a greedy cover), so a trigger's fragments are not reported as triggers. Every
    example that holds a trigger and carries its target label is flagged.

:func:`augury.dao.challenges.screen_batches` turns these flags into challenges.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]
from scipy.stats import binom  # type: ignore[import-untyped]
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils.validation import check_is_fitted

from augury.dao.embedding import DomainEmbedder
from augury.dao.errors import DAOError
from augury.models import name_text

FlagKind = Literal["duplicate", "near-duplicate", "label-noise", "out-of-distribution", "backdoor"]
_ROWS = 512  # rows of a similarity block held densely at once


@dataclass(frozen=True)
class Flag:
    """Why example ``index`` (of the screened sequence) looks wrong; ``score`` in [0, 1]."""

    index: int
    domain: str
    label: int
    kind: FlagKind
    score: float
    detail: str


@dataclass(frozen=True)
class Trigger:
    """A substring the backdoor screen found: its examples push ``target_label``."""

    substring: str
    target_label: int
    support: int
    disagreements: int
    p_value: float


@dataclass(frozen=True)
class ScreeningReport:
    """Flags over ``n_examples`` screened examples, and the backdoor triggers found."""

    n_examples: int
    flags: tuple[Flag, ...]
    triggers: tuple[Trigger, ...]

    def flagged(self, kinds: Sequence[FlagKind] | None = None) -> npt.NDArray[np.bool_]:
        """Mask of the examples with at least one flag of ``kinds`` (all kinds by default)."""
        mask = np.zeros(self.n_examples, dtype=bool)
        for f in self.flags:
            if kinds is None or f.kind in kinds:
                mask[f.index] = True
        return mask


def _chunked_max_similarity(
    a: sp.csr_matrix, b: sp.csr_matrix, *, exclude_prefix: bool = False
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """For each row of ``a``: the largest cosine similarity to a row of ``b`` and its index.

    With ``exclude_prefix`` (``a is b``), row ``i`` only looks at rows ``j < i`` of ``b``.
    """
    best = np.full(a.shape[0], -1.0)
    where = np.full(a.shape[0], -1, dtype=np.int64)
    if b.shape[0] == 0:
        return best, where
    bt = b.T.tocsc()
    for start in range(0, a.shape[0], _ROWS):
        block = (a[start : start + _ROWS] @ bt).toarray()
        if exclude_prefix:
            rows = np.arange(start, start + block.shape[0])[:, None]
            block[np.arange(block.shape[1])[None, :] >= rows] = -1.0
        where[start : start + len(block)] = block.argmax(axis=1)
        best[start : start + len(block)] = block.max(axis=1)
    return best, where


def _top_similarities(
    a: sp.csr_matrix, b: sp.csr_matrix, k: int, *, exclude_self: bool = False
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """The ``k`` largest cosine similarities of each row of ``a`` to rows of ``b`` (descending)
    and their indices; with ``exclude_self`` (``a is b``) a row never counts itself."""
    k = max(1, min(k, b.shape[0] - (1 if exclude_self else 0)))
    sims = np.empty((a.shape[0], k))
    where = np.empty((a.shape[0], k), dtype=np.int64)
    bt = b.T.tocsc()
    for start in range(0, a.shape[0], _ROWS):
        block = (a[start : start + _ROWS] @ bt).toarray()
        if exclude_self:
            rows = np.arange(block.shape[0])
            block[rows, rows + start] = -np.inf
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(block, top, axis=1)
        order = np.argsort(-vals, axis=1, kind="stable")
        sims[start : start + len(block)] = np.take_along_axis(vals, order, axis=1)
        where[start : start + len(block)] = np.take_along_axis(top, order, axis=1)
    return sims, where


def duplicate_groups(
    domains: Sequence[str], embedder: DomainEmbedder, similarity: float = 0.9
) -> npt.NDArray[np.int64]:
    """Group ids (connected components) of domains linked by cosine similarity >= ``similarity``.

    Identical domains always share a group. The ids feed
    :func:`augury.dao.valuation.knn_shapley_deduplicated`.
    """
    x = embedder.sparse(domains)
    pairs_i: list[npt.NDArray[np.int64]] = []
    pairs_j: list[npt.NDArray[np.int64]] = []
    xt = x.T.tocsc()
    for start in range(0, x.shape[0], _ROWS):
        block = (x[start : start + _ROWS] @ xt).toarray()
        i, j = np.nonzero(block >= similarity - 1e-12)
        pairs_i.append(i + start)
        pairs_j.append(j)
    exact: dict[str, int] = {}
    same = [(i, exact.setdefault(d, i)) for i, d in enumerate(domains)]
    rows = np.concatenate([*pairs_i, np.array([p[0] for p in same], dtype=np.int64)])
    cols = np.concatenate([*pairs_j, np.array([p[1] for p in same], dtype=np.int64)])
    n = len(domains)
    graph = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


@dataclass(eq=False, repr=False)
class Screener(BaseEstimator):  # type: ignore[misc]
    """Fitted on accepted data (``fit`` returns ``self``); :meth:`screen` flags candidates."""

    n_neighbors: int = 10
    near_duplicate_similarity: float = 0.8
    ood_quantile: float = 0.995
    noise_method: Literal["confident-learning", "knn", "both"] = "confident-learning"
    knn_threshold: float = 0.2
    trigger_min_support: int = 5
    trigger_min_rate: float = 0.5
    trigger_enrichment: float = 3.0
    alpha: float = 0.01
    C: float = 4.0
    cv: int = 5
    random_state: int | None = 0

    def fit(self, domains: Sequence[str], labels: npt.ArrayLike) -> Screener:
        y = np.asarray(labels, dtype=np.int64)
        if len(domains) != len(y):
            raise DAOError(f"{len(domains)} reference domains but {len(y)} labels")
        if not np.isin(y, (0, 1)).all() or np.bincount(y, minlength=2).min() < self.cv:
            raise DAOError(f"reference needs labels 0/1 with >= {self.cv} examples of each")
        if self.noise_method not in ("confident-learning", "knn", "both"):
            raise DAOError(f"unknown noise_method {self.noise_method!r}")
        self.domains_ = list(domains)
        self.labels_ = y
        self.label_of_ = dict(zip(self.domains_, y.tolist(), strict=True))
        self.name_texts_ = [name_text(d) for d in self.domains_]
        self.embedder_ = DomainEmbedder(random_state=self.random_state).fit(self.domains_)
        self.sparse_ = self.embedder_.sparse(self.domains_)
        self.model_ = LogisticRegression(
            C=self.C, class_weight="balanced", solver="liblinear", random_state=self.random_state
        )
        folds = StratifiedKFold(self.cv, shuffle=True, random_state=self.random_state)
        oof = cross_val_predict(self.model_, self.sparse_, y, cv=folds, method="predict_proba")
        self.thresholds_ = np.array([oof[y == c, c].mean() for c in (0, 1)])
        self.model_.fit(self.sparse_, y)
        self.k_ = min(self.n_neighbors, len(y) - 1)
        sims, _ = _top_similarities(self.sparse_, self.sparse_, self.k_, exclude_self=True)
        self.ood_threshold_ = float(np.quantile(1.0 - sims[:, -1], self.ood_quantile))
        counts = np.bincount(y, minlength=2).astype(np.float64)
        self.class_weight_ = len(y) / (2.0 * counts)
        return self

    def screen(self, domains: Sequence[str], labels: npt.ArrayLike) -> ScreeningReport:
        """Flag candidate examples (domains already normalised, e.g. from a parsed batch)."""
        check_is_fitted(self, "model_")
        y = np.asarray(labels, dtype=np.int64)
        if len(domains) != len(y) or not np.isin(y, (0, 1)).all():
            raise DAOError("screen needs one 0/1 label per domain")
        domains = list(domains)
        flags: list[Flag] = []
        if not domains:
            return ScreeningReport(0, (), ())
        x = self.embedder_.sparse(domains)
        sims, near = _top_similarities(x, self.sparse_, self.k_)
        flags += self._duplicates(domains, y, x, sims[:, 0], near[:, 0])
        proba = self.model_.predict_proba(x)
        flags += self._label_noise(domains, y, proba, near)
        flags += self._out_of_distribution(domains, y, sims)
        backdoor, triggers = self._backdoor(domains, y, proba)
        flags += backdoor
        flags.sort(key=lambda f: (f.index, f.kind))
        return ScreeningReport(len(domains), tuple(flags), tuple(triggers))

    def _duplicates(
        self,
        domains: list[str],
        y: npt.NDArray[np.int64],
        x: sp.csr_matrix,
        ref_sim: npt.NDArray[np.float64],
        ref_at: npt.NDArray[np.int64],
    ) -> list[Flag]:
        out: list[Flag] = []
        first: dict[str, int] = {}
        for i, d in enumerate(domains):
            if d in self.label_of_:
                same = self.label_of_[d] == y[i]
                what = "same label" if same else f"accepted label {self.label_of_[d]}"
                out.append(Flag(i, d, int(y[i]), "duplicate", 1.0, f"already accepted ({what})"))
            elif d in first:
                out.append(
                    Flag(i, d, int(y[i]), "duplicate", 1.0, f"repeats pending example {first[d]}")
                )
            first.setdefault(d, i)
        own_sim, own_at = _chunked_max_similarity(x, x, exclude_prefix=True)
        exact = {f.index for f in out}
        for i in range(len(domains)):
            if i in exact:
                continue
            if ref_sim[i] >= self.near_duplicate_similarity and ref_sim[i] >= own_sim[i]:
                near = self.domains_[ref_at[i]]
            elif own_sim[i] >= self.near_duplicate_similarity:
                near = domains[own_at[i]]
            else:
                continue
            score = float(max(ref_sim[i], own_sim[i]))
            out.append(Flag(i, domains[i], int(y[i]), "near-duplicate", score, f"close to {near}"))
        return out

    def _label_noise(
        self,
        domains: list[str],
        y: npt.NDArray[np.int64],
        proba: npt.NDArray[np.float64],
        near: npt.NDArray[np.int64],
    ) -> list[Flag]:
        other = 1 - y
        rows = np.arange(len(y))
        p_other, p_own = proba[rows, other], proba[rows, y]
        t_other, t_own = self.thresholds_[other], self.thresholds_[y]
        cl = (p_other >= t_other) & ~((p_own >= t_own) & (p_own > p_other))
        w = self.class_weight_[self.labels_[near]]
        agree = (w * (self.labels_[near] == y[:, None])).sum(axis=1) / w.sum(axis=1)
        knn = agree < self.knn_threshold
        flagged = {"confident-learning": cl, "knn": knn, "both": cl & knn}[self.noise_method]

        def detail(i: int) -> str:
            said = f"model says P(label={other[i]})={p_other[i]:.2f}"
            return f"{said}; {agree[i]:.0%} of neighbours agree"

        score = np.maximum(p_other, 1.0 - agree)
        return _flags(domains, y, "label-noise", np.flatnonzero(flagged), score, detail)

    def _out_of_distribution(
        self, domains: list[str], y: npt.NDArray[np.int64], sims: npt.NDArray[np.float64]
    ) -> list[Flag]:
        far = 1.0 - sims[:, -1]

        def detail(i: int) -> str:
            return f"{self.k_}-th neighbour at distance {far[i]:.2f} > {self.ood_threshold_:.2f}"

        hits = np.flatnonzero(far > self.ood_threshold_)
        return _flags(domains, y, "out-of-distribution", hits, np.minimum(1.0, far), detail)

    def _novel(self, gram: str, pool_count: int, pool_size: int) -> bool:
        """Whether ``gram`` is at least ``trigger_enrichment`` times more frequent in the pool
        than in the accepted data: a planted trigger is new, a brand whose lookalikes are
        simply hard to label (``fulcrum``) is as common in the accepted data."""
        ref_count = sum(gram in text for text in self.name_texts_)
        ref_rate = (ref_count + 1) / (len(self.name_texts_) + 1)
        return pool_count / pool_size >= self.trigger_enrichment * ref_rate

    def _backdoor(
        self, domains: list[str], y: npt.NDArray[np.int64], proba: npt.NDArray[np.float64]
    ) -> tuple[list[Flag], list[Trigger]]:
        disagree = proba[np.arange(len(y)), y] < 0.5
        base = max(float(disagree.mean()), 1.0 / (len(y) + 1))
        holders: dict[str, list[int]] = defaultdict(list)
        for i, domain in enumerate(domains):
            for gram in _substrings(name_text(domain)):
                holders[gram].append(i)
        tested = []
        for gram, members in holders.items():
            d = int(disagree[members].sum())
            if d >= self.trigger_min_support and d / len(members) >= self.trigger_min_rate:
                p = float(binom.sf(d - 1, len(members), base))
                tested.append((p, -len(gram), gram, members))
        # Greedy cover, most significant first: each candidate is re-tested on the examples
        # no accepted trigger explains yet, so fragments of a trigger ("et-o" of "-okvqz")
        # and substrings riding on its examples drop out.
        tested.sort()
        bound = self.alpha / max(len(tested), 1)
        covered: set[int] = set()
        triggers: list[Trigger] = []
        for _, _, gram, members in tested:
            rest = [i for i in members if i not in covered]
            d = int(disagree[rest].sum())
            if d < self.trigger_min_support or d / len(rest) < self.trigger_min_rate:
                continue
            target, count = Counter(int(y[i]) for i in rest if disagree[i]).most_common(1)[0]
            p = float(binom.sf(d - 1, len(rest), base))
            if count < 0.9 * d or p >= bound or not self._novel(gram, len(members), len(y)):
                continue
            triggers.append(Trigger(gram, target, len(rest), d, p))
            covered.update(i for i in members if y[i] == target)
        flags: dict[int, Flag] = {}
        for t in triggers:
            for i in holders[t.substring]:
                if y[i] == t.target_label and i not in flags:
                    detail = f"holds trigger {t.substring!r} ({t.disagreements}/{t.support})"
                    flags[i] = Flag(i, domains[i], int(y[i]), "backdoor", 1.0 - t.p_value, detail)
        return list(flags.values()), triggers


def _flags(
    domains: list[str],
    y: npt.NDArray[np.int64],
    kind: FlagKind,
    hits: npt.NDArray[np.intp],
    score: npt.NDArray[np.float64],
    detail: Callable[[int], str],
) -> list[Flag]:
    """One ``kind`` flag per index in ``hits``, scored ``score[i]``: how a screen that
    tests every example at once (label noise, out of distribution) reports the ones that
    fail, each flag naming the example's domain and label as the batch gives them."""
    return [
        Flag(int(i), domains[i], int(y[i]), kind, float(score[i]), detail(int(i))) for i in hits
    ]


def _substrings(text: str, lengths: tuple[int, int] = (4, 8)) -> set[str]:
    return {
        text[a : a + n]
        for n in range(lengths[0], lengths[1] + 1)
        for a in range(len(text) - n + 1)
        if "." not in text[a : a + n]
    }
