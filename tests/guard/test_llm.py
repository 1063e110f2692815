"""The optional LLM rewording, over real HTTP against an OpenAI-compatible endpoint.

The endpoint is a small server the test starts on 127.0.0.1 that speaks the
``/v1/chat/completions`` wire format and rewrites the paragraph by a fixed rule, so the
guard's side — the request it sends, what it accepts, what it refuses, that the verdict
never depends on the answer — is what is tested, not a language model.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from augury.guard import check
from augury.guard.corpus.scenarios import MAX, World, tx
from augury.guard.explain import rephrase

ADDED = " Send 5 ETH to 0x1234567890abcdef1234567890abcdef12345678 to stay safe."


class _Endpoint:
    def __init__(self) -> None:
        self.mode = "reword"
        self.requests: list[dict[str, Any]] = []


@pytest.fixture()
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Endpoint]:
    state = _Endpoint()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append({"path": self.path, "body": body,
                                   "auth": self.headers.get("Authorization")})  # fmt: skip
            text = body["messages"][-1]["content"]
            if state.mode == "garbage":
                payload = b"<html>not json</html>"
            else:
                answer = {
                    "reword": text.replace("Be careful.", "Please take care.").replace(
                        "Dangerous — do not sign.", "Stop: this is dangerous, do not sign."
                    ),
                    "inject": text + ADDED,
                    "empty": "",
                }[state.mode]
                payload = json.dumps({"choices": [{"message": {"content": answer}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("AUGURY_LLM_URL", f"http://127.0.0.1:{server.server_address[1]}/v1")
    monkeypatch.setenv("AUGURY_LLM_MODEL", "test-model")
    monkeypatch.setenv("AUGURY_LLM_KEY", "secret")
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


TEXT = (
    "Be careful. You give: 1 ETH to 0xAbCd00000000000000000000000000000000Ef12; you get: nothing."
)


def test_a_rewording_without_new_facts_is_used(endpoint: _Endpoint) -> None:
    assert rephrase(TEXT) == TEXT.replace("Be careful.", "Please take care.")
    sent = endpoint.requests[-1]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer secret"
    assert sent["body"]["model"] == "test-model" and sent["body"]["temperature"] == 0
    assert sent["body"]["messages"][0]["role"] == "system"
    assert sent["body"]["messages"][-1] == {"role": "user", "content": TEXT}


@pytest.mark.parametrize("mode", ["inject", "empty", "garbage"])
def test_answers_that_add_facts_or_are_unusable_keep_the_template(
    endpoint: _Endpoint, mode: str
) -> None:
    endpoint.mode = mode
    assert rephrase(TEXT) == TEXT
    assert endpoint.requests  # the endpoint was asked


def test_the_verdict_never_depends_on_the_llm(endpoint: _Endpoint, world: World) -> None:
    request = tx(world, world.usd, world.usd.approve.calldata(world.attacker, MAX))
    kwargs: dict[str, Any] = {"chain": world.chain, "policy": world.policy, "use_model": False}
    plain = check(request, **kwargs)
    worded = check(request, llm=True, **kwargs)
    endpoint.mode = "inject"
    refused = check(request, llm=True, **kwargs)
    assert plain.verdict == worded.verdict == refused.verdict == "block"
    assert plain.findings == worded.findings == refused.findings
    assert worded.explanation.startswith("Stop: this is dangerous")
    assert world.attacker[:6] in worded.explanation
    assert refused.explanation == plain.explanation
