"""``augury market simulate``: AI agents trade scam markets, a jury resolves a sample."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from augury.commands import common

app = common.group("Micro prediction markets traded by AI agents.")


@app.command("simulate")
@common.chain_options("rpc")
def simulate(
    questions: Optional[Path] = typer.Option(  # noqa: UP045 (typer needs Optional)
        None, "--questions", help='JSONL of {"id", "domain", "label"}; default: held-back data.'
    ),
    markets: int = typer.Option(200, "--markets", help="Questions drawn when no file is given."),
    jury_rate: float = typer.Option(0.05, "--jury-rate", help="Fraction the jury resolves."),
    settle: str = typer.Option("refund", "--settle", help="Unsampled markets: refund|nearest."),
    rounds: int = typer.Option(1, "--rounds", help="Rounds; agents retrain between them."),
    seed: int = typer.Option(0, "--seed"),
    opts: common.ChainOptions = common.CHAIN,
    plot: Path = typer.Option(
        Path("augury-report/calibration.png"), "--plot", help="Calibration plot (PNG)."
    ),
    fmt: common.Format = common.FormatOption,
) -> None:
    """Run markets on questions; print prices, agents' P&L, Brier scores and gas."""
    from augury.market.players import players
    from augury.market.simulate import SimulationConfig
    from augury.market.simulate import simulate as run_simulation
    from augury.models import calibration_plot
    from augury.protocol import Rule

    config = SimulationConfig(
        jury_rate=jury_rate, settle=Rule.parse(settle), rounds=rounds, seed=seed
    )
    quiet = fmt is common.Format.json
    # Parse the questions before anything touches a chain: a bad file deploys nothing.
    qs, oracle, agents = players(questions, markets, seed)
    chain = opts.open()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=common.console, disable=quiet, transient=True,
    ) as bar:  # fmt: skip
        tasks: dict[str, int] = {}

        def progress(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)  # type: ignore[arg-type]

        report = run_simulation(chain, qs, oracle, agents, config, progress)
    labels = oracle.scoring_labels()
    rest = [m for m in report.markets if not m.sampled]
    curves = {"market": ([m.price for m in rest], [labels[m.id] for m in rest])}
    for a in report.agents:
        curves[a.name] = ([a.predictions[m.id] for m in rest], [labels[m.id] for m in rest])
    calibration_plot(curves, plot, "markets vs agents on unsampled questions")
    if quiet:
        common.emit_json(report.to_json())
        return
    table = Table(title=f"{len(report.markets)} markets, {report.jury.sampled} sampled")
    for col in ("forecaster", "Brier (unsampled)", "AUC", "P&L (tokens)", "trades"):
        table.add_column(col, justify="right" if col != "forecaster" else "left")
    m = report.scores["market"]
    table.add_row("[bold]market[/]", f"{m.brier:.4f}", f"{m.auc:.3f}", "", "")
    for a in sorted(report.agents, key=lambda a: report.scores[a.name].brier):
        s = report.scores[a.name]
        table.add_row(a.name, f"{s.brier:.4f}", f"{s.auc:.3f}", f"{a.pnl:+.1f}", str(a.trades))
    common.console.print(table)
    gas = ", ".join(f"{k} {v:,.0f}" for k, v in report.gas.items())
    common.console.print(f"gas (mean): {gas}")
    common.console.print(
        f"jury: {report.jury.sampled} markets, {report.jury.votes} votes, "
        f"{report.jury.reward_tokens:.1f} tokens; calibration plot: {plot}"
    )
