"""``augury contracts``: compile and export the protocol's Vyper contracts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from augury.commands.common import Format, FormatOption, console, emit_json, fail, group

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
    from augury.contracts import available, compile_contract, source_path

    for name in names:
        source_path(name)  # unknown names fail before anything is written

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(f"cannot create output directory {out}: {exc.strerror}") from None
    written: list[dict[str, Any]] = []
    for compiled in (compile_contract(n) for n in names or available()):
        path = out / f"{compiled.name}.json"
        path.write_text(json.dumps(compiled.to_json(), indent=2) + "\n")
        written.append(
            {
                "name": compiled.name,
                "path": str(path),
                "bytecode_bytes": len(compiled.bytecode),
            }
        )
    if fmt is Format.json:
        emit_json({"contracts": written})
        return
    table = Table(title=f"contracts → {out}")
    table.add_column("contract")
    table.add_column("init code", justify="right")
    table.add_column("artifact")
    for w in written:
        table.add_row(str(w["name"]), f"{w['bytecode_bytes']:,} B", str(w["path"]))
    console.print(table)


@app.command("list")
def list_contracts() -> None:
    """Names of the protocol contracts."""
    from augury.contracts import available

    for name in available():
        console.print(name)
