"""The vendored 4-byte selector table (``data/signatures.txt``) and its builder.

A selector is the first four bytes of ``keccak256(signature)``. The table is built from
signatures listed with their source in ``data/signatures.txt`` (standards, well-known
contracts' public ABIs, and drainer lures from public incident reports); the selector
column is computed, never copied, so a test can recompute every row. Running
``python -m augury.guard.decode.selectors`` writes ``data/selectors.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eth_utils import keccak

DATA = Path(__file__).resolve().parent / "data"
SIGNATURES = DATA / "signatures.txt"
TABLE = DATA / "selectors.tsv"


@dataclass(frozen=True)
class Selector:
    selector: bytes
    signature: str
    section: str

    @property
    def name(self) -> str:
        return self.signature.split("(", 1)[0]

    @property
    def arg_types(self) -> str:
        return self.signature[len(self.name) :]


def selector_of(signature: str) -> bytes:
    return keccak(text=signature)[:4]


def read_signatures(path: Path = SIGNATURES) -> list[tuple[str, str]]:
    """``(section, signature)`` rows of the signature list, comments skipped."""
    rows = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            section, signature = line.split("|", 1)
            rows.append((section, signature))
    return rows


def write_table(path: Path = TABLE) -> int:
    """Write ``selector<TAB>signature<TAB>section`` rows; returns the number written."""
    rows = read_signatures()
    lines = [f"0x{selector_of(sig).hex()}\t{sig}\t{section}" for section, sig in rows]
    path.write_text("selector\tsignature\tsection\n" + "\n".join(lines) + "\n")
    return len(lines)


@lru_cache(maxsize=1)
def table() -> dict[bytes, list[Selector]]:
    """Selector -> every signature with it (collisions are kept, in table order)."""
    out: dict[bytes, list[Selector]] = {}
    for line in TABLE.read_text().splitlines()[1:]:
        sel, sig, section = line.split("\t")
        out.setdefault(bytes.fromhex(sel[2:]), []).append(
            Selector(bytes.fromhex(sel[2:]), sig, section)
        )
    return out


def lookup(selector: bytes) -> list[Selector]:
    return table().get(selector, [])


if __name__ == "__main__":
    print(f"wrote {write_table()} selectors to {TABLE}")
