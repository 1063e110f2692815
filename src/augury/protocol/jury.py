"""The typed binding of ``Jury.vy``: one client for market rounds and for disputes.

``Jury.vy`` resolves a random sample of markets and, through the same staked
jurors, the disputes that the protocol's *courts* (``Judge.vy``, ``DataDAO.vy``)
send it. Both use commit-reveal; the commitment formats live here, beside the
sampling predicate, so that the simulation, the stages and the tests compute them
one way. :func:`adjudicate` runs a dispute from the jurors' side on a development
chain (it moves the clock through the windows). How a juror decides is the
caller's: for the judge, :func:`augury.judge.checker.juror_vote` (does the proof
verify?); for the DAO, the screening's verdict.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi import encode
from eth_utils import keccak

from augury.chain import Chain, Contract, Receipt
from augury.protocol.token import ensure_allowance

PPM = 1_000_000


def _addr(who: object) -> str:
    address = getattr(who, "address", who)
    if not isinstance(address, str):
        raise TypeError(f"not an account or address: {who!r}")
    return address


def seed_commitment(secret: bytes, juror: object) -> bytes:
    """What a juror commits for a round's seed: keccak256(abi_encode(secret, juror))."""
    return bytes(keccak(encode(["bytes32", "address"], [secret, _addr(juror)])))


def vote_commitment(market: int, vote: int, salt: bytes, juror: object) -> bytes:
    """What a juror commits for a market vote: keccak256(abi_encode(market, vote, salt, juror))."""
    types = ["uint256", "uint256", "bytes32", "address"]
    return bytes(keccak(encode(types, [market, vote, salt, _addr(juror)])))


def dispute_vote_commitment(dispute: int, upheld: bool, salt: bytes, juror: object) -> bytes:
    """What a juror commits for a dispute: keccak256(abi_encode(dispute, upheld, salt, juror))."""
    types = ["uint256", "bool", "bytes32", "address"]
    return bytes(keccak(encode(types, [dispute, upheld, salt, _addr(juror)])))


def is_sampled(seed: bytes, market: int, rate_ppm: int) -> bool:
    """The jury's sampling predicate, computed off-chain: keccak(seed, market) mod 1e6 < rate."""
    h = int.from_bytes(keccak(encode(["bytes32", "uint256"], [seed, market])), "big")
    return h % PPM < rate_ppm


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
        start, end, rate, reward, acc, reveals, seed = self.contract.rounds(n)
        return RoundInfo(
            int(start), int(end), int(rate), int(reward), bytes(acc), int(reveals), bytes(seed)
        )

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

    # -- disputes ----------------------------------------------------------------

    def dispute(self, dispute: int) -> DisputeInfo:
        court, case, opened, upheld_votes, rejected_votes, resolved, upheld = (
            self.contract.disputes(dispute)
        )
        return DisputeInfo(
            str(court), int(case), int(opened), int(upheld_votes), int(rejected_votes),
            bool(resolved), bool(upheld),
        )  # fmt: skip

    def open_dispute(self, court: object, case: int, sender: object) -> int:
        """Open the dispute of a court's challenged ``case``; returns its id."""
        r = self.contract.openDispute(court, case, sender=sender)
        return int(r.event("DisputeOpened")["dispute"])

    def commit_dispute_vote(self, dispute: int, upheld: bool, salt: bytes, juror: object) -> None:
        commitment = dispute_vote_commitment(dispute, upheld, salt, juror)
        self.contract.commitDisputeVote(dispute, commitment, sender=juror)

    def reveal_dispute_vote(self, dispute: int, upheld: bool, salt: bytes, juror: object) -> None:
        self.contract.revealDisputeVote(dispute, upheld, salt, sender=juror)

    def resolve_dispute(self, dispute: int, sender: object = None) -> Ruling:
        """Count the revealed votes and tell the court; the ruling as the jury emitted it."""
        ev = self.contract.resolveDispute(dispute, sender=sender).event("DisputeResolved")
        return Ruling(dispute, bool(ev["upheld"]), int(ev["upheldVotes"]), int(ev["rejectedVotes"]))

    def settle_dispute_juror(self, dispute: int, juror: object, sender: object = None) -> None:
        """Release a juror's stake lock on a resolved dispute (slashed if in the minority)."""
        self.contract.settleDisputeJuror(dispute, juror, sender=sender)


@dataclass(frozen=True)
class DisputeInfo:
    """One dispute as ``Jury.disputes(d)`` reports it."""

    court: str
    case: int
    opened: int
    upheld_votes: int
    rejected_votes: int
    resolved: bool
    upheld: bool


@dataclass(frozen=True)
class Ruling:
    """How the jury ruled on a dispute: whether the challenged thing stands, and the votes."""

    dispute: int
    upheld: bool
    votes_upheld: int
    votes_rejected: int


def adjudicate(
    chain: Chain,
    jury: Contract,
    court: Contract,
    case: int,
    jurors: Sequence[Any],
    decide: Callable[[Any], bool],
) -> Ruling:
    """Open a dispute for ``case``, let each juror vote ``decide(juror)``, resolve it.

    Jurors must already hold at least the jury's minimum stake. Each juror's stake
    lock is released (or slashed, for a minority vote) afterwards.
    """
    client = JuryClient(jury)
    d = client.open_dispute(court, case, sender=jurors[0])
    votes = {}
    for j in jurors:
        upheld, salt = bool(decide(j)), secrets.token_bytes(32)
        votes[j.address] = (upheld, salt)
        client.commit_dispute_vote(d, upheld, salt, j)
    chain.advance_time(int(jury.commitPeriod()))
    for j in jurors:
        upheld, salt = votes[j.address]
        client.reveal_dispute_vote(d, upheld, salt, j)
    chain.advance_time(int(jury.revealPeriod()))
    ruling = client.resolve_dispute(d, sender=jurors[0])
    for j in jurors:
        client.settle_dispute_juror(d, j, sender=j)
    return ruling


def stake_jurors(token: Contract, jury: Contract, jurors: Sequence[Any], *, funder: Any) -> None:
    """Give each juror the jury's minimum stake (development chains)."""
    amount = int(jury.minStake())
    for j in jurors:
        if int(jury.stakeOf(j)) >= amount:
            continue
        if token.balanceOf(j) < amount:
            token.transfer(j, amount, sender=funder)
        ensure_allowance(token, j, jury, amount)
        jury.stake(amount, sender=j)
