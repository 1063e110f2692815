"""A JSON-RPC proxy any wallet can point at: reads pass, signing requests are checked.

Point a wallet's custom network at ``http://127.0.0.1:8546`` and the proxy forwards every
call to ``upstream``, except the signing and sending methods of
:data:`augury.guard.decode.SIGNING_METHODS`: those are decoded (signed raw transactions
too), simulated on a fork of the upstream's latest state, and checked first. In ``block``
mode a request judged dangerous, or one that could not be checked, is answered with a
JSON-RPC error whose message is the explanation (EIP-1193 code 4001, "user rejected"), and
nothing reaches the upstream; in ``warn`` mode it is forwarded and the warning logged.
Every decision is logged (logger ``augury.guard.proxy``, and one JSON line per decision
to ``log_path`` when given).

Malformed JSON gets -32700, a malformed call -32600, an unreadable request -32602, an
unreachable upstream -32603; the handler never lets an exception escape.
"""

from __future__ import annotations

import json
import logging
import signal
import threading
import time
from dataclasses import KW_ONLY, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import requests

from augury.chain import Chain
from augury.errors import AuguryError, ConfigError
from augury.guard.check import check
from augury.guard.context import Policy
from augury.guard.decode import SIGNING_METHODS, parse_request
from augury.guard.errors import GuardError
from augury.guard.site import AgeProvider

log = logging.getLogger("augury.guard.proxy")
Mode = Literal["warn", "block"]
MAX_BODY = 4 * 1024 * 1024
USER_REJECTED = 4001  # EIP-1193
PARSE_ERROR, INVALID_REQUEST, INTERNAL_ERROR = -32700, -32600, -32603


