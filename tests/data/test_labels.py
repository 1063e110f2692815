"""Forta address labels: all three files, their real headers, and malformed rows."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from augury.data import DataFileError, labels_by_address, load_address_labels
from augury.data.labels import FORTA

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "forta-labels"


def test_every_row_of_every_file_is_loaded() -> None:
    labels = load_address_labels()
    counts = Counter(label.dataset for label in labels)
    expected = {"etherscan-malicious": 7780, "phishing-scams": 6726, "malicious-contracts": 753}
    assert counts == expected
    assert all(re.fullmatch(r"0x[0-9a-f]{40}", label.address) for label in labels)


def test_fields_come_from_the_right_columns() -> None:
    labels = load_address_labels()
    first = next(x for x in labels if x.dataset == "etherscan-malicious")
    assert first.address == "0x80d7bb18521acbef32d7906502ebe94928690e93"
    assert first.tag == "Fake_Phishing1772"
    assert first.source == "etherscan-phish-hack-list"
    scam = next(x for x in labels if x.dataset == "phishing-scams")
    assert (scam.tag, scam.category, scam.is_contract) == ("Fake_Phishing3901", "phish-hack", False)
    contract = next(x for x in labels if x.dataset == "malicious-contracts")
    assert contract.tag == "Multichain Exploiter 10"
    assert contract.is_contract is True
    assert contract.creator == "0x98f5b0a99f258a09403d965647ee9d53677914af"


def test_index_groups_labels_of_one_address() -> None:
    index = labels_by_address()
    assert len(index) < len(load_address_labels())  # the files overlap
    assert all(all(x.address == a for x in labels) for a, labels in list(index.items())[:500])


@pytest.mark.skipif(not SHARED.exists(), reason="shared/data not beside the checkout")
def test_vendored_files_are_the_shared_ones() -> None:
    for name in ("etherscan_malicious_labels.csv", "phishing_scams.csv"):
        assert (FORTA / name).read_bytes() == (SHARED / name).read_bytes()


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "forta"
    shutil.copytree(FORTA, target)
    return target


def test_swapped_header_is_reported_with_the_file(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "etherscan_malicious_labels.csv"
    lines = path.read_text().splitlines()
    lines[0] = "address,etherscan_tag,etherscan_labels,is_contract"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataFileError) as info:
        load_address_labels(directory)
    assert str(info.value).startswith(str(path.resolve()))
    assert "banned_address" in str(info.value)


def test_bad_address_names_file_and_line(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "phishing_scams.csv"
    with path.open("a") as handle:
        handle.write("0x1234,Fake_Phishing1,phish-hack,False\n")
    with pytest.raises(DataFileError, match=r"line 6728: '0x1234' is not a 0x-prefixed"):
        load_address_labels(directory)


def test_missing_file(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "malicious_smart_contracts.csv").unlink()
    with pytest.raises(DataFileError, match=r"malicious_smart_contracts\.csv: cannot be read"):
        load_address_labels(directory)
