"""A disk cache for things that are slow to build and cheap to load (trained models).

Entries live under ``$XDG_CACHE_HOME/augury/<kind>/`` and are keyed by what the value is
built from: every source file of the augury package, the vendored data and the versions
of the libraries named by the caller. Any change to those is a different key, so a stale
entry is never read; it is only left behind. A missing, damaged or unreadable entry, or a
read-only cache directory, costs a rebuild and nothing else. Entries are pickles written
only by this module into the user's own cache directory; ``AUGURY_NO_CACHE=1`` turns the
cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from augury import config

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent


def cache_dir(kind: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "augury" / kind


@cache
def package_fingerprint() -> str:
    """Hash of every source and data file of the package (names and contents)."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix != ".pyc" and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def cache_key(*parts: object, libraries: Iterable[str] = ()) -> str:
    """A key over the package, the given library versions and ``parts``."""
    h = hashlib.sha256(package_fingerprint().encode())
    for name in libraries:
        h.update(f"{name}={metadata.version(name)}".encode() + b"\0")
    for part in parts:
        h.update(repr(part).encode() + b"\0")
    return h.hexdigest()[:32]


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The value stored under ``key``, or ``build()``'s, stored for next time."""
    if config.cache_disabled():
        return build()
    path = cache_dir(kind) / f"{key}.pkl"
    try:
        with path.open("rb") as f:
            return pickle.load(f)  # type: ignore[no-any-return]
    except Exception:  # any unreadable entry is rebuilt
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache directory only costs a rebuild next time
    return value
