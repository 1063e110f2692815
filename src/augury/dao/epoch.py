"""One reward epoch end to end: accepted examples -> values -> payouts -> distributor tree.

This is the single call the chain-facing protocol makes after a dataset version is fixed:
:func:`settle_epoch` embeds the accepted domains (:class:`~augury.dao.embedding.DomainEmbedder`
fitted on them), groups near copies (:func:`~augury.dao.screening.duplicate_groups`), values
every example against the DAO's committed validation set with the duplicate rule
(:func:`~augury.dao.valuation.knn_shapley_deduplicated`), sums values per contributor, splits
the pool with the cap (:func:`~augury.dao.rewards.split_pool`) and builds the Merkle tree whose
root the DAO posts (:class:`~augury.dao.merkle.MerkleDistribution`). Contributors are
Ethereum addresses (they are the accounts that claim).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from augury.dao.embedding import DomainEmbedder
from augury.dao.errors import RewardError
from augury.dao.merkle import Claim, MerkleDistribution
from augury.dao.rewards import Payouts, split_pool
from augury.dao.screening import duplicate_groups
from augury.dao.store import ContributedExample
from augury.dao.valuation import knn_shapley_deduplicated, values_by_owner
from augury.data.domains import normalize_domain


@dataclass(frozen=True)
class EpochSettlement:
    """Everything one epoch decides: per-example and per-contributor values, payouts, tree.

    ``distribution`` is ``None`` when nobody earned anything (the pool stays in the treasury).
    """

    example_values: npt.NDArray[np.float64]
    contributor_values: dict[str, float]
    payouts: Payouts
    distribution: MerkleDistribution | None


def value_examples(
    examples: Sequence[ContributedExample],
    validation_domains: Sequence[str],
    validation_labels: npt.ArrayLike,
    *,
    k: int = 10,
    duplicate_similarity: float = 0.9,
    rule: Literal["first", "split"] = "first",
    random_state: int = 0,
) -> npt.NDArray[np.float64]:
    """KNN-Shapley value of each example (in the given order, earliest submission first)."""
    domains = [e.domain for e in examples]
    embedder = DomainEmbedder(random_state=random_state).fit(domains)
    groups = duplicate_groups(domains, embedder, duplicate_similarity)
    val = [normalize_domain(d) for d in validation_domains]
    return knn_shapley_deduplicated(
        embedder.transform(domains),
        np.array([e.label for e in examples]),
        embedder.transform(val),
        np.asarray(validation_labels),
        k,
        groups,
        rule=rule,
    )


def settle_epoch(
    examples: Sequence[ContributedExample],
    validation_domains: Sequence[str],
    validation_labels: npt.ArrayLike,
    pool: int,
    *,
    cap: float = 0.25,
    k: int = 10,
    duplicate_similarity: float = 0.9,
    rule: Literal["first", "split"] = "first",
    random_state: int = 0,
) -> EpochSettlement:
    """Value the accepted ``examples`` and split ``pool`` base units among their contributors.

    Examples are taken in submission order (``seq``, then position), which decides who was
    first among copies. Claim indices follow the contributors' first appearance. Raises
    :class:`RewardError` for no examples, and the errors of the steps it calls.
    """
    if not examples:
        raise RewardError("an epoch needs at least one accepted example")
    ordered = [e for _, e in sorted(enumerate(examples), key=lambda p: (p[1].seq, p[0]))]
    values = value_examples(
        ordered,
        validation_domains,
        validation_labels,
        k=k,
        duplicate_similarity=duplicate_similarity,
        rule=rule,
        random_state=random_state,
    )
    per_owner = values_by_owner(values, [e.contributor for e in ordered])
    payouts = split_pool(per_owner, pool, cap=cap)
    claims = [
        Claim(i, who, amount)
        for i, (who, amount) in enumerate(payouts.amounts.items())
        if amount > 0
    ]
    # values back in the caller's order
    position = {id(e): i for i, e in enumerate(ordered)}
    example_values = np.array([values[position[id(e)]] for e in examples])
    return EpochSettlement(
        example_values, per_owner, payouts, MerkleDistribution(claims) if claims else None
    )
