"""Domain age from RDAP (RFC 9082 queries, RFC 9083 answers): when was a site registered?

A lure lives for days; a project's site for years. The name cannot say which (the held-back
figures in ``docs/benchmarks.md`` show where a model of the name stops), but the registry
can: every gTLD and most ccTLDs answer RDAP, the JSON successor of WHOIS, with the domain's
``registration`` event.

This is the one signal of ``check_site`` that needs the network, so it is off unless a
base URL is given (``--rdap URL`` or ``AUGURY_RDAP_URL``; ``https://rdap.org`` redirects each
query to the registry that serves the TLD, per IANA's bootstrap registry). The guard asks
from the user's machine: no vendor learns which sites the user visits, beyond the registry
asked. The age is reported beside the other signals and never decides the verdict: no
vendored data holds these domains' registration dates, so augury cannot measure how young
is too young, and a threshold it did not measure would be a guess (``docs/guard.md``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from augury.data import host_parts
from augury.errors import ConfigError

#: Younger than this, the report says so next to the verdict (a disagreement when it allows).
YOUNG_DAYS = 30.0


@dataclass(frozen=True)
class DomainAge:
    """The registry's answer for a registered domain; ``error`` says why there is none."""

    domain: str
    registered: datetime | None
    age_days: float | None
    error: str | None = None

    @property
    def young(self) -> bool:
        return self.age_days is not None and self.age_days < YOUNG_DAYS

    def to_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "registered": None if self.registered is None else self.registered.isoformat(),
            "age_days": None if self.age_days is None else round(self.age_days, 1),
            "error": self.error,
        }


def registration_date(answer: object) -> datetime | None:
    """The ``registration`` event of an RFC 9083 domain object, or None when it has none.

    Raises ValueError when ``answer`` is not a domain object or the date is not RFC 3339.
    """
    if not isinstance(answer, dict) or answer.get("objectClassName") != "domain":
        raise ValueError("the answer is not an RDAP domain object")
    events = answer.get("events", [])
    if not isinstance(events, list):
        raise ValueError("'events' is not a list")
    for event in events:
        if isinstance(event, dict) and event.get("eventAction") == "registration":
            date = event.get("eventDate")
            if not isinstance(date, str):
                raise ValueError("the registration event has no eventDate")
            parsed = datetime.fromisoformat(date.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


class RdapClient:
    """Asks one RDAP service (``base_url``, e.g. ``https://rdap.org``) for domains' ages.

    Answers are cached per registered domain for the client's life (a wallet checks one dapp
    many times). Every failure -- unknown domain, timeout, a service that is down, an answer
    that is not RDAP -- is an answer with ``error`` set, never an exception: the guard must
    work without this signal.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 3.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"--rdap must be an http(s) URL, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.now = now
        self._cache: dict[str, DomainAge] = {}
        self._lock = threading.Lock()
        self._session = requests.Session()

    def __call__(self, domain: str) -> DomainAge:
        registered = host_parts(domain).registered
        with self._lock:
            cached = self._cache.get(registered)
        if cached is not None:
            return cached
        answer = self._ask(registered)
        with self._lock:
            self._cache[registered] = answer
        return answer

    def _ask(self, domain: str) -> DomainAge:
        url = f"{self.base_url}/domain/{domain}"
        try:
            reply = self._session.get(
                url, timeout=self.timeout, headers={"Accept": "application/rdap+json"}
            )
        except requests.RequestException as exc:
            return DomainAge(domain, None, None, f"RDAP service unreachable: {type(exc).__name__}")
        if reply.status_code == 404:
            return DomainAge(domain, None, None, "the registry does not know the domain")
        if reply.status_code != 200:
            return DomainAge(domain, None, None, f"RDAP service answered HTTP {reply.status_code}")
        try:
            date = registration_date(reply.json())
        except ValueError as exc:  # JSONDecodeError is a ValueError too
            return DomainAge(domain, None, None, f"not an RDAP answer: {exc}")
        if date is None:
            return DomainAge(domain, None, None, "the registry gives no registration date")
        age = (self.now() - date).total_seconds() / 86400.0
        return DomainAge(domain, date, age)


__all__ = ["YOUNG_DAYS", "DomainAge", "RdapClient", "registration_date"]
