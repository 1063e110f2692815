"""A corpus world shared by the guard's tests: one embedded chain with every scenario
contract deployed (building it costs about a second, so it is built once per module)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from augury.guard.corpus import World, build_world


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    w = build_world()
    yield w
