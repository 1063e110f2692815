"""``augury deploy``: put the protocol's contracts on a chain."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from augury.commands import common


@common.chain_options("rpc", "key", "state")
def deploy(
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Deploy the protocol (Token, Judge, Escrow, ...) and record the addresses."""
    from augury.protocol import deploy_protocol

    with opts.session() as chain:
        contracts = deploy_protocol(chain)
        data: dict[str, Any] = {
            "chain_id": chain.chain_id,
            "backend": chain.backend,
            "block": chain.block_number(),
            "contracts": {n: c.address for n, c in contracts.items()},
        }
    if fmt is common.Format.json:
        common.emit_json(data)
        return
    table = Table(title=f"protocol on {data['backend']} chain {data['chain_id']}")
    table.add_column("contract")
    table.add_column("address")
    for name, address in data["contracts"].items():
        table.add_row(name, address)
    common.console.print(table)
