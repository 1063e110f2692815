"""What every bench in this folder shares: how a result is printed and kept.

A bench prints its JSON document on stdout (so a run can be piped or read) and, with
``--out FILE``, writes the same document there; ``docs/bench/`` holds the files the
figures in ``docs/benchmarks.md`` come from. Benches run as scripts
(``python bench/NAME.py``), so this module is imported as ``_common``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def emit(doc: Any, out: Path | None, *, indent: int = 2, echo: bool = True) -> None:
    """Print ``doc`` as JSON (unless ``echo`` is False) and write it to ``out`` if given."""
    text = json.dumps(doc, indent=indent)
    if echo:
        print(text)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n")
