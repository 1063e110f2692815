"""The proxy's answers that need no upstream: bad JSON, bad calls, unreadable requests,
and an upstream that is down (a real closed port, not a stand-in)."""

from __future__ import annotations

import json

import pytest
import requests

from augury.chain.hardhat import free_port
from augury.guard.errors import GuardError
from augury.guard.proxy import GuardProxy, serve


@pytest.fixture
def proxy() -> GuardProxy:
    return GuardProxy(f"http://127.0.0.1:{free_port()}", mode="block", use_model=False, timeout=2)


def test_bad_json_and_bad_calls(proxy: GuardProxy) -> None:
    assert proxy.handle_body(b"{nope", None)["error"]["code"] == -32700
    assert proxy.handle_body(b"\xff\xfe", None)["error"]["code"] == -32700
    assert proxy.handle_body(b"[]", None)["error"]["code"] == -32600
    assert proxy.handle_body(b'{"id": 1}', None)["error"]["code"] == -32600
    assert proxy.handle_body(b"3", None)["error"]["code"] == -32600


def test_unreadable_requests_are_answered_without_the_node(proxy: GuardProxy) -> None:
    body = {"jsonrpc": "2.0", "id": 4, "method": "eth_sendRawTransaction", "params": ["0x12"]}
    reply = proxy.handle_body(json.dumps(body).encode(), None)
    assert reply["id"] == 4 and reply["error"]["code"] == -32602
    huge = {
        "jsonrpc": "2.0",
        "id": 5,
        "method": "eth_sendTransaction",
        "params": [{"to": "0x" + "11" * 20, "data": "0x" + "00" * 300_000}],
    }
    reply = proxy.handle_body(json.dumps(huge).encode(), None)
    assert reply["error"]["code"] == -32602 and "larger than" in reply["error"]["message"]
    assert [d.forwarded for d in proxy.decisions] == [False, False]


def test_upstream_down(proxy: GuardProxy) -> None:
    read = {"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber", "params": []}
    assert proxy.handle_body(json.dumps(read).encode(), None)["error"]["code"] == -32603
    sign = {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "personal_sign",
        "params": ["0x6869", "0x" + "11" * 20],
    }
    reply = proxy.handle_body(json.dumps(sign).encode(), None)
    assert reply["error"]["code"] == -32603 and proxy.decisions[-1].forwarded is False


def test_http_server_limits_and_loopback(proxy: GuardProxy) -> None:
    with pytest.raises(GuardError, match="loopback"):
        serve(proxy, host="0.0.0.0", port=0)
    server = serve(proxy, port=0)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert requests.options(url, timeout=10).status_code == 204
        big = requests.post(url, data=b"x" * (4 * 1024 * 1024 + 1), timeout=30)
        assert big.status_code == 413 and big.json()["error"]["code"] == -32600
        assert requests.post(url, data=b"{", timeout=10).json()["error"]["code"] == -32700
    finally:
        server.shutdown()
