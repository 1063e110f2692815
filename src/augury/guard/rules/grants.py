"""Rules about permissions: approvals, permits and ``setApprovalForAll``.

See :mod:`augury.guard.rules` for the table of every rule.
"""

from __future__ import annotations

from augury.guard.context import Facts
from augury.guard.decode import TxRequest
from augury.guard.records import Finding, Grant, Severity
from augury.guard.rules.base import short


def _all_grants(f: Facts) -> list[Grant]:
    """Grants from decoding, plus approvals only the simulation revealed."""
    grants = list(f.grants)
    seen = {(g.token, g.spender) for g in grants}
    if f.simulation is not None and f.user is not None:
        for a in f.simulation.approvals:
            if a.owner != f.user or (a.token, a.spender) in seen:
                continue
            kind = "approval_for_all" if a.kind == "approval_for_all" else "approve"
            grants.append(Grant(kind, a.owner, a.token, a.spender, a.amount))
    return grants


def approval_farming(f: Facts) -> list[Finding]:
    out = []
    for g in _all_grants(f):
        if g.kind == "approval_for_all" or g.amount == 0:
            continue
        who = f.kind(g.spender)
        ev = {"token": g.token, "spender": g.spender, "amount": g.amount, "spender_kind": who}
        big = g.unlimited or g.amount >= f.policy.large_amount
        amount = "all your" if g.unlimited else "a large amount of your" if big else "your"
        if who == "eoa":
            out.append(
                Finding(
                    "approval_farming",
                    "block",
                    f"Approval to a plain wallet {short(g.spender)}, not a contract: "
                    f"it can take {amount} tokens at any time.",
                    ev,
                )
            )
        elif who != "trusted" and big:
            out.append(
                Finding(
                    "approval_farming",
                    "warn",
                    f"{'Unlimited' if g.unlimited else 'Large'} approval to an "
                    f"unrecognised {who} {short(g.spender)}.",
                    ev,
                )
            )
        elif (
            who == "contract"
            and (age := f.contract_age(g.spender)) is not None
            and age < f.policy.young_blocks
        ):
            out.append(
                Finding(
                    "approval_farming",
                    "warn",
                    f"Approval to {short(g.spender)}, a contract deployed only {age} blocks "
                    "ago: drainers deploy fresh contracts for each campaign.",
                    {**ev, "age_blocks": age},
                )
            )
        elif who == "trusted" and g.unlimited:
            out.append(
                Finding(
                    "approval_farming",
                    "info",
                    f"Unlimited approval to {f.policy.name(g.spender)}.",
                    ev,
                )
            )
    return out


def permit_farming(f: Facts) -> list[Finding]:
    out = []
    for g in f.grants:
        if g.kind not in ("permit", "dai_permit", "permit2_allowance", "permit2_transfer"):
            continue
        if not isinstance(f.request, TxRequest) and f.kind(g.spender) != "trusted":
            sev: Severity = "block" if f.kind(g.spender) == "eoa" else "warn"
            out.append(
                Finding(
                    "permit_farming",
                    sev,
                    f"Off-chain {g.kind.replace('_', ' ')} signature lets "
                    f"{short(g.spender)} move your tokens without another prompt.",
                    {
                        "token": g.token,
                        "spender": g.spender,
                        "amount": g.amount,
                        "deadline": g.deadline,
                    },
                )
            )
    return out


def set_approval_for_all(f: Facts) -> list[Finding]:
    out = []
    for g in _all_grants(f):
        if g.kind != "approval_for_all" or not g.amount:
            continue
        who = f.kind(g.spender)
        if f.policy.role(g.spender) == "marketplace":
            continue
        sev: Severity = "block" if who in ("eoa", "unknown") else "warn"
        out.append(
            Finding(
                "set_approval_for_all",
                sev,
                f"{short(g.spender)} ({who}) could take every NFT of collection "
                f"{short(g.token)} until you revoke it.",
                {"collection": g.token, "operator": g.spender, "operator_kind": who},
            )
        )
    return out

