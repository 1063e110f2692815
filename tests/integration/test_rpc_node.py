"""The JSON-RPC backend against a real Hardhat node: connection errors, keys,
forking, and gas parity with the embedded EVM."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from augury.chain import Chain
from augury.chain.hardhat import HardhatNode, free_port
from augury.errors import ChainConnectionError, ChainIdMismatch, ConfigError, TransactionFailed

pytestmark = pytest.mark.integration


def test_unreachable_node() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ChainConnectionError, match=r"cannot reach JSON-RPC node at http://127"):
        Chain.connect(url, timeout=5)


@pytest.mark.parametrize("url", ["127.0.0.1:8545", "ws://127.0.0.1:8545", "http://", "nonsense"])
def test_malformed_urls(url: str) -> None:
    with pytest.raises(ConfigError, match="invalid RPC URL"):
        Chain.connect(url)


@pytest.fixture
def html_server() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>not a node</html>")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def test_a_web_server_is_not_a_node(html_server: str) -> None:
    with pytest.raises(ChainConnectionError, match="is not a JSON-RPC endpoint"):
        Chain.connect(html_server)


def test_wrong_chain_id(hardhat_node: HardhatNode) -> None:
    with pytest.raises(ChainIdMismatch, match="is chain 31337, expected 1"):
        Chain.connect(hardhat_node.url, chain_id=1)
    assert Chain.connect(hardhat_node.url, chain_id=31337).chain_id == 31337


def test_a_private_key_becomes_the_default_sender(hardhat_node: HardhatNode) -> None:
    from eth_account import Account

    dev = Chain.connect(hardhat_node.url)
    fresh = Account.create()
    dev.set_balance(fresh.address, 10**18)
    chain = Chain.connect(hardhat_node.url, private_key=fresh.key.hex())
    assert chain.accounts[0].address == fresh.address
    receipt = chain.send(dev.accounts[1], 1000)
    assert receipt.sender == fresh.address


def test_mined_failure_carries_its_receipt(hardhat_node: HardhatNode) -> None:
    chain = Chain.connect(hardhat_node.url)
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "T", "T", 18, 10**6)
    nonce = chain.nonce(b)
    # With an explicit gas limit nothing is estimated: the transaction is mined and fails.
    with pytest.raises(TransactionFailed) as err:
        token.transfer(a, 1, sender=b, gas=100_000)
    assert err.value.reason == "insufficient balance"
    assert err.value.receipt is not None and err.value.receipt.gas_used > 21_000
    assert chain.nonce(b) == nonce + 1
    token.transfer(b, 1, sender=a)  # the nonce cache recovered


def test_embedded_fork_of_the_node(hardhat_node: HardhatNode) -> None:
    node = Chain.connect(hardhat_node.url)
    a, b = node.accounts[:2]
    token = node.deploy("Token", "T", "T", 18, 10**6)
    token.transfer(b, 77, sender=a)
    fork = Chain.embedded(fork_url=hardhat_node.url)
    assert fork.chain_id == 31337
    forked = fork.at("Token", token.address)
    assert forked.balanceOf(b) == 77
    forked.transfer(b, 3, sender=a)  # changes the fork only
    assert forked.balanceOf(b) == 80
    assert token.balanceOf(b) == 77


def test_fork_of_an_unreachable_node() -> None:
    with pytest.raises(ChainConnectionError, match="cannot fork"):
        Chain.embedded(fork_url=f"http://127.0.0.1:{free_port()}")


def _scenario(chain: Chain) -> list[tuple[str, int]]:
    a, b, c = chain.accounts[:3]
    gas = []
    token = chain.deploy("Token", "Augury USD", "aUSD", 18, 10**24, sender=a)
    assert token.deploy_receipt is not None
    gas.append(("deploy", token.deploy_receipt.gas_used))
    steps = [
        ("transfer new", lambda: token.transfer(b, 100, sender=a)),
        ("transfer again", lambda: token.transfer(b, 100, sender=a)),
        ("approve", lambda: token.approve(c, 2**256 - 1, sender=b)),
        ("transferFrom inf", lambda: token.transferFrom(b, c, 50, sender=c)),
        ("approve to zero", lambda: token.approve(c, 0, sender=b)),
        ("burn all", lambda: token.burn(50, sender=c)),
        ("mint", lambda: token.mint(c, 1, sender=a)),
        ("native", lambda: chain.send(c, 1, sender=a)),
    ]
    for name, step in steps:
        gas.append((name, step().gas_used))
    return gas


def test_gas_parity_with_the_embedded_evm(hardhat_node: HardhatNode) -> None:
    """The embedded EVM charges exactly what a node charges (EIP-2929 cold access,
    EIP-2200/3529 SSTORE pricing and refunds, EIP-7623 calldata floor)."""
    node = Chain.connect(hardhat_node.url)
    with node.anchor():
        on_node = _scenario(node)
    assert _scenario(Chain.embedded()) == on_node
