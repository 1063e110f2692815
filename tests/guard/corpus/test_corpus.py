"""The issue's figures on the scenario corpus: every malicious case warned or blocked,
no benign case blocked; and each malicious case caught by the rule of its pattern."""

from __future__ import annotations

import pytest

from augury.guard.corpus import SCENARIOS, CorpusRow, run_corpus, summarize


@pytest.fixture(scope="module")
def rows() -> list[CorpusRow]:
    return run_corpus(use_model=False)


def test_corpus_size() -> None:
    assert len(SCENARIOS) >= 40
    assert sum(s.malicious for s in SCENARIOS) >= 20
    assert sum(not s.malicious for s in SCENARIOS) >= 20
    assert len({s.name for s in SCENARIOS}) == len(SCENARIOS)


def test_every_malicious_flagged_no_benign_blocked(rows: list[CorpusRow]) -> None:
    s = summarize(rows)
    assert s.malicious_flagged == s.malicious
    assert s.benign_blocked == 0
    assert [r.name for r in rows if not r.ok] == []


def test_malicious_cases_are_caught_by_their_own_rule(rows: list[CorpusRow]) -> None:
    for row in rows:
        if row.malicious:
            assert row.pattern in row.rules, (row.name, row.rules)


def test_rows_serialise(rows: list[CorpusRow]) -> None:
    data = [r.to_json() for r in rows]
    assert all(isinstance(d["ms"], float) and d["explanation"] for d in data)
