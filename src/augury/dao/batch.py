"""The batch file format: what a contributor submits, and the content hash that goes on-chain.

A batch file is UTF-8 JSON Lines, one labelled domain per line::

    {"domain": "metamask-airdrop.xyz", "label": 1}
    {"domain": "uniswap.org", "label": 0}

* ``domain``: a host name or URL (reduced to its normalised host, see
  :func:`augury.data.domains.normalize_domain`); ``label``: the integer ``1`` (phishing) or
  ``0`` (legitimate) -- ``true``/``false``, ``"1"`` and ``1.0`` are rejected. No other keys.
* Blank lines are ignored; a domain may appear once per batch; at most :data:`MAX_EXAMPLES`
  lines.

The **canonical form** is what is hashed and stored: the examples sorted by domain, each
written as ``{"domain":"<host>","label":<0|1>}`` (no spaces, ASCII), each line ending in
``\\n``. Two files with the same examples in any order, spacing or key order therefore have
the same canonical form. The **content hash** is ``keccak256(canonical bytes)``, the hash a
Vyper contract computes with ``keccak256(...)``, so a contract and this module agree on it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from eth_utils import keccak

from augury.dao.errors import BatchFormatError, HashMismatchError
from augury.data.domains import normalize_domain
from augury.data.errors import InvalidDomainError

#: The largest batch accepted (lines with an example).
MAX_EXAMPLES = 100_000


@dataclass(frozen=True, order=True)
class Example:
    """One labelled domain of a batch: ``label`` 1 = phishing, 0 = legitimate."""

    domain: str
    label: int


@dataclass(frozen=True)
class Batch:
    """A parsed batch in canonical order, with its canonical bytes and content hash."""

    examples: tuple[Example, ...]
    canonical: bytes
    content_hash: bytes

    def __len__(self) -> int:
        return len(self.examples)

    @property
    def hash_hex(self) -> str:
        """The content hash as ``0x``-prefixed lower-case hex (the store's key)."""
        return "0x" + self.content_hash.hex()


def _example(line_no: int, line: str) -> Example:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BatchFormatError(f"line {line_no}: not valid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise BatchFormatError(f"line {line_no}: expected a JSON object")
    keys = set(item)
    if keys != {"domain", "label"}:
        missing, extra = {"domain", "label"} - keys, keys - {"domain", "label"}
        what = f"missing {sorted(missing)}" if missing else f"unknown keys {sorted(extra)}"
        raise BatchFormatError(f"line {line_no}: {what}")
    domain, label = item["domain"], item["label"]
    if not isinstance(domain, str):
        raise BatchFormatError(f"line {line_no}: 'domain' must be a string")
    if type(label) is not int or label not in (0, 1):
        raise BatchFormatError(f"line {line_no}: 'label' must be the integer 0 or 1")
    try:
        host = normalize_domain(domain)
    except InvalidDomainError as exc:
        raise BatchFormatError(f"line {line_no}: {exc}") from None
    return Example(host, label)


def canonical_bytes(examples: Iterable[Example]) -> bytes:
    """The canonical serialisation of ``examples`` (sorted by domain; see the module doc)."""
    ordered = sorted(examples)
    lines = (
        json.dumps({"domain": e.domain, "label": e.label}, separators=(",", ":"), sort_keys=True)
        for e in ordered
    )
    return "".join(line + "\n" for line in lines).encode("ascii")


def content_hash(canonical: bytes) -> bytes:
    """keccak256 of canonical batch bytes (32 bytes)."""
    return bytes(keccak(canonical))


def make_batch(examples: Iterable[Example]) -> Batch:
    """A batch from already-built examples, checked like a parsed file (for programs)."""
    text = "".join(json.dumps({"domain": e.domain, "label": e.label}) + "\n" for e in examples)
    return parse_batch(text)


def parse_batch(data: bytes | str, *, expected_hash: bytes | str | None = None) -> Batch:
    """Parse and check a batch file; verify its content hash when ``expected_hash`` is given.

    Raises :class:`BatchFormatError` naming the first bad line (bad JSON, wrong keys or types,
    an unusable domain, a repeated domain, an empty or oversized batch) and
    :class:`HashMismatchError` when the canonical content does not hash to ``expected_hash``
    (32 bytes, or hex with or without ``0x``).
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BatchFormatError(f"not UTF-8 (byte {exc.start})") from None
    else:
        text = data
    examples: dict[str, Example] = {}
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        example = _example(line_no, raw)
        if example.domain in examples:
            raise BatchFormatError(f"line {line_no}: domain {example.domain!r} repeats")
        examples[example.domain] = example
        if len(examples) > MAX_EXAMPLES:
            raise BatchFormatError(f"more than {MAX_EXAMPLES} examples")
    if not examples:
        raise BatchFormatError("batch holds no examples")
    canonical = canonical_bytes(examples.values())
    digest = content_hash(canonical)
    if expected_hash is not None:
        want = normalize_hash(expected_hash)
        if want != digest:
            raise HashMismatchError(
                f"content hashes to 0x{digest.hex()}, not the expected 0x{want.hex()}"
            )
    return Batch(tuple(sorted(examples.values())), canonical, digest)


def normalize_hash(value: bytes | str) -> bytes:
    """32 bytes from raw bytes or hex (``0x`` optional); :class:`BatchFormatError` otherwise."""
    if isinstance(value, bytes):
        raw = value
    else:
        text = value[2:] if value.startswith(("0x", "0X")) else value
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raise BatchFormatError(f"content hash {value!r} is not hex") from None
    if len(raw) != 32:
        raise BatchFormatError(f"content hash must be 32 bytes, got {len(raw)}")
    return raw


def read_batch_file(path: str | Path, *, expected_hash: bytes | str | None = None) -> Batch:
    """:func:`parse_batch` of a file; errors start with the file's path."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BatchFormatError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        return parse_batch(data, expected_hash=expected_hash)
    except BatchFormatError as exc:
        raise BatchFormatError(f"{path}: {exc}") from None
    except HashMismatchError as exc:
        raise HashMismatchError(f"{path}: {exc}") from None
