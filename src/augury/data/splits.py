"""Train / held-back splits of the labelled domains, built so that the held-back part is new.

Four kinds, all deterministic under ``random_state``:

``random``
    stratified by label; the optimistic baseline (near-duplicates straddle the split).
``time``
    the newest ``test_size`` of the blacklist (its top: the list is newest-first) is held
    back, so every held-back scam is newer than every training scam. The benign lists carry
    no dates, so their held-back share is drawn at random per source list.
``forward``
    a real hold-out in time: every list entry (blacklist or whitelist) that MetaMask's list
    gained after the 1.2.0 release is held back -- on :func:`augury.data.load_site_dataset`,
    whose list is the August 2022 one, that is 1,659 scams and 29 legitimate domains -- with a
    ``test_size`` share of each undated benign source (chain, project, exchange and top
    sites) drawn at random. Training is exactly what the 1.2.0 list knew, plus the rest of
    those benign sources. ``test_size`` does not set the scam share here: the dates do.
``novel``
    whole *groups* are held back, so training never sees a held-back brand, registered domain
    or hosting suffix. A domain's group is the first of: the targeted brand it imitates (a
    fuzzy substring match, see :data:`SPLIT_BRANDS`), the private hosting suffix it lives on
    (``netlify.app``), its registered domain. Groups are taken in random order until each
    class has about ``test_size`` of its domains held back; groups too big to fit stay in
    training. A lure for a held-back brand may sit on a shared host whose other sites are in
    training groups; such training domains (about 2%) are *dropped* (``DomainSplit.dropped``)
    so that no registered domain or hosting suffix is on both sides.

:data:`SPLIT_BRANDS` is used for splitting only, never as a model feature: the models must
find lookalikes of brands they have never been told about.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

from augury.data.domains import DomainDataset, host_parts, normalize_domain
from augury.data.errors import DataError, UnknownSplitError
from augury.data.phishing import load_phishing_list

SplitKind = Literal["random", "time", "forward", "novel"]
#: The list sources a dataset's entries come from; the ``forward`` split dates them.
LIST_SOURCES = ("blacklist", "whitelist", "fuzzylist")

#: Brands that the blacklist's lures imitate most (from the frequent tokens of the list), plus
#: the fuzzylist's brands. Longest first so that ``localbitcoins`` wins over ``bitcoin``.
SPLIT_BRANDS: tuple[str, ...] = tuple(
    sorted(
        {
            "myetherwallet",
            "mycrypto",
            "metamask",
            "binance",
            "coinbase",
            "ledger",
            "trezor",
            "kraken",
            "bittrex",
            "localbitcoins",
            "localethereum",
            "localcryptos",
            "uniswap",
            "pancakeswap",
            "polkastarter",
            "idex",
            "etherdelta",
            "poloniex",
            "hitbtc",
            "paxful",
            "gemini",
            "exodus",
            "makerdao",
            "makerfoundation",
            "fulcrum",
            "dxsale",
            "opensea",
            "stellar",
            "ripple",
            "tron",
            "elonmusk",
            "tesla",
            "spacex",
            "havven",
            "mcafee",
            "telegram",
            "electrum",
            "bitfinex",
            "etherscan",
            "cryptokitties",
            "dfinity",
            "auctus",
            "hedera",
            "originprotocol",
            "blockchain",
            "sushi",
            "compound",
            "aave",
            "curve",
            "yearn",
            "1inch",
            "bitmex",
            "huobi",
            "okex",
            "kucoin",
            "bithumb",
            "upbit",
            "maskmeta",
            "azuki",
            "moonbirds",
            "bored",
            "blur",
            "illuvium",
            "safemoon",
        },
        key=lambda b: (-len(b), b),
    )
)


@dataclass(frozen=True)
class DomainSplit:
    """A split of one dataset: ``train`` and ``test`` share no domain; ``dropped`` is neither."""

    kind: SplitKind
    train: DomainDataset
    test: DomainDataset
    dropped: DomainDataset = field(default_factory=lambda: DomainDataset(()))


def _brand(text: str) -> str | None:
    if len(text) < 4:
        return None
    # Exact substrings first (cheap), then lookalikes: a brand of >= 6 letters that matches a
    # window of the name with at most ~1-2 edits (partial_ratio >= 85).
    for brand in SPLIT_BRANDS:
        if brand in text:
            return brand
    best = process.extractOne(
        text, [b for b in SPLIT_BRANDS if len(b) >= 6], scorer=fuzz.partial_ratio, score_cutoff=85
    )
    return None if best is None else str(best[0])


def site_key(domain: str) -> str:
    """The hosting suffix (``host:..``) or registered domain (``site:..``) of a domain."""
    parts = host_parts(domain)
    return f"host:{parts.suffix}" if parts.is_private else f"site:{parts.registered}"


@lru_cache(maxsize=65536)
def group_key(domain: str) -> str:
    """The novel split's group of a normalised domain: ``brand:..``, ``host:..`` or ``site:..``."""
    parts = host_parts(domain)
    text = (parts.subdomain + parts.name).replace("-", "").replace(".", "")
    brand = _brand(text)
    return f"brand:{brand}" if brand is not None else site_key(domain)


