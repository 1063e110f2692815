"""The typed binding of ``Jury.vy``: the market sampler.

``Jury.vy`` picks, with a commit-reveal seed mixed with a block's prevrandao, which
closed markets of a round a court resolves; the others settle by their own rule.
For the court it is an *arbitrable* like ``Judge.vy`` and ``DataDAO.vy``:
``challenged(market)`` while a sampled market awaits a verdict, ``rule(market,
upheld)`` (upheld = YES) from its ``court``. The seed's formats live here, beside an
independent recomputation of the seed (:func:`seed_of`) and the sampling predicate,
so the simulation, the stages and the tests compute them one way.

:func:`resolve_sampled` is the one place where sampled markets get their verdicts
in development flows: through ``Court.vy`` (drawn jurors, appeals) when the jury's
court is that contract, or directly from an account standing in for it (tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi import encode
from eth_utils import keccak

from augury.chain import Contract, Receipt

PPM = 1_000_000


def _addr(who: object) -> str:
    address = getattr(who, "address", who)
    if not isinstance(address, str):
        raise TypeError(f"not an account or address: {who!r}")
    return address


def seed_commitment(secret: bytes, committer: object, round_: int) -> bytes:
    """What a committer commits for a round's seed:
    keccak256(abi_encode(secret, committer, round))."""
    types = ["bytes32", "address", "uint256"]
    return bytes(keccak(encode(types, [secret, _addr(committer), round_])))


def seed_of(
    secrets: Iterable[bytes], randao: bytes, round_: int, anchor_hash: bytes | None = None
) -> bytes:
    """The seed ``Jury.vy`` fixes, recomputed from the revealed secrets alone:
    keccak256(abi_encode(acc, randao, round)) where acc is the XOR of
    keccak256(abi_encode(secret)); with no reveal the anchor block's hash is mixed in
    too: keccak256(abi_encode(acc, randao, blockhash(anchor), round))."""
    acc = 0
    for s in secrets:
        acc ^= int.from_bytes(keccak(encode(["bytes32"], [s])), "big")
    acc_bytes = acc.to_bytes(32, "big")
    if anchor_hash is None:
        return bytes(keccak(encode(["bytes32", "bytes32", "uint256"], [acc_bytes, randao, round_])))
    types = ["bytes32", "bytes32", "bytes32", "uint256"]
    return bytes(keccak(encode(types, [acc_bytes, randao, anchor_hash, round_])))


def is_sampled(seed: bytes, market: int, rate_ppm: int) -> bool:
    """The jury's sampling predicate, computed off-chain: keccak(seed, market) mod 1e6 < rate."""
    h = int.from_bytes(keccak(encode(["bytes32", "uint256"], [seed, market])), "big")
    return h % PPM < rate_ppm


@dataclass(frozen=True)
class RoundInfo:
    """One jury round as ``Jury.rounds(n)`` reports it. ``randao_block`` is 0 while
    commits are open; ``seed_block`` is 0 until the seed is fixed."""

    period_start: int
    period_end: int
    rate_ppm: int
    reward_per_market: int
    seed_acc: bytes
    seed_commits: int
    seed_reveals: int
    randao: bytes
    randao_block: int
    anchor_block: int
    seed: bytes
    seed_block: int

    @property
    def seed_fixed(self) -> bool:
        return self.seed_block != 0


@dataclass(frozen=True)
class MarketRuling:
    """A court's verdict on a sampled market, as ``Jury.rule`` emitted it."""

    market: int
    upheld: bool
    reward: int


