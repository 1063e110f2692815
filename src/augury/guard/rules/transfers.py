"""Rules about where value goes: recipients, counterparties, drainers and delegations.

See :mod:`augury.guard.rules` for the table of every rule; these are the ones that read the
transaction's recipients, the user's history and the simulated flows.
"""

from __future__ import annotations

from collections.abc import Iterable

from eth_utils import to_checksum_address

from augury.guard.context import Facts, scam_labels
from augury.guard.decode import TxRequest
from augury.guard.records import Finding
from augury.guard.rules.base import short

TRANSFER_SIGNATURES = {
    "transfer(address,uint256)",
    "transferFrom(address,address,uint256)",
    "safeTransferFrom(address,address,uint256)",
    "safeTransferFrom(address,address,uint256,bytes)",
    "safeTransferFrom(address,address,uint256,uint256,bytes)",
    "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)",
}


def _recipients(f: Facts) -> list[tuple[str, str | None]]:
    """(recipient, token) pairs the user pays directly in this transaction."""
    r = f.request
    if not isinstance(r, TxRequest) or r.to is None:
        return []
    call = f.call
    if call is None:
        return [(r.to, None)] if r.value else []
    if call.signature in TRANSFER_SIGNATURES and "to" in call.args:
        return [(to_checksum_address(call.args["to"]), r.to)]
    return []


def address_poisoning(f: Facts) -> list[Finding]:
    out = []
    past = f.counterparties()
    for recipient, _ in _recipients(f):
        low = recipient.lower()
        for p in past:
            pl = p.lower()
            if pl != low and pl[2:6] == low[2:6] and pl[-4:] == low[-4:]:
                out.append(
                    Finding(
                        "address_poisoning",
                        "block",
                        f"The recipient {recipient} imitates {p}, an address you paid "
                        "before: same first and last characters, different address.",
                        {"recipient": recipient, "lookalike_of": p},
                    )
                )
                break
    return out


def first_time_recipient(f: Facts) -> list[Finding]:
    past = f.counterparties()
    return [
        Finding(
            "first_time_recipient",
            "info",
            f"You have never sent funds to {short(recipient)} before.",
            {"recipient": recipient},
        )
        for recipient, _ in _recipients(f)
        if recipient not in past and f.kind(recipient) != "trusted"
    ]


def transfer_to_token_contract(f: Facts) -> list[Finding]:
    out = []
    for recipient, token in _recipients(f):
        if token is not None and (recipient == token or f.policy.role(recipient) == "token"):
            out.append(
                Finding(
                    "transfer_to_token_contract",
                    "warn",
                    "Tokens sent to a token contract are usually lost for good.",
                    {"recipient": recipient, "token": token},
                )
            )
    return out


def _involved(f: Facts) -> Iterable[str]:
    r = f.request
    if isinstance(r, TxRequest) and r.to:
        yield r.to
    for recipient, _ in _recipients(f):
        yield recipient
    for g in f.grants:
        yield g.spender
    for o in f.orders:
        yield from (i.recipient for i in o.others if i.recipient)
    for d in f.delegations:
        yield d.address
    if f.simulation is not None:
        yield from (flow.receiver for flow in f.simulation.flows)


def known_scam_address(f: Facts) -> list[Finding]:
    labels = scam_labels()
    out, seen = [], set()
    for address in _involved(f):
        label = labels.get(address.lower())
        if label and address not in seen:
            seen.add(address)
            out.append(
                Finding(
                    "known_scam_address",
                    "block",
                    f"{short(address)} is a reported scam address: {label}.",
                    {"address": address, "label": label},
                )
            )
    return out


def transfer_farming(f: Facts) -> list[Finding]:
    r = f.request
    if not isinstance(r, TxRequest) or r.to is None or f.user is None:
        return []
    out: list[Finding] = []
    lure = f.call is not None and f.call.section == "lure"
    sim = f.simulation
    if sim is not None and sim.success and f.kind(r.to) not in ("trusted", "eoa"):
        direct = f.call is not None and f.call.signature in TRANSFER_SIGNATURES
        leaks = {
            flow.receiver
            for flow in sim.flows
            if flow.sender != f.user
            and flow.receiver not in (f.user, r.to)
            and any(c.delta < 0 for c in sim.changes_of(f.user))
            and f.kind(flow.receiver) == "eoa"
        }
        gains = any(c.delta > 0 for c in sim.changes_of(f.user))
        if leaks and not direct and not gains:
            out.append(
                Finding(
                    "transfer_farming",
                    "block",
                    f"Your assets would go through "
                    f"{short(r.to)} to the wallet {short(sorted(leaks)[0])}, and "
                    "you get nothing back.",
                    {"contract": r.to, "receivers": sorted(leaks)},
                )
            )
            return out
    if lure and r.value:
        out.append(
            Finding(
                "transfer_farming",
                "warn",
                f"{f.call.signature if f.call else ''} "
                "with ether attached is the classic fake-claim drainer.",
                {"selector": f.call.selector if f.call else b""},
            )
        )
    return out


def delegation_not_allowlisted(f: Facts) -> list[Finding]:
    out = []
    for d in f.delegations:
        if f.policy.role(d.address) == "delegate":
            continue
        every = " on every chain" if d.chain_id == 0 else ""
        out.append(
            Finding(
                "delegation_not_allowlisted",
                "block",
                f"EIP-7702 delegation"
                f"{every} hands your account to code at {short(d.address)}, which "
                "is not a known wallet delegate.",
                {"delegate": d.address, "chain_id": d.chain_id, "authority": d.authority},
            )
        )
    return out
