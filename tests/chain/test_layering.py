"""The chain package knows nothing of AI or of the capabilities built on it."""

from __future__ import annotations

import subprocess
import sys

CAPABILITIES = ("guard", "market", "judge", "dao", "models", "proof", "attack")


def test_chain_imports_no_capability() -> None:
    code = (
        "import sys, pkgutil, importlib, augury.chain as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module('augury.chain.' + m.name)\n"
        "print(' '.join(m for m in sys.modules if m.startswith('augury.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    assert "augury.chain.fork" in out
    assert [m for m in out if m.split(".")[1] in CAPABILITIES] == []
