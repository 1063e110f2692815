"""Reading claims files back (``augury dao payout`` / ``claim``) and the proposal flags'
parsing: every malformed input is one typed user error, also a builtin ValueError/OSError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from augury.dao.errors import ClaimsFileError
from augury.dao.merkle import Claim, MerkleDistribution, read_claims_file
from augury.dao.protocol import Kind, bytes32, proposal_kind
from augury.errors import AuguryError, AuguryFileError

A = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
B = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


@pytest.fixture
def dist() -> MerkleDistribution:
    return MerkleDistribution([Claim(0, A, 5), Claim(1, B, 7), Claim(2, A, 1)])


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc))
    return path


def test_a_written_claims_file_reads_back(dist: MerkleDistribution, tmp_path: Path) -> None:
    f = read_claims_file(_write(tmp_path / "c.json", dist.to_json()))
    assert (f.root, f.total, f.claims) == (dist.root, 13, dist.claims)
    again = f.distribution()
    assert again.root == dist.root and again.proof(1) == dist.proof(1)


def test_claims_that_do_not_hash_to_the_root(dist: MerkleDistribution, tmp_path: Path) -> None:
    doc = dist.to_json()
    doc["claims"][0]["amount"] = "6"  # type: ignore[index]
    f = read_claims_file(_write(tmp_path / "c.json", doc))
    with pytest.raises(ClaimsFileError, match="claims do not hash to the file's root"):
        f.distribution()


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([1, 2], "is not a claims file"),
        ({"root": "0x" + "00" * 32, "total": 1}, "is not a claims file"),
        ({"root": "0x12", "total": 1, "claims": []}, "is not 32 bytes of 0x hex"),
        ({"root": "zz" * 33, "total": 1, "claims": []}, "is not 32 bytes of 0x hex"),
        ({"root": "0x" + "00" * 32, "total": "many", "claims": []}, "must be integers"),
        ({"root": "0x" + "00" * 32, "total": 1, "claims": [{"index": 0}]}, "name an account"),
    ],
)
def test_malformed_claims_files(tmp_path: Path, doc: object, message: str) -> None:
    with pytest.raises(ClaimsFileError, match=message) as info:
        read_claims_file(_write(tmp_path / "c.json", doc))
    assert isinstance(info.value, ValueError) and isinstance(info.value, AuguryError)
    assert str(info.value).startswith(str(tmp_path / "c.json"))


def test_not_json_and_unreadable(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text("{not json")
    with pytest.raises(ClaimsFileError, match="is not a claims file"):
        read_claims_file(tmp_path / "c.json")
    with pytest.raises(AuguryFileError, match="cannot read") as info:
        read_claims_file(tmp_path / "missing.json")
    assert isinstance(info.value, OSError)


def test_proposal_flags() -> None:
    assert proposal_kind("rewards") is Kind.REWARDS
    with pytest.raises(ValueError, match="unknown proposal kind 'coup': use dataset, adopt"):
        proposal_kind("coup")
    assert bytes32("0x" + "ab" * 32) == b"\xab" * 32 == bytes32("ab" * 32)
    with pytest.raises(AuguryError, match="--root is not hex"):
        bytes32("0xnothex", "--root")
    with pytest.raises(ValueError, match="root must be 32 bytes"):
        bytes32("0xabcd")
