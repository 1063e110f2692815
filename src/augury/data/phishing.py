"""MetaMask's phishing list (eth-phishing-detect format) and its lookup algorithm.

The list has four fields: ``blacklist`` (phishing domains), ``whitelist`` (legitimate
domains, which win over everything else), ``fuzzylist`` (brand domains whose lookalikes are
suspicious) and ``tolerance`` (the largest Levenshtein distance that still counts as a
lookalike). :meth:`PhishingList.check` answers exactly as ``PhishingDetector.check`` of the
npm package ``eth-phishing-detect@1.2.0`` does (pinned by ``tests/data/detector_cases.json``):

1. a domain, or any parent of it, on the whitelist passes;
2. a domain, or any parent of it, on the blacklist fails;
3. a domain whose *fuzzy form* (every label but the TLD, first ``www.`` removed) is within
   ``tolerance`` edits of a fuzzylist entry's fuzzy form fails, naming the first such entry;
4. anything else passes.

The JavaScript scans every list entry per query; :meth:`PhishingList.check` uses hash sets
of the entries and ``rapidfuzz``'s bounded edit distance, and
:meth:`PhishingList.check_reference` is the plain scan kept to test it against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from rapidfuzz.distance import Levenshtein

from augury.data.errors import DataFileError

FILES = Path(__file__).resolve().parent / "files"
PHISHING_CONFIG = FILES / "eth-phishing-detect" / "config.json"
#: The same list about three months later (see ``files/PROVENANCE.md``): 1,659 newer scams.
PHISHING_CONFIG_2022_08 = FILES / "eth-phishing-detect-2022-08" / "config.json"

CheckType = Literal["whitelist", "blacklist", "fuzzy", "all"]


@dataclass(frozen=True)
class PhishingCheck:
    """The answer for one domain: ``result`` is True when the domain is judged phishing."""

    domain: str
    result: bool
    type: CheckType
    match: str | None = None


def levenshtein_reference(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute; unit costs) by the textbook dynamic program."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _parts(domain: str) -> list[str]:
    return domain.split(".")[::-1]


def _fuzzy_form(parts: list[str]) -> str:
    return ".".join(parts[1:][::-1])


def _strip_root(domain: str) -> str:
    return domain[:-1] if domain.endswith(".") else domain


@dataclass(frozen=True)
class PhishingList:
    """One eth-phishing-detect configuration. Build it with :func:`load_phishing_list`."""

    version: str
    tolerance: int
    fuzzylist: tuple[str, ...]
    whitelist: tuple[str, ...]
    blacklist: tuple[str, ...]
    _white: frozenset[str] = field(init=False, repr=False, compare=False)
    _black: frozenset[str] = field(init=False, repr=False, compare=False)
    _fuzzy: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_white", frozenset(self.whitelist))
        object.__setattr__(self, "_black", frozenset(self.blacklist))
        fuzzy = tuple((_fuzzy_form(_parts(d)), d) for d in self.fuzzylist)
        object.__setattr__(self, "_fuzzy", fuzzy)

    def check(self, domain: str) -> PhishingCheck:
        """Judge ``domain`` (a host name, compared as given: no case folding, as upstream)."""
        source = _parts(_strip_root(domain))
        # The domain and each of its parents, e.g. a.b.io -> a.b.io, b.io, io.
        ancestors = [".".join(source[:k][::-1]) for k in range(len(source), 0, -1)]
        if any(a in self._white for a in ancestors):
            return PhishingCheck(domain, False, "whitelist")
        if any(a in self._black for a in ancestors):
            return PhishingCheck(domain, True, "blacklist")
        if self.tolerance > 0:
            form = _fuzzy_form(source).replace("www.", "", 1)
            for target, original in self._fuzzy:
                cutoff = self.tolerance
                if Levenshtein.distance(form, target, score_cutoff=cutoff) <= cutoff:
                    return PhishingCheck(domain, True, "fuzzy", original)
        return PhishingCheck(domain, False, "all")

    def check_reference(self, domain: str) -> PhishingCheck:
        """The same answer as :meth:`check`, by a plain scan of every entry (slow; for tests)."""
        source = _parts(_strip_root(domain))

        def listed(entries: tuple[str, ...]) -> bool:
            for entry in entries:
                target = _parts(entry)
                if len(target) <= len(source) and source[: len(target)] == target:
                    return True
            return False

        if listed(self.whitelist):
            return PhishingCheck(domain, False, "whitelist")
        if listed(self.blacklist):
            return PhishingCheck(domain, True, "blacklist")
        if self.tolerance > 0:
            form = _fuzzy_form(source).replace("www.", "", 1)
            for entry in self.fuzzylist:
                if levenshtein_reference(form, _fuzzy_form(_parts(entry))) <= self.tolerance:
                    return PhishingCheck(domain, True, "fuzzy", entry)
        return PhishingCheck(domain, False, "all")


def _string_list(path: Path, raw: dict[str, object], key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise DataFileError(path, f"'{key}' must be a list of domains, got {type(value).__name__}")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            raise DataFileError(path, f"'{key}'[{i}] must be a non-empty string, got {item!r}")
    return tuple(value)


def parse_phishing_config(path: Path, text: str) -> PhishingList:
    """Validate and build a :class:`PhishingList` from the JSON ``text`` read from ``path``."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(raw, dict):
        raise DataFileError(path, "expected a JSON object with blacklist/whitelist/fuzzylist")
    if "blacklist" not in raw and "whitelist" not in raw:
        raise DataFileError(path, "has neither 'blacklist' nor 'whitelist'")
    tolerance = raw.get("tolerance", 3)  # upstream's default when the key is absent
    if not isinstance(tolerance, int) or isinstance(tolerance, bool) or tolerance < 0:
        raise DataFileError(path, f"'tolerance' must be a non-negative integer, got {tolerance!r}")
    return PhishingList(
        version=str(raw.get("version", "")),
        tolerance=tolerance,
        fuzzylist=_string_list(path, raw, "fuzzylist"),
        whitelist=_string_list(path, raw, "whitelist"),
        blacklist=_string_list(path, raw, "blacklist"),
    )


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int) -> PhishingList:
    return parse_phishing_config(path, path.read_text(encoding="utf-8"))


def load_phishing_list(path: Path | str | None = None) -> PhishingList:
    """Load a config.json (default: the vendored eth-phishing-detect 1.2.0 list), cached.

    The cache is keyed by the resolved path and its modification time, so an edited file is
    read again. Raises :class:`DataFileError` naming the file when it is missing or malformed.
    """
    resolved = Path(path).resolve() if path is not None else PHISHING_CONFIG
    try:
        mtime = resolved.stat().st_mtime_ns
    except OSError as exc:
        raise DataFileError(resolved, f"cannot be read ({exc.strerror})") from None
    return _load_cached(resolved, mtime)
