"""``augury deploy``: put the protocol's contracts on a chain."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

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
    user_errors,
)


@user_errors
def deploy(
    rpc: Optional[str] = RpcOption,  # noqa: UP045 (typer needs Optional)
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Deploy the protocol (Token, Judge, Escrow, ...) and record the addresses."""
    from augury.protocol import deploy_protocol

    with chain_session(rpc, key, state) as chain:
        contracts = deploy_protocol(chain, jury_arbitrates=True)
        data = {
            "chain_id": chain.chain_id,
            "backend": chain.backend,
            "block": chain.block_number(),
            "contracts": {n: c.address for n, c in contracts.items()},
        }
    if fmt is Format.json:
        emit_json(data)
        return
    table = Table(title=f"protocol on {data['backend']} chain {data['chain_id']}")
    table.add_column("contract")
    table.add_column("address")
    for name, address in data["contracts"].items():
        table.add_row(name, address)
    console.print(table)
