"""Economics of the sortition court (``Court.vy``), by Monte Carlo over its own rules.

Four questions the issue asks, each against the court's parameters as deployed:

1. **Stake share vs. winning.** An attacker holds a share ``s`` of the staked pool and
   votes for the wrong ruling on every draw; honest jurors vote the truth with accuracy
   ``a`` (a juror can be wrong in good faith). Panels are drawn by stake, without
   replacement inside a case (a draw locks the stake it drew). The losing side appeals
   whenever it may (both sides, to the final level: the worst case for the honest side,
   and the most expensive for the attacker); a tie escalates; at the final level a tie
   goes to the attacker (worst case). Reported: the probability that the attacker wins.
2. **Buying a verdict.** What the attacker's stake loses on average (incoherent locks
   taken by the court, the appeal fees he pays) beside what winning unlocks: a case is
   worth at most the court's cap, ``CAP_BPS`` of what the final panel locks.
3. **Bribes.** A bribe that must flip the final panel has to outbid each bribed juror's
   expected loss (his lock plus his coherent reward); the budget an attacker must
   commit to a credible P+ε offer is set beside the cap. This is a bound, not a game
   solution: the P+ε attack is a known limit of every Schelling-point court.
4. **Lazy jurors.** A juror who copies the market's closing price instead of judging is
   coherent only as often as the market is right; his earnings per draw are set beside an
   honest juror's, with the market's accuracy measured on the real agents' prices (the
   held-back questions of ``augury.market``), not assumed.

What this does not show: that the court's Solidity-level checks hold (that is the
contract suite and ``make mutation``), that jurors are honest (``a`` is an input), or
anything about a proposer who grinds the blockhash the draw uses (see docs/court.md).

    .venv/bin/python bench/court_econ.py --cases 200000 --out docs/bench/court_econ.json
"""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from _common import emit


@dataclass(frozen=True)
class CourtParams:
    """The court's economic parameters (token amounts in tokens, not wei)."""

    panels: tuple[int, ...] = (3, 7, 15, 31)
    lock_per_draw: float = 100.0
    fee_per_draw: float = 10.0
    cap_bps: int = 5_000
    pool_draws: int = 2_000  # the pool's size in draws: total stake / lock_per_draw

    @property
    def cap(self) -> float:
        """The most a case may be worth: ``cap_bps`` of the final panel's locked stake."""
        return self.lock_per_draw * self.panels[-1] * self.cap_bps / 10_000


@dataclass(frozen=True)
class Pool:
    """The staked pool in draws (stake / lock_per_draw) of each kind of juror."""

    attacker: int = 0  # votes for the wrong ruling on every draw
    copier: int = 0  # votes the market's closing call
    honest: int = 0  # votes the truth with probability ``accuracy``


@dataclass
class CaseLevels:
    """Every level of every case: who was drawn, how they voted, what was paid."""

    final_wrong: np.ndarray  # the final ruling is the wrong one
    levels: np.ndarray  # levels each case went through
    draws: dict[str, np.ndarray]  # kind -> (level, case) draws
    coherent: dict[str, np.ndarray]  # kind -> (level, case) draws that voted the final ruling
    pay: np.ndarray  # (level, case) what each coherent draw earns on top of its lock
    fees: np.ndarray  # (level, case) the appeal fee that opened the level
    appealed_by_attacker: np.ndarray  # (level, case) the attacker paid that fee


