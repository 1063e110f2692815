"""KNN-Shapley: the fast and the plain recursion against the Shapley definition, and pyDVL."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from augury.dao.errors import ValuationError
from augury.dao.valuation import (
    exact_shapley,
    knn_shapley,
    knn_shapley_deduplicated,
    knn_shapley_reference,
    knn_utility,
    values_by_owner,
)


def _problem(seed: int, n: int, m: int, d: int = 3, classes: int = 2) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(n, d)),
        rng.integers(0, classes, n),
        rng.normal(size=(m, d)),
        rng.integers(0, classes, m),
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 9),
    m=st.integers(1, 4),
    k=st.integers(1, 12),
    classes=st.integers(2, 3),
)
def test_fast_and_reference_equal_brute_force_shapley(
    seed: int, n: int, m: int, k: int, classes: int
) -> None:
    x, y, xt, yt = _problem(seed, n, m, classes=classes)
    exact = exact_shapley(knn_utility(x, y, xt, yt, k), n)
    np.testing.assert_allclose(knn_shapley_reference(x, y, xt, yt, k), exact, atol=1e-12)
    np.testing.assert_allclose(knn_shapley(x, y, xt, yt, k), exact, atol=1e-12)


def test_n_12_with_ties_and_duplicate_points() -> None:
    x, y, xt, yt = _problem(7, 12, 3)
    x = np.round(x, 0)  # many equal distances: ties are broken by index everywhere
    x[5] = x[2]
    exact = exact_shapley(knn_utility(x, y, xt, yt, 3), 12)
    np.testing.assert_allclose(knn_shapley(x, y, xt, yt, 3), exact, atol=1e-12)
    np.testing.assert_allclose(knn_shapley_reference(x, y, xt, yt, 3), exact, atol=1e-12)


def test_efficiency_and_chunking_and_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    x, y, xt, yt = _problem(1, 300, 57, d=5)
    whole = knn_shapley(x, y, xt, yt, 5, n_jobs=1)
    utility = knn_utility(x, y, xt, yt, 5)
    assert whole.sum() == pytest.approx(utility(range(300)), abs=1e-12)
    monkeypatch.setattr("augury.dao.valuation.CHUNK_BYTES", 24 * 300 * 4)  # 4 rows per chunk
    np.testing.assert_allclose(knn_shapley(x, y, xt, yt, 5, n_jobs=2), whole, atol=1e-13)
    np.testing.assert_allclose(knn_shapley_reference(x, y, xt, yt, 5), whole, atol=1e-13)


def test_a_mislabelled_point_gets_a_negative_value() -> None:
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(-2, 0.5, (20, 2)), rng.normal(2, 0.5, (20, 2))])
    y = np.array([0] * 20 + [1] * 20)
    y[0] = 1  # deep in class 0's cloud, labelled 1
    xt = np.concatenate([rng.normal(-2, 0.5, (30, 2)), rng.normal(2, 0.5, (30, 2))])
    yt = np.array([0] * 30 + [1] * 30)
    v = knn_shapley(x, y, xt, yt, 1)
    assert v[0] == v.min() and v[0] < 0.5 * np.median(v)
    # on the test points of its own region it does harm only
    assert knn_shapley(x, y, xt[:30], yt[:30], 1)[0] < 0


def test_duplicate_rule_a_coalition_of_copies_gains_nothing() -> None:
    x, y, xt, yt = _problem(11, 10, 6)
    groups = np.arange(10)
    single = knn_shapley_deduplicated(x, y, xt, yt, 3, groups)
    np.testing.assert_allclose(single, knn_shapley(x, y, xt, yt, 3), atol=1e-15)
    # point 4's owner submits three more copies of it (appended, so later in time)
    xx = np.concatenate([x, x[[4, 4, 4]]])
    yy = np.concatenate([y, y[[4, 4, 4]]])
    g = np.concatenate([groups, [4, 4, 4]])
    first = knn_shapley_deduplicated(xx, yy, xt, yt, 3, g, rule="first")
    split = knn_shapley_deduplicated(xx, yy, xt, yt, 3, g, rule="split")
    np.testing.assert_allclose(first[:10], single, atol=1e-15)
    assert np.all(first[10:] == 0)
    np.testing.assert_allclose(split[[4, 10, 11, 12]], single[4] / 4, atol=1e-15)
    assert split[[4, 10, 11, 12]].sum() == pytest.approx(single[4])
    # without the rule, copies change the coalition's total (the thing the rule prevents)
    plain = knn_shapley(xx, yy, xt, yt, 3)
    assert plain[[4, 10, 11, 12]].sum() != pytest.approx(single[4])


def test_values_by_owner() -> None:
    assert values_by_owner([1.0, 2.0, -0.5], ["a", "b", "a"]) == {"a": 0.5, "b": 2.0}
    with pytest.raises(ValuationError):
        values_by_owner([1.0], ["a", "b"])


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ((np.zeros(3), [0, 1, 0], np.zeros((1, 1)), [0], 1), "2-d"),
        ((np.zeros((3, 2)), [0, 1, 0], np.zeros((1, 3)), [0], 1), "features"),
        ((np.zeros((3, 2)), [0, 1], np.zeros((1, 2)), [0], 1), "y_train"),
        ((np.zeros((3, 2)), [0, 1, 0], np.zeros((2, 2)), [0], 1), "y_test"),
        ((np.zeros((3, 2)), [0, 1, 0], np.zeros((1, 2)), [0], 0), "positive integer"),
        ((np.zeros((3, 2)), [0, 1, 0], np.zeros((1, 2)), [0], True), "positive integer"),
        ((np.full((3, 2), np.nan), [0, 1, 0], np.zeros((1, 2)), [0], 1), "finite"),
        ((np.zeros((0, 2)), [], np.zeros((1, 2)), [0], 1), "at least one"),
    ],
)
def test_bad_input(args: tuple[object, ...], problem: str) -> None:
    with pytest.raises(ValuationError, match=problem):
        knn_shapley(*args)  # type: ignore[arg-type]


def test_same_values_as_pydvl() -> None:
    pydvl = pytest.importorskip("pydvl")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from joblib import parallel_config
        from pydvl.valuation.dataset import Dataset
        from pydvl.valuation.methods.knn_shapley import KNNShapleyValuation
        from sklearn.neighbors import KNeighborsClassifier
    assert pydvl.__version__
    x, y, xt, yt = _problem(5, 400, 60, d=4)
    train, test = Dataset(x, y), Dataset(xt, yt)
    for k in (1, 5, 9):
        valuation = KNNShapleyValuation(KNeighborsClassifier(n_neighbors=k), test, progress=False)
        with parallel_config(n_jobs=1):
            theirs = valuation.fit(train).result.values
        np.testing.assert_allclose(knn_shapley(x, y, xt, yt, k), theirs, atol=1e-12)
