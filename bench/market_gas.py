"""Gas of the market and jury contracts, beside a naive LMSR contract, in one run.

Every figure is the ``gas_used`` of a mined transaction's receipt on the embedded
chain (intrinsic + execution - refunds, as a node charges). The anchor is
``bench/naive_markets.vy``: the same LMSR maths with one storage slot per struct
field and a token transfer per trade. Gnosis' LMSR/FPMM figures quoted in the
issue were measured elsewhere and are not re-measured here.

With ``--throughput N`` it also times N markets with 5 trades each on the
embedded chain, single transactions beside batched ones.

    .venv/bin/python bench/market_gas.py [--samples 50] [--throughput 2000 [--repeats 2]]
                                         [--out FILE.json]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import emit
from augury.chain import Chain, Receipt
from augury.protocol import (
    MarketSystem,
    Position,
    deploy_markets,
    seed_commitment,
)

ONE = 10**18
HOUR = 3600


def _naive(chain: Chain, token: Any) -> Any:
    import vyper

    src = Path(__file__).with_name("naive_markets.vy")
    out = vyper.compile_code(src.read_text(), output_formats=["abi", "bytecode"])
    code = bytes.fromhex(out["bytecode"].removeprefix("0x"))
    return chain.deploy_code(out["abi"], code, token, name="NaiveMarkets")


def _row(name: str, receipts: list[Receipt], note: str = "") -> dict[str, Any]:
    g = [r.gas_used for r in receipts]
    return {
        "operation": name,
        "n": len(g),
        "mean": round(statistics.fmean(g)),
        "min": min(g),
        "max": max(g),
        "note": note,
    }


def measure(samples: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    chain = Chain.embedded()
    s: MarketSystem = deploy_markets(chain, creation_fee=ONE // 1000)
    accts = chain.accounts
    for a in accts[:8]:
        s.fund(a, 10**30)
    naive = _naive(chain, s.token)
    for a in accts[:8]:
        s.token.approve(naive, 2**256 - 1, sender=a)
    creator, traders, jurors = accts[0], accts[1:6], accts[6:8]
    rows: list[dict[str, Any]] = []
    mk = s.markets
    # the jury round that samples every market below: it opens, and its seed's
    # commits are made, before any of them exists (commits close at period start)
    jury = s.jury
    now = chain.timestamp()
    start, end = now + 30, now + 2 * HOUR
    r_open = jury.openRound(start, end, 200_000, ONE // 100, sender=creator)
    commits = [jury.commitSeed(1, seed_commitment(b"\1" * 32, j, 1), sender=j) for j in jurors]
    commits.append(jury.commitSeed(1, seed_commitment(b"\3" * 32, creator, 1), sender=creator))
    chain.advance_time(max(0, start - chain.timestamp()))
    r_close = jury.closeCommits(1)
    first = mk.createMarket(b"\0" * 32, 100 * ONE, chain.timestamp() + HOUR, 0, sender=creator)
    rows.append(_row("create: first market of the contract", [first], "pays for its counters"))

    def qid(i: int) -> bytes:
        return i.to_bytes(32, "big")

    def creates(rule: int, pull: bool) -> list[Receipt]:
        out = []
        for i in range(samples):
            if not pull:
                mk.deposit(ONE * 100, sender=creator)
            out.append(
                mk.createMarket(qid(i), 100 * ONE, chain.timestamp() + HOUR, rule, sender=creator)
            )
        return out

    pull = creates(0, pull=True)
    rows.append(_row("create (subsidy pulled by transferFrom)", pull))
    internal = creates(1, pull=False)
    rows.append(_row("create (subsidy from internal balance)", internal))
    batch = mk.createMarkets(
        [qid(i) for i in range(100)], 100 * ONE, chain.timestamp() + HOUR, 1, sender=creator
    )
    rows.append({**_row("createMarkets, 100 per tx", [batch]), "per_market": batch.gas_used // 100})
    naive_creates = [
        naive.createMarket(qid(i), 100 * ONE, chain.timestamp() + HOUR, 0, sender=creator)
        for i in range(samples)
    ]
    rows.append(_row("ANCHOR naive create", naive_creates))

    refund_ids = [r.event("MarketCreated")["market"] for r in pull]
    nearest_ids = [r.event("MarketCreated")["market"] for r in internal]
    naive_ids = list(range(1, samples + 1))
    for t in traders:
        mk.deposit(10**6 * ONE, sender=t)

    def trades(
        ids: list[int], fn: Callable[..., Receipt], rounds: int
    ) -> tuple[list[Receipt], list[Receipt]]:
        firsts: list[Receipt] = []
        later: list[Receipt] = []
        for k in range(rounds):
            for m in ids:
                t = traders[k % len(traders)]
                r = fn(m, rng.randint(0, 1), rng.randint(ONE // 10, 20 * ONE), 10**30, sender=t)
                (firsts if k < len(traders) else later).append(r)
        return firsts, later

    f_ref, l_ref = trades(refund_ids, mk.buy, 7)
    rows.append(_row("buy, REFUND market, trader's first trade in it", f_ref, "worst case"))
    rows.append(_row("buy, REFUND market, later trades", l_ref))
    f_near, l_near = trades(nearest_ids, mk.buy, 7)
    rows.append(_row("buy, NEAREST market, trader's first trade in it", f_near))
    rows.append(_row("buy, NEAREST market, later trades", l_near))
    f_nv, l_nv = trades(naive_ids, naive.buy, 7)
    rows.append(_row("ANCHOR naive buy, trader's first trade", f_nv))
    rows.append(_row("ANCHOR naive buy, later trades", l_nv))
    fresh = chain.new_account()
    s.fund(fresh, 10**24)  # no internal balance: every buy pulls by transferFrom
    pulls = [mk.buy(m, 1, ONE, 10**30, sender=fresh) for m in refund_ids]
    rows.append(_row("buy, collateral pulled by transferFrom, first trade", pulls))
    nb = min(50, len(nearest_ids))
    bm = mk.buyMany(nearest_ids[:nb], [1] * nb, [ONE] * nb, [10**30] * nb, sender=traders[0])
    rows.append({**_row(f"buyMany, {nb} buys per tx", [bm]), "per_trade": bm.gas_used // nb})
    sells = []
    for m in refund_ids:
        t = traders[0]
        held = Position(*mk.position(m, t)).yes  # half of the YES holdings, as measured
        if held:
            sells.append(mk.sell(m, 1, held // 2, 0, sender=t))
    rows.append(_row("sell (return escrowed)", sells))

    # -- the jury round over everything above ----------------------------------------
    rows.append(_row("jury openRound", [r_open]))
    rows.append(_row("jury commitSeed (pulls the bond)", commits))
    rows.append(_row("jury closeCommits (records prevrandao)", [r_close]))
    chain.advance_time(max(0, end - chain.timestamp()))
    rows.append(
        _row(
            "jury revealSeed (returns the bond)",
            [jury.revealSeed(1, b"\1" * 32, sender=j) for j in jurors],
        )
    )
    chain.advance_time(HOUR)
    rows.append(_row("jury slashSeed (whole bond to the pool)", [jury.slashSeed(1, creator)]))
    rows.append(_row("jury fixSeed", [jury.fixSeed(1)]))
    all_ids = refund_ids + nearest_ids
    sampled = s.jury_client().sampled(1, all_ids)  # readable on chain from the next block
    unsampled = [m for m in all_ids if m not in sampled]
    rows.append(
        _row(
            "settleUnsampled (Jury -> Markets.settleByRule)",
            [jury.settleUnsampled(1, m) for m in unsampled],
        )
    )
    jury.collectFees()
    rows.append(
        _row(
            "jury rule, by its court (-> Markets.resolve, reward to the court)",
            [jury.rule(m, True, sender=creator) for m in sampled],
        )
    )
    red_t = [mk.redeem(m, sender=t) for m in all_ids for t in traders[:2]]
    rows.append(_row("redeem (trader)", red_t))
    rows.append(_row("redeem (creator)", [mk.redeem(m, sender=creator) for m in all_ids]))
    return rows


def throughput(n_markets: int, agents: int = 5, repeats: int = 2) -> list[dict[str, Any]]:
    """Time n_markets markets with one buy per agent each, single vs batched, interleaved.

    Wall-clock and process CPU seconds are both kept: on a shared machine the CPU
    time is the steadier of the two.
    """
    out = []
    for rep in range(repeats):
        for batched in (False, True):
            out.append({"repeat": rep, **_one_throughput(n_markets, agents, batched)})
    return out


def _one_throughput(n_markets: int, agents: int, batched: bool) -> dict[str, Any]:
    chain = Chain.embedded()
    s = deploy_markets(chain)
    accts = chain.accounts[: agents + 1]
    for a in accts:
        s.fund(a, 10**30)
        s.markets.deposit(10**27, sender=a)
    close = chain.timestamp() + 100 * 24 * HOUR  # each transaction advances the clock 1 s
    wall, cpu = time.perf_counter(), time.process_time()
    ids: list[int] = []
    for i in range(0, n_markets, 200):
        qs = [j.to_bytes(32, "big") for j in range(i, min(i + 200, n_markets))]
        r = s.markets.createMarkets(qs, 10 * ONE, close, 1, sender=accts[0])
        ids.extend(e["market"] for e in r.events_named("MarketCreated"))
    create_wall, create_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    trades = 0
    for k, a in enumerate(accts[1:]):
        side = k % 2
        if batched:
            for i in range(0, len(ids), 100):
                chunk = ids[i : i + 100]
                n = len(chunk)
                s.markets.buyMany(chunk, [side] * n, [ONE] * n, [10**30] * n, sender=a)
                trades += n
        else:
            for m in ids:
                s.markets.buy(m, side, ONE, 10**30, sender=a)
                trades += 1
    trade_wall, trade_cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "mode": "buyMany (100 per tx)" if batched else "one buy per tx",
        "markets": n_markets,
        "agents": agents,
        "create_wall_s": round(create_wall, 2),
        "create_cpu_s": round(create_cpu, 2),
        "trades": trades,
        "trade_wall_s": round(trade_wall, 2),
        "trade_cpu_s": round(trade_cpu, 2),
        "trades_per_cpu_s": round(trades / trade_cpu, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--throughput", type=int, default=0, metavar="N")
    ap.add_argument("--repeats", type=int, default=2, help="throughput repeats")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    rows = measure(args.samples, args.seed)
    print(f"{'operation':58} {'n':>5} {'mean':>8} {'min':>8} {'max':>8}")
    for r in rows:
        extra = "".join(f"  {k}={r[k]}" for k in ("per_market", "per_trade") if k in r)
        print(f"{r['operation']:58} {r['n']:>5} {r['mean']:>8} {r['min']:>8} {r['max']:>8}{extra}")
    result: dict[str, Any] = {"gas": rows}
    if args.throughput:
        tp = throughput(args.throughput, repeats=args.repeats)
        for t in tp:
            print(t)
        result["throughput"] = tp
    emit(result, args.out, echo=False)


if __name__ == "__main__":
    main()
