"""Typed Python handles on ``Markets.vy`` and ``Jury.vy`` over :mod:`augury.chain`.

The simulation, the agents and the CLI talk to the contracts through these
functions, so argument order, units (integers in the collateral's smallest
unit) and commitment formats live in one place. Reverts surface as
:class:`~augury.errors.TransactionFailed` with the contract's reason string.

>>> from augury.chain import Chain
>>> chain = Chain.embedded()
>>> system = deploy(chain)                       # token, Markets, Jury, wired
>>> mid = system.markets_client().create("is example.com phishing?", 10**18,
...                                      chain.timestamp() + 3600, Rule.NEAREST)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from eth_abi import encode
from eth_utils import keccak

from augury.chain import Chain, Contract, Receipt
from augury.market.lmsr import LMSR, ONE

PPM = 1_000_000


class Rule(IntEnum):
    """What settles a market the jury does not sample."""

    REFUND = 0
    NEAREST = 1


class State(IntEnum):
    UNKNOWN = 0
    OPEN = 1
    RESOLVED = 2
    REFUNDED = 3


@dataclass(frozen=True)
class MarketState:
    """One market as ``Markets.market(id)`` reports it (integers in token units)."""

    creator: str
    close_time: int
    rule: Rule
    state: State
    outcome: int
    b: int
    funds: int
    q_no: int
    q_yes: int

    def lmsr(self, decimals: int = 18) -> LMSR:
        """The state in float tokens, for strategies."""
        scale = float(10**decimals)
        return LMSR(self.q_no / scale, self.q_yes / scale, self.b / scale)


@dataclass(frozen=True)
class Position:
    """A trader's holdings in one market: shares, what it paid (REFUND markets) and
    the escrowed returns of its sells."""

    no: int
    yes: int
    paid: int
    returns: int


def question_id(question: str | bytes) -> bytes:
    """The on-chain id of a question: keccak256 of its UTF-8 text (bytes32 passes through)."""
    if isinstance(question, bytes) and len(question) == 32:
        return question
    data = question.encode() if isinstance(question, str) else question
    return bytes(keccak(data))


def seed_commitment(secret: bytes, juror: object) -> bytes:
    """What a juror commits for a round's seed: keccak256(abi_encode(secret, juror))."""
    return bytes(keccak(encode(["bytes32", "address"], [secret, _addr(juror)])))


def vote_commitment(market: int, vote: int, salt: bytes, juror: object) -> bytes:
    """What a juror commits for a vote: keccak256(abi_encode(market, vote, salt, juror))."""
    types = ["uint256", "uint256", "bytes32", "address"]
    return bytes(keccak(encode(types, [market, vote, salt, _addr(juror)])))


def is_sampled(seed: bytes, market: int, rate_ppm: int) -> bool:
    """The jury's sampling predicate, computed off-chain: keccak(seed, market) mod 1e6 < rate."""
    h = int.from_bytes(keccak(encode(["bytes32", "uint256"], [seed, market])), "big")
    return h % PPM < rate_ppm


def _addr(who: object) -> str:
    address = getattr(who, "address", who)
    assert isinstance(address, str)
    return address


class MarketsClient:
    """Calls on a deployed ``Markets`` contract from one sender."""

    def __init__(self, contract: Contract, sender: object | None = None) -> None:
        self.contract = contract
        self.sender = sender

    def as_sender(self, sender: object) -> MarketsClient:
        return MarketsClient(self.contract, sender)

    def create(self, question: str | bytes, b: int, close_time: int, rule: Rule) -> int:
        """Open a market; the sender pays ``subsidy(b)`` plus the creation fee. Returns its id."""
        r = self.contract.createMarket(
            question_id(question), b, close_time, int(rule), sender=self.sender
        )
        return int(r.event("MarketCreated")["market"])

    def create_many(
        self, questions: list[str] | list[bytes], b: int, close_time: int, rule: Rule
    ) -> list[int]:
        """Open one market per question in one transaction (at most 256); returns their ids."""
        r = self.contract.createMarkets(
            [question_id(q) for q in questions], b, close_time, int(rule), sender=self.sender
        )
        return [int(e["market"]) for e in r.events_named("MarketCreated")]

    def buy(self, market: int, outcome: int, shares: int, max_cost: int) -> Receipt:
        return self.contract.buy(market, outcome, shares, max_cost, sender=self.sender)  # type: ignore[no-any-return]

    def buy_many(self, orders: list[tuple[int, int, int, int]]) -> Receipt:
        """Several ``(market, outcome, shares, max_cost)`` buys in one transaction."""
        cols: list[list[int]] = [[o[i] for o in orders] for i in range(4)]
        return self.contract.buyMany(*cols, sender=self.sender)  # type: ignore[no-any-return]

    def sell(self, market: int, outcome: int, shares: int, min_return: int) -> Receipt:
        return self.contract.sell(market, outcome, shares, min_return, sender=self.sender)  # type: ignore[no-any-return]

    def redeem(self, market: int) -> int:
        r = self.contract.redeem(market, sender=self.sender)
        return int(r.event("Redeemed")["amount"])

    def deposit(self, amount: int) -> Receipt:
        return self.contract.deposit(amount, sender=self.sender)  # type: ignore[no-any-return]

    def withdraw(self, amount: int) -> Receipt:
        return self.contract.withdraw(amount, sender=self.sender)  # type: ignore[no-any-return]

    def state(self, market: int) -> MarketState:
        v = self.contract.market(market)
        return MarketState(v[0], v[1], Rule(v[2]), State(v[3]), v[4], v[5], v[6], v[7], v[8])

    def position(self, market: int, account: object) -> Position:
        return Position(*self.contract.position(market, account))

    def price_yes(self, market: int) -> float:
        return int(self.contract.priceYes(market)) / ONE


