"""What every model family must do; each family's test file calls :func:`check_family`.

The scikit-learn rules (``fit`` returns ``self``, learned attributes end in ``_``,
``clone`` keeps the parameters), a valid ``predict_proba``, a held-out AUC above the
family's own ``floor`` (chance is 0.5), the same model for the same ``random_state``, and
jury-revealed ``extra`` pairs that move the model toward them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from augury.data import DomainDataset, DomainSplit
from augury.models import DomainModel


def sample(data: DomainDataset, n: int, seed: int) -> DomainDataset:
    """About ``n`` domains of ``data``, both classes in proportion."""
    rng = np.random.default_rng(seed)
    labels = data.labels
    idx: list[int] = []
    for value in (0, 1):
        members = np.flatnonzero(labels == value)
        take = round(n * len(members) / len(labels))
        idx += rng.choice(members, size=take, replace=False).tolist()
    return data.subset(sorted(idx))


def check_family(family: Callable[[], DomainModel], small: DomainSplit, floor: float) -> None:
    """Every family's contract (module doc); ``family()`` builds a new, unfitted model."""
    model = family()
    params = model.get_params()
    assert model.fit(small.train.domains, small.train.labels) is model
    learned = set(vars(model)) - set(params)
    assert learned and all(name.endswith("_") for name in learned)
    assert clone(model).get_params() == params
    proba = model.predict_proba(small.test.domains)
    assert proba.shape == (len(small.test), 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    auc = roc_auc_score(small.test.labels, proba[:, 1])
    assert auc >= floor, f"{type(model).__name__} held-out AUC {auc:.3f}"
    assert set(model.predict(small.test.domains[:50]).tolist()) <= {0, 1}

    train = sample(small.train, 1500, 5)
    a = family().fit(train.domains, train.labels).predict_proba(small.test.domains[:300])
    b = family().fit(train.domains, train.labels).predict_proba(small.test.domains[:300])
    assert np.array_equal(a, b)

    # A jury-revealed scam (and its copies) raises that domain's probability.
    train = sample(small.train, 1500, 6)
    target = "claim-rewards-portal.example-new.io"
    before = family().fit(train.domains, train.labels).scam_probability(target)
    revealed = [(target, 1)] * 5 + [(f"{i}.{target}", 1) for i in range(10)]
    after = family().fit(train.domains, train.labels, extra=revealed).scam_probability(target)
    assert after > before
    assert after > 0.5
