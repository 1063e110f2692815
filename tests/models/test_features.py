"""Lexical features: the batched matrix equals the plain per-domain reference."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from augury.data import load_domain_dataset
from augury.models.features import (
    FEATURE_NAMES,
    LureVocabulary,
    fuzzy_form,
    learn_targets,
    lexical_features,
    lexical_features_reference,
    name_text,
    tokens,
)

DATA = load_domain_dataset()
SAMPLE = DATA.subset(range(0, len(DATA), 7))
VOCAB = LureVocabulary.fit(SAMPLE.domains, SAMPLE.labels)
HOST = r"[a-z0-9-]{1,14}(\.[a-z0-9-]{1,10}){0,2}\.(com|io|xyz|netlify\.app)"


def test_vocabulary_is_learned_from_training_data() -> None:
    assert "airdrop" in VOCAB.lure
    assert "airdrop" not in VOCAB.benign
    assert VOCAB.suffix_rate["com"] > VOCAB.suffix_rate.get("network", 0.0)
    assert all(0.0 < r < 1.0 for r in VOCAB.suffix_rate.values())
    assert VOCAB.targets


def test_feature_matrix_matches_reference_on_data() -> None:
    domains = SAMPLE.domains[::9]
    fast = lexical_features(domains, VOCAB)
    slow = lexical_features_reference(domains, VOCAB)
    assert fast.shape == (len(domains), len(FEATURE_NAMES))
    assert np.allclose(fast, slow, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.from_regex(HOST, fullmatch=True), min_size=1, max_size=5))
def test_feature_matrix_matches_reference_on_random_hosts(domains: list[str]) -> None:
    assert np.allclose(
        lexical_features(domains, VOCAB), lexical_features_reference(domains, VOCAB), atol=1e-6
    )


def test_name_tokens_and_fuzzy_form() -> None:
    assert name_text("login.metamask-wallet.netlify.app") == "login.metamask-wallet"
    assert tokens("login.metamask-wallet2.co.uk") == ["login", "metamask", "wallet"]
    assert fuzzy_form("www.metamask.io") == "metamask"
    assert fuzzy_form("app.metamask.co.uk") == "app.metamask.co"


def test_learn_targets_picks_the_imitated_brand_not_its_namesakes() -> None:
    scams = ["metamask.xyz", "metamusk.com", "metarnask.io", "netamask.org", "metamask1.io"]
    benign = ["metamask.io", "metamash.io", "python.org"]
    assert learn_targets(benign, scams) == ("metamask.io",)
    assert learn_targets(benign, scams, min_lookalikes=6) == ()
