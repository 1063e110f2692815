"""Lexical features of domain names for the phishing-domain agents.

Two kinds: fixed ones computed from the name alone (length, digits, entropy, hosting
suffix, punycode...) and learned ones that need a :class:`LureVocabulary` fitted on training
pairs: the scam rate of the public suffix, how many training hosts share the registered
domain, and how close the name comes to the tokens that training scams use (``airdrop``,
``wallet``, brand names) or that benign sites use. The vocabulary is learned from the training
data only, so a brand that training never saw is found, if at all, through its lures and
shape, never through a list written into the code.

:func:`lexical_features_reference` computes the same matrix one domain at a time with plain
Python edit distances; :func:`lexical_features` batches the fuzzy matching with
``rapidfuzz.process.cdist`` and is tested against it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from augury.data.domains import host_parts
from augury.data.phishing import levenshtein_reference

_SPLIT = re.compile(r"[.\-_0-9]+")
_VOWELS = frozenset("aeiou")

FEATURE_NAMES: tuple[str, ...] = (
    "host_length",
    "name_length",
    "labels",
    "subdomain_labels",
    "digits",
    "hyphens",
    "digit_ratio",
    "name_entropy",
    "vowel_ratio",
    "longest_consonant_run",
    "hosting_suffix",
    "punycode",
    "www",
    "suffix_scam_rate",
    "suffix_log_count",
    "registered_log_hosts",
    "lure_best_partial",
    "lure_tokens_contained",
    "lure_nearest_edit",
    "benign_best_partial",
    "tokens",
    "longest_token",
    "target_distance",
    "target_contained",
    "target_best_partial",
)

#: Largest edit distance to a protected target that the features tell apart (more is "far").
TARGET_CUTOFF = 4


def fuzzy_form(domain: str) -> str:
    """eth-phishing-detect's fuzzy form: every label but the TLD, first ``www.`` removed."""
    return ".".join(domain.split(".")[:-1]).replace("www.", "", 1)


def learn_targets(
    benign: Sequence[str],
    scams: Sequence[str],
    *,
    tolerance: int = 2,
    min_lookalikes: int = 3,
    min_length: int = 5,
) -> tuple[str, ...]:
    """Benign domains that scams imitate: a data-learned eth-phishing-detect fuzzylist.

    A benign domain is a target when at least ``min_lookalikes`` scams have a fuzzy form
    within ``tolerance`` edits of its own (of at least ``min_length`` characters). Most
    imitated first; a candidate within ``tolerance`` of a target already taken is skipped, so
    near-namesakes of a brand do not become targets themselves.
    """
    candidates = [d for d in benign if len(fuzzy_form(d)) >= min_length]
    forms = [fuzzy_form(d) for d in candidates]
    scam_forms = [fuzzy_form(d) for d in scams]
    hits = np.zeros(len(forms), dtype=np.int64)
    for start in range(0, len(forms), 256):
        block = process.cdist(
            forms[start : start + 256],
            scam_forms,
            scorer=Levenshtein.distance,
            score_cutoff=tolerance,
            dtype=np.int32,
        )
        hits[start : start + 256] = (block <= tolerance).sum(axis=1)
    targets: list[str] = []
    taken: list[str] = []
    for i in sorted(np.flatnonzero(hits >= min_lookalikes), key=lambda i: (-hits[i], i)):
        if all(Levenshtein.distance(forms[i], t) > tolerance for t in taken):
            targets.append(candidates[i])
            taken.append(forms[i])
    return tuple(targets)


def name_text(domain: str) -> str:
    """The part of a host a person reads as its name: subdomains and name, no public suffix."""
    parts = host_parts(domain)
    return f"{parts.subdomain}.{parts.name}" if parts.subdomain else parts.name


def tokens(domain: str) -> list[str]:
    """Word-like pieces of the name: split at dots, hyphens, underscores and digits."""
    return [t for t in _SPLIT.split(name_text(domain)) if t]


