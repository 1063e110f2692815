"""What one settled question costs, measured on the real contracts (issue 13's figure).

The seed's claim is that AI traders make micro-markets cheap enough to be worth running
on questions no human would trade. This module measures every part of that cost in one
run of :func:`~augury.market.simulate.simulate` (the real ``Markets``, ``Jury`` and
``Court`` on the embedded chain, the real agents on held-back questions), without
re-implementing any of it: :meth:`Chain.recording` keeps every transaction the run
sends (gas from its receipt, its calldata size), and each is put into one bucket by the
function it called (:data:`BUCKETS`). After the run the creator redeems every market, so
the LMSR subsidy it loses is measured per market, not assumed to be the bound b·ln 2.

What is measured here is gas, tokens and CPU seconds; :mod:`augury.market.cost_table`
turns them into dollars at stated prices. One-off set-up (deployments, minting, juror
stakes, approvals) is kept apart: it is not a cost of a question.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from augury.chain import Chain, SentTransaction
from augury.market.lmsr import subsidy
from augury.market.questions import JuryOracle, Question
from augury.market.simulate import SimulationConfig, TraderAgent, simulate
from augury.market.trading import informed
from augury.protocol import MarketsClient, Rule, State

E18 = 10**18
BATCH = 256

# The function a transaction called -> (the contract it must call, the cost bucket).
# "round" is paid once per jury round and amortised over the round's questions; "court"
# is the sampled questions' court path; any other transaction is one-off set-up.
_CALLS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("markets", "create", ("createMarket", "createMarkets")),
    ("markets", "trade", ("buy",)),
    ("markets", "redeem", ("redeem", "redeemMany", "withdraw")),
    ("jury", "round", ("openRound", "commitSeed", "closeCommits", "revealSeed", "fixSeed", "fund")),
    ("jury", "settle", ("settleUnsampledMany", "settleUnsampled")),
    ("court", "court", ("openDispute", "draw", "commitVote", "revealVote", "tally", "finalize",
                        "settle", "appeal")),
)  # fmt: skip
BUCKETS: dict[str, tuple[str, str]] = {
    call: (contract, bucket) for contract, bucket, calls in _CALLS for call in calls
}
# Bytes of a signed EIP-1559 transaction besides its calldata (type, chain id, nonce, fees,
# gas, to, value, access list, y-parity, r, s): about 110 uncompressed.
TX_ENVELOPE_BYTES = 110


@dataclass
class Bucket:
    """Transactions of one kind: how many, their gas and their calldata bytes."""

    txs: int = 0
    gas: int = 0
    calldata_bytes: int = 0

    def add(self, r: SentTransaction) -> None:
        self.txs += 1
        self.gas += r.receipt.gas_used
        self.calldata_bytes += r.calldata_bytes

    @property
    def tx_bytes(self) -> int:
        """Calldata plus each transaction's envelope: what an L2 posts to L1, uncompressed."""
        return self.calldata_bytes + TX_ENVELOPE_BYTES * self.txs


@dataclass
class CostMeasurement:
    """Everything one run measured, in gas, tokens and CPU seconds (no prices yet)."""

    questions: int
    settled: int  # markets RESOLVED to YES or NO (the denominator: settled questions)
    liquidity: float  # b, tokens
    jury_rate: float  # the seed's sampling rate
    sampled: int  # markets the court ruled on (seed-sampled or contested)
    contested: int  # markets with crossings > 1 inside the closing window
    disputes: int  # court cases opened
    buckets: dict[str, Bucket] = field(default_factory=dict)
    setup: Bucket = field(default_factory=Bucket)
    subsidy_paid_tokens: float = 0.0  # per market, as the creation receipts moved it
    subsidy_loss_tokens: list[float] = field(default_factory=list)  # per market
    juror_pay_tokens: float = 0.0  # JurorSettled rewards, all cases together
    inference_cpu_seconds: float = 0.0  # five agents, all questions, one warm pass
    training_cpu_seconds: float = 0.0  # one-off, reported apart
    correct: int = 0  # settled outcomes equal to the truth
    court_correct: int = 0  # of those the court ruled, equal to the truth
    trades: int = 0
    trader_pnl_tokens: float = 0.0  # the agents' net token gain, all markets together

    @property
    def subsidy_bound_tokens(self) -> float:
        """The most the creator can lose: b·ln 2."""
        return self.liquidity * math.log(2)

    @property
    def sampled_share(self) -> float:
        return self.sampled / self.questions

    @property
    def accuracy(self) -> float:
        """Settled outcomes equal to the truth, over all questions of the run."""
        return self.correct / self.questions

    @property
    def court_accuracy(self) -> float:
        """The court's rulings equal to the truth (the all-court resolution's accuracy)."""
        return self.court_correct / self.sampled if self.sampled else float("nan")

    def gas(self, bucket: str) -> Bucket:
        return self.buckets.get(bucket, Bucket())


