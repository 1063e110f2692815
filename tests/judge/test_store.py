"""The content-addressed blob store: what goes in comes out, anything altered is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from eth_utils import keccak

from augury.judge.errors import BlobCorruptError, BlobNotFoundError, JudgeInputError
from augury.judge.store import BlobStore, canonical_json
from augury.judge.weights import WeightTree


def test_put_get_roundtrip_by_keccak(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    h = store.put(b"proof bytes")
    assert h == keccak(b"proof bytes")
    assert store.has(h) and store.get(h) == b"proof bytes"
    assert store.put(b"proof bytes") == h  # idempotent
    assert BlobStore(tmp_path).get(h) == b"proof bytes"  # another reader of the same directory


def test_missing_and_altered_blobs_are_refused(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    with pytest.raises(BlobNotFoundError, match="proof 0x00"):
        store.get(bytes(32), "proof")
    h = store.put(b"honest")
    (tmp_path / h.hex()).write_bytes(b"altered")
    with pytest.raises(BlobCorruptError, match="does not match its hash"):
        store.get(h)
    with pytest.raises(JudgeInputError, match="32 bytes"):
        store.get(b"short")


def test_weights_are_addressed_by_their_merkle_root(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    values = [3, -1, 0, 127, -128]
    root = store.put_weights(values)
    assert root == WeightTree.from_values(values).root
    assert store.get_weights(root) == values
    path = tmp_path / "weights" / f"{root.hex()}.json"
    path.write_bytes(path.read_bytes().replace(b"127", b"126"))
    with pytest.raises(BlobCorruptError, match="do not match their root"):
        store.get_weights(root)
    path.write_bytes(b"not json")
    with pytest.raises(BlobCorruptError, match="not a weights document"):
        store.get_weights(root)
    with pytest.raises(BlobNotFoundError):
        store.get_weights(bytes(32))


def test_default_directory_follows_augury_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUGURY_HOME", str(tmp_path / "home"))
    h = BlobStore().put(b"x")
    assert (tmp_path / "home" / "blobs" / h.hex()).is_file()


def test_canonical_json_ignores_key_order_and_whitespace() -> None:
    assert canonical_json({"b": 1, "a": [1.5]}) == b'{"a":[1.5],"b":1}'
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})