@dataclass(frozen=True)
class RoundInfo:
    """One jury round as ``Jury.rounds(n)`` reports it; ``seed`` is zero until fixed."""

    period_start: int
    period_end: int
    rate_ppm: int
    reward_per_market: int
    seed_acc: bytes
    seed_reveals: int
    seed: bytes

    @property
    def seed_fixed(self) -> bool:
        return self.seed != bytes(32)


class JuryClient:
    """Calls on a deployed ``Jury``; each method names the account it sends from.

    Windows follow ``docs/market.md``: seeds are committed before ``period_end``,
    revealed in the next ``seedRevealPeriod``; votes are committed and revealed in
    the two windows after that; ``finalize`` comes last. Batched calls are split
    into chunks the contract accepts (256).
    """

    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    def open_round(self, period_end: int, rate_ppm: int, reward: int, owner: object = None) -> int:
        r = self.contract.openRound(period_end, rate_ppm, reward, sender=owner)
        return int(r.event("RoundOpened")["round"])

    def round(self, n: int) -> RoundInfo:
        return RoundInfo(*self.contract.rounds(n))

    def commit_seed(self, n: int, secret: bytes, juror: object) -> Receipt:
        return self.contract.commitSeed(n, seed_commitment(secret, juror), sender=juror)  # type: ignore[no-any-return]

    def reveal_seed(self, n: int, secret: bytes, juror: object) -> Receipt:
        return self.contract.revealSeed(n, secret, sender=juror)  # type: ignore[no-any-return]

    def fix_seed(self, n: int) -> bytes:
        """Fix the round's seed (once its reveal window passed) and return it."""
        info = self.round(n)
        if not info.seed_fixed:
            self.contract.fixSeed(n)
            info = self.round(n)
        return info.seed

    def sampled(self, n: int, markets: list[int]) -> list[int]:
        """The markets of ``markets`` that round ``n``'s fixed seed samples (computed here)."""
        info = self.round(n)
        return [m for m in markets if is_sampled(info.seed, m, info.rate_ppm)]

    def settle_unsampled(self, n: int, markets: list[int], sender: object = None) -> None:
        for i in range(0, len(markets), 256):
            self.contract.settleUnsampledMany(n, markets[i : i + 256], sender=sender)

    def commit_votes(self, n: int, votes: dict[int, int], salt: bytes, juror: object) -> None:
        """Commit ``{market: vote}`` (0 = NO, 1 = YES) with one salt."""
        items = sorted(votes.items())
        for i in range(0, len(items), 256):
            chunk = items[i : i + 256]
            hashes = [vote_commitment(m, v, salt, juror) for m, v in chunk]
            self.contract.commitVotes(n, [m for m, _ in chunk], hashes, sender=juror)

    def reveal_votes(self, n: int, votes: dict[int, int], salt: bytes, juror: object) -> None:
        items = sorted(votes.items())
        for i in range(0, len(items), 256):
            chunk = items[i : i + 256]
            ms, vs = [m for m, _ in chunk], [v for _, v in chunk]
            self.contract.revealVotes(n, ms, vs, [salt] * len(chunk), sender=juror)

    def finalize(self, n: int, market: int, sender: object = None) -> int | None:
        """Resolve a sampled market by majority: its outcome (0/1), or None on a tie."""
        r = self.contract.finalize(n, market, sender=sender)
        result = int(r.event("Finalized")["result"])
        return None if result == 3 else result - 1

    def settle_juror(self, market: int, juror: object, sender: object = None) -> tuple[int, int]:
        """Apply a juror's reward or slash on a finalized market: (reward, slashed)."""
        ev = self.contract.settleJuror(market, juror, sender=sender).event("JurorSettled")
        return int(ev["reward"]), int(ev["slashed"])


@dataclass(frozen=True)
class MarketSystem:
    """A collateral token, a ``Markets`` contract and the ``Jury`` wired to it."""

    chain: Chain
    token: Contract
    markets: Contract
    jury: Contract

    def markets_client(self, sender: object | None = None) -> MarketsClient:
        return MarketsClient(self.markets, sender)

    def jury_client(self) -> JuryClient:
        return JuryClient(self.jury)

    def fund(self, account: object, amount: int) -> None:
        """Mint ``amount`` to ``account`` and approve both contracts (development chains)."""
        self.token.mint(account, amount)
        self.token.approve(self.markets, 2**256 - 1, sender=account)
        self.token.approve(self.jury, 2**256 - 1, sender=account)


def deploy(
    chain: Chain,
    *,
    token: Contract | None = None,
    creation_fee: int = 0,
    min_stake: int = 10**18,
    slash_bps: int = 1000,
    seed_reveal_period: int = 3600,
    commit_period: int = 3600,
    reveal_period: int = 3600,
    sender: Any = None,
) -> MarketSystem:
    """Deploy ``Markets`` and ``Jury`` (and a fresh token unless one is given) and wire them.

    The deployer (``sender``, by default the chain's first account) mints the
    token and owns the jury, i.e. opens its rounds.
    """
    if token is None:
        token = chain.deploy("Token", "Augury USD", "aUSD", 18, 0, sender=sender)
    markets = chain.deploy("Markets", token, creation_fee, sender=sender)
    jury = chain.deploy(
        "Jury",
        markets,
        min_stake,
        slash_bps,
        seed_reveal_period,
        commit_period,
        reveal_period,
        sender=sender,
    )
    markets.setJury(jury, sender=sender)
    return MarketSystem(chain, token, markets, jury)
