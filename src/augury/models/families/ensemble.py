"""The ensemble family: the other families' beliefs pooled, the training lists first.

Pooling rules live here too (:func:`pool`, :func:`log_pool`, :func:`lists_first`): the
benches compare them on the same members, and the market's price is judged against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from augury.models.base import DomainModel, ModelError
from augury.models.families import pooled_models, register
from augury.models.families.list_lookup import ListLookupAgent
from augury.models.link import EPS, logits, sigmoid


def pool(beliefs: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Combine P(scam) rows of several models (shape ``models x domains``) into one.

    The plain mean: with log-utility (Kelly) traders and a market maker, the long-run price
    is the wealth-weighted mean of their beliefs, so with equal wealth the mean is what a
    market of these agents would quote, computed without running one.
    """
    return np.asarray(np.mean(np.asarray(beliefs, dtype=np.float64), axis=0), dtype=np.float64)


def log_pool(beliefs: npt.ArrayLike, eps: float = EPS) -> npt.NDArray[np.float64]:
    """Logarithmic opinion pool: the sigmoid of the mean log-odds (beliefs clipped to
    ``[eps, 1 - eps]``). Unlike :func:`pool`, one confident model is not averaged away by
    three unsure ones; on the held-back splits it ranks scams better (docs/benchmarks.md)."""
    return sigmoid(np.mean(logits(beliefs, eps), axis=0))


def lists_first(
    pooled: npt.ArrayLike, verdicts: Sequence[str], confidence: float = 0.98
) -> npt.NDArray[np.float64]:
    """``pooled`` P(scam), overridden where the allow/block lists decide (``verdicts`` from
    :meth:`ListLookupAgent.verdicts`): a listed domain, or a subdomain of one, is known, and
    the models' guesses are for domains the lists have never seen. Fuzzy matches do not
    override: on this data they flag legitimate near-namesakes more often than scams."""
    out = np.array(pooled, dtype=np.float64)
    kinds = np.asarray(verdicts)
    out[kinds == "whitelist"] = 1.0 - confidence
    out[kinds == "blacklist"] = confidence
    return out


@dataclass(eq=False, repr=False)
class EnsembleAgent(DomainModel):
    """Its members' P(scam) pooled (``pooling``: ``"log"`` for :func:`log_pool`, ``"linear"``
    for :func:`pool`); with ``use_lists`` (and a :class:`ListLookupAgent` among the
    members), :func:`lists_first` on top. Without ``members``, one of each pooled family
    (:func:`~augury.models.families.pooled_models`, seeded 0)."""

    members: Sequence[DomainModel] | None = None
    use_lists: bool = True
    pooling: str = "log"

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        if self.pooling not in ("log", "linear"):
            raise ModelError(f"pooling must be 'log' or 'linear', got {self.pooling!r}")
        members = self.members if self.members is not None else pooled_models(0)
        self.members_ = [m.fit(domains, labels) for m in members]

    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        beliefs = [m.predict_proba(domains)[:, 1] for m in self.members_]
        pooled = log_pool(beliefs) if self.pooling == "log" else pool(beliefs)
        lookup = next((m for m in self.members_ if isinstance(m, ListLookupAgent)), None)
        if not self.use_lists or lookup is None:
            return pooled
        return lists_first(pooled, lookup.verdicts(domains), lookup.listed_confidence)


@register("ensemble", rank=90, pooled=False)
def ensemble(random_state: int) -> DomainModel:
    # The members keep random_state 0 whatever the seed, as the market's ensemble always
    # had (changing that would move every simulation with another seed).
    return EnsembleAgent()
