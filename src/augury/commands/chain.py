"""``augury chain``: what chain am I talking to."""

from __future__ import annotations

from typing import Optional

import typer
from rich.table import Table

from augury.commands.common import (
    Format,
    FormatOption,
    KeyOption,
    RpcOption,
    console,
    emit_json,
    open_chain,
    private_key,
    user_errors,
)

app = typer.Typer(help="Inspect the chain augury talks to.", no_args_is_help=True)


@app.command("info")
@user_errors
def info(
    rpc: Optional[str] = RpcOption,  # noqa: UP045 (typer needs Optional)
    key: Optional[str] = KeyOption,  # noqa: UP045
    chain_id: Optional[int] = typer.Option(  # noqa: UP045
        None, "--chain-id", help="Fail unless the chain has this id."
    ),
    fmt: Format = FormatOption,
) -> None:
    """Backend, chain id and latest block (and the account of --key, if given)."""
    chain = open_chain(rpc, key, chain_id=chain_id)
    data = chain.info()
    if private_key(key) is not None:
        data["account"] = chain.accounts[0].address
    if fmt is Format.json:
        emit_json(data)
        return
    table = Table(title="chain", show_header=False)
    for k, v in data.items():
        table.add_row(k, str(v))
    console.print(table)
