"""The phishing list loader and eth-phishing-detect's lookup algorithm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from augury.data import DataFileError, PhishingList, levenshtein_reference, load_phishing_list

CASES = Path(__file__).with_name("detector_cases.json")
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "eth-phishing-detect"


def test_vendored_list_has_the_published_counts() -> None:
    plist = load_phishing_list()
    assert (len(plist.blacklist), len(plist.whitelist), len(plist.fuzzylist)) == (13752, 1138, 15)
    assert plist.tolerance == 2
    assert "metamask.io" in plist.fuzzylist


@pytest.mark.skipif(not SHARED.exists(), reason="shared/data not beside the checkout")
def test_vendored_copy_matches_shared_data() -> None:
    shared = load_phishing_list(SHARED / "config.json")
    assert shared == load_phishing_list()


def test_loading_is_cached() -> None:
    assert load_phishing_list() is load_phishing_list()


def test_check_agrees_with_the_javascript_detector() -> None:
    """Every answer of eth-phishing-detect 1.2.0's detector.js, recorded by node."""
    plist = load_phishing_list()
    cases = json.loads(CASES.read_text())["cases"]
    assert len(cases) > 1500
    kinds = {c["type"] for c in cases}
    assert kinds == {"whitelist", "blacklist", "fuzzy", "all"}
    for case in cases:
        got = plist.check(case["domain"])
        assert (got.result, got.type, got.match) == (case["result"], case["type"], case["match"])


def test_lookup_rules_on_hand_picked_domains() -> None:
    plist = load_phishing_list()
    assert plist.check("metamask.io").type == "whitelist"
    assert plist.check("wallet.metamask.io").type == "whitelist"  # parent is allow-listed
    assert plist.check("azukishop.live").type == "blacklist"
    assert plist.check("login.azukishop.live").type == "blacklist"  # parent is block-listed
    fuzzy = plist.check("metarnask.xyz")
    assert (fuzzy.result, fuzzy.type, fuzzy.match) == (True, "fuzzy", "metamask.io")
    assert plist.check("www.metamusk.com").type == "fuzzy"  # www. is ignored for fuzzy
    assert plist.check("python.org") == plist.check_reference("python.org")
    assert not plist.check("python.org").result


def _domains() -> st.SearchStrategy[str]:
    plist = load_phishing_list()
    known = st.sampled_from(plist.blacklist[:300] + plist.whitelist[:300] + plist.fuzzylist)
    label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
    prefixed = st.tuples(label, known).map(lambda t: f"{t[0]}.{t[1]}")
    typo = st.tuples(known, st.integers(0, 30), label).map(
        lambda t: t[0][: t[1] % max(len(t[0]), 1)] + t[2][:2] + t[0][t[1] % max(len(t[0]), 1) :]
    )
    free = st.lists(label, min_size=1, max_size=4).map(".".join)
    return st.one_of(known, prefixed, typo, free, free.map(lambda d: d + "."))


@settings(max_examples=150, deadline=None)
@given(domain=_domains())
def test_fast_check_equals_reference_scan(domain: str) -> None:
    plist = load_phishing_list()
    assert plist.check(domain) == plist.check_reference(domain)


@settings(max_examples=300, deadline=None)
@given(a=st.text(max_size=12), b=st.text(max_size=12))
def test_levenshtein_reference_matches_rapidfuzz(a: str, b: str) -> None:
    assert levenshtein_reference(a, b) == Levenshtein.distance(a, b)
    assert levenshtein_reference(a, b) == levenshtein_reference(b, a)
    assert (levenshtein_reference(a, b) == 0) == (a == b)


def test_custom_list_checks_by_its_own_rules() -> None:
    plist = PhishingList("t", 1, ("brand.io",), ("ok.brand.io",), ("bad.com",))
    assert plist.check("x.bad.com").result
    assert plist.check("brand.com").type == "fuzzy"
    assert plist.check("brxnd.net").type == "fuzzy"
    assert plist.check("brxxd.net").type == "all"  # distance 2 > tolerance 1
    assert plist.check("ok.brand.io").type == "whitelist"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"version": 2}', "neither 'blacklist' nor 'whitelist'"),
        ('{"blacklist": "a.com"}', "'blacklist' must be a list"),
        ('{"blacklist": ["a.com", 7]}', "'blacklist'[1] must be a non-empty string"),
        ('{"blacklist": [], "tolerance": -1}', "'tolerance' must be a non-negative integer"),
    ],
)
def test_malformed_config_names_file_and_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "config.json"
    path.write_text(content)
    with pytest.raises(DataFileError) as info:
        load_phishing_list(path)
    message = str(info.value)
    assert message.startswith(str(path.resolve()))
    assert problem in message
    assert "\n" not in message


def test_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot be read"):
        load_phishing_list(tmp_path / "absent.json")


def test_edited_file_is_read_again(tmp_path: Path) -> None:
    import os

    path = tmp_path / "config.json"
    path.write_text('{"blacklist": ["a.com"], "tolerance": 0}')
    first = load_phishing_list(path)
    path.write_text('{"blacklist": ["b.com"], "tolerance": 0}')
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load_phishing_list(path)
    assert first.blacklist == ("a.com",)
    assert second.blacklist == ("b.com",)
