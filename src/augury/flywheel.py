"""``augury run``: the whole system as one job, stage by stage.

Each capability contributes a stage: a function that takes the shared
:class:`~augury.run.RunContext` (one chain, the deployed protocol, the typed
artifacts earlier stages left) and returns a :class:`~augury.run.StageResult`. This
module only puts them in the order of the flywheel (DESIGN.md) and adds the first
one, the protocol's deployment; the plumbing is :mod:`augury.run`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from augury.chain import Chain
from augury.run import RunContext, RunReport, Stage, StageResult, run_stages

# Each juror's stake in the court: 40 draws of the default 100-token lock, so three
# jurors cover every panel a case can reach (3 + 7 + 15 + 31 = 56 draws).
JUROR_STAKE = 4_000 * 10**18


def stage_protocol(ctx: RunContext) -> StageResult:
    """Deploy the protocol (Token, Court, Judge, Escrow, DataDAO, ...) with the court as
    the arbiter of everything challenged, fund the dev accounts and stake the court's
    jurors (dev accounts 7-9)."""
    from augury.protocol import deploy_protocol, stake_jurors

    chain = ctx.chain
    ctx.progress("deploy", 0, 1)
    contracts = deploy_protocol(chain, court_arbitrates=True)
    ctx.contracts.update(contracts)
    ctx.progress("deploy", 1, 1)
    token = contracts["Token"]
    treasury = chain.accounts[0]
    for account in chain.accounts[1:]:
        token.transfer(account, 10_000 * 10**18, sender=treasury)
    stake_jurors(contracts["Court"], chain.accounts[7:10], JUROR_STAKE, funder=treasury)
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


def run(
    chain: Chain,
    out_dir: Path,
    *,
    seed: int = 0,
    stages: list[tuple[str, Stage]] | None = None,
    on_stage: Callable[[StageResult], None] = lambda r: None,
    progress: Callable[[str, int, int], None] = lambda label, done, total: None,
) -> RunReport:
    """Run the flywheel's stages (or ``stages``) in order on ``chain``; write
    ``out_dir/report.json``."""
    return run_stages(
        chain, out_dir, stages or _stages(), seed=seed, on_stage=on_stage, progress=progress
    )
