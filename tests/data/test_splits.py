"""Train / held-back splits: disjoint, deterministic, and new in the sense each kind promises."""

from __future__ import annotations

import numpy as np
import pytest

from augury.data import (
    DataError,
    UnknownSplitError,
    group_key,
    host_parts,
    load_domain_dataset,
    load_phishing_list,
    load_site_dataset,
    split,
)
from augury.data.splits import site_key


@pytest.mark.parametrize("kind", ["random", "time", "novel"])
def test_split_partitions_the_data(kind: str) -> None:
    data = load_domain_dataset()
    parts = split(data, kind, test_size=0.2, random_state=3)  # type: ignore[arg-type]
    train, test = set(parts.train.domains), set(parts.test.domains)
    assert train.isdisjoint(test)
    assert train | test | set(parts.dropped.domains) == set(data.domains)
    assert len(parts.dropped) < 0.03 * len(data)
    for label in (0, 1):
        share = np.sum(parts.test.labels == label) / np.sum(data.labels == label)
        assert 0.15 <= share <= 0.25
    again = split(data, kind, test_size=0.2, random_state=3)  # type: ignore[arg-type]
    assert again.test.domains == parts.test.domains


def test_time_split_holds_back_the_newest_scams() -> None:
    parts = split(load_domain_dataset(), "time")
    test_ranks = [e.rank for e in parts.test.examples if e.source == "blacklist"]
    train_ranks = [e.rank for e in parts.train.examples if e.source == "blacklist"]
    assert max(test_ranks) < min(train_ranks)  # rank 0 is the newest entry


def test_forward_split_holds_back_exactly_what_the_list_learned_after_1_2_0() -> None:
    data = load_site_dataset()
    parts = split(data, "forward", test_size=0.2, random_state=2)
    released = load_phishing_list()
    known = set(released.blacklist) | set(released.whitelist) | set(released.fuzzylist)
    listed = ("blacklist", "whitelist", "fuzzylist")
    test_listed = {e.domain for e in parts.test.examples if e.source in listed}
    newer = {e.domain for e in data.examples if e.source in listed and e.domain not in known}
    assert test_listed == newer
    assert int(parts.test.labels.sum()) == len(
        {e.domain for e in data.examples if e.label == 1 and e.domain not in known}
    )
    assert int(parts.test.labels.sum()) > 1600
    # Training knows exactly the 1.2.0 list's entries among list sources.
    assert all(e.domain in known for e in parts.train.examples if e.source in listed)
    for source in ("chain-sites", "project-sites", "exchange-sites", "top-sites"):
        total = sum(e.source == source for e in data.examples)
        held = sum(e.source == source for e in parts.test.examples)
        assert abs(held - 0.2 * total) <= 1
    assert set(parts.train.domains).isdisjoint(parts.test.domains)
    assert split(data, "forward", random_state=2).test.domains == parts.test.domains


def test_forward_split_needs_the_newer_list() -> None:
    with pytest.raises(DataError, match="forward split needs list entries newer than"):
        split(load_domain_dataset(), "forward")


def test_novel_split_shares_no_group_brand_or_site() -> None:
    parts = split(load_domain_dataset(), "novel", random_state=1)
    train_groups = {group_key(d) for d in parts.train.domains}
    test_groups = {group_key(d) for d in parts.test.domains}
    assert train_groups.isdisjoint(test_groups)
    test_brands = {g for g in test_groups if g.startswith("brand:")}
    assert test_brands  # some brands are held out entirely
    train_sites = {site_key(d) for d in parts.train.domains}
    test_sites = {site_key(d) for d in parts.test.domains}
    assert train_sites.isdisjoint(test_sites)
    assert {host_parts(d).registered for d in parts.train.domains}.isdisjoint(
        host_parts(d).registered for d in parts.test.domains
    )


def test_group_keys() -> None:
    assert group_key("myetherwallet-login.com") == "brand:myetherwallet"
    assert group_key("myethrwallett.com") == "brand:myetherwallet"  # lookalike of the brand
    assert group_key("freegifts.netlify.app") == "host:netlify.app"
    assert group_key("docs.python.org") == "site:python.org"


def test_split_errors() -> None:
    data = load_domain_dataset()
    with pytest.raises(UnknownSplitError, match="unknown split kind 'weekly'"):
        split(data, "weekly")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="test_size"):
        split(data, "random", test_size=1.5)
    scams_only = data.subset(range(100))
    with pytest.raises(DataError, match="one label only"):
        split(scams_only, "random")
