"""What one stage of ``augury run`` leaves for the stages after it.

Each record names its fields and their types, so a later stage that reads one fails
type-checking, not at run time, when a producer changes. The records hold only types
of the layers below the capabilities (:mod:`augury.proof`, paths, plain values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from augury.proof import Commitment, QuantizedModel


@dataclass(frozen=True)
class JudgeArtifacts:
    """The judge stage's registered model.

    ``blobs`` is the judge's publication store (a :class:`~augury.judge.store.BlobStore`
    directory), where a later operator publishes its own commitments; ``onnx`` and
    ``calibration`` rebuild the model for ``augury judge serve``.
    """

    model: QuantizedModel
    commitment: Commitment
    model_id: int
    onnx: Path
    calibration: Path
    blobs: Path


@dataclass(frozen=True)
class MarketArtifacts:
    """The market stage's results: what the jury resolved, and every market's price.

    ``outcomes`` (domain, label) are the jury-resolved answers the data DAO takes in as
    new labelled data (market-based RLHF); ``prices`` (domain → final YES price) are the
    third independent signal the guard's site check reads beside the lists and the model.
    """

    outcomes: tuple[tuple[str, int], ...] = ()
    prices: dict[str, float] = field(default_factory=dict)
