"""The protocol's Vyper contracts and their compiler.

Sources live beside this module as ``<Name>.vy``. They are compiled by the
``vyper`` package on first use; results are cached in memory and on disk
(``$XDG_CACHE_HOME/augury``, keyed by the hash of every source and the compiler
version), so a CLI start does not pay for compilation twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from augury.cache import cache_dir
from augury.errors import CompilationError, ConfigError, UnknownContract

CONTRACTS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CompiledContract:
    """A compiled contract: what a deployer or an external toolchain needs."""

    name: str
    abi: list[dict[str, Any]]
    bytecode: bytes
    runtime_bytecode: bytes
    source_hash: str
    compiler: str

    def to_json(self) -> dict[str, Any]:
        """The artifact format ``augury contracts build`` writes (web3.py/ethers friendly)."""
        return {
            "contractName": self.name,
            "abi": self.abi,
            "bytecode": "0x" + self.bytecode.hex(),
            "deployedBytecode": "0x" + self.runtime_bytecode.hex(),
            "sourceHash": self.source_hash,
            "compiler": self.compiler,
        }


def available() -> list[str]:
    """Names of every protocol contract, sorted."""
    return sorted(p.stem for p in CONTRACTS_DIR.glob("*.vy"))


def source_path(name: str) -> Path:
    path = CONTRACTS_DIR / f"{name}.vy"
    if not path.is_file():
        known = ", ".join(available()) or "none"
        raise UnknownContract(f"unknown contract {name!r} (available: {known})")
    return path


def _tree_hash() -> str:
    """Hash of every source, modules in subfolders included: a change to an imported
    module invalidates all."""
    h = hashlib.sha256()
    for p in sorted(CONTRACTS_DIR.rglob("*.vy")):
        h.update(p.relative_to(CONTRACTS_DIR).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def _compile_uncached(name: str, path: Path) -> CompiledContract:
    import vyper
    from vyper.compiler.input_bundle import FilesystemInputBundle
    from vyper.exceptions import VyperException

    source = path.read_text()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = vyper.compile_code(
                source,
                contract_path=path,
                input_bundle=FilesystemInputBundle([CONTRACTS_DIR]),
                output_formats=["abi", "bytecode", "bytecode_runtime"],
            )
    except VyperException as exc:
        first = str(exc).strip().splitlines()[0]
        raise CompilationError(f"{name}.vy does not compile: {first}") from exc
    return CompiledContract(
        name=name,
        abi=out["abi"],
        bytecode=bytes.fromhex(out["bytecode"].removeprefix("0x")),
        runtime_bytecode=bytes.fromhex(out["bytecode_runtime"].removeprefix("0x")),
        source_hash=hashlib.sha256(source.encode()).hexdigest(),
        compiler=f"vyper {vyper.__version__}",
    )


@cache
def _compile_cached(name: str, tree_hash: str) -> CompiledContract:
    import vyper

    path = source_path(name)
    cache_file = cache_dir("contracts") / f"{name}-{tree_hash[:16]}-vyper{vyper.__version__}.json"
    if cache_file.is_file():
        try:
            d = json.loads(cache_file.read_text())
            return CompiledContract(
                name=name,
                abi=d["abi"],
                bytecode=bytes.fromhex(d["bytecode"][2:]),
                runtime_bytecode=bytes.fromhex(d["deployedBytecode"][2:]),
                source_hash=d["sourceHash"],
                compiler=d["compiler"],
            )
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache entry is rebuilt below
    compiled = _compile_uncached(name, path)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(compiled.to_json()))
        tmp.replace(cache_file)
    except OSError:
        pass  # a read-only home only costs a recompile next time
    return compiled


def compile_contract(name: str) -> CompiledContract:
    """Compile the protocol contract ``name`` (e.g. ``"Token"``).

    Raises :class:`UnknownContract` for a name with no source and
    :class:`CompilationError` when Vyper rejects the source.
    """
    source_path(name)
    return _compile_cached(name, _tree_hash())



@dataclass(frozen=True)
class Exported:
    """One artifact :func:`export` wrote: the contract, its file and its init code's size."""

    name: str
    path: Path
    bytecode_bytes: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "path": str(self.path), "bytecode_bytes": self.bytecode_bytes}


def export(out: Path, names: list[str] | None = None) -> list[Exported]:
    """Compile ``names`` (default: every contract) and write ``out/<Name>.json`` (ABI and
    bytecode) for other toolchains. Unknown names fail before anything is written."""
    for name in names or []:
        source_path(name)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create output directory {out}: {exc.strerror}") from None
    written = []
    for compiled in (compile_contract(n) for n in names or available()):
        path = out / f"{compiled.name}.json"
        path.write_text(json.dumps(compiled.to_json(), indent=2) + "\n")
        written.append(Exported(compiled.name, path, len(compiled.bytecode)))
    return written
