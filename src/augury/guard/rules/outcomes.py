"""Findings from the other checks' outcomes: a failed simulation, a flagged origin."""

from __future__ import annotations

from augury.guard.context import Facts
from augury.guard.records import Finding
from augury.guard.site import SiteReport


def simulation_failed(f: Facts) -> list[Finding]:
    sim = f.simulation
    if sim is None or sim.success:
        return []
    return [
        Finding(
            "simulation_failed",
            "warn",
            f"Could not verify: the transaction fails in simulation ({sim.revert_reason}).",
            {"reason": sim.revert_reason},
        )
    ]



def site_findings(report: SiteReport | None) -> list[Finding]:
    """The site check as a finding (kept as its own source: list+model, not the rules)."""
    if report is None or report.verdict == "allow":
        return []
    return [
        Finding("malicious_domain", report.verdict, report.reason, report.to_json(), source="site")
    ]

