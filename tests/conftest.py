"""Shared fixtures: one chain suite, two backends.

``chain`` is parametrized over the embedded EVM and a real Hardhat node that
this session starts on 127.0.0.1 (a free port) and stops at the end. Each test
runs inside a snapshot, so tests never see each other's state.

Hypothesis draws fresh examples on every run, which is how it keeps finding new cases
locally; under ``CI`` (set by ``.ci/run``) it runs a fixed, derandomized sequence, so a
landing is judged on the same examples every time and a new counterexample shows up
in a developer's run first, not as a red CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from augury.chain import Chain
from augury.chain.hardhat import HardhatNode

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def hardhat_node() -> Iterator[HardhatNode]:
    node = HardhatNode().start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture(
    scope="session",
    params=["embedded", pytest.param("hardhat", marks=pytest.mark.integration)],
)
def session_chain(request: pytest.FixtureRequest) -> Chain:
    if request.param == "embedded":
        return Chain.embedded()
    node = request.getfixturevalue("hardhat_node")
    return Chain.connect(node.url)


@pytest.fixture
def chain(session_chain: Chain) -> Iterator[Chain]:
    snap = session_chain.snapshot()
    try:
        yield session_chain
    finally:
        session_chain.revert(snap)


@pytest.fixture
def embedded() -> Chain:
    """A fresh embedded chain, for tests that need no node."""
    return Chain.embedded()
