"""``augury chain``: what chain am I talking to."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from augury.commands.common import (
    Format,
    FormatOption,
    KeyOption,
    RpcOption,
    StateOption,
    chain_session,
    console,
    emit_json,
    fail,
    private_key,
    user_errors,
)
from augury.errors import ChainIdMismatch

app = typer.Typer(help="Inspect the chain augury talks to.", no_args_is_help=True)


@app.command("info")
@user_errors
def info(
    rpc: Optional[str] = RpcOption,  # noqa: UP045 (typer needs Optional)
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    chain_id: Optional[int] = typer.Option(  # noqa: UP045
        None, "--chain-id", help="Fail unless the chain has this id."
    ),
    fmt: Format = FormatOption,
) -> None:
    """Backend, chain id and latest block (and the account of --key, if given)."""
    with chain_session(rpc, key, state, chain_id) as chain:
        if chain_id is not None and chain_id != chain.chain_id:
            raise ChainIdMismatch(f"wrong chain id: chain is {chain.chain_id}, expected {chain_id}")
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


@app.command("advance")
@user_errors
def advance(
    seconds: int = typer.Argument(..., help="Seconds to move the clock forward."),
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Move a development chain's clock forward and mine a block (windows, deadlines)."""
    if seconds < 0:
        raise fail("time only moves forward")
    with chain_session(rpc, None, state) as chain:
        chain.advance_time(seconds)
        data = {"block": chain.block_number(), "timestamp": chain.timestamp()}
    if fmt is Format.json:
        emit_json(data)
    else:
        console.print(f"block {data['block']}, timestamp {data['timestamp']}")
