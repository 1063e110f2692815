"""Phishing-domain models as market participants.

The models themselves are :mod:`augury.models` (one module per family, registered in
:mod:`augury.models.families`); what is about trading lives here. :class:`DomainAgent`
wraps one model for a market: ``predict(domain) -> P(scam)`` and ``retrain(revealed)`` on
the base training data plus jury-revealed outcomes. :func:`default_agents` fields one
fitted agent per pooled family.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from augury.data.domains import DomainDataset
from augury.models import DomainModel, ModelError, build, names


@dataclass
class DomainAgent:
    """A market participant: one model plus the base data it retrains from.

    ``retrain(revealed)`` refits on the base data plus every outcome revealed so far (only
    what the jury resolved: unresolved markets teach nothing).
    """

    name: str
    model: DomainModel
    base: DomainDataset
    revealed: list[tuple[str, int]] = field(default_factory=list)

    def fit(self) -> DomainAgent:
        self.model.fit(self.base.domains, self.base.labels, extra=self.revealed)
        return self

    def predict(self, domain: str) -> float:
        """P(scam) that ``domain`` is a phishing site, in [0, 1]."""
        return self.model.scam_probability(domain)

    def predict_many(self, domains: Sequence[str]) -> npt.NDArray[np.float64]:
        return np.asarray(self.model.predict_proba(domains)[:, 1], dtype=np.float64)

    def retrain(self, revealed: Iterable[tuple[str, int]]) -> DomainAgent:
        self.revealed.extend((str(d), int(label)) for d, label in revealed)
        return self.fit()


def default_agents(
    base: DomainDataset, random_state: int = 0, only: str | None = None
) -> list[DomainAgent]:
    """One fitted agent of each pooled family (or of the family ``only``), trained on ``base``."""
    pooled = names(pooled=True)
    if len(set(base.labels.tolist())) < 2:
        raise ModelError("base training data needs both benign and scam domains")
    if only is not None and only not in pooled:
        raise ModelError(f"unknown agent family {only!r}: use {', '.join(pooled)}")
    return [
        DomainAgent(name, build(name, random_state), base).fit()
        for name in pooled
        if only is None or name == only
    ]