class JuryClient:
    """Calls on a deployed ``Jury``; each method names the account it sends from.

    Windows: seeds are committed before ``period_start``, revealed in
    ``[period_end, period_end + seedRevealPeriod)``; the seed is fixed after that,
    and the sample can be read from the next block on.
    """

    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    def open_round(
        self, period_start: int, period_end: int, rate_ppm: int, reward: int, owner: object = None
    ) -> int:
        r = self.contract.openRound(period_start, period_end, rate_ppm, reward, sender=owner)
        return int(r.event("RoundOpened")["round"])

    def set_schedule(self, length: int, rate_ppm: int, reward: int, owner: object = None) -> None:
        self.contract.setSchedule(length, rate_ppm, reward, sender=owner)

    def open_next_round(self, sender: object = None) -> int:
        """Open the scheduled next round (anyone, once the latest one has started)."""
        r = self.contract.openNextRound(sender=sender)
        return int(r.event("RoundOpened")["round"])

    def round(self, n: int) -> RoundInfo:
        (start, end, rate, reward, acc, commits, reveals, randao, randao_block, anchor, seed,
         seed_block) = self.contract.rounds(n)  # fmt: skip
        return RoundInfo(
            int(start), int(end), int(rate), int(reward), bytes(acc), int(commits), int(reveals),
            bytes(randao), int(randao_block), int(anchor), bytes(seed), int(seed_block),
        )  # fmt: skip

    def round_of(self, market: int) -> int:
        """The round ``market`` closes in, 0 for a gap between rounds."""
        return int(self.contract.roundOf(market))

    def commit_seed(self, n: int, secret: bytes, committer: object) -> Receipt:
        """Commit ``secret`` for round ``n`` (the committer must have approved the bond)."""
        commitment = seed_commitment(secret, committer, n)
        return self.contract.commitSeed(n, commitment, sender=committer)  # type: ignore[no-any-return]

    def close_commits(self, n: int, sender: object = None) -> Receipt:
        return self.contract.closeCommits(n, sender=sender)  # type: ignore[no-any-return]

    def reveal_seed(self, n: int, secret: bytes, committer: object) -> Receipt:
        return self.contract.revealSeed(n, secret, sender=committer)  # type: ignore[no-any-return]

    def slash_seed(self, n: int, committer: object, sender: object = None) -> Receipt:
        return self.contract.slashSeed(n, committer, sender=sender)  # type: ignore[no-any-return]

    def fix_seed(self, n: int, sender: object = None) -> bytes:
        """Fix the round's seed (once its reveal window passed) and return it. With no
        reveal the first call anchors a block to come; on a development chain this
        mines blocks until it has passed and calls again."""
        info = self.round(n)
        if info.seed_fixed:
            return info.seed
        self.contract.fixSeed(n, sender=sender)
        info = self.round(n)
        if not info.seed_fixed:
            chain = self.contract.chain
            while chain.block_number() <= info.anchor_block:
                chain.advance_time(1)
            self.contract.fixSeed(n, sender=sender)
            info = self.round(n)
        return info.seed

    def sampled(self, n: int, markets: Iterable[int]) -> list[int]:
        """The markets of ``markets`` that round ``n`` samples: its fixed seed draws them
        (computed here), or they are contested (their price crossed 1/2 there and back
        inside the closing window, ``Markets.crossings`` > 1), which the jury always
        samples."""
        info = self.round(n)
        book = self.contract.chain.at("Markets", self.contract.markets())
        return [
            m for m in markets if is_sampled(info.seed, m, info.rate_ppm) or book.crossings(m) > 1
        ]

    def settle_unsampled(self, n: int, markets: list[int], sender: object = None) -> None:
        """Settle the unsampled ``markets`` by rule (from the block after the seed's)."""
        for i in range(0, len(markets), 256):
            self.contract.settleUnsampledMany(n, markets[i : i + 256], sender=sender)

    def settle_gap(self, market: int, sender: object = None) -> Receipt:
        """Settle by rule a closed market that no round covers."""
        return self.contract.settleGap(market, sender=sender)  # type: ignore[no-any-return]

    def challenged(self, market: int) -> bool:
        return bool(self.contract.challenged(market))

    def rule(self, market: int, upheld: bool, court: object) -> MarketRuling:
        """The court's verdict (upheld = YES); returns what the jury recorded."""
        ev = self.contract.rule(market, upheld, sender=court).event("Ruled")
        return MarketRuling(int(ev["market"]), bool(ev["upheld"]), int(ev["reward"]))


def resolve_sampled(
    jury: Contract,
    verdicts: Mapping[int, int],
    court: object,
    jurors: Sequence[Any] = (),
) -> list[MarketRuling]:
    """Have the court rule on each sampled market, ``verdicts`` mapping a market to its
    outcome (0 = NO, 1 = YES). The one place the development flows reach the court.

    ``court`` a ``Court`` contract: each market is a dispute of the court, decided by
    the drawn jurors among ``jurors`` (staked already), each voting the verdict (see
    :func:`augury.protocol.court.adjudicate`); the reward is the fee the jury paid in.
    ``court`` an account (the jury's court in tests): it rules directly.
    """
    if isinstance(court, Contract):
        from augury.protocol.court import adjudicate

        out = []
        for m, v in sorted(verdicts.items()):
            yes = bool(v)
            r = adjudicate(jury.chain, court, jury, m, jurors, lambda _j: yes)  # noqa: B023
            out.append(MarketRuling(m, r.upheld, r.fee))
        return out
    client = JuryClient(jury)
    return [client.rule(m, bool(v), court) for m, v in sorted(verdicts.items())]
