"""The typed binding of ``Court.vy``: the stake-weighted sortition court with appeals.

A dispute walks ``DRAWING → VOTING → (APPEALABLE →) … → RESOLVED``: a panel of 3, 7,
15, then 31 draws is drawn from the staked pool with probability proportional to
stake (each draw locks ``lockPerDraw`` of the juror's stake and is one vote); the
panel commits and reveals; a ruling with a quorum can be appealed to the next panel
for ``feePerDraw`` per draw, a silent or tied panel escalates by itself, and a final
panel that is still silent or tied rules *not upheld*. After ``finalize`` every
level's coherent draws (those that voted the final ruling) get their locks back and
share the level's pot; the others' locks were forfeited into it.

The records here read the contract's rows by name; :func:`vote_commitment` is the one
place the commitment format lives; :func:`adjudicate` runs a whole case from the
jurors' side on a development chain (it mines the seed block and moves the clock).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi import encode
from eth_utils import keccak

from augury.chain import Chain, Contract, Receipt
from augury.protocol.labels import LabelledEnum
from augury.protocol.token import ensure_allowance

FINAL_LEVEL = 3
PANELS = (3, 7, 15, 31)


def _addr(who: object) -> str:
    address = getattr(who, "address", who)
    if not isinstance(address, str):
        raise TypeError(f"not an account or address: {who!r}")
    return address


class DisputeState(LabelledEnum):
    """``Court.vy``'s dispute states (``UNKNOWN``: no such dispute)."""

    UNKNOWN = 0
    DRAWING = 1
    VOTING = 2
    APPEALABLE = 3
    RESOLVED = 4


class Vote(LabelledEnum):
    """A juror's revealed vote on one level, as ``Court.voteOf`` stores it."""

    NONE = 0
    REJECTED = 1
    UPHELD = 2


def vote_commitment(dispute: int, level: int, upheld: bool, salt: bytes, juror: object) -> bytes:
    """What a drawn juror commits: keccak256(abi_encode(dispute, level, upheld, salt, juror))."""
    types = ["uint256", "uint256", "bool", "bytes32", "address"]
    return bytes(keccak(encode(types, [dispute, level, upheld, salt, _addr(juror)])))


@dataclass(frozen=True)
class DisputeInfo:
    """One row of ``Court.disputes``."""

    arbitrable: str
    case: int
    level: int
    state: DisputeState
    ruling: bool
    seed_block: int
    appeal_end: int

    @classmethod
    def read(cls, court: Contract, dispute: int) -> DisputeInfo:
        arbitrable, case, level, state, ruling, seed_block, appeal_end = court.disputes(dispute)
        return cls(
            str(arbitrable), int(case), int(level), DisputeState(state), bool(ruling),
            int(seed_block), int(appeal_end),
        )  # fmt: skip


@dataclass(frozen=True)
class LevelInfo:
    """One row of ``Court.levels``: a level's panel, votes and pot."""

    panel: int
    drawn_at: int
    upheld_weight: int
    rejected_weight: int
    draws: int
    coherent_draws: int
    pot: int
    reward_per_draw: int

    @classmethod
    def read(cls, court: Contract, dispute: int, level: int) -> LevelInfo:
        return cls(*(int(x) for x in court.levels(dispute, level)))


@dataclass(frozen=True)
class Ruling:
    """How the court ruled: whether the challenged thing stands, the level that decided
    it, that level's revealed weights, and the fee the arbitrable paid in."""

    dispute: int
    upheld: bool
    level: int
    upheld_weight: int
    rejected_weight: int
    fee: int

    @property
    def summary(self) -> str:
        """One line for a report: the ruling, the level and panel that decided it."""
        verdict = "upheld" if self.upheld else "not upheld"
        return (
            f"dispute {self.dispute}: {verdict} by the level-{self.level} panel of "
            f"{PANELS[self.level]} draws ({self.upheld_weight} upheld, "
            f"{self.rejected_weight} not)"
        )


