"""Log-odds and back: the one logit and sigmoid that the models, pools and traders share.

Beliefs are clipped to ``[eps, 1 - eps]`` before taking log-odds because a model's 0 or 1
has infinite log-odds: a trader would ask for an unbounded position and a log pool would
let one certain member veto every other. Callers clip by different amounts, so ``eps`` is
an argument; :data:`EPS` (``|logit| <= 9.2``) is what the market and the site model use.

:func:`logit` is the scalar form (``math``, for one belief at a time in a trading loop),
:func:`logits` the array form (``numpy``); they are kept apart so each computes exactly
what its callers computed before, to the last bit.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

#: The clip that the market's traders, the log pool and the site model apply to beliefs.
EPS = 1e-4


def logit(p: float, eps: float = EPS) -> float:
    """Log-odds of ``p`` clipped to ``[eps, 1 - eps]`` (``eps=0``: no clip)."""
    p = min(max(p, eps), 1.0 - eps)
    return math.log(p) - math.log1p(-p)


def logits(p: npt.ArrayLike, eps: float = EPS) -> npt.NDArray[np.float64]:
    """Element-wise log-odds of ``p`` clipped to ``[eps, 1 - eps]``."""
    q = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    return np.asarray(np.log(q) - np.log1p(-q), dtype=np.float64)


def sigmoid(z: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Element-wise inverse of :func:`logits`: ``1 / (1 + e^-z)``."""
    return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64))), dtype=np.float64)
