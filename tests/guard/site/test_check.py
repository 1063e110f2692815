"""``check_site``: the list, lookalikes, and the model as separate signals."""

from __future__ import annotations

import pytest

from augury.guard.site import check_site


def test_list_verdicts_without_model() -> None:
    assert check_site("https://myetherwallett.com/x", use_model=False).verdict == "block"
    fuzzy = check_site("0pensea.io", use_model=False)
    assert fuzzy.list_result == "fuzzy" and fuzzy.list_match == "opensea.io"
    assert fuzzy.verdict == "warn" and "looks like opensea.io" in fuzzy.reason
    white = check_site("app.uniswap.org", use_model=False)
    assert white.verdict == "allow" and white.score <= 0.01
    assert check_site("example-unlisted-site.org", use_model=False).verdict == "allow"


def test_model_is_one_swappable_function() -> None:
    r = check_site("0pensea.io", model=lambda d: 0.3)
    assert r.verdict == "warn" and r.score == 0.3  # a lookalike warns, the score is the model's
    r = check_site("fresh-airdrop-claim.xyz", model=lambda d: 0.97)
    assert r.verdict == "block" and r.model_score == 0.97 and r.list_result == "unlisted"
    r = check_site("app.uniswap.org", model=lambda d: 0.9)
    assert r.verdict == "allow" and r.disagreements  # the list trusts it, the model does not
    r = check_site("myetherwallett.com", model=lambda d: 0.1)
    assert r.verdict == "block" and "the list flags" in r.disagreements[0]


@pytest.mark.slow
def test_real_site_model_ranks_a_lure_above_a_brand() -> None:
    lure = check_site("metamask-wallet-verify.com")
    brand = check_site("opensea.io")
    assert lure.model_score is not None and brand.model_score is not None
    assert lure.model_score > brand.model_score
    assert brand.verdict == "allow"


def test_only_close_lookalikes_warn_by_themselves() -> None:
    close = check_site("0pensea.io", model=lambda d: 0.3)
    assert close.lookalike_distance == 1 and close.verdict == "warn"
    far = check_site("etherscannn.org", model=lambda d: 0.3)
    assert far.list_result == "fuzzy" and far.lookalike_distance == 2
    assert far.verdict == "allow"
    assert check_site("etherscannn.org", model=lambda d: 0.85).verdict == "warn"
