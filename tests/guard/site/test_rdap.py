"""Domain age over RDAP, against an RDAP service the test serves on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from augury.guard import check
from augury.guard.site import check_site
from augury.guard.site.rdap import DomainAge, RdapClient, registration_date

NOW = datetime(2026, 12, 4, tzinfo=UTC)
A = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


def domain_object(name: str, registered: str | None) -> dict[str, object]:
    """An RFC 9083 domain object as registries send it (trimmed to what matters)."""
    events = [{"eventAction": "last changed", "eventDate": "2026-11-01T00:00:00Z"}]
    if registered is not None:
        events.insert(0, {"eventAction": "registration", "eventDate": registered})
    return {
        "objectClassName": "domain",
        "ldhName": name.upper(),
        "rdapConformance": ["rdap_level_0"],
        "events": events,
    }


ANSWERS: dict[str, tuple[int, bytes]] = {
    "fresh-claim.xyz": (
        200,
        json.dumps(domain_object("fresh-claim.xyz", "2026-12-01T08:00:00Z")).encode(),
    ),
    "uniswap.org": (200, json.dumps(domain_object("uniswap.org", "2018-03-27T16:16:54Z")).encode()),
    "nodate.io": (200, json.dumps(domain_object("nodate.io", None)).encode()),
    "garbled.io": (200, b"<html>not rdap</html>"),
    "entity.io": (200, json.dumps({"objectClassName": "entity"}).encode()),
    "broken.io": (503, b""),
}


class Handler(BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        name = self.path.removeprefix("/rdap/domain/")
        Handler.asked.append(name)
        if name == "slow.io":
            time.sleep(1.5)
        status, body = ANSWERS.get(name, (404, b'{"errorCode": 404}'))
        self.send_response(status)
        self.send_header("Content-Type", "application/rdap+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def rdap_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/rdap/"
    server.shutdown()
    server.server_close()


def test_registration_date_of_a_domain_object() -> None:
    assert registration_date(domain_object("a.io", "2020-01-02T03:04:05Z")) == datetime(
        2020, 1, 2, 3, 4, 5, tzinfo=UTC
    )
    assert registration_date(domain_object("a.io", "2020-01-02T03:04:05")) == datetime(
        2020, 1, 2, 3, 4, 5, tzinfo=UTC
    )
    assert registration_date(domain_object("a.io", None)) is None
    for bad in ({"objectClassName": "entity"}, [], {"objectClassName": "domain", "events": 1}):
        with pytest.raises(ValueError):
            registration_date(bad)
    with pytest.raises(ValueError):
        registration_date(domain_object("a.io", "yesterday"))


def test_client_asks_for_the_registered_domain_once(rdap_url: str) -> None:
    client = RdapClient(rdap_url, now=lambda: NOW)
    Handler.asked.clear()
    age = client("app.fresh-claim.xyz")
    assert age.domain == "fresh-claim.xyz" and age.error is None
    assert age.age_days == pytest.approx(2 + 16 / 24) and age.young
    assert client("www.fresh-claim.xyz") is age  # cached per registered domain
    assert Handler.asked == ["fresh-claim.xyz"]
    old = client("uniswap.org")
    assert old.registered is not None and old.registered.year == 2018 and not old.young
    assert old.to_json()["registered"] == "2018-03-27T16:16:54+00:00"


@pytest.mark.parametrize(
    ("domain", "error"),
    [
        ("unknown.io", "the registry does not know the domain"),
        ("nodate.io", "the registry gives no registration date"),
        ("garbled.io", "not an RDAP answer"),
        ("entity.io", "not an RDAP answer: the answer is not an RDAP domain object"),
        ("broken.io", "RDAP service answered HTTP 503"),
        ("slow.io", "RDAP service unreachable: ReadTimeout"),
    ],
)
def test_every_failure_is_an_answer_not_an_exception(
    rdap_url: str, domain: str, error: str
) -> None:
    age = RdapClient(rdap_url, timeout=0.5, now=lambda: NOW)(domain)
    assert age.registered is None and age.age_days is None and not age.young
    assert age.error is not None and age.error.startswith(error)


def test_a_service_that_is_down() -> None:
    age = RdapClient("http://127.0.0.1:9", timeout=0.5)("uniswap.org")
    assert age.error is not None and age.error.startswith("RDAP service unreachable")


def test_check_site_reports_the_age_and_never_lets_it_decide(rdap_url: str) -> None:
    client = RdapClient(rdap_url, now=lambda: NOW)
    young = check_site("https://fresh-claim.xyz/x", model=lambda d: 0.2, age=client)
    assert young.verdict == "allow"  # reported, not decided on
    assert young.domain_age is not None and young.domain_age.young
    assert any("registered 3 day(s) ago" in d for d in young.disagreements)
    assert young.to_json()["domain_age"]["age_days"] == pytest.approx(2.7)
    same = check_site("https://fresh-claim.xyz/x", model=lambda d: 0.2)
    assert same.verdict == young.verdict and same.score == young.score
    old = check_site("uniswap.org", model=lambda d: 0.2, age=client)
    assert old.domain_age is not None and not old.disagreements


def test_check_passes_the_age_to_the_site_report(rdap_url: str) -> None:
    request = {"method": "personal_sign", "params": ["0x68656c6c6f", A]}
    report = check(
        request,
        origin="https://fresh-claim.xyz",
        use_model=False,
        age=RdapClient(rdap_url, now=lambda: NOW),
    )
    assert report.to_json()["checks"]["domain_age_days"] == "3"


def test_cli_site_with_rdap(rdap_url: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "augury", "guard", "site", "fresh-claim.xyz", "--no-model",
         "--rdap", rdap_url, "--format", "json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["domain_age"]["domain"] == "fresh-claim.xyz"
    assert data["domain_age"]["registered"].startswith("2026-12-01")
    bad = subprocess.run(
        [sys.executable, "-m", "augury", "guard", "site", "x.io", "--rdap", "ftp://x"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and bad.stderr.startswith("augury: error: --rdap must be")


def test_domain_age_json_without_an_answer() -> None:
    assert DomainAge("a.io", None, None, "why").to_json() == {
        "domain": "a.io",
        "registered": None,
        "age_days": None,
        "error": "why",
    }
