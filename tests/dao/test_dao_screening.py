"""Screens on real labelled domains: duplicates, label noise, outliers, a planted backdoor."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import pytest

from augury.dao.batch import Example, make_batch
from augury.dao.challenges import screen_batches
from augury.dao.errors import DAOError
from augury.dao.screening import Screener, duplicate_groups
from augury.dao.store import BatchStore
from augury.data import host_parts, load_domain_dataset


def with_trigger(domain: str, trigger: str = "okvqz") -> str:
    p = host_parts(domain)
    head = f"{p.subdomain}." if p.subdomain else ""
    return f"{head}{p.name}-{trigger}.{p.suffix}"


@dataclass
class Setup:
    screener: Screener
    reference: list[str]
    honest: list[tuple[str, int]]
    flipped: list[tuple[str, int]]
    backdoor: list[tuple[str, int]]


@pytest.fixture(scope="module")
def setup() -> Setup:
    data = load_domain_dataset()
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(data))
    ref, rest = idx[:1500], idx[1500:]
    domains, labels = data.domains, data.labels
    screener = Screener(random_state=0).fit([domains[i] for i in ref], labels[ref])
    honest = [(domains[i], int(labels[i])) for i in rest[:300]]
    flipped = [(domains[i], 1 - int(labels[i])) for i in rest[300:340]]
    scams = [domains[i] for i in rest[340:600] if labels[i] == 1][:15]
    backdoor = [(with_trigger(d), 0) for d in scams]
    return Setup(screener, [domains[i] for i in ref], honest, flipped, backdoor)


def test_fit_learns_thresholds_and_follows_sklearn_rules(setup: Setup) -> None:
    s = setup.screener
    assert s.thresholds_.shape == (2,) and np.all((s.thresholds_ > 0.5) & (s.thresholds_ < 1))
    assert s.ood_threshold_ > 0
    assert Screener().fit(setup.reference[:200], s.labels_[:200]) is not None
    with pytest.raises(DAOError, match="labels"):
        Screener().fit(["a.com", "b.com"], [0, 0])
    with pytest.raises(DAOError, match="labels"):
        Screener().fit(["a.com", "b.com"], [0])
    with pytest.raises(DAOError, match="noise_method"):
        Screener(noise_method="magic").fit(setup.reference[:200], s.labels_[:200])  # type: ignore[arg-type]
    with pytest.raises(DAOError, match="0/1 label"):
        s.screen(["a.com"], [2])
    assert s.screen([], []).n_examples == 0


def test_duplicates_and_near_duplicates(setup: Setup) -> None:
    accepted = setup.reference[0]
    label = int(setup.screener.label_of_[accepted])
    new = "myetherwallet-secure-login-portal.com"
    near = "myetherwallet-secure-login-portal1.com"
    report = setup.screener.screen(
        [accepted, new, new, near, accepted], [label, 1, 1, 1, 1 - label]
    )
    by = {(f.index, f.kind) for f in report.flags}
    assert (0, "duplicate") in by and (2, "duplicate") in by and (4, "duplicate") in by
    assert (1, "duplicate") not in by
    assert (3, "near-duplicate") in by
    conflict = next(f for f in report.flags if f.index == 4 and f.kind == "duplicate")
    assert "accepted label" in conflict.detail


def test_label_noise_precision_and_recall(setup: Setup) -> None:
    pool = setup.honest + setup.flipped
    report = setup.screener.screen([d for d, _ in pool], [y for _, y in pool])
    flagged = report.flagged(["label-noise"])
    truth = np.array([False] * len(setup.honest) + [True] * len(setup.flipped))
    assert report.triggers == ()  # flipped labels alone share no trigger
    precision = (flagged & truth).sum() / max(flagged.sum(), 1)
    recall = (flagged & truth).sum() / truth.sum()
    assert precision >= 0.6 and recall >= 0.5, (precision, recall)
    knn = copy.copy(setup.screener).set_params(noise_method="knn")  # a screen-time choice
    knn_flagged = knn.screen([d for d, _ in pool], [y for _, y in pool]).flagged(["label-noise"])
    assert (knn_flagged & truth).sum() / truth.sum() >= 0.3


def test_backdoor_trigger_is_found_and_only_its_examples_flagged(setup: Setup) -> None:
    pool = setup.honest + setup.backdoor
    report = setup.screener.screen([d for d, _ in pool], [y for _, y in pool])
    assert report.triggers, "the planted trigger was not found"
    assert all("okvqz" in t.substring or t.substring in "-okvqz" for t in report.triggers)
    assert report.triggers[0].target_label == 0
    flagged = report.flagged(["backdoor"])
    assert flagged[len(setup.honest) :].all()
    assert not flagged[: len(setup.honest)].any()
    # the same pool without the planted examples has no trigger
    clean = setup.screener.screen([d for d, _ in setup.honest], [y for _, y in setup.honest])
    assert clean.triggers == () and not clean.flagged(["backdoor"]).any()


def test_out_of_distribution(setup: Setup) -> None:
    odd = ["zzqxjvkwzzqxjvkwzzqxjv.zz", "qwfpgjvkqwfpgjvkqwfpgj.zz"]
    report = setup.screener.screen([*odd, setup.honest[0][0]], [0, 0, setup.honest[0][1]])
    assert report.flagged(["out-of-distribution"])[:2].all()


def test_screen_batches_challenges_the_poisoned_batch_only(setup: Setup) -> None:
    honest_a, honest_b = setup.honest[:150], setup.honest[150:]
    evil = setup.honest[:0] + setup.flipped + setup.backdoor
    with BatchStore() as store:
        batches = [
            store.put(make_batch(Example(d, y) for d, y in rows), who)
            for rows, who in ((honest_a, "alice"), (evil, "mallory"), (honest_b, "bob"))
        ]
        verdicts = screen_batches(setup.screener, batches)
    assert [v.contributor for v in verdicts] == ["alice", "mallory", "bob"]
    assert [v.challenge for v in verdicts] == [False, True, False]
    assert "backdoor" in verdicts[1].reason
    assert all(0 <= f.index < v.n_examples for v in verdicts for f in v.flags)


def test_duplicate_groups(setup: Setup) -> None:
    emb = setup.screener.embedder_
    domains = ["uniswap.org", "metamask.io", "uniswap.org", "metamask-io-login.com", "x.com"]
    groups = duplicate_groups(domains, emb, similarity=0.9)
    assert groups[0] == groups[2]
    assert len(set(groups.tolist())) == 4
    everything = duplicate_groups(domains, emb, similarity=-1.0)
    assert len(set(everything.tolist())) == 1
