"""``check_site``: is the dapp's origin a phishing site? Three independent signals.

1. **list**: MetaMask's eth-phishing-detect list (whitelist, blacklist, and lookalikes of the
   fuzzylist brands within the list's edit-distance tolerance), via
   :meth:`augury.data.PhishingList.check`;
2. **model**: the stacked domain classifier of :func:`augury.guard.site.model.site_model`,
   which scores domains no list has seen yet (fresh lures, lookalikes of unknown brands);
3. **market** (optional): the price of "is this domain a scam?" in augury's prediction
   markets, supplied by a :data:`SignalProvider` (the market issue wires one in).

Beside the list's fuzzy rule, a host that borrows the name of a known project or exchange
on a domain that is not its own (:mod:`augury.guard.site.brands`) is at least a warning. With an
RDAP service (:mod:`augury.guard.site.rdap`) the report also gives the domain's age, kept apart
like the market price.

They are kept apart in :class:`SiteReport` and their disagreement is stated. The score is
the model's probability, moved by list evidence that is stronger than any lexical model: a
whitelisted domain's score is capped at :data:`WHITELIST_CAP`, a blacklisted one raised to
:data:`BLACKLIST_FLOOR`; a close lookalike of a listed brand (one edit) is at least a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from rapidfuzz.distance import Levenshtein

from augury.data import InvalidDomainError, PhishingList, load_phishing_list, normalize_domain
from augury.data.phishing import PHISHING_CONFIG_2022_08
from augury.guard.errors import MalformedRequestError
from augury.guard.site.brands import BrandMatch, BrandRegistry, brand_registry
from augury.guard.site.rdap import DomainAge

Verdict = Literal["allow", "warn", "block"]
#: P(scam) for a domain a market quotes, or None when no market exists for it.
SignalProvider = Callable[[str], float | None]
#: Any object with ``scam_probability(domain) -> float``; the default is the site model.
ModelFn = Callable[[str], float]
#: A domain's registration age, e.g. :class:`augury.guard.site.rdap.RdapClient`.
AgeProvider = Callable[[str], DomainAge]

BLOCK_AT = 0.95
WARN_AT = 0.80
WHITELIST_CAP = 0.01
BLACKLIST_FLOOR = 0.99
FUZZY_SCORE = 0.9  # a lookalike's score when no model is asked
#: A fuzzy match within this many edits warns by itself. On the held-back "time" split,
#: matches at distance <= 1 were 19 scams and 13 legitimate sites, at distance 2 only 7 scams
#: against 72 legitimate near-namesakes (docs/benchmarks.md), so distance 2 is a signal only.
LOOKALIKE_WARN = 1


@dataclass(frozen=True)
class SiteReport:
    """The judgement on one origin; ``score`` is the probability that it is phishing."""

    domain: str
    verdict: Verdict
    score: float
    list_result: str  # whitelist | blacklist | fuzzy | unlisted
    list_match: str | None
    model_score: float | None
    market_score: float | None = None
    lookalike_distance: int | None = None
    disagreements: tuple[str, ...] = field(default=())
    imitates: BrandMatch | None = None
    domain_age: DomainAge | None = None

    @property
    def reason(self) -> str:
        if self.list_result == "blacklist":
            return f"{self.domain} is on MetaMask's phishing list"
        if self.list_result == "fuzzy":
            return f"{self.domain} looks like {self.list_match}, a brand phishers imitate"
        if self.imitates is not None:
            return self.imitates.reason
        return f"{self.domain} scores {self.score:.2f} on the phishing-domain model"

    def to_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "verdict": self.verdict,
            "score": round(self.score, 4),
            "list": {
                "result": self.list_result,
                "match": self.list_match,
                "distance": self.lookalike_distance,
            },
            "model_score": None if self.model_score is None else round(self.model_score, 4),
            "market_score": None if self.market_score is None else round(self.market_score, 4),
            "imitates": None
            if self.imitates is None
            else {
                "brand": self.imitates.brand,
                "official": self.imitates.official,
                "how": self.imitates.how,
            },
            "domain_age": None if self.domain_age is None else self.domain_age.to_json(),
            "disagreements": list(self.disagreements),
        }


@lru_cache(maxsize=1)
def _default_model() -> ModelFn:
    from augury.guard.site.model import site_model

    return site_model().scam_probability


@lru_cache(maxsize=4096)
def _cached_model_score(domain: str) -> float:
    return float(_default_model()(domain))


def model_score(domain: str, model: ModelFn | None = None) -> float:
    """The model's P(scam) for ``domain``: the one place the model is called (easy to swap)."""
    if model is None:
        return _cached_model_score(domain)
    return float(model(domain))


