"""Small real models shared by the proof tests (quantized once per session)."""

from __future__ import annotations

import itertools
from types import ModuleType

import numpy as np
import pytest

from augury.proof import FloatDense, QuantizedModel, commit, quantize
from augury.proof import protocol as fast_protocol
from augury.proof.encoding import Commitment
from augury.proof.reference import protocol as reference_protocol

#: The two provers with one public API (``commit``, ``prove``, ``prove_quantized``,
#: ``verify``, ``verify_quantized``), as py_ecc's suite runs over ``bn128`` and
#: ``optimized_bn128``.
IMPLEMENTATIONS = {"fast": fast_protocol, "reference": reference_protocol}


def random_layers(sizes: list[int], seed: int, last: str = "identity") -> list[FloatDense]:
    rng = np.random.default_rng(seed)
    layers = []
    for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        act = "relu" if i + 2 < len(sizes) else last
        layers.append(FloatDense(rng.standard_normal((n_out, n_in)) / np.sqrt(n_in),
                                 rng.standard_normal(n_out) * 0.1, act))
    return layers


@pytest.fixture(scope="session", params=sorted(IMPLEMENTATIONS))
def impl(request: pytest.FixtureRequest) -> ModuleType:
    """The implementation under test: a test that takes ``impl`` runs against both the fast
    prover and the plain reference (use small models: the reference is quadratic)."""
    return IMPLEMENTATIONS[request.param]


@pytest.fixture(scope="session")
def small_model() -> tuple[QuantizedModel, Commitment, np.ndarray]:
    """A 12-7-5-3 MLP with its commitment and calibration inputs."""
    X = np.random.default_rng(7).standard_normal((64, 12))
    model = quantize(random_layers([12, 7, 5, 3], seed=1), X)
    return model, commit(model), X


@pytest.fixture(scope="session")
def mid_model() -> tuple[QuantizedModel, Commitment, np.ndarray]:
    """A 64-32-10 MLP (the shape of the EZKL anchor) with random weights."""
    X = np.random.default_rng(8).standard_normal((64, 64))
    model = quantize(random_layers([64, 32, 10], seed=2), X)
    return model, commit(model), X
