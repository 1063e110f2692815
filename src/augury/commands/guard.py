"""``augury guard``: check a wallet request or a site, run the corpus, or serve the proxy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table

from augury.commands import common

app = common.group("Wallet guard: simulate, decode, check and explain signing requests.")
NoModelOption = typer.Option(
    False, "--no-model", help="Judge the origin by the phishing list only (no ML model)."
)
RdapOption = typer.Option(
    None,
    "--rdap",
    envvar="AUGURY_RDAP_URL",
    help="RDAP service for the origin's registration age, e.g. https://rdap.org "
    "(asked over the network; off by default).",
)
COLOURS = {"allow": "green", "warn": "yellow", "block": "red"}


def _age(rdap: str | None) -> Any:
    """An RDAP client for ``--rdap`` (None when not asked for)."""
    from augury.guard.site import RdapClient

    return RdapClient(rdap) if rdap else None


@app.command("check")
@common.chain_options("rpc")
def check_cmd(
    request: Path = typer.Option(..., "--request", help='JSON file: {"method", "params"}.'),
    origin: Optional[str] = typer.Option(None, "--origin", help="The dapp's URL."),  # noqa: UP045
    sender: Optional[str] = typer.Option(None, "--from", help="The user's address."),  # noqa: UP045
    opts: common.ChainOptions = common.CHAIN,
    no_model: bool = NoModelOption,
    rdap: Optional[str] = RdapOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """Check one signing request; exit status 0 (allow), 1 (warn) or 3 (block)."""
    from augury.guard import check
    from augury.guard.decode import read_request_file

    chain = opts.node()
    report = check(
        read_request_file(request),
        origin=origin,
        sender=sender,
        chain=chain,
        use_model=not no_model,
        age=_age(rdap),
    )
    if fmt is common.Format.json:
        common.emit_json(report.to_json())
    else:
        colour = COLOURS[report.verdict]
        common.console.print(f"[bold {colour}]{report.verdict.upper()}[/] {report.explanation}")
        if report.findings:
            table = Table("rule", "severity", "source", "message")
            for f in report.findings:
                table.add_row(f.rule, f.severity, f.source, f.message)
            common.console.print(table)
        common.console.print_json(json.dumps(report.decoded, default=str))
        for d in report.disagreements:
            common.console.print(f"[yellow]disagreement:[/] {d}")
    raise typer.Exit({"allow": 0, "warn": 1, "block": 3}[report.verdict])


@app.command("site")
def site_cmd(
    url: str = typer.Argument(..., help="The site's URL or host name."),
    no_model: bool = NoModelOption,
    rdap: Optional[str] = RdapOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """Is this site phishing? The list, lookalike distance and the model, side by side."""
    from augury.guard import check_site

    report = check_site(url, use_model=not no_model, age=_age(rdap))
    if fmt is common.Format.json:
        common.emit_json(report.to_json())
        return
    table = Table(title=f"{report.domain}: {report.verdict}", show_header=False)
    table.add_row("score (P phishing)", f"{report.score:.3f}")
    table.add_row(
        "phishing list",
        report.list_result
        + (
            f" ({report.list_match}, {report.lookalike_distance} edit(s))"
            if report.list_match
            else ""
        ),
    )
    table.add_row("model", "—" if report.model_score is None else f"{report.model_score:.3f}")
    if report.imitates is not None:
        table.add_row("known brand", report.imitates.reason)
    if report.domain_age is not None:
        age = report.domain_age
        table.add_row(
            "registered",
            age.error
            if age.registered is None
            else f"{age.registered:%Y-%m-%d} ({age.age_days:.0f} days ago)",
        )
    for d in report.disagreements:
        table.add_row("disagreement", d)
    common.console.print(table)


@app.command("corpus")
def corpus_cmd(no_model: bool = NoModelOption, fmt: common.Format = common.FormatOption) -> None:
    """Run the scenario corpus on a fresh embedded chain and print the guard's table."""
    from augury.guard.corpus import run_corpus, summarize

    rows = run_corpus(use_model=not no_model)
    summary = summarize(rows)
    if fmt is common.Format.json:
        common.emit_json({"summary": summary.to_json(), "rows": [r.to_json() for r in rows]})
        return
    table = Table("scenario", "expected", "verdict", "rules", "ms")
    for r in rows:
        colour = COLOURS[r.verdict] if r.ok else "bold magenta"
        table.add_row(
            r.name,
            "malicious" if r.malicious else "benign",
            f"[{colour}]{r.verdict}[/]",
            ", ".join(r.rules),
            f"{r.ms:.1f}",
        )
    common.console.print(table)
    common.console.print(
        f"malicious flagged {summary.malicious_flagged}/{summary.malicious}, "
        f"benign blocked {summary.benign_blocked}/{summary.benign}"
    )


@app.command("proxy")
def proxy_cmd(
    upstream: str = typer.Option(..., "--upstream", help="JSON-RPC URL to forward to."),
    listen: str = typer.Option("127.0.0.1:8546", "--listen", help="HOST:PORT (loopback)."),
    mode: str = typer.Option("block", "--mode", help="warn: forward and log; block: refuse."),
    log: Optional[Path] = typer.Option(None, "--log", help="Append decisions as JSON lines."),  # noqa: UP045
    no_model: bool = NoModelOption,
    rdap: Optional[str] = RdapOption,  # noqa: UP045
) -> None:
    """Serve the guard as a JSON-RPC proxy until interrupted."""
    from augury.guard.proxy import GuardProxy, parse_listen, serve, wait_for_stop_signal

    host, port = parse_listen(listen)
    proxy = GuardProxy(
        upstream,
        mode=mode,  # type: ignore[arg-type]
        use_model=not no_model,
        log_path=log,
        age=_age(rdap),
    )
    server = serve(proxy, host, port)
    common.console.print(
        f"guard proxy on http://{host}:{server.server_address[1]} -> {upstream} "
        f"({mode} mode); Ctrl-C to stop"
    )
    wait_for_stop_signal()
    server.shutdown()
    server.server_close()
