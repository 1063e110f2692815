"""A small JSON-RPC 2.0 client over HTTP with batching and keep-alive.

Errors are sorted into what a user can act on: an unreachable node
(:class:`ChainConnectionError`), a node that answered with an error object
(:class:`RPCError`, code and data kept for revert decoding).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

import requests

from augury.errors import ChainConnectionError, ConfigError, RPCError


def check_url(url: str) -> str:
    """Reject URLs that cannot be a JSON-RPC endpoint before any request is made."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"invalid RPC URL {url!r}: expected http(s)://host[:port][/path]")
    return url


def redact(url: str) -> str:
    """The URL without credentials or path, which often embed an API key."""
    parsed = urlparse(url)
    host = parsed.hostname or "?"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{host}{port}"


class JSONRPCClient:
    """Requests to one endpoint: ``request`` for one call, ``batch`` for several at once."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = check_url(url)
        self.timeout = timeout
        self._session = requests.Session()
        self._ids = itertools.count(1)

    def _post(self, payload: Any) -> Any:
        try:
            response = self._session.post(self.url, json=payload, timeout=self.timeout)
        except requests.exceptions.Timeout:
            raise ChainConnectionError(
                f"JSON-RPC node at {redact(self.url)} did not answer within {self.timeout:g} s"
            ) from None
        except requests.exceptions.RequestException as exc:
            reason = type(exc).__name__
            if isinstance(exc, requests.exceptions.ConnectionError):
                reason = "connection refused or host unreachable"
            raise ChainConnectionError(
                f"cannot reach JSON-RPC node at {redact(self.url)}: {reason}"
            ) from None
        try:
            return response.json()
        except ValueError:
            raise ChainConnectionError(
                f"{redact(self.url)} is not a JSON-RPC endpoint "
                f"(HTTP {response.status_code}, non-JSON body)"
            ) from None

    @staticmethod
    def _result(method: str, reply: Any) -> Any:
        if not isinstance(reply, dict):
            raise ChainConnectionError(f"malformed JSON-RPC reply to {method}")
        if "error" in reply and reply["error"] is not None:
            err = reply["error"]
            if not isinstance(err, dict):
                raise RPCError(method, -32000, str(err))
            raise RPCError(
                method, int(err.get("code", -32000)), str(err.get("message", "")), err.get("data")
            )
        if "result" not in reply:
            raise ChainConnectionError(f"JSON-RPC reply to {method} has neither result nor error")
        return reply["result"]

    def request(self, method: str, params: Sequence[Any] = ()) -> Any:
        """One call; raises :class:`RPCError` if the node returns an error object."""
        reply = self._post(
            {"jsonrpc": "2.0", "id": next(self._ids), "method": method, "params": list(params)}
        )
        return self._result(method, reply)

    def batch(self, calls: Sequence[tuple[str, Sequence[Any]]]) -> list[Any]:
        """Several calls in one HTTP request. Each item is a result or an :class:`RPCError`."""
        ids = [next(self._ids) for _ in calls]
        payload = [
            {"jsonrpc": "2.0", "id": i, "method": m, "params": list(p)}
            for i, (m, p) in zip(ids, calls, strict=True)
        ]
        replies = self._post(payload)
        if not isinstance(replies, list):
            # Some nodes answer a batch with one error object; fall back to singles.
            return [self._try(m, p) for m, p in calls]
        by_id = {r.get("id"): r for r in replies if isinstance(r, dict)}
        out: list[Any] = []
        for i, (method, _) in zip(ids, calls, strict=True):
            try:
                out.append(self._result(method, by_id.get(i)))
            except RPCError as exc:
                out.append(exc)
        return out

    def _try(self, method: str, params: Sequence[Any]) -> Any:
        try:
            return self.request(method, params)
        except RPCError as exc:
            return exc

    def close(self) -> None:
        self._session.close()
