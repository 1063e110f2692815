"""``augury run``: the main job, every stage of the flywheel on one chain."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from augury.commands import common


@common.chain_options("rpc", "key")
def run(
    opts: common.ChainOptions = common.CHAIN,
    out: Path = typer.Option(Path("augury-report"), "--out", help="Directory for the report."),
    seed: int = typer.Option(0, "--seed", help="Seed for every random choice of the run."),
    fmt: common.Format = common.FormatOption,
) -> None:
    """Run the whole system (embedded chain by default) and write a report."""
    from augury.flywheel import run as run_flywheel
    from augury.run import StageResult

    chain = opts.open()
    quiet = fmt is common.Format.json

    def show(result: StageResult) -> None:
        if quiet:
            return
        table = Table(show_header=False, box=None)
        for k, v in result.rows:
            table.add_row(k, v)
        common.console.print(
            Panel(
                table,
                title=f"[bold]{result.name}[/] — {result.headline}",
                subtitle=f"{result.seconds:.1f} s",
                expand=False,
            )
        )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=common.console,
        disable=quiet,
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)  # type: ignore[arg-type]

        report = run_flywheel(chain, out, seed=seed, on_stage=show, progress=progress)
    if quiet:
        common.emit_json(report.to_json())
    else:
        common.console.print(f"report: {out / 'report.json'}")
