"""The batch file format: canonical form, content hash, and every kind of malformed file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eth_utils import keccak
from hypothesis import given
from hypothesis import strategies as st

from augury.dao.batch import (
    Example,
    canonical_bytes,
    make_batch,
    normalize_hash,
    parse_batch,
    read_batch_file,
)
from augury.dao.errors import BatchFormatError, HashMismatchError
from augury.errors import AuguryError

GOOD = '{"domain": "metamask-airdrop.xyz", "label": 1}\n{"label": 0, "domain": "uniswap.org"}\n'


def test_canonical_form_and_hash_are_the_documented_ones() -> None:
    batch = parse_batch(GOOD)
    expected = b'{"domain":"metamask-airdrop.xyz","label":1}\n{"domain":"uniswap.org","label":0}\n'
    assert batch.canonical == expected
    assert batch.content_hash == keccak(expected)
    assert batch.hash_hex == "0x" + keccak(expected).hex()
    assert batch.examples == (Example("metamask-airdrop.xyz", 1), Example("uniswap.org", 0))


def test_urls_are_reduced_to_hosts_and_order_spacing_do_not_matter() -> None:
    a = parse_batch(
        '{"domain":"https://Uniswap.org/swap","label":0}\n\n{"domain":"x.io","label":1}'
    )
    b = parse_batch(b'  {"label":1,"domain":"x.io"}\r\n{"domain":"uniswap.org",  "label":0}\n')
    assert a.canonical == b.canonical and a.content_hash == b.content_hash


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "no examples"),
        ("\n\n", "no examples"),
        ('{"domain": "a.com", "label": 1}\nnot json\n', "line 2: not valid JSON"),
        ('["a.com", 1]', "line 1: expected a JSON object"),
        ('{"domain": "a.com"}', "missing ['label']"),
        ('{"domain": "a.com", "label": 1, "note": "x"}', "unknown keys ['note']"),
        ('{"domain": 5, "label": 1}', "'domain' must be a string"),
        ('{"domain": "a.com", "label": true}', "'label' must be the integer 0 or 1"),
        ('{"domain": "a.com", "label": "1"}', "'label' must be the integer 0 or 1"),
        ('{"domain": "a.com", "label": 1.0}', "'label' must be the integer 0 or 1"),
        ('{"domain": "a.com", "label": 2}', "'label' must be the integer 0 or 1"),
        ('{"domain": "   ", "label": 1}', "line 1: empty string is not a domain"),
        ('{"domain": "a..com", "label": 1}', "line 1:"),
        ('{"domain":"a.com","label":1}\n{"domain":"A.COM","label":0}', "line 2: domain 'a.com'"),
    ],
)
def test_malformed_batches_raise_one_line_errors(text: str, problem: str) -> None:
    with pytest.raises(BatchFormatError) as info:
        parse_batch(text)
    assert problem in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, AuguryError)


def test_non_utf8_bytes_are_a_format_error() -> None:
    with pytest.raises(BatchFormatError, match="not UTF-8"):
        parse_batch(b'{"domain": "\xff.com", "label": 1}')


def test_hash_mismatch_is_detected() -> None:
    batch = parse_batch(GOOD)
    assert parse_batch(GOOD, expected_hash=batch.hash_hex) == batch
    assert parse_batch(GOOD, expected_hash=batch.content_hash[::1]) == batch
    other = GOOD.replace('"label": 1', '"label": 0')
    with pytest.raises(HashMismatchError, match="not the expected"):
        parse_batch(other, expected_hash=batch.content_hash)


@pytest.mark.parametrize("bad", ["0x1234", "zz" * 32, b"\x00" * 31])
def test_malformed_hashes_are_rejected(bad: str | bytes) -> None:
    with pytest.raises(BatchFormatError):
        normalize_hash(bad)


domains = st.from_regex(r"[a-z][a-z0-9-]{0,12}[a-z0-9]\.(com|io|xyz|org)", fullmatch=True)
examples = st.dictionaries(domains, st.integers(0, 1), min_size=1, max_size=20)


@given(examples, st.randoms())
def test_hash_depends_only_on_the_set_of_examples(rows: dict[str, int], rnd: object) -> None:
    items = list(rows.items())
    shuffled = items[:]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    text_a = "\n".join(json.dumps({"domain": d, "label": v}) for d, v in items)
    text_b = "\n".join(json.dumps({"label": v, "domain": d}, indent=None) for d, v in shuffled)
    a, b = parse_batch(text_a), parse_batch(text_b)
    assert a.content_hash == b.content_hash
    # the canonical form is a fixed point, and flipping any label changes the hash
    assert parse_batch(a.canonical).canonical == a.canonical
    d, v = items[0]
    flipped = dict(rows)
    flipped[d] = 1 - v
    c = make_batch([Example(k, w) for k, w in flipped.items()])
    assert c.content_hash != a.content_hash
    assert canonical_bytes(a.examples) == a.canonical


def test_read_batch_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(GOOD)
    assert read_batch_file(path) == parse_batch(GOOD)
    with pytest.raises(BatchFormatError, match=r"missing\.jsonl: cannot be read"):
        read_batch_file(tmp_path / "missing.jsonl")
    path.write_text('{"domain": "a.com", "label": 3}\n')
    with pytest.raises(BatchFormatError, match=r"batch\.jsonl: line 1"):
        read_batch_file(path)
    path.write_text(GOOD)
    with pytest.raises(HashMismatchError, match=r"batch\.jsonl: content hashes"):
        read_batch_file(path, expected_hash=b"\x00" * 32)
