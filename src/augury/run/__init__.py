"""``augury run``'s plumbing: the context the stages share, their results, their hand-offs.

A stage is a function of :class:`RunContext` that returns a :class:`StageResult`. What
one stage leaves for a later one is a typed record on the context
(:class:`JudgeArtifacts`, :class:`MarketArtifacts`), never a dictionary entry that a
later stage has to guess at. This package imports no capability: each capability's
stage imports it, and :mod:`augury.flywheel` puts the stages in order, so there is no
import cycle between the flywheel and the stages.
"""

from augury.run.artifacts import JudgeArtifacts, MarketArtifacts
from augury.run.context import RunContext, RunReport, Stage, StageResult, run_stages

__all__ = [
    "JudgeArtifacts",
    "MarketArtifacts",
    "RunContext",
    "RunReport",
    "Stage",
    "StageResult",
    "run_stages",
]