def domain_of(url: str) -> str:
    try:
        return normalize_domain(url)
    except InvalidDomainError as exc:
        raise MalformedRequestError(f"origin is not a URL: {exc}") from None


def combine(list_result: str, p_model: float | None) -> float:
    """The site's P(phishing) from the list's answer and the model's probability.

    A blacklisted or whitelisted domain takes the list's side (the site model already puts
    its own lists first, so in production the two agree). A fuzzy lookalike does not move
    the score: on held-back data the fuzzy rule flags legitimate near-namesakes more often
    than scams (see docs/benchmarks.md), so it only raises the verdict (:func:`verdict_of`).
    """
    if list_result == "whitelist":
        return min(p_model if p_model is not None else 0.0, WHITELIST_CAP)
    if list_result == "blacklist":
        return max(p_model if p_model is not None else 1.0, BLACKLIST_FLOOR)
    if p_model is not None:
        return p_model
    return FUZZY_SCORE if list_result == "fuzzy" else 0.0  # list only


def lookalike_distance(domain: str, brand: str) -> int:
    """Edit distance between the names (TLD and a leading ``www.`` dropped) of two domains,
    as eth-phishing-detect compares them."""

    def name(d: str) -> str:
        return ".".join(d.split(".")[:-1]).replace("www.", "", 1)

    return int(Levenshtein.distance(name(domain), name(brand)))


def verdict_of(
    score: float,
    list_result: str = "unlisted",
    distance: int | None = None,
    imitates: bool = False,
) -> Verdict:
    """block / warn / allow by score; a close lookalike (fuzzy match within
    :data:`LOOKALIKE_WARN` edits) or a host borrowing a known brand's name (``imitates``) is
    at least a warning, unless the list trusts it."""
    if score >= BLOCK_AT:
        return "block"
    close = list_result == "fuzzy" and distance is not None and distance <= LOOKALIKE_WARN
    borrowed = imitates and list_result != "whitelist"
    if score >= WARN_AT or close or borrowed:
        return "warn"
    return "allow"


def check_site(
    url: str,
    *,
    model: ModelFn | None = None,
    use_model: bool = True,
    phishing_list: PhishingList | None = None,
    signals: SignalProvider | None = None,
    brands: BrandRegistry | None = None,
    age: AgeProvider | None = None,
) -> SiteReport:
    """Judge the site at ``url`` (a URL or a bare host).

    ``model`` replaces the default site model (trained once per process, about 20 s);
    ``use_model=False`` skips it (list only); ``phishing_list`` replaces the newest vendored
    list (MetaMask's, August 2022; for evaluation on a held-back split); ``signals`` adds a
    market price; ``brands`` replaces the registry of known brands' own sites; ``age`` (an
    :class:`augury.guard.site.rdap.RdapClient`) adds the domain's registration age, reported and
    never folded into the verdict.
    """
    domain = domain_of(url)
    listing = (phishing_list or load_phishing_list(PHISHING_CONFIG_2022_08)).check(domain)
    list_result = listing.type if listing.type != "all" else "unlisted"
    p_model = model_score(domain, model) if use_model else None
    p_market = signals(domain) if signals is not None else None
    score = combine(list_result, p_model)
    distance = lookalike_distance(domain, listing.match) if listing.match is not None else None
    imitation = None if list_result == "whitelist" else (brands or brand_registry()).match(domain)
    verdict = verdict_of(score, list_result, distance, imitation is not None)
    disagreements = []
    if p_model is not None and list_result in ("blacklist", "fuzzy") and p_model < WARN_AT:
        disagreements.append(f"the list flags {domain} but the model gives only {p_model:.2f}")
    if p_model is not None and list_result == "whitelist" and p_model >= WARN_AT:
        disagreements.append(f"the list trusts {domain} but the model gives {p_model:.2f}")
    if imitation is not None and p_model is not None and p_model < WARN_AT:
        disagreements.append(f"{imitation.reason}, but the model gives only {p_model:.2f}")
    domain_age = age(domain) if age is not None else None
    if domain_age is not None and domain_age.young and verdict == "allow":
        disagreements.append(
            f"{domain_age.domain} was registered {domain_age.age_days:.0f} day(s) ago, "
            "yet nothing else flags it"
        )
    if p_market is not None and (p_market >= WARN_AT) != (score >= WARN_AT):
        disagreements.append(f"the market prices {domain} at {p_market:.2f}, the guard {score:.2f}")
    return SiteReport(
        domain=domain,
        verdict=verdict,
        score=score,
        list_result=list_result,
        list_match=listing.match,
        model_score=p_model,
        market_score=p_market,
        lookalike_distance=distance,
        disagreements=tuple(disagreements),
        imitates=imitation,
        domain_age=domain_age,
    )
