"""Latency of the wallet guard: ``check`` on the embedded chain, and the proxy in front of a
Hardhat node beside the same node without the guard, in one run.

* embedded: every scenario of the corpus (57 requests, transactions and signatures) checked
  ``--repeats`` times on one embedded chain with the corpus contracts deployed; origin
  judged by the phishing list and, with ``--model``, the site model too (its score is
  cached per domain after the first query, as a wallet checks one dapp many times);
* proxy: signed ERC-20 transfers (allowed, forwarded, mined) and signed unlimited approvals
  to an EOA (refused) sent through ``GuardProxy`` to a Hardhat node, beside the same
  transfers sent to the node directly (the anchor: what the wallet pays without the guard).

With ``--site-splits time,novel`` it also measures ``check_site`` on held-back splits of
the labelled domains (:mod:`augury.guard.site.evaluation`: model and list built from the training
part only; AUC, recall at 1% false-positive rate, and the verdicts' rates).

Published anchors (not measured here): Blockaid scans are reported at 200-800 ms;
MetaMask users report 1-12 s for transactions with security alerts on.

    .venv/bin/python bench/guard_latency.py [--repeats 5] [--proxy-requests 60] [--model]
        [--site-splits time,novel] [--out docs/bench/guard_latency.json]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import requests
from eth_account import Account

from _common import emit
from augury.chain import Chain
from augury.chain.hardhat import HardhatNode
from augury.guard import check
from augury.guard.corpus import SCENARIOS, build_world
from augury.guard.decode import TX_METHODS
from augury.guard.proxy import GuardProxy, serve


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(pct(values, 0.5), 2),
        "p95_ms": round(pct(values, 0.95), 2),
        "mean_ms": round(statistics.mean(values), 2),
    }


def embedded(repeats: int, use_model: bool) -> dict[str, dict[str, float]]:
    world = build_world()
    requests_ = [(sc, sc.build(world)) for sc in SCENARIOS]
    for sc, req in requests_:  # warm caches: compiled code, lists, labels, model per domain
        check(req, origin=sc.origin, chain=world.chain, policy=world.policy, use_model=use_model)
    tx_ms: list[float] = []
    sig_ms: list[float] = []
    for _ in range(repeats):
        for sc, req in requests_:
            start = time.perf_counter()
            check(
                req, origin=sc.origin, chain=world.chain, policy=world.policy, use_model=use_model
            )
            ms = (time.perf_counter() - start) * 1000
            is_tx = req["method"] in TX_METHODS or req["method"] == "eth_sendRawTransaction"
            (tx_ms if is_tx else sig_ms).append(ms)
    return {
        "all": summary(tx_ms + sig_ms),
        "transactions": summary(tx_ms),
        "signatures": summary(sig_ms),
    }


def proxy(node: HardhatNode, n: int) -> dict[str, dict[str, float]]:
    chain = Chain.connect(node.url)
    dev = chain.accounts[0]
    user = Account.create()
    chain.send(user.address, 10**20, sender=dev)
    token = chain.deploy("Token", "Bench", "B", 18, 10**30, sender=dev)
    token.transfer(user.address, 10**27, sender=dev)
    friend = chain.accounts[1].address
    attacker = Account.create().address
    guard = GuardProxy(node.url, mode="block", use_model=False)
    server = serve(guard, port=0)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    session = requests.Session()

    def signed(data: bytes) -> str:
        tx: Any = {
            "chainId": chain.chain_id,
            "nonce": chain.nonce(user.address),
            "to": token.address,
            "value": 0,
            "data": data,
            "gas": 100_000,
            "maxFeePerGas": 10**10,
            "maxPriorityFeePerGas": 10**9,
            "type": 2,
        }
        return "0x" + user.sign_transaction(tx).raw_transaction.hex()

    def send(target: str, raw: str) -> tuple[float, dict[str, Any]]:
        body = {"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction", "params": [raw]}
        start = time.perf_counter()
        reply = session.post(target, json=body, timeout=60).json()
        return (time.perf_counter() - start) * 1000, reply

    out: dict[str, list[float]] = {
        "direct_transfer": [],
        "proxy_transfer": [],
        "proxy_blocked_approval": [],
    }
    try:
        for i in range(n):
            ms, reply = send(node.url, signed(token.transfer.calldata(friend, 1 + i)))
            assert "result" in reply, reply
            out["direct_transfer"].append(ms)
            ms, reply = send(url, signed(token.transfer.calldata(friend, 1 + i)))
            assert "result" in reply, reply
            out["proxy_transfer"].append(ms)
            ms, reply = send(url, signed(token.approve.calldata(attacker, 2**256 - 1)))
            assert reply.get("error", {}).get("code") == 4001, reply
            out["proxy_blocked_approval"].append(ms)
    finally:
        server.shutdown()
    return {k: summary(v) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--proxy-requests", type=int, default=60)
    parser.add_argument("--model", action="store_true", help="judge origins with the model too")
    parser.add_argument("--site-splits", default="", help="e.g. time,novel (slow: ~20 s each)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    results: dict[str, Any] = {
        "machine": f"{platform.machine()} {platform.system()}, Python {platform.python_version()}",
        "embedded_list_only": embedded(args.repeats, use_model=False),
    }
    if args.model:
        results["embedded_with_model"] = embedded(args.repeats, use_model=True)
    with HardhatNode() as node:
        results["proxy_hardhat"] = proxy(node, args.proxy_requests)
    if args.site_splits:
        from augury.guard.site.evaluation import evaluate

        results["check_site"] = [
            evaluate(kind).to_json() for kind in args.site_splits.split(",") if kind
        ]
    emit(results, args.out)


if __name__ == "__main__":
    main()
