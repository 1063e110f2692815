"""The cost of one settled question in dollars, at stated prices (issue 13's figure).

:mod:`augury.market.cost` measures gas, tokens and CPU seconds; this module only prices
them, so every assumption is a field of :class:`Prices` and the measured figures stay
untouched. Each row of the table is one component of the cost, per settled question, for
the markets (the jury's court resolving only the sampled share) and for resolving every
question by the court; the total is the sum of the rows, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from augury.market.cost import Bucket, CostMeasurement

GOAL_USD = 0.05  # issue 13: at most 5 cents per settled question
# The anchors, quoted, not measured here.
OLAS_INFERENCE_USD = (0.0006, 0.013)
OMEN_SUBSIDY_USD = 50.0


@dataclass(frozen=True)
class Prices:
    """What a unit costs. Defaults are assumptions, stated where they are shown.

    ``gas_gwei``: L2 execution gas price (0.01 gwei, a common L2 figure).
    ``cpu_usd_per_vcpu_hour``: AWS on-demand c7i.large in us-east-1, $0.08925 an hour for
    2 vCPUs (the author's knowledge of the price list, not fetched for this run).
    ``l1_usd_per_kb``: the L1 data fee per KiB of uncompressed signed transaction; 0
    leaves it out (the bytes are reported either way).
    """

    gas_gwei: float = 0.01
    eth_usd: float = 3000.0
    token_usd: float = 1.0
    cpu_usd_per_vcpu_hour: float = 0.08925 / 2
    l1_usd_per_kb: float = 0.0

    def usd(
        self, *, gas: float = 0.0, tokens: float = 0.0, cpu_s: float = 0.0, tx_bytes: float = 0.0
    ) -> float:
        return (
            gas * self.gas_gwei * 1e-9 * self.eth_usd
            + tokens * self.token_usd
            + cpu_s / 3600.0 * self.cpu_usd_per_vcpu_hour
            + tx_bytes / 1024.0 * self.l1_usd_per_kb
        )


@dataclass(frozen=True)
class Cell:
    """One component's cost per settled question: tokens, gas, CPU seconds, L1 bytes,
    and their dollar value."""

    tokens: float = 0.0
    gas: float = 0.0
    cpu_s: float = 0.0
    tx_bytes: float = 0.0
    usd: float = 0.0


@dataclass(frozen=True)
class CostRow:
    component: str
    markets: Cell
    court: Cell  # the same component when every question goes to the court


@dataclass(frozen=True)
class CostTable:
    """Rows per settled question, and their sums (``total``)."""

    rows: tuple[CostRow, ...]
    prices: Prices
    sampled_share: float

    @property
    def total_markets(self) -> Cell:
        return _sum([r.markets for r in self.rows])

    @property
    def total_court(self) -> Cell:
        return _sum([r.court for r in self.rows])

    @property
    def meets_goal(self) -> bool:
        return self.total_markets.usd <= GOAL_USD


def _sum(cells: list[Cell]) -> Cell:
    return Cell(
        tokens=sum(c.tokens for c in cells),
        gas=sum(c.gas for c in cells),
        cpu_s=sum(c.cpu_s for c in cells),
        tx_bytes=sum(c.tx_bytes for c in cells),
        usd=sum(c.usd for c in cells),
    )


def _cell(
    p: Prices, n: int, *, bucket: Bucket | None = None, tokens: float = 0.0, cpu_s: float = 0.0
) -> Cell:
    """``bucket``'s gas and bytes, and ``tokens``/``cpu_s`` totals, divided over ``n``."""
    if n <= 0:
        return Cell()
    gas = bucket.gas / n if bucket else 0.0
    nbytes = bucket.tx_bytes / n if bucket else 0.0
    t, c = tokens / n, cpu_s / n
    return Cell(t, gas, c, nbytes, p.usd(gas=gas, tokens=t, cpu_s=c, tx_bytes=nbytes))


def price(m: CostMeasurement, p: Prices = Prices()) -> CostTable:
    """The table of one run: markets (court for the sampled share) beside all-court.

    The markets' figures are per *settled* question (every market the run resolved); the
    all-court column is per court case of the same run, i.e. what each question would pay
    if each were a case: the court path's gas and the jurors' pay, nothing else.
    """
    n, d, none = m.settled, m.disputes, Cell()
    trade = m.gas("trade")
    mean_trade = trade.gas / trade.txs if trade.txs else 0.0
    loss = sum(m.subsidy_loss_tokens) / len(m.subsidy_loss_tokens)
    rows = (
        CostRow("market creation", _cell(p, n, bucket=m.gas("create")), none),
        CostRow(
            f"trades ({trade.txs / max(n, 1):.1f} per question, mean {mean_trade:,.0f} gas)",
            _cell(p, n, bucket=trade),
            none,
        ),
        CostRow(
            "settlement by rule (unsampled markets)", _cell(p, n, bucket=m.gas("settle")), none
        ),
        CostRow(
            "redeem and withdraw (traders and creator)", _cell(p, n, bucket=m.gas("redeem")), none
        ),
        CostRow(
            "jury round: open, seed commit/reveal/fix, funding (amortised over the round)",
            _cell(p, n, bucket=m.gas("round")),
            none,
        ),
        CostRow(
            f"court path of a case (sampled share {m.sampled_share:.1%} in the markets)",
            _cell(p, n, bucket=m.gas("court")),
            _cell(p, d, bucket=m.gas("court")),
        ),
        CostRow(
            "jurors' pay (JurorSettled rewards)",
            _cell(p, n, tokens=m.juror_pay_tokens),
            _cell(p, d, tokens=m.juror_pay_tokens),
        ),
        CostRow(
            f"creator's LMSR subsidy lost (measured mean; bound b·ln 2 = "
            f"{m.subsidy_bound_tokens:.4g})",
            _cell(p, 1, tokens=loss),
            none,
        ),
        CostRow(
            "agents' inference (5 models, CPU)", _cell(p, n, cpu_s=m.inference_cpu_seconds), none
        ),
    )
    return CostTable(rows, p, m.sampled_share)


def markdown(t: CostTable) -> str:
    """The table as docs/benchmarks.md shows it."""
    lines = [
        "| component, per settled question | markets: tokens | gas | $ | all-court: tokens "
        "| gas | $ |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [*t.rows, CostRow("**total**", t.total_markets, t.total_court)]
    for r in rows:
        a, c = r.markets, r.court
        lines.append(
            f"| {r.component} | {a.tokens:.4g} | {a.gas:,.0f} | {_usd(a.usd)} "
            f"| {c.tokens:.4g} | {c.gas:,.0f} | {_usd(c.usd)} |"
        )
    return "\n".join(lines)


def _usd(x: float) -> str:
    """Dollars to a tenth of a cent's tenth, or in scientific notation below it."""
    return "0" if x == 0 else f"{x:.5f}" if x >= 1e-4 else f"{x:.1e}"
