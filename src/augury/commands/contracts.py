"""``augury contracts``: compile and export the protocol's Vyper contracts."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from augury.commands.common import Format, FormatOption, console, emit_json, group

app = group("The protocol's Vyper contracts.")


@app.command("build")
def build(
    out: Path = typer.Option(..., "--out", help="Directory for <Name>.json artifacts."),
    names: list[str] = typer.Option(
        [], "--name", help="Build only this contract (repeatable); default: all."
    ),
    fmt: Format = FormatOption,
) -> None:
    """Compile the contracts; write DIR/<Name>.json with abi and bytecode."""
    from augury.contracts import export

    written = export(out, names)
    if fmt is Format.json:
        emit_json({"contracts": [w.to_json() for w in written]})
        return
    table = Table(title=f"contracts → {out}")
    table.add_column("contract")
    table.add_column("init code", justify="right")
    table.add_column("artifact")
    for w in written:
        table.add_row(w.name, f"{w.bytecode_bytes:,} B", str(w.path))
    console.print(table)


@app.command("list")
def list_contracts() -> None:
    """Names of the protocol contracts."""
    from augury.contracts import available

    for name in available():
        console.print(name)
