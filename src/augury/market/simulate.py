"""The market simulation: AI agents trade micro-markets, a jury resolves a sample.

One round: open a jury round, commit the seed's secrets, create one LMSR market per
question, let every agent trade each market (:mod:`augury.market.trading`:
exponential-utility traders, so the price settles near a log pool of their beliefs),
close, reveal and fix the jury's seed, have the court (``Court.vy``: a panel drawn by
stake from the staked jurors, who vote the oracle's label) rule on the sampled markets
only (:func:`~augury.protocol.resolve_sampled`), settle the others by the market's rule,
redeem, then retrain every agent's model on the outcomes the jury revealed and
refit how far each agent trusts the price (:mod:`augury.market.price_update`) on the
same outcomes — and on nothing else (market-based RLHF).

The labels live in a :class:`~augury.market.questions.JuryOracle`, which the court
queries only for sampled markets; everything else sees questions without labels.
Scores are computed after the run, against all labels, on the questions the
jury did not sample.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from augury.chain import Chain
from augury.errors import AuguryValueError
from augury.market.lmsr import subsidy
from augury.market.price_update import Decision, PriceUpdate, fit_updates
from augury.market.questions import JuryOracle, Question
from augury.market.report import (
    AgentOutcome,
    JuryCost,
    MarketOutcome,
    RoundStats,
    SimulationReport,
    round_stats,
    score,
)
from augury.market.trading import BET_STRATEGIES, GasLog, RoundTrading, informed
from augury.protocol import (
    JuryClient,
    MarketSystem,
    ProtocolParams,
    Rule,
    deploy_court,
    deploy_markets,
    question_id,
    resolve_sampled,
)

E18 = 10**18
BATCH = 256
# The simulation's court: a token's lock per draw and a tenth per appeal draw, so a
# juror's 50-token stake covers every level a case could reach (3 + 7 + 15 + 31 + 63).
SIM_COURT = ProtocolParams(court_lock_per_draw=E18, court_fee_per_draw=E18 // 10)
JUROR_STAKE = 50 * E18


class TraderAgent(Protocol):
    """What the simulation needs of an agent (``augury.market.agents.DomainAgent``)."""

    name: str

    def predict_many(self, domains: Sequence[str]) -> npt.NDArray[np.float64]: ...

    def retrain(self, revealed: Sequence[tuple[str, int]]) -> Any: ...


@dataclass(frozen=True)
class SimulationConfig:
    jury_rate: float = 0.05  # fraction of markets the jury resolves
    settle: Rule = Rule.REFUND  # how unsampled markets settle
    rounds: int = 1
    seed: int = 0
    liquidity: float = 20.0  # LMSR b, in tokens
    # Each agent stakes at most this many tokens per market: with thousands of markets
    # open at once, capital is locked until settlement, so a Kelly bettor treats each
    # market as an account of its own rather than betting on total wealth.
    market_budget: float = 100.0
    max_fraction: float = 0.5  # most of the remaining budget one Kelly bet may cost
    jurors: int = 3
    reward_per_market: float = 1.0  # tokens the jury earns per sampled market
    trading_time: int = 3600
    passes: int = 3  # trading passes over the agents per market
    min_trade: float = 2.0  # tokens: smaller bets are not worth a transaction
    # "cara": exponential utility (the market prices at a log pool of beliefs);
    # "kelly": log utility on the per-market budget (a linear pool).
    strategy: str = "cara"
    risk_tolerance: float = 20.0  # tokens: a CARA trader's τ (τ = b: half-way moves)
    # Agents update their belief on the price by weights fitted on jury-revealed
    # outcomes (MAP, Gaussian prior of precision price_prior around "ignore the price").
    read_price: bool = True
    price_prior: float = 2.0

    def __post_init__(self) -> None:
        """Reject a configuration no market could run with (a user error, one line)."""
        if self.strategy not in BET_STRATEGIES:
            raise AuguryValueError(
                f"strategy must be one of {BET_STRATEGIES}, got {self.strategy!r}"
            )
        if not 0.0 < self.jury_rate <= 1.0:
            raise AuguryValueError(f"the jury rate must be in (0, 1], not {self.jury_rate}")
        if self.rounds < 1:
            raise AuguryValueError(f"rounds must be at least 1, not {self.rounds}")


def simulate(
    chain: Chain,
    questions: Sequence[Question],
    oracle: JuryOracle,
    agents: Sequence[TraderAgent],
    config: SimulationConfig = SimulationConfig(),
    progress: Callable[[str, int, int], None] = lambda label, done, total: None,
) -> SimulationReport:
    """Run ``config.rounds`` rounds over ``questions`` (split evenly) on ``chain``."""
    # Two streams: the jurors' secrets and salts, and the agents' turn order. Apart,
    # the jury samples the same markets whatever the agents do, so two trading
    # strategies are scored on the same unsampled questions.
    rng = random.Random(config.seed)
    order_rng = random.Random(f"trading order {config.seed}")
    needed = 1 + len(agents) + config.jurors
    while len(chain.accounts) < needed:
        chain.new_account(10**21)
    owner = chain.accounts[0]
    traders = chain.accounts[1 : 1 + len(agents)]
    jurors = chain.accounts[1 + len(agents) : needed]
    system = deploy_markets(chain, sender=owner)
    bankroll = int(config.market_budget * E18) * len(questions)
    for acct in traders:
        system.fund(acct, bankroll)
    court = deploy_court(chain, system.token, SIM_COURT, sender=owner)
    court.setCourt(system.jury, True, sender=owner)
    system.jury.setCourt(court, sender=owner)
    for juror in jurors:  # the seed's committers (a seedBond per round) and the court's jurors
        system.fund(juror, 100 * E18 + JUROR_STAKE)
        system.token.approve(court, JUROR_STAKE, sender=juror)
        court.stake(JUROR_STAKE, sender=juror)
    rounds = max(1, min(config.rounds, len(questions)))
    chunks = [list(questions[i::rounds]) for i in range(rounds)]
    gas = GasLog()
    outcomes: list[MarketOutcome] = []
    results = [AgentOutcome(a.name) for a in agents]
    stats: list[RoundStats] = []
    jury_cost = JuryCost()
    start_balance = [system.token.balanceOf(t) for t in traders]
    updates = [PriceUpdate(alpha=config.price_prior) for _ in agents]
    decisions: list[Decision] = []
    known: dict[int, int] = {}  # market id -> outcome the jury revealed
    for r, chunk in enumerate(chunks, start=1):
        weights = {a.name: list(u.weights) for a, u in zip(agents, updates, strict=True)}
        round_markets, turns = _run_round(
            r, chunk, oracle, agents, updates, system, owner, traders, jurors, config,
            (rng, order_rng), gas, results, jury_cost, progress,
        )  # fmt: skip
        outcomes.extend(round_markets)
        decisions.extend(turns)
        revealed = [
            (m.domain, int(m.outcome)) for m in round_markets if m.sampled and m.outcome is not None
        ]
        known.update(
            (m.market, int(m.outcome)) for m in round_markets if m.sampled and m.outcome is not None
        )
        stats.append(round_stats(r, round_markets, results, oracle, len(revealed), weights))
        if r < rounds and revealed:
            for i, agent in enumerate(agents):
                progress("retrain", i, len(agents))
                agent.retrain(revealed)
            progress("retrain", len(agents), len(agents))
            if config.read_price:
                fit_updates(updates, decisions, known)
    for res, acct, before in zip(results, traders, start_balance, strict=True):
        res.pnl = (system.token.balanceOf(acct) - before) / E18
    return SimulationReport(
        markets=outcomes,
        agents=results,
        gas=gas.means(),
        rounds=stats,
        jury=jury_cost,
        scores=score(outcomes, results, oracle),
    )


def _run_round(
    r: int,
    questions: list[Question],
    oracle: JuryOracle,
    agents: Sequence[TraderAgent],
    updates: Sequence[PriceUpdate],
    system: MarketSystem,
    owner: Any,
    traders: Sequence[Any],
    jurors: Sequence[Any],
    config: SimulationConfig,
    rngs: tuple[random.Random, random.Random],
    gas: GasLog,
    results: list[AgentOutcome],
    jury_cost: JuryCost,
    progress: Callable[[str, int, int], None],
) -> tuple[list[MarketOutcome], list[Decision]]:
    chain, jury = system.chain, system.jury
    rng, order_rng = rngs
    rate_ppm = round(config.jury_rate * 1_000_000)
    reward = int(config.reward_per_market * E18)
    # Each block moves the clock (one second on the embedded chain): leave room for
    # every transaction the round may send before markets close.
    max_txs = len(questions) * len(agents) * config.passes + len(questions) // BATCH + 64
    jc = JuryClient(jury)
    system.token.mint(owner, reward * len(questions) + 1)
    system.token.approve(jury, 2**256 - 1, sender=owner)
    system.token.approve(system.markets, 2**256 - 1, sender=owner)
    jury.fund(reward * len(questions), sender=owner)
    # the seed's commits close at period_start, before any market of the round closes
    period_start = chain.timestamp() + 4 + len(jurors)
    period_end = period_start + config.trading_time + 2 * max_txs
    rid = jc.open_round(period_start, period_end, rate_ppm, reward, owner)
    secrets = {j.address: rng.randbytes(32) for j in jurors}
    for j in jurors:
        jc.commit_seed(rid, secrets[j.address], j)
    # commits close at period_start: that block's prevrandao enters the seed
    chain.advance_time(max(0, period_start - chain.timestamp() - 1))
    jc.close_commits(rid, sender=owner)

    # markets: one standalone creation per round for the per-market gas figure, then batches
    b = int(config.liquidity * E18)
    close = period_end - 1
    client = system.markets_client(owner)
    system.token.mint(owner, (subsidy(b) + E18) * len(questions))
    ids: list[int] = []
    first = client.contract.createMarket(
        _qid(questions[0]), b, close, int(config.settle), sender=owner
    )
    gas.add("create", first.gas_used)
    ids.append(int(first.event("MarketCreated")["market"]))
    for i in range(1, len(questions), BATCH):
        chunk = questions[i : i + BATCH]
        receipt = client.contract.createMarkets(
            [_qid(q) for q in chunk], b, close, int(config.settle), sender=owner
        )
        gas.add("create_batched", receipt.gas_used, len(chunk))
        ids.extend(int(e["market"]) for e in receipt.events_named("MarketCreated"))
        progress(f"round {r}: create", len(ids), len(questions))

    # beliefs, then trading market by market
    domains = [q.domain for q in questions]
    beliefs = np.vstack([np.clip(a.predict_many(domains), 0.0, 1.0) for a in agents])
    active = np.vstack([informed(a, domains) for a in agents])
    for k, res in enumerate(results):
        res.predictions.update({q.id: float(p) for q, p in zip(questions, beliefs[k], strict=True)})
        res.abstained.update(q.id for q, on in zip(questions, active[k], strict=True) if not on)
    trading = RoundTrading(system, traders, updates, config, order_rng, gas.add)
    for n, m in enumerate(ids):
        trading.trade(m, b, beliefs[:, n].tolist(), active[:, n].tolist())
        if n % 50 == 0 or n + 1 == len(ids):
            progress(f"round {r}: trade", n + 1, len(ids))
    for k, count in enumerate(trading.trades):
        results[k].trades += count
    holdings = trading.holdings
    prices = {m: system.markets.priceYes(m) / E18 for m in ids}

    # the jury: seed, sample; the court rules on the sampled markets, the rest settle
    chain.advance_time(max(0, period_end - chain.timestamp()))
    for j in jurors:
        jc.reveal_seed(rid, secrets[j.address], j)
    chain.advance_time(int(jury.seedRevealPeriod()))
    jc.fix_seed(rid, sender=owner)
    sampled = jc.sampled(rid, ids)
    by_market = dict(zip(ids, questions, strict=True))
    votes = {m: oracle.verdict(by_market[m].id) for m in sampled}  # the only labels read
    unsampled = [m for m in ids if m not in set(sampled)]
    for i in range(0, len(unsampled), BATCH):  # a block after the seed's: readable
        jury.settleUnsampledMany(rid, unsampled[i : i + BATCH], sender=owner)
        progress(f"round {r}: settle", min(i + BATCH, len(unsampled)), len(unsampled))
    if sampled and not unsampled:
        chain.advance_time(1)  # the sample is read from the block after the seed's
    court = chain.at("Court", jury.court())
    rulings = resolve_sampled(jury, votes, court, jurors)
    jury_cost.sampled += len(sampled)
    jury_cost.votes += len(rulings)
    jury_cost.reward_tokens += sum(x.reward for x in rulings) / E18

    # redeem: one standalone redeem per trader for the gas figure, then batches
    for k, trader in enumerate(traders):
        held = sorted(m for (kk, m) in holdings if kk == k)
        if not held:
            continue
        single = system.markets.redeem(held[0], sender=trader)
        gas.add("redeem", single.gas_used)
        for i in range(1, len(held), BATCH):
            part = held[i : i + BATCH]
            receipt = system.markets.redeemMany(part, sender=trader)
            gas.add("redeem_batched", receipt.gas_used, len(part))
        balance = system.markets.balanceOf(trader)
        if balance:
            system.markets.withdraw(balance, sender=trader)
    out = []
    for m, q in zip(ids, questions, strict=True):
        st = system.markets_client().state(m)
        resolved = m in votes
        out.append(
            MarketOutcome(
                id=q.id, market=m, domain=q.domain, price=prices[m], sampled=resolved,
                outcome=int(st.outcome) if resolved else None, round=r,
            )
        )  # fmt: skip
    return out, trading.decisions


def _qid(q: Question) -> bytes:
    return question_id(q.text)
