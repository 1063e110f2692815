"""The typed binding of ``Markets.vy``: its enums, record views and one client.

The simulation, the agents and the CLI talk to the contract through
:class:`MarketsClient`, so argument order, units (integers in the collateral's
smallest unit) and the question id live in one place. Reverts surface as
:class:`~augury.errors.TransactionFailed` with the contract's reason string.

>>> from augury.chain import Chain
>>> from augury.protocol import deploy_markets
>>> chain = Chain.embedded()
>>> system = deploy_markets(chain)               # token, Markets, Jury, wired
>>> mid = system.markets_client().create("is example.com phishing?", 10**18,
...                                      chain.timestamp() + 3600, Rule.NEAREST)
"""

from __future__ import annotations

from dataclasses import dataclass

from eth_utils import keccak

from augury.chain import Contract, Receipt
from augury.protocol.labels import LabelledEnum

#: The contract's fixed-point unit (prices and LMSR quantities are 1e18-scaled).
ONE = 10**18


class Rule(LabelledEnum):
    """What settles a market the jury does not sample; :attr:`label` is the CLI's name."""

    REFUND = 0
    NEAREST = 1

    @classmethod
    def _unknown(cls, label: str) -> str:
        return f"--settle must be {' or '.join(r.label for r in cls)}, not {label!r}"


class State(LabelledEnum):
    """A market's lifecycle in ``Markets.vy`` (``UNKNOWN``: no such market)."""

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


@dataclass(frozen=True)
class Position:
    """A trader's holdings in one market: shares, what it paid (REFUND markets) and
    the escrowed returns of its sells."""

    no: int
    yes: int
    paid: int
    returns: int

    def shares(self, outcome: int) -> int:
        """Shares held of ``outcome`` (0 = NO, 1 = YES)."""
        return self.yes if outcome == 1 else self.no


@dataclass(frozen=True)
class ClosingTally:
    """``Markets.closingTally(id)``: a market's closing window ``[start, start + window)``
    and the seconds of it so far that the YES price stood above 1/2. Settled by its rule,
    a NEAREST market resolves YES iff ``2 * yes_seconds > window`` at close."""

    start: int
    window: int
    yes_seconds: int


def question_id(question: str | bytes) -> bytes:
    """The on-chain id of a question: keccak256 of its UTF-8 text (bytes32 passes through)."""
    if isinstance(question, bytes) and len(question) == 32:
        return question
    data = question.encode() if isinstance(question, str) else question
    return bytes(keccak(data))


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

    def expire(self, market: int) -> Receipt:
        """Settle a market no jury settled by its own rule (anyone, 90 days after close)."""
        return self.contract.expire(market, sender=self.sender)  # type: ignore[no-any-return]

    def deposit(self, amount: int) -> Receipt:
        return self.contract.deposit(amount, sender=self.sender)  # type: ignore[no-any-return]

    def withdraw(self, amount: int) -> Receipt:
        return self.contract.withdraw(amount, sender=self.sender)  # type: ignore[no-any-return]

    def state(self, market: int) -> MarketState:
        creator, close_time, rule, state, *rest = self.contract.market(market)
        return MarketState(creator, int(close_time), Rule(rule), State(state), *map(int, rest))

    def position(self, market: int, account: object) -> Position:
        return Position(*self.contract.position(market, account))

    def closing_tally(self, market: int) -> ClosingTally:
        return ClosingTally(*map(int, self.contract.closingTally(market)))

    def price_yes(self, market: int) -> float:
        return int(self.contract.priceYes(market)) / ONE
