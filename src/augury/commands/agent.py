"""``augury agent run``: one AI trader as its own process against any node."""

from __future__ import annotations

from pathlib import Path

import typer

from augury.commands.common import (
    CHAIN,
    ChainOptions,
    Format,
    FormatOption,
    chain_options,
    console,
    emit_json,
    group,
)

app = group("AI agents that trade the scam markets.")


@app.command("run")
@chain_options("rpc", "key", "state")
def run(
    strategy: str = typer.Option(
        ..., "--strategy", help="char-ngram|lookalike-gbm|neighbours|list-lookup|ensemble"
    ),
    questions: Path = typer.Option(..., "--questions", help='JSONL of {"id", "domain"}.'),
    once: bool = typer.Option(False, "--once", help="Trade what is open, then exit."),
    interval: float = typer.Option(5.0, "--interval", help="Seconds between passes."),
    sizing: str = typer.Option(
        "cara", "--sizing", help="cara (exponential utility, as simulated) or kelly."
    ),
    opts: ChainOptions = CHAIN,
    fmt: Format = FormatOption,
) -> None:
    """Watch the deployed Markets contract and trade its open markets."""
    from augury.errors import ConfigError
    from augury.market.trader import SIZINGS, TraderLog, build_agent, run_trader
    from augury.protocol import MarketsClient, contract

    if sizing not in SIZINGS:
        raise ConfigError(f"--sizing must be one of {', '.join(SIZINGS)}, not {sizing!r}")
    agent = build_agent(strategy, questions)
    with opts.session() as chain:
        sender = chain.accounts[0]
        markets = MarketsClient(contract(chain, "Markets"), sender)
        token = contract(chain, "Token")
        if token.allowance(sender, markets.contract) == 0:
            token.approve(markets.contract, 2**256 - 1, sender=sender)

        def show(log: TraderLog) -> None:
            if fmt is not Format.json:
                console.print(f"{strategy}: {len(log.trades)} trade(s) on {log.seen} market(s)")

        total = run_trader(chain, markets, agent, questions, once=once, interval=interval,
                           sizing=sizing, on_pass=show)  # fmt: skip
    if fmt is Format.json:
        emit_json({"strategy": strategy, "account": sender.address, "seen": total.seen,
                   "trades": total.trades, "skipped": total.skipped})  # fmt: skip
