"""Judge fixtures: small real quantized models and a deployed protocol with funded parties."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from eth_account.signers.local import LocalAccount

from augury.chain import Chain, Contract
from augury.judge.store import BlobStore
from augury.proof import FloatDense, QuantizedModel, quantize
from augury.protocol import ProtocolParams, deploy_protocol

E18 = 10**18


def make_model(
    seed: int, sizes: tuple[int, ...] = (6, 8, 3)
) -> tuple[list[FloatDense], QuantizedModel]:
    """A random float MLP and its quantization (calibrated on standard-normal inputs)."""
    rng = np.random.default_rng(seed)
    layers = [
        FloatDense(
            rng.standard_normal((n_out, n_in)),
            rng.standard_normal(n_out) * 0.1,
            "relu" if i + 2 < len(sizes) else "identity",
        )
        for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes))
    ]
    return layers, quantize(layers, rng.standard_normal((64, sizes[0])))


@pytest.fixture(scope="session")
def model() -> QuantizedModel:
    return make_model(1)[1]


@pytest.fixture(scope="session")
def other_model() -> QuantizedModel:
    return make_model(2)[1]


@dataclass
class World:
    chain: Chain
    token: Contract
    judge: Contract
    escrow: Contract
    store: BlobStore
    dao: LocalAccount  # deployer: governance and arbiter
    operator: LocalAccount
    alice: LocalAccount
    watcher: LocalAccount


@pytest.fixture
def world(chain: Chain, tmp_path: Path) -> Iterator[World]:
    """The protocol deployed on ``chain`` (reverted by the ``chain`` fixture afterwards;
    the deployment book of the shared chain object is restored here)."""
    book = dict(chain.deployment)
    dao, operator, alice, watcher = chain.accounts[:4]
    c = deploy_protocol(chain, params=ProtocolParams(), sender=dao)
    for acct in (operator, alice, watcher):
        c["Token"].transfer(acct, 10_000 * E18, sender=dao)
    try:
        yield World(
            chain,
            c["Token"],
            c["Judge"],
            c["Escrow"],
            BlobStore(tmp_path / "blobs"),
            dao,
            operator,
            alice,
            watcher,
        )
    finally:
        chain.deployment.clear()
        chain.deployment.update(book)
