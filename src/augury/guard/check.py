"""``check``: one wallet request in, one :class:`GuardReport` out.

The pipeline: parse and decode the request (:mod:`~augury.guard.decode`: calldata with the
selector table, typed data, EIP-7702 authorizations), read its typed data with the EIP-2612,
Permit2, Seaport, Blur and LooksRare readers (:mod:`~augury.guard.readers`), simulate
transactions on an embedded EVM or a fork of the given node (:mod:`~augury.guard.simulate`),
run the rules (:mod:`~augury.guard.rules`), judge the origin (:mod:`~augury.guard.site`),
and explain (:mod:`~augury.guard.explain`).

The checks stay separate in the report — ``checks`` gives the rules', the phishing list's,
the site model's and (when a market signal is given) the market's verdicts — and
``disagreements`` says where they differ. The verdict is the most severe finding; a
transaction whose simulation fails is at least "warn" (could not verify), never "allow".
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from augury.chain import Chain
from augury.guard.context import Facts, Policy
from augury.guard.decode import (
    DecodedCall,
    MessageRequest,
    TxRequest,
    TypedDataRequest,
    decode_calldata,
    grants_in_call,
    parse_address,
    parse_request,
)
from augury.guard.explain import explain, rephrase
from augury.guard.readers import read_grants, read_orders
from augury.guard.records import SEVERITY_RANK, AssetChange, Finding, Grant, Order, fields_json
from augury.guard.rules import run_rules, site_findings
from augury.guard.simulate import Simulation, simulate, token_meta
from augury.guard.site import AgeProvider, SignalProvider, SiteReport, check_site

VERDICTS = ("allow", "warn", "block")
_LOCK = threading.Lock()  # py-evm state is not thread-safe; the proxy serves threads


@dataclass(frozen=True)
class GuardReport:
    """The guard's answer. ``verdict`` is allow, warn or block."""

    method: str
    user: str | None
    verdict: str
    explanation: str
    findings: tuple[Finding, ...]
    changes: tuple[AssetChange, ...]
    grants: tuple[Grant, ...]
    orders: tuple[Order, ...]
    decoded: dict[str, Any]
    simulation: Simulation | None = None
    site: SiteReport | None = None
    checks: dict[str, str] = field(default_factory=dict)
    disagreements: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return fields_json(self)


@lru_cache(maxsize=1)
def default_chain() -> Chain:
    """The embedded chain transactions are simulated on when the caller gives none."""
    return Chain.embedded()


def _verdict(findings: list[Finding]) -> str:
    rank = max((SEVERITY_RANK[f.severity] for f in findings), default=0)
    return VERDICTS[rank] if rank else "allow"


def _decode(facts: Facts) -> dict[str, Any]:
    r = facts.request
    if isinstance(r, TxRequest):
        facts.call = decode_calldata(r.data)
        facts.grants = grants_in_call(facts.call, r.to, facts.user)
        facts.delegations = list(r.authorizations)
        return {
            "to": r.to,
            "value": str(r.value),
            "call": None if facts.call is None else facts.call.to_json(),
            "authorizations": [d.to_json() for d in r.authorizations],
        }
    if isinstance(r, TypedDataRequest):
        t = r.typed
        facts.grants = read_grants(t, owner=facts.user)
        facts.orders = read_orders(t)
        return {"typed_data": t.to_json(), "digest": "0x" + t.digest().hex()}
    assert isinstance(r, MessageRequest)
    try:
        text: str | None = r.data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    return {"message_hex": "0x" + r.data.hex(), "message_text": text}


def check(
    request: dict[str, Any],
    *,
    origin: str | None = None,
    sender: str | None = None,
    chain: Chain | None = None,
    policy: Policy | None = None,
    signals: SignalProvider | None = None,
    use_model: bool = True,
    llm: bool = False,
    age: AgeProvider | None = None,
) -> GuardReport:
    """Check one EIP-1193 request ``{"method", "params"}`` before the user signs it.

    ``sender`` is the user's address (else the request's ``from``/signer); ``chain`` is the
    chain to simulate on (a node is forked; default: a cached embedded chain) and to look
    up code on; ``policy`` holds the allowlists; ``signals`` gives market prices for
    domains; ``use_model=False`` checks the origin against the list only; ``llm`` lets
    ``AUGURY_LLM_URL`` reword the explanation; ``age`` (an :class:`augury.guard.site.RdapClient`)
    reports the origin's registration age. Raises a :class:`GuardError` for a request
    that cannot be read.
    """
    parsed = parse_request(request, sender)
    user = sender
    if user is None:
        user = parsed.sender if isinstance(parsed, TxRequest) else parsed.signer
    if user is not None:
        user = parse_address(user, "sender")
    facts = Facts(parsed, user, origin, policy or Policy(), chain)
    decoded = _decode(facts)
    with _LOCK:
        if isinstance(parsed, TxRequest):
            sim_chain = (chain if chain is not None else default_chain()).fork()
            if facts.chain is None:
                facts.chain = sim_chain
            if user is None:
                facts.simulation = Simulation(False, "no sender to simulate as", 0, (), (), ())
            else:
                facts.simulation = simulate(sim_chain, parsed, user)
        findings = run_rules(facts)
    site = check_site(origin, use_model=use_model, signals=signals, age=age) if origin else None
    site_part = site_findings(site)
    rules_verdict = _verdict(findings)
    findings += site_part
    verdict = _verdict(findings)
    checks = {"rules": rules_verdict}
    disagreements: list[str] = []
    if site is not None:
        checks["phishing_list"] = site.list_result
        if site.model_score is not None:
            checks["site_model"] = f"{site.model_score:.2f}"
        if site.market_score is not None:
            checks["market"] = f"{site.market_score:.2f}"
        if site.domain_age is not None and site.domain_age.age_days is not None:
            checks["domain_age_days"] = f"{site.domain_age.age_days:.0f}"
        disagreements += site.disagreements
        if site.verdict != "allow" and rules_verdict == "allow":
            disagreements.append(
                "the site check flags the origin but the request itself matches no rule"
            )
        if site.verdict == "allow" and rules_verdict == "block":
            disagreements.append(
                "the request matches a blocking rule on a site not known to be phishing"
            )
    changes = list(facts.simulation.changes) if facts.simulation else []
    meta: dict[str, tuple[str | None, int | None]] = {}
    if facts.chain is not None:
        for token in {g.token for g in facts.grants if g.kind != "approval_for_all"}:
            meta[token] = token_meta(facts.chain, token)
    sim = facts.simulation
    text = explain(
        user,
        changes,
        facts.grants,
        facts.orders,
        findings,
        verdict,
        None if sim is None else sim.success,
        meta,
        None if sim is None else sim.created,
    )
    if llm:
        text = rephrase(text)
    return GuardReport(
        method=parsed.method,
        user=user,
        verdict=verdict,
        findings=tuple(findings),
        changes=tuple(c for c in changes if c.owner == user),
        grants=tuple(facts.grants),
        orders=tuple(facts.orders),
        explanation=text,
        decoded=decoded,
        simulation=facts.simulation,
        site=site,
        checks=checks,
        disagreements=tuple(disagreements),
    )


__all__ = ["DecodedCall", "GuardReport", "Order", "check", "default_chain"]
