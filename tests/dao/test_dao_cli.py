"""``augury dao`` as a user runs it, on the embedded chain shared through a state file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import Cli, Result


def run(home: Path, *args: str) -> Result:
    return Cli(home)(*args)


def test_submit_vote_execute_and_errors(tmp_path: Path) -> None:
    assert run(tmp_path, "deploy").returncode == 0
    batch = tmp_path / "b.jsonl"
    batch.write_text(
        '{"domain": "uniswap.org", "label": 0}\n{"domain": "x-claim.io", "label": 1}\n'
    )
    out = run(tmp_path, "dao", "submit", "--batch", str(batch), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["examples"] == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"domain": "x.io"}\n')
    err = run(tmp_path, "dao", "submit", "--batch", str(bad))
    assert err.returncode == 2 and "line 1" in err.stderr and "Traceback" not in err.stderr
    assert (
        run(
            tmp_path, "dao", "propose", "--kind", "adopt", "--num", "4", "--lock", "2000"
        ).returncode
        == 0
    )
    assert run(tmp_path, "dao", "vote", "--proposal-id", "1").returncode == 0
    early = run(tmp_path, "dao", "vote", "--proposal-id", "1", "--execute")
    assert early.returncode == 2 and "voting open" in early.stderr
    again = run(tmp_path, "dao", "vote", "--proposal-id", "1")
    assert again.returncode == 2 and "already voted" in again.stderr
    assert run(tmp_path, "chain", "advance", "300000").returncode == 0
    assert run(tmp_path, "dao", "vote", "--proposal-id", "1", "--execute").returncode == 0
    status = json.loads(run(tmp_path, "dao", "status", "--format", "json").stdout)
    assert status["adopted_model"] == 4 and status["batches"] == 1
    nokind = run(tmp_path, "dao", "propose", "--kind", "coup")
    assert nokind.returncode == 2 and "unknown proposal kind" in nokind.stderr
