from __future__ import annotations

from pathlib import Path

import pytest

from augury.cache import cache_dir, cache_key, cached


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("AUGURY_NO_CACHE", raising=False)


def test_a_value_is_built_once_then_loaded() -> None:
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"answer": 42}

    key = cache_key("test", 1)
    assert cached("t", key, build) == {"answer": 42}
    assert cached("t", key, build) == {"answer": 42}
    assert len(calls) == 1


def test_a_damaged_entry_is_rebuilt_and_replaced() -> None:
    key = cache_key("damaged")
    cached("t", key, lambda: [1, 2, 3])
    (cache_dir("t") / f"{key}.pkl").write_bytes(b"not a pickle")
    assert cached("t", key, lambda: [4]) == [4]
    assert cached("t", key, lambda: [5]) == [4]


def test_keys_follow_their_parts_and_the_cache_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert cache_key("a", 1) != cache_key("a", 2)
    assert cache_key("a", 1, libraries=("numpy",)) != cache_key("a", 1)
    monkeypatch.setenv("AUGURY_NO_CACHE", "1")
    cached("t", "k", lambda: 1)
    assert cached("t", "k", lambda: 2) == 2
    assert not (cache_dir("t") / "k.pkl").exists()
