"""Who plays: the questions of a simulation and the agents that trade them.

Agents are trained only on domains that are not asked about: with a questions
file, every asked domain (and its registered site) is removed from the training
data first; without one, questions are drawn from the held-back part of a
split, so the agents never saw them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from augury.data.domains import DomainDataset, load_domain_dataset
from augury.data.splits import site_key, split
from augury.errors import AuguryValueError
from augury.market.agents import DomainAgent, default_agents
from augury.market.questions import JuryOracle, Question, questions_from_pairs, read_questions
from augury.models import ListLookupAgent, build, names


class ListTrader(DomainAgent):
    """The list-lookup agent trades only domains its lists decide (listed, or a
    lookalike of a listed brand); elsewhere it has no information of its own."""

    def informed_many(self, domains: Sequence[str]) -> list[bool]:
        model = self.model
        assert isinstance(model, ListLookupAgent)
        return [v in ("whitelist", "blacklist", "fuzzy") for v in model.verdicts(domains)]


def agents_for(
    base: DomainDataset, random_state: int, only: str | None = None
) -> list[DomainAgent]:
    """One trader per registered family (:mod:`augury.models.families`): the pooled
    families, then the ones that pool them (the ensemble); or just the family ``only``."""
    unpooled = names(pooled=False)
    agents = [
        ListTrader(a.name, a.model, a.base) if isinstance(a.model, ListLookupAgent) else a
        for a in ([] if only in unpooled else default_agents(base, random_state, only=only))
    ]
    agents += [
        DomainAgent(name, build(name, random_state), base).fit()
        for name in unpooled
        if only is None or name == only
    ]
    return agents


def held_back_questions(
    n: int, *, kind: str = "novel", seed: int = 0
) -> tuple[list[Question], JuryOracle, DomainDataset]:
    """``n`` questions from the held-back part of a ``kind`` split, and the training part.

    Questions are sampled with both classes in proportion to the held-back part.
    """
    parts = split(load_domain_dataset(), kind, test_size=0.2, random_state=seed)  # type: ignore[arg-type]
    pairs = list(zip(parts.test.domains, parts.test.labels.tolist(), strict=True))
    random.Random(seed).shuffle(pairs)
    chosen = pairs[: min(n, len(pairs))]
    questions, oracle = questions_from_pairs(chosen)
    return questions, oracle, parts.train


def questions_from_file(
    path: Path, *, require_labels: bool = True
) -> tuple[list[Question], JuryOracle, DomainDataset]:
    """Questions from a JSONL file; training data without any asked site."""
    questions, oracle = read_questions(path, require_labels=require_labels)
    asked = {site_key(q.domain) for q in questions}
    data = load_domain_dataset()
    keep = [i for i, d in enumerate(data.domains) if site_key(d) not in asked]
    return questions, oracle, data.subset(keep)


def players(
    questions_path: Path | None, n: int, seed: int
) -> tuple[list[Question], JuryOracle, list[DomainAgent]]:
    """Questions, their oracle, and five fitted agents that never trained on them."""
    if questions_path is None and n < 1:
        raise AuguryValueError(f"the number of markets must be at least 1, not {n}")
    if questions_path is not None:
        questions, oracle, base = questions_from_file(questions_path)
    else:
        questions, oracle, base = held_back_questions(n, seed=seed)
    return questions, oracle, agents_for(base, seed)
