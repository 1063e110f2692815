"""``augury data``: the vendored phishing list, address labels and domain models."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from augury.commands.common import Format, FormatOption, console, emit_json, group

if TYPE_CHECKING:
    from augury.data import DomainDataset

app = group("Look up domains and addresses in the vendored scam data; score domains.")


@app.command("check")
def check(
    domains: list[str] = typer.Argument(..., help="Domains or URLs to look up."),
    fmt: Format = FormatOption,
) -> None:
    """eth-phishing-detect's verdict on each domain (blacklist, whitelist, fuzzy, all)."""
    from augury.data import load_phishing_list, normalize_domain

    plist = load_phishing_list()
    rows = [plist.check(normalize_domain(d)) for d in domains]
    data = [
        {"domain": r.domain, "phishing": r.result, "type": r.type, "match": r.match} for r in rows
    ]
    if fmt is Format.json:
        emit_json(data)
        return
    table = Table(title=f"eth-phishing-detect list, version {plist.version}")
    for column in ("domain", "phishing", "rule", "lookalike of"):
        table.add_column(column)
    for r in rows:
        table.add_row(r.domain, str(r.result), r.type, r.match or "")
    console.print(table)


@app.command("score")
def score(
    domains: list[str] = typer.Argument(..., help="Domains or URLs to score."),
    random_state: int = typer.Option(0, "--random-state", help="Seed of the model's training."),
    fmt: Format = FormatOption,
) -> None:
    """P(phishing) from check_site's model (trained on first use, ~20 s, then cached)."""
    from augury.guard.site.model import site_model

    model = site_model(random_state)
    probabilities = model.predict_proba(domains)[:, 1]
    data = [{"domain": d, "p_scam": float(p)} for d, p in zip(domains, probabilities, strict=True)]
    if fmt is Format.json:
        emit_json(data)
        return
    table = Table(title="check_site model")
    table.add_column("domain")
    table.add_column("P(scam)", justify="right")
    for domain, p in zip(domains, probabilities, strict=True):
        table.add_row(domain, f"{p:.3f}")
    console.print(table)


@app.command("label")
def label(
    address: str = typer.Argument(..., help="0x address to look up."),
    fmt: Format = FormatOption,
) -> None:
    """Forta's labels for an address (all labels there are malicious)."""
    from augury.data import labels_by_address

    labels = labels_by_address().get(address.strip().lower(), ())
    data = [
        {"dataset": x.dataset, "tag": x.tag, "category": x.category, "source": x.source}
        for x in labels
    ]
    if fmt is Format.json:
        emit_json({"address": address.lower(), "labels": data})
        return
    if not data:
        console.print(f"{address.lower()}: no label")
        return
    table = Table(title=address.lower())
    for column in ("dataset", "tag", "category", "source"):
        table.add_column(column)
    for x in labels:
        table.add_row(x.dataset, x.tag, x.category, x.source)
    console.print(table)


@app.command("stats")
def stats(fmt: Format = FormatOption) -> None:
    """How many labelled domains and addresses each vendored source contributes: the
    domains of ``load_domain_dataset`` (market, DAO, judge) and of ``load_site_dataset``
    (the guard's site model)."""
    from augury.data import load_address_labels, load_domain_dataset, load_site_dataset

    def per_source(dataset: DomainDataset) -> dict[str, int]:
        return dict(
            Counter(f"{e.source} ({'scam' if e.label else 'benign'})" for e in dataset.examples)
        )

    addresses = Counter(str(x.dataset) for x in load_address_labels())
    data: dict[str, dict[str, int]] = {
        "domains": per_source(load_domain_dataset()),
        "site domains": per_source(load_site_dataset()),
        "addresses": dict(addresses),
    }
    if fmt is Format.json:
        emit_json(data)
        return
    table = Table(title="vendored data")
    table.add_column("kind")
    table.add_column("source")
    table.add_column("count", justify="right")
    for kind, counts in data.items():
        for source, n in counts.items():
            table.add_row(kind, source, f"{n:,}")
    console.print(table)
