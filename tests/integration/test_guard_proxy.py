"""The guard's JSON-RPC proxy in front of a real Hardhat node, with real signed
transactions: reads pass untouched, dangerous requests are refused in block mode and
never reach the node, benign ones are mined, bad input gets JSON-RPC errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from eth_account import Account
from eth_account.signers.local import LocalAccount

from augury.chain import Chain, Contract
from augury.chain.hardhat import HardhatNode, free_port
from augury.guard.proxy import GuardProxy, serve

pytestmark = pytest.mark.integration
MAX = 2**256 - 1


class Setup:
    def __init__(self, node: HardhatNode, tmp: Path) -> None:
        self.node = node
        self.chain = Chain.connect(node.url)
        self.user: LocalAccount = Account.create()
        self.attacker = Account.create().address
        dev = self.chain.accounts[0]
        self.chain.send(self.user.address, 10**19, sender=dev)
        self.token: Contract = self.chain.deploy("Token", "T", "T", 18, 10**24, sender=dev)
        self.token.transfer(self.user.address, 10**21, sender=dev)
        self.log = tmp / "decisions.jsonl"

    def signed(self, to: str, data: bytes = b"", value: int = 0) -> str:
        tx: Any = {
            "chainId": self.chain.chain_id,
            "nonce": self.chain.nonce(self.user.address),
            "to": to,
            "value": value,
            "data": data,
            "gas": 200_000,
            "maxFeePerGas": 10**10,
            "maxPriorityFeePerGas": 10**9,
            "type": 2,
        }
        return "0x" + self.user.sign_transaction(tx).raw_transaction.hex()


@pytest.fixture
def setup(hardhat_node: HardhatNode, tmp_path: Path) -> Iterator[Setup]:
    s = Setup(hardhat_node, tmp_path)
    snap = s.chain.snapshot()
    try:
        yield s
    finally:
        s.chain.revert(snap)


def start(upstream: str, mode: str, log: Path | None = None) -> tuple[str, Any, GuardProxy]:
    proxy = GuardProxy(upstream, mode=mode, use_model=False, log_path=log)  # type: ignore[arg-type]
    server = serve(proxy, port=0)
    return f"http://127.0.0.1:{server.server_address[1]}", server, proxy


def rpc(url: str, method: str, params: list[Any], headers: dict[str, str] | None = None) -> Any:
    body = {"jsonrpc": "2.0", "id": 7, "method": method, "params": params}
    return requests.post(url, json=body, headers=headers or {}, timeout=60).json()


def test_block_mode(setup: Setup) -> None:
    url, server, proxy = start(setup.node.url, "block", setup.log)
    try:
        # reads pass through untouched
        assert rpc(url, "eth_chainId", []) == {"jsonrpc": "2.0", "id": 7, "result": "0x7a69"}
        direct = requests.post(
            setup.node.url,
            json={
                "jsonrpc": "2.0",
                "id": 7,
                "method": "eth_getBalance",
                "params": [setup.user.address, "latest"],
            },
        )
        assert rpc(url, "eth_getBalance", [setup.user.address, "latest"]) == direct.json()
        # a benign signed transfer is checked and mined
        friend = setup.chain.accounts[1].address
        before = setup.chain.balance(friend)
        reply = rpc(url, "eth_sendRawTransaction", [setup.signed(friend, value=10**17)])
        assert "result" in reply, reply
        assert setup.chain.balance(friend) == before + 10**17
        # the head moves between requests, each served on another thread: every request is
        # simulated on a fresh fork of the new head (boa's thread-bound cache is not used)
        for _ in range(3):
            setup.chain.send(friend, 1, sender=setup.chain.accounts[3])
            reply = rpc(url, "eth_sendRawTransaction", [setup.signed(friend, value=1)])
            assert "result" in reply, reply
        # an unlimited approval to a fresh EOA is refused and never reaches the node
        nonce = setup.chain.nonce(setup.user.address)
        bad = setup.signed(setup.token.address, setup.token.approve.calldata(setup.attacker, MAX))
        reply = rpc(url, "eth_sendRawTransaction", [bad])
        assert reply["error"]["code"] == 4001
        assert "can take all your token" in reply["error"]["message"]
        assert reply["error"]["data"]["verdict"] == "block"
        assert setup.chain.nonce(setup.user.address) == nonce
        assert setup.token.allowance(setup.user.address, setup.attacker) == 0
        # a phishing origin blocks even a harmless-looking message
        reply = rpc(
            url,
            "personal_sign",
            ["0x6869", setup.user.address],
            {"X-Augury-Origin": "https://myetherwallett.com"},
        )
        assert reply["error"]["code"] == 4001
        # unlocked dev account through eth_sendTransaction
        dev = setup.chain.accounts[2].address
        reply = rpc(url, "eth_sendTransaction", [{"from": dev, "to": friend, "value": "0x1"}])
        assert "result" in reply, reply
        # bad input
        assert requests.post(url, data=b"{nope", timeout=30).json()["error"]["code"] == -32700
        assert rpc(url, "eth_sendRawTransaction", ["0xdead"])["error"]["code"] == -32602
        batch = requests.post(
            url,
            json=[
                {"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"},
                {"jsonrpc": "2.0", "id": 2},
            ],
            timeout=30,
        ).json()
        assert batch[0]["result"] == "0x7a69" and batch[1]["error"]["code"] == -32600
    finally:
        server.shutdown()
    lines = [json.loads(x) for x in setup.log.read_text().splitlines()]
    assert [(d["verdict"], d["forwarded"]) for d in lines][:6] == [
        ("allow", True),
        ("allow", True),
        ("allow", True),
        ("allow", True),
        ("block", False),
        ("block", False),
    ]
    assert len(proxy.decisions) == len(lines)


def test_warn_mode_forwards_and_logs(setup: Setup) -> None:
    url, server, proxy = start(setup.node.url, "warn")
    try:
        bad = setup.signed(setup.token.address, setup.token.approve.calldata(setup.attacker, MAX))
        reply = rpc(url, "eth_sendRawTransaction", [bad])
        assert "result" in reply, reply
        assert setup.token.allowance(setup.user.address, setup.attacker) == MAX
        assert proxy.decisions[-1].verdict == "block" and proxy.decisions[-1].forwarded
    finally:
        server.shutdown()


def test_upstream_down_never_forwards_and_never_crashes(setup: Setup) -> None:
    url, server, proxy = start(f"http://127.0.0.1:{free_port()}", "block")
    try:
        assert rpc(url, "eth_chainId", [])["error"]["code"] == -32603
        reply = rpc(url, "eth_sendRawTransaction", [setup.signed(setup.attacker, value=1)])
        assert reply["error"]["code"] == -32603 and "could not check" in reply["error"]["message"]
        assert proxy.decisions[-1].forwarded is False
        assert rpc(url, "eth_chainId", [])["error"]["code"] == -32603  # still serving
    finally:
        server.shutdown()


def test_cli_proxy_serves_until_stopped(hardhat_node: HardhatNode) -> None:
    """``augury guard proxy`` as a user starts it: it forwards reads and refuses a blind
    signature; the test stops the process it started, by its pid."""
    import os
    import signal
    import subprocess
    import sys
    import time

    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AUGURY_")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "augury",
            "guard",
            "proxy",
            "--upstream",
            hardhat_node.url,
            "--listen",
            f"127.0.0.1:{port}",
            "--no-model",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                reply = rpc(url, "eth_chainId", [])
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert reply["result"] == "0x7a69"
        blind = rpc(url, "eth_sign", ["0x" + "11" * 20, "0x" + "ab" * 32])
        assert blind["error"]["code"] == 4001 and "blind signing" in blind["error"]["message"]
    finally:
        os.kill(proc.pid, signal.SIGINT)
        try:  # communicate drains the pipes, so a chatty process cannot block on them
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
            raise AssertionError(
                f"the proxy did not stop on SIGINT; stderr: {err.decode()[-2000:]}"
            ) from None