def micro_config(
    liquidity: float, jury_rate: float, *, seed: int = 0, reward_per_market: float = 1.0
) -> SimulationConfig:
    """The simulation's defaults with every token amount an agent uses scaled with b.

    At b = 20 this is exactly :class:`SimulationConfig`'s CARA set-up (τ = b, 100-token
    budget, 2-token minimum bet); at b = 0.05 the same ratios (τ = b, budget 5b, minimum
    b/10), so agents still trade a micro-market. Unsampled markets settle NEAREST (by the
    closing window): with REFUND an unsampled question would get no answer at all.
    """
    scale = liquidity / SimulationConfig.liquidity
    return SimulationConfig(
        jury_rate=jury_rate, settle=Rule.NEAREST, seed=seed, liquidity=liquidity,
        market_budget=SimulationConfig.market_budget * scale,
        risk_tolerance=SimulationConfig.risk_tolerance * scale,
        min_trade=SimulationConfig.min_trade * scale, reward_per_market=reward_per_market,
    )  # fmt: skip


def time_inference(agents: Sequence[TraderAgent], domains: Sequence[str]) -> float:
    """CPU seconds (all threads of the process) the agents take to price ``domains``:
    ``predict_many`` and ``informed``, as the simulation calls them, after one warm-up."""
    for a in agents:
        a.predict_many(domains)
        informed(a, domains)
    start = time.process_time()
    for a in agents:
        a.predict_many(domains)
        informed(a, domains)
    return time.process_time() - start


def measure(
    questions: Sequence[Question],
    oracle: JuryOracle,
    agents: Sequence[TraderAgent],
    config: SimulationConfig,
) -> CostMeasurement:
    """Run the simulation on a fresh embedded chain, recording every transaction, redeem
    the creator's side, and sort every transaction's gas into its bucket."""
    chain = Chain.embedded()
    with chain.recording() as records:
        report = simulate(chain, questions, oracle, agents, config)
        owner = chain.accounts[0]
        markets = _only_target(records, "createMarkets", "createMarket")
        book = chain.at("Markets", markets)
        ids = [m.market for m in report.markets]
        before_creator = len(records)
        for i in range(0, len(ids), BATCH):
            book.redeemMany(ids[i : i + BATCH], sender=owner)
        balance = int(book.balanceOf(owner))
        if balance:
            book.withdraw(balance, sender=owner)
    labels = oracle.scoring_labels()
    out = CostMeasurement(
        questions=len(ids), settled=0, liquidity=config.liquidity, jury_rate=config.jury_rate,
        sampled=sum(m.sampled for m in report.markets),
        contested=sum(int(book.crossings(m)) > 1 for m in ids),
        disputes=0, trades=sum(a.trades for a in report.agents),
        trader_pnl_tokens=sum(a.pnl for a in report.agents),
        inference_cpu_seconds=time_inference(agents, [q.domain for q in questions]),
    )  # fmt: skip
    contracts = {
        "markets": markets,
        "jury": _only_target(records, "openRound"),
        "court": _only_target(records, "openDispute", optional=True),
    }
    paid = 0
    for r in records:
        role, name = BUCKETS.get(r.function or "", ("", ""))
        if not role or r.to != contracts[role]:
            out.setup.add(r)
            continue
        if name == "create":
            paid += sum(
                int(e["value"]) for e in r.receipt.events_named("Transfer")
                if e["receiver"].lower() == markets.lower()
            )  # fmt: skip
        out.buckets.setdefault(name, Bucket()).add(r)
        out.disputes += r.function == "openDispute"
        out.juror_pay_tokens += (
            sum(int(e["reward"]) for e in r.receipt.events_named("JurorSettled")) / E18
        )
    out.subsidy_paid_tokens = paid / len(ids) / E18
    if paid != subsidy(int(config.liquidity * E18)) * len(ids):
        raise RuntimeError("the creation receipts did not move b·ln 2 per market")
    returned = {
        int(e["market"]): int(e["amount"])
        for r in records[before_creator:]
        for e in r.receipt.events_named("Redeemed")
    }
    out.subsidy_loss_tokens = [(paid / len(ids) - returned.get(m, 0)) / E18 for m in ids]
    for m, mo in zip(ids, report.markets, strict=True):
        state = MarketsClient(book).state(m)
        if state.state is not State.RESOLVED:
            continue
        out.settled += 1
        right = state.outcome == labels[mo.id]
        out.correct += right
        out.court_correct += right and mo.sampled
    return out


def _only_target(records: Sequence[SentTransaction], *labels: str, optional: bool = False) -> str:
    """The one contract that received the calls named ``labels`` in the run ("" when
    ``optional`` and none did: no question was sampled, so the court never sat)."""
    targets = {r.to for r in records if r.function in labels and r.to is not None}
    if optional and not targets:
        return ""
    if len(targets) != 1:
        raise RuntimeError(f"expected one contract receiving {labels}, found {targets}")
    return targets.pop()
