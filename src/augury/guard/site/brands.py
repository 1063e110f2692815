"""Known projects' own sites, and hosts that borrow their names: MetaMask's fuzzylist, grown.

eth-phishing-detect protects 15 brands by edit distance. Most lures of 2022 borrow the name
of an NFT project instead (``goblintown.wtf``'s lures: ``goblintown.world``,
``gobllintown.wtf``, ``goblintown.livemint.live``), and a lexical model cannot tell a new
project's own ``.xyz`` from a lure's: the names are the same. What tells them apart is
knowing where the project lives. :class:`BrandRegistry` holds the official registered
domains of known brands -- the fuzzylist, ~1,400 NFT projects and ~230 exchange hosts of
:func:`augury.data.load_site_dataset` -- and :meth:`BrandRegistry.match` says when a host
*imitates* one: it contains the brand's name, or (names of :data:`LOOKALIKE_MIN` letters or
more) its registered name is one edit away from it, on a registered domain that is not one
of the brand's own.

Only *distinctive* names count: at least :data:`MIN_LENGTH` letters, and contained in no
benign registered domain other than the brand's own. ``crypto`` (``crypto.com``),
``bitcoin`` or ``metaverse`` are inside many legitimate names and would flag them all.

A match is a signal, not a verdict: ``check_site`` raises the verdict to at least *warn*
and names the brand, as it does for a close fuzzylist lookalike; the score stays the
model's. Its measured precision on held-back domains is in ``docs/benchmarks.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from augury.data import DomainDataset, host_parts, load_site_dataset

#: Benign sources whose domains are brands' own sites.
BRAND_SOURCES = frozenset({"fuzzylist", "project-sites", "exchange-sites"})
MIN_LENGTH = 6
LOOKALIKE_MIN = 9
MAX_LENGTH = 40


def _squash(text: str) -> str:
    return text.replace("-", "").replace(".", "")


def _windows(text: str) -> Iterable[str]:
    """Every substring of ``text`` of :data:`MIN_LENGTH` to :data:`MAX_LENGTH` letters."""
    for i in range(len(text)):
        for j in range(i + MIN_LENGTH, min(len(text), i + MAX_LENGTH) + 1):
            yield text[i:j]


@dataclass(frozen=True)
class BrandMatch:
    """``domain`` borrows ``brand`` (a name), whose own site is ``official``."""

    domain: str
    brand: str
    official: str
    how: Literal["contains", "lookalike"]

    @property
    def reason(self) -> str:
        if self.how == "contains":
            return f"{self.domain} uses the name of {self.official} but is not its site"
        return f"{self.domain} looks like {self.official} but is not its site"


@dataclass(frozen=True)
class BrandRegistry:
    """Distinctive brand names and their official registered domains (module doc)."""

    homes: dict[str, frozenset[str]]
    known: frozenset[str] = frozenset()

    @classmethod
    def fit(cls, brand_sites: Iterable[str], benign: Iterable[str]) -> BrandRegistry:
        """Register the names of ``brand_sites`` (hosts) that no other ``benign`` registered
        domain contains. Hosts on a hosting suffix (``x.github.io``) register nothing: the
        name is the tenant's, not a brand's. The ``benign`` hosts themselves never match."""
        benign = set(benign)
        homes: dict[str, set[str]] = defaultdict(set)
        for host in brand_sites:
            parts = host_parts(host)
            name = _squash(parts.name)
            if not parts.is_private and len(name) >= MIN_LENGTH:
                homes[name].add(parts.registered)
        holders: dict[str, set[str]] = defaultdict(set)
        for registered in {host_parts(d).registered for d in benign}:
            for window in _windows(_squash(host_parts(registered).name)):
                if window in homes:
                    holders[window].add(registered)
        distinctive = {
            name: frozenset(own)
            for name, own in homes.items()
            if holders[name] <= own and len(name) <= MAX_LENGTH
        }
        return cls(distinctive, frozenset(benign))

    def __len__(self) -> int:
        return len(self.homes)

    def match(self, domain: str) -> BrandMatch | None:
        """The brand ``domain`` (a normalised host) imitates, or None. A brand's own
        registered domain (and its subdomains) never matches that brand, and a host known to
        be benign matches nothing."""
        if domain in self.known:
            return None
        parts = host_parts(domain)
        registered = parts.registered
        best: str | None = None
        for window in _windows(_squash(parts.subdomain + parts.name)):
            own = self.homes.get(window)
            if own is not None and registered not in own and len(window) > len(best or ""):
                best = window
        if best is not None:
            return BrandMatch(domain, best, min(self.homes[best]), "contains")
        name = _squash(parts.name)
        if len(name) < LOOKALIKE_MIN:
            return None
        found = process.extractOne(
            name,
            [n for n in self.homes if abs(len(n) - len(name)) <= 1 and len(n) >= LOOKALIKE_MIN],
            scorer=Levenshtein.distance,
            score_cutoff=1,
        )
        if found is None or registered in self.homes[found[0]]:
            return None
        return BrandMatch(domain, found[0], min(self.homes[found[0]]), "lookalike")


def registry_of(data: DomainDataset) -> BrandRegistry:
    """The registry of a labelled dataset's brand sources (:data:`BRAND_SOURCES`), checked
    for distinctiveness against all its benign domains."""
    benign = [e for e in data.examples if e.label == 0]
    brands = [e.domain for e in benign if e.source in BRAND_SOURCES]
    return BrandRegistry.fit(brands, [e.domain for e in benign])


@lru_cache(maxsize=1)
def brand_registry() -> BrandRegistry:
    """The registry ``check_site`` uses: every brand site of the guard's data (~1 s once)."""
    return registry_of(load_site_dataset())


__all__ = ["BRAND_SOURCES", "BrandMatch", "BrandRegistry", "brand_registry", "registry_of"]
