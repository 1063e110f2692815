"""The scenario corpus: drainer patterns and everyday requests, and the run that checks them.

:mod:`~augury.guard.corpus.scenarios` builds the :class:`World` (an embedded chain with the
corpus's contracts, a user with history, an attacker) and the requests a dapp would send;
:mod:`~augury.guard.corpus.orders` the marketplace orders; :mod:`~augury.guard.corpus.malicious`
and :mod:`~augury.guard.corpus.benign` hold the cases (:data:`SCENARIOS`, malicious first);
:func:`run_corpus` checks every case and :func:`summarize` gives the figures.
"""

from augury.guard.corpus.run import SCENARIOS, CorpusRow, CorpusSummary, run_corpus, summarize
from augury.guard.corpus.scenarios import Scenario, World, build_world

__all__ = [
    "SCENARIOS",
    "CorpusRow",
    "CorpusSummary",
    "Scenario",
    "World",
    "build_world",
    "run_corpus",
    "summarize",
]
