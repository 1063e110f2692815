"""``augury run``: the whole system as one job, stage by stage.

Each capability contributes a stage: a function that takes the shared
:class:`RunContext` (one chain, the deployed protocol, artifacts earlier stages
left) and returns a :class:`StageResult`. The stages follow the flywheel of
DESIGN.md; the report gathers their results as JSON.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from augury.chain import Chain, Contract


@dataclass
class StageResult:
    """What one stage did: a headline, rows for a table, data for the report."""

    name: str
    headline: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class RunContext:
    """Shared by the stages of one run."""

    chain: Chain
    out_dir: Path
    seed: int = 0
    contracts: dict[str, Contract] = field(default_factory=dict)
    artifacts: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[str, int, int], None] = lambda label, done, total: None


Stage = Callable[[RunContext], StageResult]


def stage_protocol(ctx: RunContext) -> StageResult:
    """Deploy the protocol (Token, Judge, Escrow, DataDAO) and fund the dev accounts."""
    from augury.protocol import deploy_protocol

    chain = ctx.chain
    ctx.progress("deploy", 0, 1)
    contracts = deploy_protocol(chain, jury_arbitrates=True)
    ctx.contracts.update(contracts)
    ctx.progress("deploy", 1, 1)
    token = contracts["Token"]
    treasury = chain.accounts[0]
    for account in chain.accounts[1:]:
        token.transfer(account, 10_000 * 10**18, sender=treasury)
    gas = {
        n: c.deploy_receipt.gas_used for n, c in contracts.items() if c.deploy_receipt is not None
    }
    return StageResult(
        name="protocol",
        headline=f"{len(contracts)} contracts on {chain.backend} chain {chain.chain_id}",
        rows=[(n, f"{c.address}  ({gas.get(n, 0):,} gas)") for n, c in contracts.items()],
        data={
            "contracts": {n: c.address for n, c in contracts.items()},
            "deploy_gas": gas,
            "funded_accounts": len(chain.accounts) - 1,
        },
    )


def _stages() -> list[tuple[str, Stage]]:
    """The flywheel in order. Imported lazily: each capability pulls in its own stack."""
    from augury.dao.stage import stage_dao
    from augury.guard.stage import stage_guard
    from augury.judge.stage import stage_judge
    from augury.market.stage import stage_market

    stages: list[tuple[str, Stage]] = [
        ("protocol", stage_protocol),
        ("judge", stage_judge),
        ("market", stage_market),
        ("guard", stage_guard),
        ("dao", stage_dao),
    ]
    return stages


@dataclass
class RunReport:
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


def run(
    chain: Chain,
    out_dir: Path,
    *,
    seed: int = 0,
    stages: list[tuple[str, Stage]] | None = None,
    on_stage: Callable[[StageResult], None] = lambda r: None,
    progress: Callable[[str, int, int], None] = lambda label, done, total: None,
) -> RunReport:
    """Run the stages in order on ``chain``; write ``out_dir/report.json``."""
    ctx = RunContext(chain=chain, out_dir=out_dir, seed=seed, progress=progress)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = RunReport(chain.backend, chain.chain_id, time.time(), [])
    for _name, stage in stages or _stages():
        t0 = time.perf_counter()
        result = stage(ctx)
        result.seconds = time.perf_counter() - t0
        report.stages.append(result)
        on_stage(result)
    (out_dir / "report.json").write_text(json.dumps(report.to_json(), indent=2) + "\n")
    return report
