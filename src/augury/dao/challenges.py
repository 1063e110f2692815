"""Flags become challenges: which pending batches the DAO disputes on-chain, and why.

Pending batches are screened together, in submission order, by a
:class:`~augury.dao.screening.Screener` fitted on the accepted data (so a coalition that
spreads a backdoor over several batches still shows up). A batch is challenged when it
holds a ``backdoor`` flag, or when more than ``max_flag_rate`` of its examples carry a flag
of a challenge kind (``duplicate``, ``label-noise``, ``backdoor``); near copies and outliers
are reported but do not count. The chain-facing protocol files a challenge for every
:class:`BatchScreening` whose ``challenge`` is true, with ``reason`` as its evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from augury.dao.screening import Flag, FlagKind, Screener
from augury.dao.store import StoredBatch

CHALLENGE_KINDS: tuple[FlagKind, ...] = ("duplicate", "label-noise", "backdoor")


@dataclass(frozen=True)
class BatchScreening:
    """The flags of one pending batch (indices within the batch) and the challenge decision."""

    batch_hash: str
    contributor: str
    n_examples: int
    flags: tuple[Flag, ...]
    challenge: bool
    reason: str


def screen_batches(
    screener: Screener,
    batches: Sequence[StoredBatch],
    *,
    max_flag_rate: float = 0.1,
    challenge_kinds: Sequence[FlagKind] = CHALLENGE_KINDS,
) -> list[BatchScreening]:
    """Screen pending batches together, in the given (submission) order, and decide which to
    challenge (module doc). Flag indices in the result are positions within each batch."""
    domains = [e.domain for b in batches for e in b.batch.examples]
    labels = [e.label for b in batches for e in b.batch.examples]
    report = screener.screen(domains, labels)
    out: list[BatchScreening] = []
    start = 0
    for b in batches:
        n = len(b.batch)
        own = tuple(
            Flag(f.index - start, f.domain, f.label, f.kind, f.score, f.detail)
            for f in report.flags
            if start <= f.index < start + n
        )
        counted = {f.index for f in own if f.kind in challenge_kinds}
        backdoor = sum(f.kind == "backdoor" for f in own)
        rate = len(counted) / n
        if backdoor:
            reason = f"{backdoor} example(s) carry a backdoor trigger"
        elif rate > max_flag_rate:
            reason = f"{rate:.0%} of examples flagged (limit {max_flag_rate:.0%})"
        else:
            reason = ""
        out.append(BatchScreening(b.hash_hex, b.contributor, n, own, bool(reason), reason))
        start += n
    return out
