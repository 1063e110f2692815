"""Token-transfer throughput: the embedded EVM beside a Hardhat node, in one run.

Both backends are driven through the same ``augury.chain`` API with the same
workload (ERC-20 transfers between the ten dev accounts, each one signed and
mined), so the ratio measures the backends, not the harness. Gas per transfer
is reported too and must be identical on both.

    .venv/bin/python bench/chain.py [--transfers 2000] [--repeats 3] [--out docs/bench/chain.json]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

from _common import emit
from augury.chain import Chain
from augury.chain.hardhat import HardhatNode


def transfers_per_second(chain: Chain, n: int) -> tuple[float, int]:
    """Run ``n`` transfers; return (transactions per second, mean gas per transfer)."""
    accounts = chain.accounts[:10]
    token = chain.deploy("Token", "Bench", "B", 18, 10**30, sender=accounts[0])
    for acct in accounts[1:]:  # every sender holds tokens, so no transfer reverts
        token.transfer(acct, 10**24, sender=accounts[0])
    gas = 0
    start = time.perf_counter()
    for i in range(n):
        src = accounts[i % 10]
        dst = accounts[(i * 7 + 3) % 10]
        gas += token.transfer(dst, 1 + i % 5, sender=src).gas_used
    elapsed = time.perf_counter() - start
    return n / elapsed, gas // n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=2000)
    parser.add_argument("--node-transfers", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    results: dict[str, list[float]] = {"embedded": [], "hardhat": []}
    gas: dict[str, int] = {}
    with HardhatNode() as node:
        for _ in range(args.repeats):  # interleaved, so drift hits both alike
            tps, gas["embedded"] = transfers_per_second(Chain.embedded(), args.transfers)
            results["embedded"].append(tps)
            tps, gas["hardhat"] = transfers_per_second(Chain.connect(node.url), args.node_transfers)
            results["hardhat"].append(tps)
    med = {k: statistics.median(v) for k, v in results.items()}
    summary = {
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "transfers": {"embedded": args.transfers, "hardhat": args.node_transfers},
        "repeats": args.repeats,
        "tps_median": {k: round(v, 1) for k, v in med.items()},
        "tps_runs": {k: [round(x, 1) for x in v] for k, v in results.items()},
        "ratio_embedded_over_hardhat": round(med["embedded"] / med["hardhat"], 2),
        "gas_per_transfer": gas,
    }
    print(f"{'backend':<10} {'tx/s (median)':>14} {'gas/transfer':>13}")
    for k in ("embedded", "hardhat"):
        print(f"{k:<10} {med[k]:>14.1f} {gas[k]:>13,}")
    print(f"embedded / hardhat: {summary['ratio_embedded_over_hardhat']}x")
    emit(summary, args.out, echo=False)


if __name__ == "__main__":
    main()
