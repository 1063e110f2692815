"""Disputes before the jury: the judge's challenged answers, the DAO's challenged batches.

``Jury.vy`` resolves markets and, through the same staked jurors, disputes raised
by the protocol's *courts* (``Judge.vy``, ``DataDAO.vy``): anyone opens a dispute
for a challenged case, jurors commit and reveal whether the challenged thing
stands, and the jury tells the court. :func:`adjudicate` runs that protocol from
the jurors' side on a development chain (it moves the clock through the windows).
How a juror decides is the caller's: for the judge, :func:`augury.judge.checker.juror_vote`
(does the proof verify?); for the DAO, the screening's verdict.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi import encode
from eth_utils import keccak

from augury.chain import Chain, Contract


def vote_commitment(dispute: int, upheld: bool, salt: bytes, juror: object) -> bytes:
    """What a juror commits: keccak256(abi_encode(dispute, upheld, salt, juror))."""
    address = getattr(juror, "address", juror)
    return bytes(keccak(encode(["uint256", "bool", "bytes32", "address"],
                               [dispute, upheld, salt, address])))  # fmt: skip


@dataclass(frozen=True)
class Ruling:
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
    receipt = jury.openDispute(court, case, sender=jurors[0])
    d = int(receipt.event("DisputeOpened")["dispute"])
    votes = {}
    for j in jurors:
        upheld, salt = bool(decide(j)), secrets.token_bytes(32)
        votes[j.address] = (upheld, salt)
        jury.commitDisputeVote(d, vote_commitment(d, upheld, salt, j), sender=j)
    chain.advance_time(int(jury.commitPeriod()))
    for j in jurors:
        upheld, salt = votes[j.address]
        jury.revealDisputeVote(d, upheld, salt, sender=j)
    chain.advance_time(int(jury.revealPeriod()))
    ev = jury.resolveDispute(d, sender=jurors[0]).event("DisputeResolved")
    for j in jurors:
        jury.settleDisputeJuror(d, j, sender=j)
    return Ruling(d, bool(ev["upheld"]), int(ev["upheldVotes"]), int(ev["rejectedVotes"]))


def stake_jurors(token: Contract, jury: Contract, jurors: Sequence[Any], *, funder: Any) -> None:
    """Give each juror the jury's minimum stake (development chains)."""
    amount = int(jury.minStake())
    for j in jurors:
        if int(jury.stakeOf(j)) >= amount:
            continue
        if token.balanceOf(j) < amount:
            token.transfer(j, amount, sender=funder)
        token.approve(jury, amount, sender=j)
        jury.stake(amount, sender=j)