def run_chain(
    p: CourtParams,
    pool: Pool,
    accuracy: float,
    truth: np.ndarray,
    market: np.ndarray,
    first_fee: float,
    attacker_appeals: bool,
    rng: np.random.Generator,
) -> CaseLevels:
    """Take each case through Court.vy's levels: draw by stake without replacement (a
    draw locks what it drew), vote, tally (a tie escalates for free), appeal a wrong
    provisional ruling (the wronged party always does) or a right one (the attacker,
    when ``attacker_appeals``), pay each level's coherent draws against the final
    ruling. At the final level a tie goes to the wrong side (the worst case)."""
    cases, nl = len(truth), len(p.panels)
    left = {"attacker": np.full(cases, pool.attacker), "copier": np.full(cases, pool.copier),
            "honest": np.full(cases, pool.honest)}  # fmt: skip
    draws = {k: np.zeros((nl, cases)) for k in left}
    wrong_votes = {k: np.zeros((nl, cases)) for k in left}
    fees = np.zeros((nl, cases))
    fees[0] = first_fee
    by_attacker = np.zeros((nl, cases), dtype=bool)
    live = np.ones(cases, dtype=bool)
    final_wrong = np.zeros(cases, dtype=bool)
    levels = np.zeros(cases)
    market_wrong = market != truth
    for level, n in enumerate(p.panels):
        total = left["attacker"] + left["copier"] + left["honest"]
        if (total[live] < n).any():
            raise ValueError("the pool is too small for the panel")
        ka = rng.hypergeometric(left["attacker"], left["copier"] + left["honest"], n)
        kc = rng.hypergeometric(left["copier"], left["honest"], n - ka)
        kh = n - ka - kc
        for kind, k in (("attacker", ka), ("copier", kc), ("honest", kh)):
            k = np.where(live, k, 0)
            draws[kind][level] = k
            left[kind] = left[kind] - k
        wrong_votes["attacker"][level] = draws["attacker"][level]
        wrong_votes["copier"][level] = np.where(market_wrong, draws["copier"][level], 0)
        wrong_votes["honest"][level] = rng.binomial(draws["honest"][level].astype(int),
                                                    1.0 - accuracy)  # fmt: skip
        wrong = sum(w[level] for w in wrong_votes.values())
        right = n - wrong
        levels += live
        if level == nl - 1:
            final_wrong |= live & (wrong >= right)
            break
        tie = live & (wrong == right)
        wrongly = live & (wrong > right)
        rightly = live & (right > wrong)
        appeal = wrongly | (rightly & attacker_appeals)
        settled = rightly & (not attacker_appeals)
        fees[level + 1] = np.where(appeal, p.panels[level + 1] * p.fee_per_draw, 0.0)
        by_attacker[level + 1] = rightly & attacker_appeals
        live = live & (appeal | tie) & ~settled
    # cases that stopped early keep the ruling of the level they stopped at: right
    coherent = {}
    for kind in draws:
        right_votes = draws[kind] - wrong_votes[kind]
        coherent[kind] = np.where(final_wrong, wrong_votes[kind], right_votes)
    n_coh = sum(coherent.values())
    n_all = sum(draws.values())
    pot = fees + (n_all - n_coh) * p.lock_per_draw
    pay = np.divide(pot, n_coh, out=np.zeros_like(pot), where=n_coh > 0)
    return CaseLevels(final_wrong, levels, draws, coherent, pay, fees, by_attacker)


def earnings(p: CourtParams, chain: CaseLevels, kind: str) -> np.ndarray:
    """Per case: what ``kind``'s draws earned (coherent pay) minus the locks they lost."""
    lost = (chain.draws[kind] - chain.coherent[kind]) * p.lock_per_draw
    return np.asarray((chain.coherent[kind] * chain.pay - lost).sum(axis=0))


@dataclass
class AttackResult:
    share: float
    accuracy: float
    win_probability: float
    levels_mean: float
    attacker_loss_mean: float  # per case: locks lost + appeal fees paid − pay earned
    value_cap: float
    net_per_case_at_cap: float  # win_probability × cap − expected loss


def simulate_attack(
    p: CourtParams, share: float, accuracy: float, cases: int, rng: np.random.Generator
) -> AttackResult:
    """An attacker with ``share`` of the stake against honest jurors (module docstring)."""
    att = round(share * p.pool_draws)
    truth = np.ones(cases, dtype=bool)
    chain = run_chain(p, Pool(attacker=att, honest=p.pool_draws - att), accuracy, truth, truth,
                      p.panels[0] * p.fee_per_draw, True, rng)  # fmt: skip
    fees_paid = (chain.fees * chain.appealed_by_attacker).sum(axis=0)
    loss = fees_paid - earnings(p, chain, "attacker")
    win = float(chain.final_wrong.mean())
    return AttackResult(
        share=share,
        accuracy=accuracy,
        win_probability=win,
        levels_mean=float(chain.levels.mean()),
        attacker_loss_mean=float(loss.mean()),
        value_cap=p.cap,
        net_per_case_at_cap=win * p.cap - float(loss.mean()),
    )


@dataclass
class BribeBound:
    final_panel: int
    jurors_to_flip: int
    bribe_per_juror: float
    budget: float
    value_cap: float
    budget_over_cap: float


def bribe_bound(p: CourtParams, reward_per_draw: float) -> BribeBound:
    """A credible bribe must cover a majority of the final panel, each juror's lock
    (lost if the bribe fails) plus the coherent reward he gives up."""
    n = p.panels[-1]
    need = n // 2 + 1
    each = p.lock_per_draw + reward_per_draw
    return BribeBound(n, need, each, need * each, p.cap, need * each / p.cap)