class CourtClient:
    """Calls on a deployed ``Court``; each method names the account it sends from."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    # -- stake -----------------------------------------------------------------

    def stake(self, amount: int, juror: object) -> Receipt:
        """Approve (if short) and stake ``amount``; the token is the court's."""
        token = self.contract.chain.at("Token", self.contract.token())
        ensure_allowance(token, juror, self.contract, amount)
        return self.contract.stake(amount, sender=juror)  # type: ignore[no-any-return]

    def unstake(self, amount: int, juror: object) -> Receipt:
        return self.contract.unstake(amount, sender=juror)  # type: ignore[no-any-return]

    def free_stake(self, juror: object) -> int:
        return int(self.contract.stakeOf(juror)) - int(self.contract.lockedOf(juror))

    # -- reads -----------------------------------------------------------------

    def dispute(self, dispute: int) -> DisputeInfo:
        return DisputeInfo.read(self.contract, dispute)

    def level(self, dispute: int, level: int) -> LevelInfo:
        return LevelInfo.read(self.contract, dispute, level)

    def panel(self, dispute: int, level: int) -> list[str]:
        """The distinct jurors drawn on a level, in draw order."""
        return [str(a) for a in self.contract.panelOf(dispute, level)]

    def draws_of(self, dispute: int, level: int, juror: object) -> int:
        return int(self.contract.drawsOf(dispute, level, juror))

    def vote_of(self, dispute: int, level: int, juror: object) -> Vote:
        return Vote(int(self.contract.voteOf(dispute, level, juror)))

    def appeal_fee(self, level: int) -> int:
        """What appealing a ruling of ``level`` costs (the next panel's draws)."""
        return int(self.contract.feePerDraw()) * PANELS[level + 1]

    # -- a case ----------------------------------------------------------------

    def open_dispute(self, arbitrable: object, case: int, sender: object) -> int:
        r = self.contract.openDispute(arbitrable, case, sender=sender)
        return int(r.event("DisputeOpened")["dispute"])

    def draw(self, dispute: int, sender: object = None) -> int:
        """Draw the current level's panel: the draws made (0 when it re-anchored)."""
        r = self.contract.draw(dispute, sender=sender)
        return len(r.events_named("JurorDrawn"))

    def commit_vote(self, dispute: int, upheld: bool, salt: bytes, juror: object) -> Receipt:
        level = self.dispute(dispute).level
        commitment = vote_commitment(dispute, level, upheld, salt, juror)
        return self.contract.commitVote(dispute, commitment, sender=juror)  # type: ignore[no-any-return]

    def reveal_vote(self, dispute: int, upheld: bool, salt: bytes, juror: object) -> Receipt:
        return self.contract.revealVote(dispute, upheld, salt, sender=juror)  # type: ignore[no-any-return]

    def tally(self, dispute: int, sender: object = None) -> bool:
        """Count the level: True when it decided, False when it escalated (or, at the
        last level, ruled not upheld for want of a decision)."""
        r = self.contract.tally(dispute, sender=sender)
        return bool(r.event("Tallied")["decided"])

    def appeal(self, dispute: int, sender: object) -> int:
        """Appeal the provisional ruling (approving the fee first); the fee paid."""
        fee = self.appeal_fee(self.dispute(dispute).level)
        token = self.contract.chain.at("Token", self.contract.token())
        ensure_allowance(token, sender, self.contract, fee)
        r = self.contract.appeal(dispute, sender=sender)
        return int(r.event("Appealed")["fee"])

    def finalize(self, dispute: int, sender: object = None) -> Ruling:
        r = self.contract.finalize(dispute, sender=sender)
        ev = r.event("Finalized")
        info = self.dispute(dispute)
        lv = self.level(dispute, info.level)
        return Ruling(
            dispute, bool(ev["upheld"]), info.level, lv.upheld_weight, lv.rejected_weight,
            int(ev["fee"]),
        )  # fmt: skip

    def settle(self, dispute: int, level: int, juror: object, sender: object = None) -> int:
        """Release a coherent juror's locks on a level and pay his share: the reward."""
        r = self.contract.settle(dispute, level, juror, sender=sender)
        return int(r.event("JurorSettled")["reward"])

    def settle_all(self, dispute: int, sender: object = None) -> dict[tuple[int, str], int]:
        """Settle every coherent juror of every level still unsettled: {(level, juror): reward}."""
        paid: dict[tuple[int, str], int] = {}
        for level in range(self.dispute(dispute).level + 1):
            for juror in self.panel(dispute, level):
                if not self.contract.settled(dispute, level, juror):
                    paid[(level, juror)] = self.settle(dispute, level, juror, sender=sender)
        return paid


