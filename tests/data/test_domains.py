"""Labelled domains: normalisation, sources, conflicts and the extra benign lists."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from augury.data import (
    DataFileError,
    InvalidDomainError,
    host_parts,
    load_chain_sites,
    load_domain_dataset,
    load_exchange_sites,
    load_phishing_list,
    load_project_sites,
    load_site_dataset,
    load_top_sites,
    normalize_domain,
)
from augury.data.phishing import PHISHING_CONFIG_2022_08


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("https://User:pw@MetaMask.IO:443/path?q=1#f", "metamask.io"),
        ("metamask.io", "metamask.io"),
        ("metamask.io.", "metamask.io"),
        ("  sub.Example.COM/login ", "sub.example.com"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("http://[::1]:8545", "::1"),
    ],
)
def test_normalize_domain(text: str, host: str) -> None:
    assert normalize_domain(text) == host


@pytest.mark.parametrize("text", ["", "   ", "https://", "a..b", "http://exa mple.com"])
def test_normalize_domain_rejects_non_hosts(text: str) -> None:
    with pytest.raises(InvalidDomainError):
        normalize_domain(text)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9-]{1,10}(\.[A-Za-z0-9-]{1,10}){1,3}", fullmatch=True))
def test_normalize_domain_is_idempotent(text: str) -> None:
    once = normalize_domain(text)
    assert normalize_domain(once) == once
    assert normalize_domain("https://" + text + "/x") == once


def test_host_parts_uses_private_hosting_suffixes_offline() -> None:
    parts = host_parts("metamask-login.netlify.app")
    assert (parts.name, parts.suffix, parts.is_private) == ("metamask-login", "netlify.app", True)
    parts = host_parts("a.b.example.co.uk")
    assert (parts.subdomain, parts.registered, parts.is_private) == ("a.b", "example.co.uk", False)


def test_dataset_sources_labels_and_conflicts() -> None:
    data = load_domain_dataset()
    sources = Counter(e.source for e in data.examples)
    assert sources["blacklist"] == 13752 - 3 - 1  # three on both lists, one duplicate
    assert sources["whitelist"] > 1100
    assert sources["chain-sites"] > 3000
    assert sources["top-sites"] > 480
    assert len(set(data.domains)) == len(data)
    assert {"spi.club", "metmask.com", "coinbased.xyz"}.isdisjoint(data.domains)
    by_domain = {e.domain: e.label for e in data.examples}
    assert by_domain["azukishop.live"] == 1
    assert by_domain["metamask.io"] == 0
    assert by_domain["etherscan.io"] == 0


def test_blacklist_rank_keeps_list_order() -> None:
    data = load_domain_dataset()
    black = [e for e in data.examples if e.source == "blacklist"]
    assert black[0].domain == load_phishing_list().blacklist[0]
    assert [e.rank for e in black] == sorted(e.rank for e in black)


def test_crypto_only_dataset_and_cache() -> None:
    crypto = load_domain_dataset(chain_sites=False, top_sites=False)
    assert {e.source for e in crypto.examples} == {"blacklist", "whitelist"}
    assert load_domain_dataset() is load_domain_dataset()


def test_with_extra_appends_normalised_pairs() -> None:
    data = load_domain_dataset(top_sites=False, chain_sites=False)
    more = data.with_extra([("https://New-Scam.xyz/claim", 1), ("fine.org", 0)])
    assert len(more) == len(data) + 2
    assert more.domains[-2:] == ["new-scam.xyz", "fine.org"]
    assert more.labels[-2:].tolist() == [1, 0]
    with pytest.raises(InvalidDomainError, match="must be 0 or 1"):
        data.with_extra([("x.com", 2)])


def test_top_and_chain_sites() -> None:
    top = load_top_sites()
    assert len(top) == 500 and top[0].rank == 1
    chains = load_chain_sites()
    assert chains[0].domain == "ethereum.org" and chains[0].chain_id == 1
    assert {c.kind for c in chains} == {"info", "explorer", "faucet"}


def test_site_dataset_adds_the_newer_list_projects_and_exchanges() -> None:
    data = load_site_dataset()
    sources = Counter(e.source for e in data.examples)
    old = Counter(e.source for e in load_domain_dataset().examples)
    assert sources["blacklist"] - old["blacklist"] > 1600  # the 2022-08 list's newer scams
    assert sources["whitelist"] > old["whitelist"]
    assert sources["project-sites"] > 1300 and sources["exchange-sites"] > 200
    assert len(set(data.domains)) == len(data)
    by_domain = {e.domain: e for e in data.examples}
    assert by_domain["goblinwilldoit.wtf"].label == 1  # on top of the newer list only
    assert by_domain["goblinwilldoit.wtf"].rank == 0
    assert by_domain["idexcorp.com"].label == 0  # blacklisted in 1.2.0, whitelisted later
    assert by_domain["degods.com"].source == "project-sites"
    assert by_domain["docs.kraken.com"].source == "exchange-sites"
    # A project site the blacklist holds stays a scam: the list comes first.
    projects = set(load_project_sites())
    black = set(load_phishing_list(PHISHING_CONFIG_2022_08).blacklist)
    assert projects & black
    assert all(by_domain[d].label == 1 for d in projects & black)
    assert load_site_dataset() is load_site_dataset()


def test_project_and_exchange_sites_are_normalised_hosts() -> None:
    for hosts in (load_project_sites(), load_exchange_sites()):
        assert len(set(hosts)) == len(hosts)
        assert all(normalize_domain(h) == h and "." in h for h in hosts)
    assert "degods.com" in load_project_sites()
    assert "www.kraken.com" in load_exchange_sites()


def test_malformed_extra_lists(tmp_path: Path) -> None:
    bad = tmp_path / "top.json"
    bad.write_text('[{"rank": 1}]')
    with pytest.raises(DataFileError, match="entry 0 has no string 'rootDomain'"):
        load_top_sites(bad)
    chain = tmp_path / "chains.json"
    chain.write_text('{"sites": [{"host": "a.org", "kind": "rpc", "chain_id": 1}]}')
    with pytest.raises(DataFileError, match=r"sites\[0\] needs a string 'host'"):
        load_chain_sites(chain)
    projects = tmp_path / "projects.json"
    projects.write_text('{"sites": [{"slug": "x"}]}')
    with pytest.raises(DataFileError, match=r"sites\[0\] needs a string 'host'"):
        load_project_sites(projects)
    projects.write_text('["a.org"]')
    with pytest.raises(DataFileError, match="expected a JSON object with a 'sites' list"):
        load_exchange_sites(projects)


def test_suffix_list_is_read_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from augury.data import domains

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("host parsing tried the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    domains._extractor.cache_clear()
    domains.host_parts.cache_clear()
    assert host_parts("x.github.io").suffix == "github.io"