@dataclass(frozen=True)
class LureVocabulary:
    """What the learned features need from the training data (see :meth:`fit`)."""

    lure: tuple[str, ...]
    benign: tuple[str, ...]
    suffix_rate: dict[str, float]
    suffix_count: dict[str, int]
    registered_hosts: dict[str, int]
    prior: float
    targets: tuple[str, ...] = ()

    @property
    def target_forms(self) -> list[str]:
        return [fuzzy_form(t) for t in self.targets]

    @classmethod
    def fit(
        cls,
        domains: Sequence[str],
        labels: npt.NDArray[np.int64],
        *,
        max_tokens: int = 120,
        min_count: int = 3,
        smoothing: float = 5.0,
    ) -> LureVocabulary:
        """Learn lure and benign tokens and suffix statistics from labelled training domains.

        A token (>= 4 letters) is a *lure* when it occurs in at least ``min_count`` scam
        domains and its class-balanced scam share beats 0.5; *benign* tokens likewise. The
        ``max_tokens`` most frequent of each are kept. Rates are class-balanced and smoothed
        toward 0.5 with ``smoothing`` pseudo-counts.
        """
        y = np.asarray(labels)
        n_pos = max(int(y.sum()), 1)
        n_neg = max(len(y) - int(y.sum()), 1)
        w_pos, w_neg = 0.5 / n_pos, 0.5 / n_neg
        token_pos: Counter[str] = Counter()
        token_neg: Counter[str] = Counter()
        suffix_pos: Counter[str] = Counter()
        suffix_neg: Counter[str] = Counter()
        registered: Counter[str] = Counter()
        for domain, label in zip(domains, y, strict=True):
            parts = host_parts(domain)
            words = {t for t in tokens(domain) if len(t) >= 4}
            (token_pos if label else token_neg).update(words)
            (suffix_pos if label else suffix_neg).update([parts.suffix])
            registered.update([parts.registered])

        def share(pos: int, neg: int) -> float:
            return (pos * w_pos) / (pos * w_pos + neg * w_neg)

        lure = [t for t, c in token_pos.items() if c >= min_count and share(c, token_neg[t]) > 0.5]
        benign = [
            t for t, c in token_neg.items() if c >= min_count and share(token_pos[t], c) < 0.5
        ]
        lure.sort(key=lambda t: (-token_pos[t], t))
        benign.sort(key=lambda t: (-token_neg[t], t))
        suffixes = set(suffix_pos) | set(suffix_neg)
        rate = {}
        for s in suffixes:
            p, n = suffix_pos[s] * w_pos, suffix_neg[s] * w_neg
            # Pseudo-counts are in units of an average example (weight 1 / len(y)).
            m = smoothing / len(y)
            rate[s] = (p + 0.5 * m) / (p + n + m)
        return cls(
            lure=tuple(lure[:max_tokens]),
            benign=tuple(benign[:max_tokens]),
            suffix_rate=rate,
            suffix_count={s: suffix_pos[s] + suffix_neg[s] for s in suffixes},
            registered_hosts=dict(registered),
            prior=0.5,
            targets=learn_targets(
                [d for d, v in zip(domains, y, strict=True) if not v],
                [d for d, v in zip(domains, y, strict=True) if v],
            ),
        )


def _entropy(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _consonant_run(text: str) -> int:
    best = run = 0
    for ch in text:
        run = run + 1 if ch.isalpha() and ch not in _VOWELS else 0
        best = max(best, run)
    return best


def _fixed(domain: str, vocab: LureVocabulary) -> list[float]:
    """Features that need no fuzzy matching (indices 0-15 and 20-21 of FEATURE_NAMES)."""
    parts = host_parts(domain)
    name = parts.name
    letters = [c for c in name if c.isalpha()]
    words = tokens(domain)
    return [
        len(domain),
        len(name),
        domain.count(".") + 1,
        parts.subdomain.count(".") + 1 if parts.subdomain else 0,
        sum(c.isdigit() for c in domain),
        domain.count("-"),
        sum(c.isdigit() for c in name) / max(len(name), 1),
        _entropy(name),
        sum(c in _VOWELS for c in letters) / max(len(letters), 1),
        _consonant_run(name),
        float(parts.is_private),
        float("xn--" in domain),
        float(domain.startswith("www.")),
        vocab.suffix_rate.get(parts.suffix, vocab.prior),
        math.log1p(vocab.suffix_count.get(parts.suffix, 0)),
        math.log1p(vocab.registered_hosts.get(parts.registered, 0)),
        len(words),
        max((len(t) for t in words), default=0),
    ]


def _assemble(fixed: list[float], fuzzy: list[float]) -> list[float]:
    return fixed[:16] + fuzzy[:4] + fixed[16:] + fuzzy[4:]


def _target_reference(domain: str, vocab: LureVocabulary) -> list[float]:
    form = fuzzy_form(domain)
    text = name_text(domain).replace(".", "")
    forms = vocab.target_forms
    distances = [
        levenshtein_reference(form, f)
        for f, target in zip(forms, vocab.targets, strict=True)
        if target != domain  # a target is not its own lookalike
    ]
    distance = min(distances, default=TARGET_CUTOFF + 1)
    names = [t.replace(".", "") for t in forms]
    contained = any(t in text and form != f for t, f in zip(names, forms, strict=True))
    partial = max((fuzz.partial_ratio(text, t) for t in names), default=0.0)
    return [float(min(distance, TARGET_CUTOFF + 1)), float(contained), partial / 100.0]


def lexical_features_reference(
    domains: Sequence[str], vocab: LureVocabulary
) -> npt.NDArray[np.float64]:
    """The feature matrix, one domain and one vocabulary token at a time (slow; for tests)."""
    rows = []
    for domain in domains:
        text = name_text(domain).replace(".", "")
        words = [t for t in tokens(domain) if len(t) >= 4]
        lure_partial = max((fuzz.partial_ratio(text, t) for t in vocab.lure), default=0.0)
        contained = sum(t in text for t in vocab.lure)
        nearest = 1.0
        for w in words:
            for t in vocab.lure:
                d = levenshtein_reference(w, t)
                if 0 < d <= 2:
                    nearest = min(nearest, d / max(len(t), 1))
        benign_partial = max((fuzz.partial_ratio(text, t) for t in vocab.benign), default=0.0)
        fuzzy = [lure_partial / 100.0, float(contained), nearest, benign_partial / 100.0]
        fuzzy += _target_reference(domain, vocab)
        rows.append(_assemble(_fixed(domain, vocab), fuzzy))
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))


