"""The context the stages of ``augury run`` share, their results, and the loop over them."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from augury.chain import Chain, Contract
from augury.run.artifacts import JudgeArtifacts, MarketArtifacts

Progress = Callable[[str, int, int], None]


def _no_progress(label: str, done: int, total: int) -> None:
    return None


@dataclass
class StageResult:
    """What one stage did: a headline, rows for a table, data for the (JSON) report."""

    name: str
    headline: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class RunContext:
    """Shared by the stages of one run: one chain, the deployed protocol by contract
    name, and what earlier stages left (``None`` until the stage that makes it ran)."""

    chain: Chain
    out_dir: Path
    seed: int = 0
    contracts: dict[str, Contract] = field(default_factory=dict)
    judge: JudgeArtifacts | None = None
    market: MarketArtifacts | None = None
    progress: Progress = _no_progress


Stage = Callable[[RunContext], StageResult]


@dataclass
class RunReport:
    """Every stage's result, in order, and the chain they ran on."""

    backend: str
    chain_id: int
    started: float
    stages: list[StageResult]

    def to_json(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "chain_id": self.chain_id,
            "started": self.started,
            "stages": [asdict(s) for s in self.stages],
        }


def run_stages(
    chain: Chain,
    out_dir: Path,
    stages: Sequence[tuple[str, Stage]],
    *,
    seed: int = 0,
    on_stage: Callable[[StageResult], None] = lambda r: None,
    progress: Progress = _no_progress,
) -> RunReport:
    """Run ``stages`` in order on ``chain``; write ``out_dir/report.json``."""
    ctx = RunContext(chain=chain, out_dir=out_dir, seed=seed, progress=progress)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = RunReport(chain.backend, chain.chain_id, time.time(), [])
    for _name, stage in stages:
        t0 = time.perf_counter()
        result = stage(ctx)
        result.seconds = time.perf_counter() - t0
        report.stages.append(result)
        on_stage(result)
    (out_dir / "report.json").write_text(json.dumps(report.to_json(), indent=2) + "\n")
    return report
