"""``augury chain``: what chain am I talking to."""

from __future__ import annotations

import typer
from rich.table import Table

from augury.commands import common

app = common.group("Inspect the chain augury talks to.")


@app.command("info")
@common.chain_options("rpc", "key", "state", "chain_id")
def info(
    opts: common.ChainOptions = common.CHAIN, fmt: common.Format = common.FormatOption
) -> None:
    """Backend, chain id and latest block (and the account of --key, if given)."""
    with opts.session() as chain:
        data = chain.info()
        if opts.private_key is not None:
            data["account"] = chain.accounts[0].address
    if fmt is common.Format.json:
        common.emit_json(data)
        return
    table = Table(title="chain", show_header=False)
    for k, v in data.items():
        table.add_row(k, str(v))
    common.console.print(table)


@app.command("advance")
@common.chain_options("rpc", "state")
def advance(
    seconds: int = typer.Argument(..., help="Seconds to move the clock forward."),
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Move a development chain's clock forward and mine a block (windows, deadlines)."""
    with opts.session() as chain:
        chain.advance_time(seconds)
        data = {"block": chain.block_number(), "timestamp": chain.timestamp()}
    if fmt is common.Format.json:
        common.emit_json(data)
    else:
        common.console.print(f"block {data['block']}, timestamp {data['timestamp']}")
