"""``augury.models`` is a library under the capabilities: it never imports one of them."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("chain", "protocol", "contracts", "market", "guard", "judge", "dao", "proof")


def test_models_import_only_data_and_errors() -> None:
    code = (
        "import sys, pkgutil, importlib, augury.models as m\n"
        "for info in pkgutil.walk_packages(m.__path__, 'augury.models.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(' '.join(sorted(n for n in sys.modules if n.startswith('augury.'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert not {name.split(".")[1] for name in loaded} & set(FORBIDDEN), loaded
