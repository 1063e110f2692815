"""The market stage of ``augury run``: AI agents trade, a jury resolves a sample."""

from __future__ import annotations

from augury.market.players import players
from augury.market.simulate import SimulationConfig, simulate
from augury.models import calibration_plot
from augury.run import MarketArtifacts, RunContext, StageResult

RUN_MARKETS = 60


def stage_market(ctx: RunContext) -> StageResult:
    """Five agents trade one market per held-back domain; 10% go to the jury.

    The resolved outcomes are left in ``ctx.market.outcomes`` for the data DAO
    (market-based RLHF), and the market prices in ``ctx.market.prices`` for the guard.
    """
    ctx.progress("train agents", 0, 1)
    questions, oracle, agents = players(None, RUN_MARKETS, ctx.seed)
    ctx.progress("train agents", 1, 1)
    config = SimulationConfig(jury_rate=0.1, rounds=2, seed=ctx.seed)
    report = simulate(ctx.chain, questions, oracle, agents, config, ctx.progress)
    labels = oracle.scoring_labels()
    rest = [m for m in report.markets if not m.sampled]
    curves = {"market": ([m.price for m in rest], [labels[m.id] for m in rest])}
    for a in report.agents:
        curves[a.name] = ([a.predictions[m.id] for m in rest], [labels[m.id] for m in rest])
    plot = calibration_plot(curves, ctx.out_dir / "calibration.png", "run: markets vs agents")
    ctx.market = MarketArtifacts(
        outcomes=tuple((m.domain, int(m.outcome)) for m in report.markets if m.outcome is not None),
        prices={m.domain: m.price for m in report.markets},
    )
    scores = report.scores
    best = min((a.name for a in report.agents), key=lambda n: scores[n].brier)
    rows = [
        ("market Brier / AUC", f"{scores['market'].brier:.4f} / {scores['market'].auc:.3f}"),
        (f"best agent ({best})", f"{scores[best].brier:.4f} / {scores[best].auc:.3f}"),
        ("jury", f"{report.jury.sampled} of {len(report.markets)} markets resolved"),
        (
            "gas create / trade / redeem",
            " / ".join(f"{report.gas.get(k, 0):,.0f}" for k in ("create", "trade", "redeem")),
        ),
        ("calibration plot", str(plot)),
    ]
    return StageResult(
        name="market",
        headline=f"{len(agents)} agents traded {len(report.markets)} markets",
        rows=rows,
        data=report.to_json(),
    )
