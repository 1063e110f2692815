"""KNN-Shapley: augury's vectorised exact values beside pyDVL 0.10's implementation, in one run.

The points are real: the labelled domains (:func:`augury.data.load_domain_dataset`), embedded
by the DAO's screens (:class:`augury.dao.embedding.DomainEmbedder`: char n-gram TF-IDF, 64-d
truncated SVD, L2-normalised), ``--n-train`` training and ``--n-test`` test points drawn at
random. Both compute the exact values of the same game (unweighted KNN, ``k``); augury's
:func:`augury.dao.valuation.knn_shapley` is timed ``--repeats`` times (median) with 1 and 2
threads, pyDVL's ``KNNShapleyValuation`` once with joblib ``n_jobs`` 1 and 2. Reported: seconds,
the speed-up, and the largest absolute difference between the two value vectors.

    .venv/bin/python bench/dao_valuation.py [--n-train 10000] [--n-test 1000] [--k 10]
        [--out docs/bench/dao_valuation.json]

pyDVL is optional (``pip install pydvl``; it pins ``numpy<2``, so install it with
``--no-deps`` beside numpy 2); without it only augury's timings are printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from _common import emit
from augury.dao.embedding import DomainEmbedder
from augury.dao.valuation import knn_shapley
from augury.data import load_domain_dataset

# pyDVL's joblib workers are fresh processes: silence its deprecation chatter there too.
os.environ.setdefault("PYTHONWARNINGS", "ignore::FutureWarning")


def points(n_train: int, n_test: int, seed: int) -> tuple[np.ndarray, ...]:
    data = load_domain_dataset()
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(data))[: n_train + n_test]
    domains = [data.domains[i] for i in idx]
    labels = data.labels[idx]
    x = DomainEmbedder(random_state=seed).fit(domains[:n_train]).transform(domains)
    return x[:n_train], labels[:n_train], x[n_train:], labels[n_train:]


def pydvl_values(
    x: np.ndarray, y: np.ndarray, xt: np.ndarray, yt: np.ndarray, k: int, n_jobs: int
) -> np.ndarray | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from joblib import parallel_config
            from pydvl.valuation.dataset import Dataset
            from pydvl.valuation.methods.knn_shapley import KNNShapleyValuation
            from sklearn.neighbors import KNeighborsClassifier
    except ImportError:
        return None
    valuation = KNNShapleyValuation(
        KNeighborsClassifier(n_neighbors=k), Dataset(xt, yt), progress=False
    )
    with warnings.catch_warnings(), parallel_config(n_jobs=n_jobs):
        warnings.simplefilter("ignore")
        return np.asarray(valuation.fit(Dataset(x, y)).result.values)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n-train", type=int, default=10_000)
    ap.add_argument("--n-test", type=int, default=1_000)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-pydvl", action="store_true")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    x, y, xt, yt = points(args.n_train, args.n_test, args.seed)
    out: dict[str, Any] = {"n_train": args.n_train, "n_test": args.n_test, "k": args.k}
    ours = None
    for n_jobs in (1, 2):
        times = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            ours = knn_shapley(x, y, xt, yt, args.k, n_jobs=n_jobs)
            times.append(time.perf_counter() - t)
        out[f"augury_seconds_jobs{n_jobs}"] = statistics.median(times)
        print(
            f"augury knn_shapley n_jobs={n_jobs}: median {statistics.median(times):.3f} s "
            f"(runs: {', '.join(f'{s:.3f}' for s in times)})",
            flush=True,
        )
    assert ours is not None
    if not args.skip_pydvl:
        for n_jobs in (1, 2):
            t = time.perf_counter()
            theirs = pydvl_values(x, y, xt, yt, args.k, n_jobs)
            seconds = time.perf_counter() - t
            if theirs is None:
                print("pyDVL is not installed: no side-by-side figure")
                break
            diff = float(np.abs(theirs - ours).max())
            out[f"pydvl_seconds_jobs{n_jobs}"] = seconds
            out["max_abs_difference"] = diff
            speed = seconds / out[f"augury_seconds_jobs{n_jobs}"]
            out[f"speedup_jobs{n_jobs}"] = speed
            print(
                f"pyDVL KNNShapleyValuation n_jobs={n_jobs}: {seconds:.2f} s; "
                f"augury is {speed:.1f}x faster; max |difference| {diff:.2e}",
                flush=True,
            )
    out["value_sum"] = float(ours.sum())
    out["meta"] = {
        "command": "bench/dao_valuation.py "
        + " ".join(
            f"--{k.replace('_', '-')}={v}" for k, v in vars(args).items() if v not in (None, False)
        ),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
    }
    emit(out, args.out, indent=1, echo=False)


if __name__ == "__main__":
    main()
