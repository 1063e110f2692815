"""The brand registry: known projects' own sites, and hosts that borrow their names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from augury.data import DomainDataset, DomainExample
from augury.guard.site import check_site
from augury.guard.site.brands import BrandRegistry, brand_registry, registry_of

BRANDS = ["goblintown.wtf", "moonbirds.xyz", "www.kraken.com", "pages.example.github.io"]
BENIGN = [*BRANDS, "bitcoin.org", "bitcoinmagazine.com", "cryptocats.io", "docs.python.org"]


@pytest.fixture(scope="module")
def registry() -> BrandRegistry:
    return BrandRegistry.fit([*BRANDS, "bitcoin.org"], BENIGN)


def test_only_distinctive_names_of_brand_sites_are_registered(registry: BrandRegistry) -> None:
    assert registry.homes == {
        "goblintown": frozenset({"goblintown.wtf"}),
        "moonbirds": frozenset({"moonbirds.xyz"}),
        "kraken": frozenset({"kraken.com"}),
    }  # bitcoin: inside bitcoinmagazine.com too; example.github.io: a hosting tenant
    assert len(registry) == 3


@pytest.mark.parametrize(
    ("domain", "brand", "how"),
    [
        ("goblintown.world", "goblintown", "contains"),
        ("goblintown.livemint.live", "goblintown", "contains"),
        ("claim-moonbirds.xyz", "moonbirds", "contains"),
        ("kraken-login.com", "kraken", "contains"),
        ("gobllintown.wtf", "goblintown", "lookalike"),
        ("moonbirdz.io", "moonbirds", "lookalike"),
    ],
)
def test_hosts_that_borrow_a_brand_name(
    registry: BrandRegistry, domain: str, brand: str, how: str
) -> None:
    match = registry.match(domain)
    assert match is not None and (match.brand, match.how) == (brand, how)
    assert match.official in registry.homes[brand]
    assert match.official in match.reason and domain in match.reason


@pytest.mark.parametrize(
    "domain",
    [
        "goblintown.wtf",  # the brand's own site
        "app.goblintown.wtf",  # and its subdomains
        "www.kraken.com",  # a known benign host
        "krakn.com",  # too short a name for an edit-distance match
        "bitcoin-wallet.org",  # generic names are not registered
        "cryptocats.io",
        "unrelated.xyz",
    ],
)
def test_a_brand_site_and_unrelated_hosts_do_not_match(
    registry: BrandRegistry, domain: str
) -> None:
    assert registry.match(domain) is None


def test_the_longest_borrowed_name_is_named() -> None:
    reg = BrandRegistry.fit(
        ["apeclub.io", "mutantapeclub.com"], ["apeclub.io", "mutantapeclub.com"]
    )
    assert reg.homes.keys() == {"mutantapeclub"}  # apeclub sits inside mutantapeclub.com
    match = reg.match("mutantapeclub-mint.xyz")
    assert match is not None and match.official == "mutantapeclub.com"


@given(st.sampled_from(BRANDS), st.sampled_from(["", "app.", "www.", "a.b."]))
def test_no_benign_host_or_brand_subdomain_ever_matches(brand: str, prefix: str) -> None:
    reg = BrandRegistry.fit(BRANDS, BENIGN)
    assert all(reg.match(d) is None for d in BENIGN)
    apex = brand.removeprefix("www.")
    if not apex.endswith("github.io"):
        assert reg.match(prefix + apex) is None


def test_registry_of_a_dataset_uses_brand_sources_only() -> None:
    rows = [
        ("moonbirds.xyz", 0, "project-sites"),
        ("kraken.com", 0, "exchange-sites"),
        ("goblintown.wtf", 0, "chain-sites"),
        ("goblintown.live", 1, "blacklist"),
    ]
    data = DomainDataset(tuple(DomainExample(d, y, s, 0) for d, y, s in rows))  # type: ignore[arg-type]
    reg = registry_of(data)
    assert reg.homes.keys() == {"moonbirds", "kraken"}


def test_the_guard_registry_protects_known_projects() -> None:
    reg = brand_registry()
    assert len(reg) > 1000
    match = reg.match("claim-moonbirds.xyz")
    assert match is not None and match.official == "moonbirds.xyz"
    assert reg.match("moonbirds.xyz") is None


def test_check_site_warns_on_a_borrowed_name_and_says_the_model_disagrees(
    registry: BrandRegistry,
) -> None:
    report = check_site("https://goblintown-rewards.app/mint", model=lambda d: 0.1, brands=registry)
    assert report.verdict == "warn" and report.score == pytest.approx(0.1)
    assert report.imitates is not None and report.imitates.official == "goblintown.wtf"
    assert "goblintown.wtf" in report.reason
    assert any("model gives only 0.10" in d for d in report.disagreements)
    assert report.to_json()["imitates"] == {
        "brand": "goblintown",
        "official": "goblintown.wtf",
        "how": "contains",
    }
    own = check_site("goblintown.wtf", model=lambda d: 0.1, brands=registry)
    assert own.verdict == "allow" and own.imitates is None
    # The list's trust wins: MetaMask whitelists opensea.io; a registry naming it changes nothing.
    trusted = check_site(
        "opensea.io",
        model=lambda d: 0.1,
        brands=BrandRegistry.fit(["opensea.com"], ["opensea.com"]),
    )
    assert trusted.list_result == "whitelist" and trusted.verdict == "allow"
