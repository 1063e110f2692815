"""Every vendored file is listed in PROVENANCE.md with its licence and the sha256 it has."""

from __future__ import annotations

import hashlib
import re

from augury.data.phishing import FILES


def test_provenance_lists_every_data_file_with_its_hash() -> None:
    text = (FILES / "PROVENANCE.md").read_text()
    rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", text, flags=re.M)
    listed = dict(rows)
    data_files = {
        p.relative_to(FILES).as_posix()
        for p in FILES.rglob("*")
        if p.is_file() and p.suffix in (".json", ".csv")
    }
    assert set(listed) == data_files
    for name, digest in listed.items():
        assert hashlib.sha256((FILES / name).read_bytes()).hexdigest() == digest, name
        assert (FILES / name).parent.joinpath("LICENSE").is_file(), name