def rpc_error(call_id: Any, code: int, message: str, data: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        error["data"] = data
    return {"jsonrpc": "2.0", "id": call_id, "error": error}


@dataclass(frozen=True)
class Decision:
    """What the proxy did with one signing request."""

    method: str
    verdict: str  # allow | warn | block | unchecked
    forwarded: bool
    explanation: str
    origin: str | None
    ms: float

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(eq=False, repr=False)
class GuardProxy:
    """The proxy's logic, independent of HTTP (so it can be driven directly in tests)."""

    upstream: str
    _: KW_ONLY
    mode: Mode = "block"
    policy: Policy | None = None
    use_model: bool = True
    log_path: Path | None = None
    timeout: float = 30.0
    age: AgeProvider | None = None
    decisions: list[Decision] = field(init=False, default_factory=list)
    _chain: Chain | None = field(init=False, default=None)
    _session: requests.Session = field(init=False, default_factory=requests.Session)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.mode not in ("warn", "block"):
            raise ConfigError(f"--mode must be warn or block, not {self.mode!r}")

    def _upstream_chain(self) -> Chain:
        if self._chain is None:
            self._chain = Chain.connect(self.upstream, timeout=self.timeout)
        return self._chain

    def forward(self, payload: Any) -> Any:
        """Send ``payload`` upstream as is; raises ChainConnectionError-like AuguryError."""
        try:
            resp = self._session.post(self.upstream, json=payload, timeout=self.timeout)
            return resp.json()
        except (requests.RequestException, ValueError) as exc:
            raise AuguryError(f"upstream unavailable: {type(exc).__name__}") from None

    def _record(self, decision: Decision) -> None:
        with self._lock:
            self.decisions.append(decision)
            if self.log_path is not None:
                with self.log_path.open("a") as fh:
                    fh.write(json.dumps(decision.to_json()) + "\n")
        log.info(
            "%s %s forwarded=%s: %s",
            decision.method,
            decision.verdict,
            decision.forwarded,
            decision.explanation,
        )

    def handle_call(self, call: Any, origin: str | None) -> dict[str, Any]:
        """Answer one JSON-RPC call object."""
        if not isinstance(call, dict) or not isinstance(call.get("method"), str):
            return rpc_error(
                call.get("id") if isinstance(call, dict) else None,
                INVALID_REQUEST,
                "invalid request: expected an object with a method",
            )
        call_id = call.get("id")
        method = call["method"]
        if method not in SIGNING_METHODS:
            try:
                reply: dict[str, Any] = self.forward(call)
                return reply
            except AuguryError as exc:
                return rpc_error(call_id, INTERNAL_ERROR, str(exc))
        start = time.perf_counter()
        malformed = False
        try:
            request = {"method": method, "params": call.get("params", [])}
            parse_request(request)  # an unreadable request is answered as such, node or not
            report = check(
                request,
                origin=origin,
                chain=self._upstream_chain(),
                policy=self.policy,
                use_model=self.use_model,
                age=self.age,
            )
            verdict, text, data = report.verdict, report.explanation, report.to_json()
            code = USER_REJECTED
        except GuardError as exc:
            verdict, text, data, code = "unchecked", f"could not check: {exc}", None, exc.rpc_code
            malformed = True
        except AuguryError as exc:
            verdict, text, data, code = "unchecked", f"could not check: {exc}", None, INTERNAL_ERROR
        except Exception as exc:  # a bug must not crash the proxy or let the request through
            log.exception("guard failed on %s", method)
            verdict, text, data = "unchecked", f"could not check: internal error {exc!r}", None
            code = INTERNAL_ERROR
        # block mode stops what is dangerous or unverifiable; any mode stops what is unreadable
        reject = malformed or (self.mode == "block" and verdict in ("block", "unchecked"))
        ms = (time.perf_counter() - start) * 1000
        if reject:
            self._record(Decision(method, verdict, False, text, origin, ms))
            return rpc_error(call_id, code, text, data)
        try:
            reply = self.forward(call)
        except AuguryError as exc:
            reply = rpc_error(call_id, INTERNAL_ERROR, str(exc))
        self._record(Decision(method, verdict, True, text, origin, ms))
        return reply

    def handle_body(self, body: bytes, origin: str | None) -> Any:
        """Answer a raw HTTP body: one call or a batch."""
        try:
            payload = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return rpc_error(None, PARSE_ERROR, "parse error: body is not JSON")
        if isinstance(payload, list):
            if not payload:
                return rpc_error(None, INVALID_REQUEST, "invalid request: empty batch")
            return [self.handle_call(c, origin) for c in payload]
        return self.handle_call(payload, origin)


def _handler(proxy: GuardProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._send(rpc_error(None, INVALID_REQUEST, "request body too large"), 413)
                return
            origin = self.headers.get("X-Augury-Origin") or self.headers.get("Origin")
            try:
                answer = proxy.handle_body(self.rfile.read(length), origin)
            except Exception as exc:  # last resort: never crash the server thread
                log.exception("proxy failure")
                answer = rpc_error(None, INTERNAL_ERROR, f"internal error: {exc!r}")
            self._send(answer)

        def _send(self, answer: Any, status: int = 200) -> None:
            body = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def do_OPTIONS(self) -> None:
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, X-Augury-Origin")
            self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            log.debug(format, *args)

    return Handler


def parse_listen(listen: str) -> tuple[str, int]:
    """``HOST:PORT`` (``:PORT`` means 127.0.0.1) as the proxy binds it."""
    host, _, port = listen.rpartition(":")
    if not port.isdigit():
        raise ConfigError(f"--listen must be HOST:PORT, not {listen!r}")
    return host or "127.0.0.1", int(port)


def wait_for_stop_signal() -> None:
    """Block until SIGINT or SIGTERM. The handlers are installed explicitly: a process
    started in the background by a non-interactive shell inherits SIGINT as *ignored*, and
    Python then never raises KeyboardInterrupt, so relying on it leaves such a server
    running; SIGTERM is what service managers send."""
    stop = threading.Event()

    def handler(signum: int, frame: object) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    while not stop.wait(0.5):
        pass


def serve(proxy: GuardProxy, host: str = "127.0.0.1", port: int = 8546) -> ThreadingHTTPServer:
    """Start the proxy in a background thread; call ``shutdown()`` on the result to stop."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise GuardError(f"the proxy binds to loopback only, not {host}")
    server = ThreadingHTTPServer((host, port), _handler(proxy))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True, name="guard-proxy").start()
    return server