def _stratified(labels: np.ndarray, test_size: float, rng: np.random.Generator) -> np.ndarray:
    test = np.zeros(len(labels), dtype=bool)
    for value in np.unique(labels):
        idx = np.flatnonzero(labels == value)
        take = round(test_size * len(idx))
        test[rng.permutation(idx)[:take]] = True
    return test


def _time_mask(data: DomainDataset, test_size: float, rng: np.random.Generator) -> np.ndarray:
    sources = np.array([e.source for e in data.examples])
    ranks = np.array([e.rank for e in data.examples])
    test = np.zeros(len(data), dtype=bool)
    black = np.flatnonzero(sources == "blacklist")
    newest = black[np.argsort(ranks[black], kind="stable")][: round(test_size * len(black))]
    test[newest] = True
    others = np.flatnonzero(sources != "blacklist")
    test[others] = _stratified(sources[others], test_size, rng)
    return test


def _forward_mask(data: DomainDataset, test_size: float, rng: np.random.Generator) -> np.ndarray:
    released = load_phishing_list()  # the 1.2.0 list: what was known before the hold-out
    entries = released.blacklist + released.whitelist + released.fuzzylist
    known = {normalize_domain(d) for d in entries}
    sources = np.array([e.source for e in data.examples])
    listed = np.isin(sources, LIST_SOURCES)
    test: np.ndarray = listed & np.array([d not in known for d in data.domains], dtype=bool)
    if not test[data.labels == 1].any():
        raise DataError(
            "forward split needs list entries newer than eth-phishing-detect 1.2.0: "
            "use augury.data.load_site_dataset()"
        )
    others = np.flatnonzero(~listed)
    test[others] = _stratified(sources[others], test_size, rng)
    return test


def _novel_mask(data: DomainDataset, test_size: float, rng: np.random.Generator) -> np.ndarray:
    labels = data.labels
    groups: dict[str, list[int]] = defaultdict(list)
    for i, domain in enumerate(data.domains):
        groups[group_key(domain)].append(i)
    keys = sorted(groups)
    target = np.array([test_size * np.sum(labels == c) for c in (0, 1)])
    held = np.zeros(2)
    test = np.zeros(len(data), dtype=bool)
    for k in rng.permutation(len(keys)):
        members = groups[keys[int(k)]]
        counts = np.bincount(labels[members], minlength=2)
        if np.all(held + counts <= target * 1.02 + 1):
            held += counts
            test[members] = True
    return test


def split(
    data: DomainDataset,
    kind: SplitKind = "novel",
    *,
    test_size: float = 0.2,
    random_state: int = 0,
) -> DomainSplit:
    """Split ``data`` into training and held-back parts of the given ``kind`` (module doc).

    Raises :class:`UnknownSplitError` for another kind and :class:`DataError` for a ``test_size``
    outside (0, 1) or a split that leaves one side without both labels.
    """
    if not 0.0 < test_size < 1.0:
        raise DataError(f"test_size must be between 0 and 1, got {test_size}")
    rng = np.random.default_rng(random_state)
    if kind == "random":
        test = _stratified(data.labels, test_size, rng)
    elif kind == "time":
        test = _time_mask(data, test_size, rng)
    elif kind == "forward":
        test = _forward_mask(data, test_size, rng)
    elif kind == "novel":
        test = _novel_mask(data, test_size, rng)
    else:
        raise UnknownSplitError(f"unknown split kind {kind!r}: use random, time, forward or novel")
    drop = np.zeros(len(data), dtype=bool)
    if kind == "novel":
        held = {site_key(data.domains[i]) for i in np.flatnonzero(test)}
        drop = ~test & np.array([site_key(d) in held for d in data.domains], dtype=bool)
    train_idx, test_idx = np.flatnonzero(~test & ~drop), np.flatnonzero(test)
    result = DomainSplit(
        kind, data.subset(train_idx), data.subset(test_idx), data.subset(np.flatnonzero(drop))
    )
    for name, part in (("train", result.train), ("test", result.test)):
        if len(set(part.labels.tolist())) < 2:
            raise DataError(f"{kind} split leaves the {name} part with one label only")
    return result
