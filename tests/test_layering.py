"""What each lower layer loads at run time: import-linter checks the import statements
(``make lint``); this checks what importing every module of a layer actually pulls in,
lazy imports that run at import time included."""

from __future__ import annotations

import subprocess
import sys

import pytest

CAPABILITIES = ("guard", "market", "judge", "dao", "attack")


@pytest.mark.parametrize(
    ("layer", "forbidden", "must_load"),
    [
        ("chain", (*CAPABILITIES, "models", "proof", "protocol", "run"), "augury.chain.fork"),
        ("models", (*CAPABILITIES, "chain", "protocol", "contracts", "proof"), "augury.models"),
    ],
)
def test_a_lower_layer_loads_nothing_above_it(
    layer: str, forbidden: tuple[str, ...], must_load: str
) -> None:
    code = (
        f"import sys, pkgutil, importlib, augury.{layer} as pkg\n"
        f"for info in pkgutil.walk_packages(pkg.__path__, 'augury.{layer}.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(' '.join(sorted(n for n in sys.modules if n.startswith('augury.'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert must_load in loaded
    assert not {name.split(".")[1] for name in loaded} & set(forbidden), loaded
