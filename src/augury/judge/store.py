"""Off-chain publication: a content-addressed blob store.

The Judge contract keeps only hashes; the bytes behind them (proof-system
commitments, inputs, proofs, revealed weights) are published here. A blob's
address is the keccak256 of its bytes, the same hash the contract stores, so
``get`` can re-hash what it reads and refuse anything that was altered:
whoever reads a blob trusts the hash on chain, never the store.

Revealed weights are the one exception to plain keccak addressing: the chain
records their positional Merkle root (:mod:`augury.judge.weights`), so they are
stored under that root and ``get_weights`` recomputes the tree.

The store is a directory (default ``$AUGURY_HOME/blobs``, ``$AUGURY_HOME``
defaulting to ``.augury``); sharing it — a network file system, or any service
that serves files by name — is what "published" means. Writes are atomic
(temporary file, then rename), so a reader never sees half a blob.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from eth_utils import keccak

from augury import config
from augury.judge.errors import BlobCorruptError, BlobNotFoundError, JudgeInputError
from augury.judge.weights import WeightTree

WEIGHTS_FORMAT = "augury-judge-weights"


def default_store_dir() -> Path:
    return config.blob_dir()


def canonical_json(doc: object) -> bytes:
    """The one byte string of a JSON document that every party hashes alike."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def _hex(digest: bytes) -> str:
    if len(digest) != 32:
        raise JudgeInputError(f"a blob address is 32 bytes, got {len(digest)}")
    return digest.hex()


class BlobStore:
    """Blobs by keccak256, weights by Merkle root, in one directory."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_store_dir()

    def __repr__(self) -> str:
        return f"BlobStore({str(self.root)!r})"

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)

    def _path(self, digest: bytes) -> Path:
        return self.root / _hex(digest)

    def put(self, data: bytes) -> bytes:
        """Publish ``data``; returns its address, keccak256(data)."""
        digest = keccak(data)
        path = self._path(digest)
        if not path.exists():
            self._write(path, data)
        return digest

    def has(self, digest: bytes) -> bool:
        return self._path(digest).is_file()

    def get(self, digest: bytes, what: str = "blob") -> bytes:
        """The bytes at ``digest``; raises BlobNotFoundError or BlobCorruptError."""
        path = self._path(digest)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise BlobNotFoundError(
                f"{what} 0x{digest.hex()} is not published in {self.root}"
            ) from None
        if keccak(data) != digest:
            raise BlobCorruptError(
                f"{what} 0x{digest.hex()} in {self.root} does not match its hash"
            )
        return data

    # -- revealed weights, addressed by their WeightTree root ----------------------

    def _weights_path(self, root: bytes) -> Path:
        return self.root / "weights" / f"{_hex(root)}.json"

    def put_weights(self, values: Sequence[int]) -> bytes:
        """Publish a model's flattened integer weights; returns their WeightTree root."""
        ints = [int(v) for v in values]
        root = WeightTree.from_values(ints).root
        doc = {"format": WEIGHTS_FORMAT, "version": 1, "values": ints}
        path = self._weights_path(root)
        if not path.exists():
            self._write(path, canonical_json(doc))
        return root

    def get_weights(self, root: bytes) -> list[int]:
        """The weights published under ``root``, checked against it."""
        path = self._weights_path(root)
        try:
            doc = json.loads(path.read_bytes())
            values = [int(v) for v in doc["values"]] if doc["format"] == WEIGHTS_FORMAT else None
        except FileNotFoundError:
            raise BlobNotFoundError(
                f"weights 0x{root.hex()} are not published in {self.root}"
            ) from None
        except (ValueError, KeyError, TypeError):
            raise BlobCorruptError(f"weights file {path} is not a weights document") from None
        if values is None or not values or WeightTree.from_values(values).root != root:
            raise BlobCorruptError(f"weights 0x{root.hex()} in {self.root} do not match their root")
        return values
