"""The guard's rules: small, named, each with a severity and its own tests.

A rule reads :class:`~augury.guard.context.Facts` and returns findings. Names follow the
reason codes of MetaMask's security alerts (Blockaid) where one exists:

==============================  =======================================================
rule                            fires on
==============================  =======================================================
approval_farming                an approval/permit/Permit2 to an EOA (block), or an
                                unlimited or large one to an untrusted contract, or any
                                to a contract younger than a day (warn; node history)
permit_farming                  a signed permit (EIP-2612, DAI, Permit2) to an untrusted
                                spender (warn; block if the spender is an EOA)
set_approval_for_all            ``setApprovalForAll(op, true)`` to a non-marketplace
seaport_farming / blur_farming  a listing whose proceeds to the seller are ~0 or go to
/ looksrare_farming             someone else (block); a blind bulk signature (warn)
raw_signature_farming           ``eth_sign`` of a 32-byte hash (block), of anything (warn)
personal_sign_hash              ``personal_sign`` of a hash or a transaction
address_poisoning               recipient shares the first and last 4 hex characters
                                with a past counterparty but is another address
first_time_recipient            a transfer to an address never paid before (info)
transfer_to_token_contract      tokens sent to a token contract (lost forever)
known_scam_address              an involved address is on the forta malicious lists
transfer_farming                a drainer lure: ``claim()``-like call paying the coin
                                on to an EOA, or assets leaving for an EOA via a contract
delegation_not_allowlisted      an EIP-7702 delegation to a contract not on the allowlist
malicious_domain                the origin is a phishing site (see ``check_site``)
simulation_failed               the transaction reverts in simulation: could not verify
==============================  =======================================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rlp  # type: ignore[import-untyped]

from augury.guard.context import Facts
from augury.guard.records import UNLIMITED, Finding, Grant, Severity
from augury.guard.request import MessageRequest, TxRequest
from augury.guard.rules_transfers import (
    address_poisoning,
    delegation_not_allowlisted,
    first_time_recipient,
    known_scam_address,
    short,
    transfer_farming,
    transfer_to_token_contract,
)
from augury.guard.site import SiteReport

Rule = Callable[[Facts], list[Finding]]
#: The seller receiving less than this share of what the order pays out is "~0 proceeds".
MIN_SELLER_SHARE = 0.5


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


def marketplace_farming(f: Facts) -> list[Finding]:
    out = []
    for o in f.orders:
        name = f"{o.protocol}_farming"
        if o.side == "bulk":
            out.append(
                Finding(
                    name,
                    "warn",
                    f"A {o.protocol} bulk signature approves orders "
                    "the wallet cannot show (blind signing).",
                    {},
                )
            )
            continue
        if o.side != "sell":
            continue
        to_seller = sum(i.amount for i in o.receives if i.kind in ("native", "erc20"))
        to_others = sum(i.amount for i in o.others if i.kind in ("native", "erc20"))
        nft_back = any(i.kind not in ("native", "erc20") for i in o.receives)
        total = to_seller + to_others
        ev: dict[str, Any] = {
            "maker": o.maker,
            "to_seller": to_seller,
            "to_others": to_others,
            "others": sorted({i.recipient or "" for i in o.others}),
        }
        if nft_back:
            continue
        if to_seller == 0:
            out.append(
                Finding(
                    name,
                    "block",
                    f"This {o.protocol} listing gives away "
                    f"{len(o.gives)} item(s) and pays you nothing.",
                    ev,
                )
            )
        elif to_seller < MIN_SELLER_SHARE * total:
            out.append(
                Finding(
                    name,
                    "block",
                    f"Most of this {o.protocol} sale "
                    f"({to_others} of {total}) goes to someone other than you.",
                    ev,
                )
            )
    return out


def raw_signature_farming(f: Facts) -> list[Finding]:
    r = f.request
    if not isinstance(r, MessageRequest) or r.method != "eth_sign":
        return []
    if len(r.data) == 32:
        return [
            Finding(
                "raw_signature_farming",
                "block",
                "eth_sign of a raw 32-byte hash: "
                "it could be any transaction or permit (blind signing).",
                {"hash": r.data},
            )
        ]
    return [
        Finding(
            "raw_signature_farming",
            "warn",
            "eth_sign is deprecated and unsafe; legitimate sites use personal_sign or typed data.",
            {},
        )
    ]


def _is_rlp_transaction(data: bytes) -> bool:
    body = data[1:] if data[:1] in (b"\x01", b"\x02", b"\x04") else data
    try:
        items = rlp.decode(body)
    except Exception:  # anything rlp cannot read is not a transaction
        return False
    return isinstance(items, list) and len(items) >= 6


def personal_sign_hash(f: Facts) -> list[Finding]:
    r = f.request
    if not isinstance(r, MessageRequest) or r.method != "personal_sign":
        return []
    try:
        r.data.decode("utf-8")
        text = True
    except UnicodeDecodeError:
        text = False
    if len(r.data) == 32 and not text:
        return [
            Finding(
                "personal_sign_hash",
                "block",
                "The message is a 32-byte hash, not text: you cannot know what you sign.",
                {"hash": r.data},
            )
        ]
    if not text and _is_rlp_transaction(r.data):
        return [
            Finding(
                "personal_sign_hash",
                "block",
                "The message is an encoded transaction.",
                {"length": len(r.data)},
            )
        ]
    if not text:
        return [
            Finding(
                "personal_sign_hash",
                "warn",
                "The message is binary data, not text.",
                {"length": len(r.data)},
            )
        ]
    return []


def site_findings(report: SiteReport | None) -> list[Finding]:
    """The site check as a finding (kept as its own source: list+model, not the rules)."""
    if report is None or report.verdict == "allow":
        return []
    return [
        Finding("malicious_domain", report.verdict, report.reason, report.to_json(), source="site")
    ]


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


RULES: tuple[Rule, ...] = (
    approval_farming,
    permit_farming,
    set_approval_for_all,
    marketplace_farming,
    raw_signature_farming,
    personal_sign_hash,
    address_poisoning,
    first_time_recipient,
    transfer_to_token_contract,
    known_scam_address,
    transfer_farming,
    delegation_not_allowlisted,
    simulation_failed,
)


def run_rules(f: Facts) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(f))
    return findings


__all__ = ["RULES", "UNLIMITED", "run_rules", "site_findings"]