def rule_case(
    chain: Chain,
    arbitrable: Contract,
    case: int,
    upheld: bool,
    *,
    jurors: Sequence[Any] = (),
    appeals: int = 0,
    appellant: object = None,
) -> Ruling | None:
    """Have ``arbitrable``'s arbiter rule ``upheld`` on ``case`` (development flows): an
    arbiter that is one of the chain's accounts rules directly (None is returned); the
    court decides through :func:`adjudicate`, the drawn ``jurors`` voting ``upheld``."""
    arbiter = str(arbitrable.arbiter()).lower()
    account = next((a for a in chain.accounts if a.address.lower() == arbiter), None)
    if account is not None:
        arbitrable.rule(case, upheld, sender=account)
        return None
    court = chain.at("Court", arbiter)
    return adjudicate(chain, court, arbitrable, case, jurors, lambda _j: upheld,
                      appeals=appeals, appellant=appellant)  # fmt: skip


def stake_jurors(court: Contract, jurors: Sequence[Any], amount: int, *, funder: Any) -> None:
    """Bring each juror's stake in the court up to ``amount`` (development chains: the
    tokens come from ``funder``)."""
    token = court.chain.at("Token", court.token())
    client = CourtClient(court)
    for j in jurors:
        missing = amount - int(court.stakeOf(j))
        if missing <= 0:
            continue
        if int(token.balanceOf(j)) < missing:
            token.transfer(j, missing, sender=funder)
        client.stake(missing, j)


def mine_seed_block(chain: Chain, court: Contract, dispute: int) -> None:
    """Mine blocks until the dispute's seed block is in the past (development chains)."""
    while chain.block_number() + 1 <= DisputeInfo.read(court, dispute).seed_block:
        chain.advance_time(1)


def adjudicate(
    chain: Chain,
    court: Contract,
    arbitrable: Contract,
    case: int,
    jurors: Sequence[Any],
    decide: Callable[[Any], bool],
    *,
    sender: object = None,
    appeals: int = 0,
    appellant: object = None,
) -> Ruling:
    """Run ``case`` through the court: open, draw, let every drawn juror among ``jurors``
    vote ``decide(juror)``, tally (escalating while a panel is silent or tied), have
    ``appellant`` appeal the first ``appeals`` provisional rulings (paying the fee),
    finalize after the last appeal window, settle every juror. Jurors must have
    staked already; a drawn juror who is not in ``jurors`` stays silent and loses his
    lock."""
    client = CourtClient(court)
    caller = sender if sender is not None else jurors[0]
    by_address = {_addr(j).lower(): j for j in jurors}
    d = client.open_dispute(arbitrable, case, sender=caller)
    ruling: Ruling | None = None
    while ruling is None:
        info = client.dispute(d)
        if info.state == DisputeState.DRAWING:
            mine_seed_block(chain, court, d)
            client.draw(d, sender=caller)
        elif info.state == DisputeState.VOTING:
            _vote_level(chain, client, d, info.level, by_address, decide)
            client.tally(d, sender=caller)
        elif info.state == DisputeState.APPEALABLE:
            if appeals > 0 and info.level < FINAL_LEVEL:
                client.appeal(d, sender=appellant if appellant is not None else caller)
                appeals -= 1
                continue
            if info.level < FINAL_LEVEL:
                chain.advance_time(max(0, info.appeal_end - chain.timestamp()))
            ruling = client.finalize(d, sender=caller)
        else:
            raise RuntimeError(f"dispute {d} is {info.state.label}")
    client.settle_all(d, sender=caller)
    return ruling


def _vote_level(
    chain: Chain,
    client: CourtClient,
    dispute: int,
    level: int,
    by_address: dict[str, Any],
    decide: Callable[[Any], bool],
) -> None:
    court = client.contract
    drawn = [by_address[a.lower()] for a in client.panel(dispute, level) if a.lower() in by_address]
    votes = [(j, bool(decide(j)), secrets.token_bytes(32)) for j in drawn]
    for j, upheld, salt in votes:
        client.commit_vote(dispute, upheld, salt, j)
    drawn_at = client.level(dispute, level).drawn_at
    chain.advance_time(max(0, drawn_at + int(court.commitPeriod()) - chain.timestamp()))
    for j, upheld, salt in votes:
        client.reveal_vote(dispute, upheld, salt, j)
    reveal_end = drawn_at + int(court.commitPeriod()) + int(court.revealPeriod())
    chain.advance_time(max(0, reveal_end - chain.timestamp()))
