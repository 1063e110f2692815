"""The guard stage of ``augury run``: the scenario corpus through the wallet guard."""

from __future__ import annotations

from collections import Counter

from augury.guard.corpus import run_corpus, summarize
from augury.guard.site import SiteReport, check_site
from augury.run import RunContext, StageResult


def stage_guard(ctx: RunContext) -> StageResult:
    """Run every drainer pattern and everyday request of the corpus through ``check``.

    The corpus deploys its own scenario contracts; they are undone afterwards so
    later stages see the protocol as it was.
    """
    ctx.progress("guard: corpus", 0, 1)
    with ctx.chain.anchor():
        rows = run_corpus(ctx.chain)
    ctx.progress("guard: corpus", 1, 1)
    s = summarize(rows)
    by_pattern: Counter[str] = Counter()
    for r in rows:
        if r.malicious:
            by_pattern[f"{r.pattern}: {r.verdict}"] += 1
    ms = sorted(r.ms for r in rows)
    table = [
        ("malicious flagged", f"{s.malicious_flagged}/{s.malicious} (warned or blocked)"),
        ("benign blocked / warned", f"{s.benign_blocked} / {s.benign_warned} of {s.benign}"),
        ("check latency p50 / p95", f"{ms[len(ms) // 2]:.1f} / {ms[int(len(ms) * 0.95)]:.1f} ms"),
    ]
    table += [(k, str(v)) for k, v in sorted(by_pattern.items())]
    data: dict[str, object] = {"rows": [r.to_json() for r in rows]}
    prices = ctx.market.prices if ctx.market is not None else None
    if prices:
        sites = market_sites(prices)
        verdicts = Counter(r.verdict for r in sites)
        split = sum(1 for r in sites if r.disagreements)
        table.append((
            f"sites the market priced ({len(sites)})",
            ", ".join(f"{k} {verdicts[k]}" for k in ("block", "warn", "allow"))
            + f"; signals disagree on {split}",
        ))  # fmt: skip
        data["sites"] = [r.to_json() for r in sites]
    return StageResult(
        name="guard",
        headline=f"{len(rows)} signing requests checked",
        rows=table,
        data=data,
    )


def market_sites(prices: dict[str, float]) -> list[SiteReport]:
    """``check_site`` on every domain the markets priced, with the price as the third,
    independent signal beside the list and the model (the report keeps them apart and
    names any disagreement)."""
    return [check_site(domain, signals=prices.get) for domain in sorted(prices)]
