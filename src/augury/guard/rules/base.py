"""What every rule module shares: the rule's type and how a finding names an address."""

from __future__ import annotations

from collections.abc import Callable

from augury.guard.context import Facts
from augury.guard.records import Finding

#: A rule reads the facts of one request and returns its findings (none when it does not fire).
Rule = Callable[[Facts], list[Finding]]


def short(address: str | None) -> str:
    return "nobody" if address is None else f"{address[:6]}…{address[-4:]}"
