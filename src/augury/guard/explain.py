"""Plain-English explanations built only from the simulation and the findings.

:func:`explain` fills templates ("You give: …, you get: …, Spender 0x… can take all your X
until you revoke") from decoded and simulated facts, so every statement in it is checked
by code. :func:`rephrase` optionally sends that paragraph to an OpenAI-compatible endpoint
(``AUGURY_LLM_URL``, model ``AUGURY_LLM_MODEL``) for smoother wording; the answer is kept
only if it introduces no address or number absent from the template (:func:`adds_facts`),
and it never changes the verdict.
"""

from __future__ import annotations

import re
from decimal import Decimal

from augury import config
from augury.guard.records import UNLIMITED, AssetChange, Finding, Grant, Order, OrderItem

_FACT = re.compile(r"0x[0-9a-fA-F]{4,}|\d+(?:[.,]\d+)*")


def fmt_amount(amount: int, decimals: int | None, symbol: str | None) -> str:
    if amount >= UNLIMITED:
        return f"unlimited {symbol or 'tokens'}"
    if decimals:
        value = Decimal(amount).scaleb(-decimals).normalize()
        text = f"{value:f}"
    else:
        text = str(amount)
    return f"{text} {symbol or 'units'}"


def _short(address: str | None) -> str:
    return "?" if address is None else f"{address[:6]}…{address[-4:]}"


def describe_change(c: AssetChange) -> str:
    amount = abs(c.delta)
    if c.kind == "native":
        return fmt_amount(amount, 18, "ETH")
    if c.kind == "erc20":
        return fmt_amount(amount, c.decimals, c.symbol or f"of token {_short(c.token)}")
    if c.kind == "erc721":
        return f"NFT #{c.identifier} of {_short(c.token)}"
    return f"{amount} × item #{c.identifier} of {_short(c.token)}"


def describe_item(i: OrderItem) -> str:
    if i.kind == "native":
        return fmt_amount(i.amount, 18, "ETH")
    if i.kind == "erc20":
        return f"{i.amount} units of token {_short(i.token)}"
    if "criteria" in i.kind:
        return f"any NFT of {_short(i.token)}"
    return f"NFT #{i.identifier} of {_short(i.token)}" + (f" ×{i.amount}" if i.amount > 1 else "")


Meta = dict[str, tuple[str | None, int | None]]


def _token_amount(amount: int, token: str, meta: Meta) -> str:
    symbol, decimals = meta.get(token, (None, None))
    if symbol is not None:
        return fmt_amount(amount, decimals, symbol)
    if amount >= UNLIMITED:
        return f"all your token {_short(token)}"
    return f"{amount} units of token {_short(token)}"


def describe_grant(g: Grant, meta: Meta | None = None) -> str:
    """What an approval lets its spender do, amounts in token units where known."""
    meta = meta or {}
    if g.kind == "approval_for_all":
        return (
            f"{_short(g.spender)} can take every NFT of {_short(g.token)} until you revoke"
            if g.amount
            else f"Revokes {_short(g.spender)}'s access to every NFT of {_short(g.token)}"
        )
    if g.amount == 0:
        return f"Revokes {_short(g.spender)}'s allowance on token {_short(g.token)}"
    what = _token_amount(g.amount, g.token, meta)
    if g.unlimited and not what.startswith("all"):
        what = f"all your {what.split(' ', 1)[1]}"
    elif not g.unlimited:
        what = f"up to {what}"
    until = " until you revoke" if g.kind in ("approve", "permit", "dai_permit") else ""
    if g.kind == "permit2_transfer":
        return f"{_short(g.spender)} can move {what} once"
    return f"Spender {_short(g.spender)} can take {what}{until}"


def explain(
    user: str | None,
    changes: list[AssetChange],
    grants: list[Grant],
    orders: list[Order],
    findings: list[Finding],
    verdict: str,
    simulated: bool | None,
    meta: Meta | None = None,
    created: str | None = None,
) -> str:
    """One paragraph: what moves, who may take what, and the reasons for the verdict.

    ``meta`` maps token address -> (symbol, decimals) for readable amounts; ``created`` is
    the address of a contract the transaction deploys."""
    parts: list[str] = []
    if simulated is False:
        parts.append("Could not verify what this does: the simulation failed.")
    mine = [c for c in changes if user is not None and c.owner == user]
    if simulated:
        gives = [describe_change(c) for c in mine if c.delta < 0]
        gets = [describe_change(c) for c in mine if c.delta > 0]
        parts.append(
            f"You give: {', '.join(gives) or 'nothing'}; you get: {', '.join(gets) or 'nothing'}."
        )
    for o in orders:
        if o.side == "bulk":
            continue
        parts.append(
            f"This {o.protocol} order gives {', '.join(describe_item(i) for i in o.gives)} "
            f"and pays you {', '.join(describe_item(i) for i in o.receives) or 'nothing'}"
            + (
                f"; {', '.join(describe_item(i) + ' to ' + _short(i.recipient) for i in o.others)}"
                " goes to others"
                if o.others
                else ""
            )
            + "."
        )
    if created is not None:
        parts.append(f"It creates a contract at {created}.")
    for g in grants:
        parts.append(describe_grant(g, meta) + ".")
    reasons = list(dict.fromkeys(f.message for f in findings if f.severity != "info"))
    if reasons:
        parts.append("Why: " + " ".join(reasons))
    head = {
        "block": "Dangerous — do not sign.",
        "warn": "Be careful.",
        "allow": "No known risk found.",
    }[verdict]
    return " ".join([head, *parts])


def adds_facts(original: str, rewritten: str) -> bool:
    """True if ``rewritten`` names an address or number that ``original`` does not."""
    known = {m.lower() for m in _FACT.findall(original)}
    return any(m.lower() not in known for m in _FACT.findall(rewritten))


def rephrase(text: str, *, timeout: float = 5.0) -> str:
    """The LLM's rewording of ``text`` when ``AUGURY_LLM_URL`` is set and it adds no facts;
    otherwise ``text`` unchanged. Never raises: the template is always a valid answer."""
    url = config.llm_url()
    if not url:
        return text
    import requests

    try:
        resp = requests.post(
            url.rstrip("/") + "/chat/completions",
            json={
                "model": config.llm_model(),
                "temperature": 0,
                "messages": [
                    {
                        "role": "system",
                        "content": "Reword this wallet warning in plain, calm "
                        "English. Do not add any fact, number or address. Keep every address.",
                    },
                    {"role": "user", "content": text},
                ],
            },
            headers={"Authorization": f"Bearer {config.llm_key()}"},
            timeout=timeout,
        )
        resp.raise_for_status()
        answer = str(resp.json()["choices"][0]["message"]["content"]).strip()
    except Exception:  # network, HTTP and format errors alike: keep the template
        return text
    return text if not answer or adds_facts(text, answer) else answer
