"""The guard's corpus run: every case of :mod:`~augury.guard.corpus.malicious` and
:mod:`~augury.guard.corpus.benign`, checked.

:func:`run_corpus` builds the world on an embedded chain (or the chain given), checks every
scenario, and returns typed :class:`CorpusRow` rows; :func:`summarize` gives the figures
the issue asks for (every malicious case warned or blocked, no benign case blocked). The
``augury run`` stage calls these two functions and prints the rows as a table.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from augury.chain import Chain
from augury.guard.check import check
from augury.guard.corpus.benign import BENIGN
from augury.guard.corpus.malicious import MALICIOUS
from augury.guard.corpus.scenarios import Scenario, build_world
from augury.guard.records import fields_json

__all__ = ["SCENARIOS", "CorpusRow", "CorpusSummary", "run_corpus", "summarize"]

#: Every case: the malicious ones first, then the benign.
SCENARIOS: tuple[Scenario, ...] = MALICIOUS + BENIGN


@dataclass(frozen=True)
class CorpusRow:
    """One scenario's outcome."""

    name: str
    pattern: str
    malicious: bool
    verdict: str
    rules: tuple[str, ...]
    ms: float
    explanation: str

    @property
    def ok(self) -> bool:
        return self.verdict in ("warn", "block") if self.malicious else self.verdict != "block"

    def to_json(self) -> dict[str, Any]:
        return {**fields_json(self), "ms": round(self.ms, 2), "ok": self.ok}


@dataclass(frozen=True)
class CorpusSummary:
    malicious: int
    malicious_flagged: int
    benign: int
    benign_blocked: int
    benign_warned: int

    def to_json(self) -> dict[str, int]:
        return dict(self.__dict__)


def run_corpus(chain: Chain | None = None, *, use_model: bool = True) -> list[CorpusRow]:
    """Check every scenario on ``chain`` (default: a fresh embedded chain); the world's
    deployments stay on the chain (run inside ``chain.anchor()`` to undo them)."""
    world = build_world(chain)
    rows = []
    for sc in SCENARIOS:
        request = sc.build(world)
        start = time.perf_counter()
        report = check(
            request, origin=sc.origin, chain=world.chain, policy=world.policy, use_model=use_model
        )
        ms = (time.perf_counter() - start) * 1000
        fired = tuple(sorted({f.rule for f in report.findings if f.severity != "info"}))
        rows.append(
            CorpusRow(
                sc.name, sc.pattern, sc.malicious, report.verdict, fired, ms, report.explanation
            )
        )
    return rows


def summarize(rows: list[CorpusRow]) -> CorpusSummary:
    mal = [r for r in rows if r.malicious]
    ben = [r for r in rows if not r.malicious]
    return CorpusSummary(
        malicious=len(mal),
        malicious_flagged=sum(r.verdict in ("warn", "block") for r in mal),
        benign=len(ben),
        benign_blocked=sum(r.verdict == "block" for r in ben),
        benign_warned=sum(r.verdict == "warn" for r in ben),
    )
