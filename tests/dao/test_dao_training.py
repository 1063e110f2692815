"""Accepted examples + jury-resolved outcomes -> a trained judge model with metrics."""

from __future__ import annotations

import numpy as np
import pytest

from augury.dao.batch import Example, make_batch
from augury.dao.errors import TrainingError
from augury.dao.store import BatchStore, ContributedExample
from augury.dao.training import (
    MarketOutcome,
    dataset_from_examples,
    dataset_hash,
    train_judge,
)
from augury.data import load_domain_dataset


def _sample(n: int, seed: int) -> tuple[list[str], np.ndarray]:
    data = load_domain_dataset()
    idx = np.random.default_rng(seed).permutation(len(data))[:n]
    return [data.domains[i] for i in idx], data.labels[idx]


def test_dataset_rules() -> None:
    examples = [
        ContributedExample("b.com", 1, "bob", "0x02", seq=2),
        ContributedExample("a.com", 0, "alice", "0x01", seq=1),
        ContributedExample("b.com", 0, "alice", "0x01", seq=1),  # earliest batch wins
    ]
    outcomes = [
        MarketOutcome("https://A.com/x", 1, market_id=7),  # the jury overrides
        MarketOutcome("c.com", 1, market_id=8, resolved_by="rule"),
        MarketOutcome("d.com", 0, market_id=9),
    ]
    domains, labels, n = dataset_from_examples(examples, outcomes)
    assert dict(zip(domains, labels.tolist(), strict=True)) == {"a.com": 1, "b.com": 0, "d.com": 0}
    assert n == 2
    domains, labels, n = dataset_from_examples(examples, outcomes, include_rule_settled=True)
    assert "c.com" in domains and n == 3
    with pytest.raises(TrainingError, match="market 3"):
        dataset_from_examples([], [MarketOutcome("a.com", 2, market_id=3)])
    with pytest.raises(TrainingError, match="market 4"):
        dataset_from_examples([], [MarketOutcome("  ", 1, market_id=4)])


def test_dataset_hash_is_the_batch_content_hash_of_the_rows() -> None:
    rows = [("b.com", 1), ("a.com", 0)]
    h = dataset_hash([d for d, _ in rows], [y for _, y in rows])
    assert h == dataset_hash(["a.com", "b.com"], [0, 1])
    assert h == make_batch(Example(d, y) for d, y in rows).hash_hex
    assert h != dataset_hash(["a.com", "b.com"], [1, 1])


def test_train_judge_from_the_store_with_outcomes() -> None:
    all_domains, all_labels = _sample(1600, 0)
    domains, labels = all_domains[:1200], all_labels[:1200]
    val_d, val_y = all_domains[1200:], all_labels[1200:]  # domains training never sees
    with BatchStore() as store:
        for c in range(3):
            rows = [Example(d, int(y)) for d, y in zip(domains[c::3], labels[c::3], strict=True)]
            store.accept(store.put(make_batch(rows), f"c{c}").hash_hex)
        accepted = store.examples()
    outcomes = [MarketOutcome("free-eth-airdrop-claim.xyz", 1, market_id=1)]
    judge = train_judge(accepted, outcomes, validation=(val_d, val_y))
    m = judge.metrics
    assert m.n_train == 1201 and m.n_outcomes == 1 and m.n_validation == 400
    assert m.balanced_accuracy > 0.8 and m.roc_auc > 0.85, m
    assert judge.dataset_hash == dataset_hash(judge.domains, judge.labels)
    assert judge.model.predict_proba(["free-eth-airdrop-claim.xyz"])[0, 1] > 0.5


def test_train_judge_holds_out_its_own_validation_and_is_deterministic() -> None:
    domains, labels = _sample(800, 2)
    examples = [Example(d, int(y)) for d, y in zip(domains, labels, strict=True)]
    a = train_judge(examples, random_state=3)
    b = train_judge(examples, random_state=3)
    assert a.metrics == b.metrics
    assert a.metrics.n_validation == pytest.approx(160, abs=2)
    assert a.metrics.n_train == 800  # refitted on every row after measuring
    with pytest.raises(TrainingError, match="validation_size"):
        train_judge(examples, validation_size=1.5)


def test_one_label_only_is_an_error() -> None:
    with pytest.raises(TrainingError, match="both"):
        train_judge([Example("a.com", 1), Example("b.com", 1)])
