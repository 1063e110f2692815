"""Ethereum address labels from Forta's labelled datasets (vendored, MIT).

Three CSV files, each with its own columns. Their real headers are::

    etherscan_malicious_labels.csv  banned_address,wallet_tag,data_source
    phishing_scams.csv              address,etherscan_tag,etherscan_labels,is_contract
    malicious_smart_contracts.csv   contract_address,contract_tag,contract_creator,...

(``shared/data/README.md`` swaps the first two; the loader checks the header it finds and
names the file when it is not the one expected.) Every row becomes one :class:`AddressLabel`
with a lower-case ``0x`` address; all labels in these files are malicious, so benign addresses
must come from elsewhere.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from augury.data.errors import DataFileError
from augury.data.phishing import FILES

FORTA = FILES / "forta-labels"

Dataset = Literal["etherscan-malicious", "phishing-scams", "malicious-contracts"]
_ADDRESS = re.compile(r"^0x[0-9a-f]{40}$")


@dataclass(frozen=True)
class AddressLabel:
    """One labelled address. ``is_contract``/``creator`` are None where the file does not say."""

    address: str
    tag: str
    category: str
    source: str
    dataset: Dataset
    is_contract: bool | None = None
    creator: str | None = None


@dataclass(frozen=True)
class _Layout:
    file: str
    dataset: Dataset
    address: str
    tag: str
    category: str | None
    source: str | None
    default_category: str


_LAYOUTS = (
    _Layout(
        "etherscan_malicious_labels.csv",
        "etherscan-malicious",
        "banned_address",
        "wallet_tag",
        None,
        "data_source",
        "phish-hack",  # every row's data_source is etherscan's phish/hack list
    ),
    _Layout(
        "phishing_scams.csv",
        "phishing-scams",
        "address",
        "etherscan_tag",
        "etherscan_labels",
        None,
        "phish-hack",
    ),
    _Layout(
        "malicious_smart_contracts.csv",
        "malicious-contracts",
        "contract_address",
        "contract_tag",
        "contract_creator_etherscan_label",
        "source",
        "malicious-contract",
    ),
)


def _address(path: Path, line: int, value: str | None) -> str:
    address = (value or "").strip().lower()
    if not _ADDRESS.match(address):
        raise DataFileError(path, f"line {line}: {value!r} is not a 0x-prefixed 20-byte address")
    return address


def _rows(path: Path, layout: _Layout) -> Iterator[AddressLabel]:
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, f"cannot be read ({exc.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        wanted = [c for c in (layout.address, layout.tag, layout.category, layout.source) if c]
        missing = [c for c in wanted if c not in header]
        if missing:
            raise DataFileError(path, f"header lacks column(s) {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            is_contract: bool | None = None
            if "is_contract" in row:
                flag = (row["is_contract"] or "").strip()
                if flag not in ("True", "False"):
                    raise DataFileError(path, f"line {line}: is_contract is {flag!r}")
                is_contract = flag == "True"
            creator = None
            if layout.dataset == "malicious-contracts":
                is_contract = True
                raw_creator = (row.get("contract_creator") or "").strip()
                creator = _address(path, line, raw_creator) if raw_creator else None
            tag = (row.get(layout.tag) or "").strip()
            if not tag and layout.dataset == "malicious-contracts":
                tag = (row.get("contract_creator_tag") or "").strip()
            yield AddressLabel(
                address=_address(path, line, row.get(layout.address)),
                tag=tag,
                category=_category(row, layout),
                source=(row.get(layout.source) or "").strip() if layout.source else "etherscan",
                dataset=layout.dataset,
                is_contract=is_contract,
                creator=creator,
            )


def _category(row: dict[str, str], layout: _Layout) -> str:
    value = (row.get(layout.category) or "").strip() if layout.category else ""
    return value or layout.default_category


@lru_cache(maxsize=4)
def _load(directory: Path) -> tuple[AddressLabel, ...]:
    out: list[AddressLabel] = []
    for layout in _LAYOUTS:
        out.extend(_rows(directory / layout.file, layout))
    return tuple(out)


def load_address_labels(directory: Path | str | None = None) -> tuple[AddressLabel, ...]:
    """All labels of the three Forta files in ``directory`` (default: the vendored copy), cached.

    Raises :class:`DataFileError` naming the file when one is missing, has an unexpected
    header or a row whose address is not 20 bytes of hex.
    """
    return _load(Path(directory).resolve() if directory is not None else FORTA)


def labels_by_address(directory: Path | str | None = None) -> dict[str, tuple[AddressLabel, ...]]:
    """Index of :func:`load_address_labels` by lower-case address (an address may have several)."""
    index: dict[str, list[AddressLabel]] = {}
    for label in load_address_labels(directory):
        index.setdefault(label.address, []).append(label)
    return {address: tuple(labels) for address, labels in index.items()}