def lexical_features(domains: Sequence[str], vocab: LureVocabulary) -> npt.NDArray[np.float64]:
    """The feature matrix (rows = ``domains``, columns = :data:`FEATURE_NAMES`), batched."""
    n = len(domains)
    texts = [name_text(d).replace(".", "") for d in domains]
    out = np.empty((n, len(FEATURE_NAMES)), dtype=np.float64)
    for i, d in enumerate(domains):
        fixed = _fixed(d, vocab)
        out[i, :16] = fixed[:16]
        out[i, 20:22] = fixed[16:]
    if n == 0:
        return out
    lure, benign = list(vocab.lure), list(vocab.benign)
    if lure:
        partial = process.cdist(texts, lure, scorer=fuzz.partial_ratio, dtype=np.float32)
        out[:, 16] = partial.max(axis=1) / 100.0
        out[:, 17] = [sum(t in text for t in lure) for text in texts]
        # Typosquats: a word within 1-2 edits of a lure token (but not equal to it).
        words = [[t for t in tokens(d) if len(t) >= 4] for d in domains]
        flat = [w for ws in words for w in ws]
        nearest = np.ones(n)
        if flat:
            dist = process.cdist(flat, lure, scorer=Levenshtein.distance, score_cutoff=2)
            lengths = np.array([len(t) for t in lure], dtype=np.float64)
            ratio = np.where((dist > 0) & (dist <= 2), dist / lengths, 1.0).min(axis=1)
            owner = np.repeat(np.arange(n), [len(ws) for ws in words])
            np.minimum.at(nearest, owner, ratio)
        out[:, 18] = nearest
    else:
        out[:, 16], out[:, 17], out[:, 18] = 0.0, 0.0, 1.0
    if benign:
        partial_b = process.cdist(texts, benign, scorer=fuzz.partial_ratio, dtype=np.float32)
        out[:, 19] = partial_b.max(axis=1) / 100.0
    else:
        out[:, 19] = 0.0
    _target_features(domains, texts, vocab, out)
    return out


def _target_features(
    domains: Sequence[str], texts: list[str], vocab: LureVocabulary, out: npt.NDArray[np.float64]
) -> None:
    forms = vocab.target_forms
    if not forms:
        out[:, 22], out[:, 23], out[:, 24] = TARGET_CUTOFF + 1, 0.0, 0.0
        return
    own = [fuzzy_form(d) for d in domains]
    dist = process.cdist(own, forms, scorer=Levenshtein.distance, score_cutoff=TARGET_CUTOFF)
    position = {t: j for j, t in enumerate(vocab.targets)}
    for i, d in enumerate(domains):
        if d in position:
            dist[i, position[d]] = TARGET_CUTOFF + 1
    out[:, 22] = dist.min(axis=1)
    names = [t.replace(".", "") for t in forms]
    out[:, 23] = [
        any(t in text and o != f for t, f in zip(names, forms, strict=True))
        for text, o in zip(texts, own, strict=True)
    ]
    partial = process.cdist(texts, names, scorer=fuzz.partial_ratio, dtype=np.float32)
    out[:, 24] = partial.max(axis=1) / 100.0