@dataclass
class CopierResult:
    copier_share: float
    honest_accuracy: float
    market_accuracy: float
    wrong_final: float
    honest_per_draw: float
    copier_per_draw: float
    copier_earns_less: bool


def simulate_copiers(
    p: CourtParams,
    truths: np.ndarray,
    market_votes: np.ndarray,
    copier_share: float,
    honest_accuracy: float,
    cases: int,
    rng: np.random.Generator,
) -> CopierResult:
    """Lazy jurors holding ``copier_share`` of the stake vote the market's closing call;
    each case is a real question with its real closing price; the wronged party appeals."""
    idx = rng.integers(0, len(truths), size=cases)
    truth, market = truths[idx], market_votes[idx]
    cop = round(copier_share * p.pool_draws)
    chain = run_chain(p, Pool(copier=cop, honest=p.pool_draws - cop), honest_accuracy, truth,
                      market, p.panels[0] * p.fee_per_draw, False, rng)  # fmt: skip

    def per_draw(kind: str) -> float:
        n = chain.draws[kind].sum()
        return float(earnings(p, chain, kind).sum() / n) if n else float("nan")

    honest, copier = per_draw("honest"), per_draw("copier")
    return CopierResult(
        copier_share=copier_share,
        honest_accuracy=honest_accuracy,
        market_accuracy=float((market == truth).mean()),
        wrong_final=float(chain.final_wrong.mean()),
        honest_per_draw=honest,
        copier_per_draw=copier,
        copier_earns_less=bool(copier < honest),
    )


def market_closing_votes(markets: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Truth and the market's closing call (price > 1/2) on held-back questions, from a real
    market simulation of the agents on the embedded chain."""
    from augury.chain import Chain
    from augury.market.players import agents_for, held_back_questions
    from augury.market.questions import questions_from_pairs
    from augury.market.simulate import SimulationConfig, simulate

    questions, oracle, train = held_back_questions(10**9, seed=seed)
    labels = oracle.scoring_labels()
    pairs = [(q.domain, labels[q.id]) for q in questions][:markets]
    qs, oracle = questions_from_pairs(pairs)
    report = simulate(
        Chain.embedded(), qs, oracle, agents_for(train, seed), SimulationConfig()
    )
    truth_of = oracle.scoring_labels()  # the labels, read here only to score
    truth = np.array([bool(truth_of[m.id]) for m in report.markets])
    market = np.array([m.price > 0.5 for m in report.markets])
    return truth, market


@dataclass
class Report:
    params: dict[str, object]
    attacks: list[AttackResult] = field(default_factory=list)
    bribe: BribeBound | None = None
    copiers: list[CopierResult] = field(default_factory=list)
    goal_30pct_below_1pct: bool = False
    goal_buying_costs_more_than_cap: bool = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--markets", type=int, default=200, help="questions for the copier test")
    parser.add_argument("--panels", type=str, default="3,7,15,31")
    parser.add_argument("--lock", type=float, default=CourtParams.lock_per_draw)
    parser.add_argument("--fee", type=float, default=CourtParams.fee_per_draw)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    p = CourtParams(
        panels=tuple(int(x) for x in args.panels.split(",")),
        lock_per_draw=args.lock,
        fee_per_draw=args.fee,
    )
    rng = np.random.default_rng(args.seed)
    report = Report(params={**asdict(p), "cap": p.cap})
    for acc in (1.0, 0.95, 0.9):
        for s in (0.1, 0.3, 0.49):
            report.attacks.append(simulate_attack(p, s, acc, args.cases, rng))
    report.bribe = bribe_bound(p, reward_per_draw=p.fee_per_draw)
    truth, market = market_closing_votes(args.markets, args.seed)
    for c in (0.1, 0.3, 0.49):
        for acc in (1.0, 0.95):
            report.copiers.append(simulate_copiers(p, truth, market, c, acc, args.cases, rng))
    at30 = [a for a in report.attacks if a.share == 0.3]
    report.goal_30pct_below_1pct = all(a.win_probability < 0.01 for a in at30)
    report.goal_buying_costs_more_than_cap = all(a.net_per_case_at_cap < 0 for a in report.attacks
                                                 if a.share < 0.5)  # fmt: skip
    emit(asdict(report), args.out)


if __name__ == "__main__":
    main()
