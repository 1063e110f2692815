"""``augury agent run``: one AI trader as its own process against any node."""

from __future__ import annotations

from pathlib import Path

import typer

from augury.commands import common

app = common.group("AI agents that trade the scam markets.")


@app.command("run")
@common.chain_options("rpc", "key", "state")
def run(
    strategy: str = typer.Option(
        ...,
        "--strategy",
        help="A model family registered in augury.models (e.g. char-ngram); "
        "an unknown name lists them.",
    ),
    questions: Path = typer.Option(..., "--questions", help='JSONL of {"id", "domain"}.'),
    once: bool = typer.Option(False, "--once", help="Trade what is open, then exit."),
    interval: float = typer.Option(5.0, "--interval", help="Seconds between passes."),
    sizing: str = typer.Option(
        "cara", "--sizing", help="cara (exponential utility, as simulated) or kelly."
    ),
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Watch the deployed Markets contract and trade its open markets."""
    from augury.market.trader import TraderLog, build_agent, check_sizing, markets_for, run_trader

    check_sizing(sizing)
    agent = build_agent(strategy, questions)
    with opts.session() as chain:
        sender = chain.accounts[0]
        markets = markets_for(chain, sender)

        def show(log: TraderLog) -> None:
            if fmt is not common.Format.json:
                common.console.print(
                    f"{strategy}: {len(log.trades)} trade(s) on {log.seen} market(s)"
                )

        total = run_trader(chain, markets, agent, questions, once=once, interval=interval,
                           sizing=sizing, on_pass=show)  # fmt: skip
    if fmt is common.Format.json:
        common.emit_json({"strategy": strategy, "account": sender.address, **total.to_json()})
