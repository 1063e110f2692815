"""The one way tests run the ``augury`` command.

:class:`Cli` runs ``augury ARGS`` the way a user does, ``python -m augury`` in a
subprocess, or, with ``in_process=True``, through typer's runner on the same
``augury.cli.app`` (much faster; each call still loads and saves the chain state
file, as separate invocations do). Either way the command sees an environment
without the developer's ``AUGURY_*`` variables and with its own ``AUGURY_HOME``, so
no state leaks in from the machine or between tests, and either way it returns a
:class:`Result` with the exit status and the two streams apart.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TIMEOUT = 300


@dataclass(frozen=True)
class Result:
    """What one run of the command left: exit status, stdout, stderr."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Both streams, for a test that only looks for a word."""
        return self.stdout + self.stderr

    def json(self) -> Any:
        """stdout as the one JSON document ``--format json`` promises."""
        return json.loads(self.stdout)

    def error_line(self, code: int = 2) -> str:
        """The single ``augury: error: ...`` line of a user error (exit status ``code``),
        after checking that it is one line and no traceback."""
        assert self.returncode == code, (self.returncode, self.stdout, self.stderr)
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith("augury: error: "), self.stderr
        assert "Traceback" not in self.stderr
        return lines[0]


class Cli:
    """``augury`` with a private home: ``home`` if given, else a fresh one per call.

    ``env`` adds variables to every call (``AUGURY_HOME`` in it wins over ``home``);
    a call's own ``env`` adds more.
    """

    def __init__(
        self,
        home: Path | None = None,
        *,
        in_process: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.home = home
        self.in_process = in_process
        self.env = dict(env or {})

    def _overrides(self, env: Mapping[str, str] | None) -> dict[str, str]:
        home = self.home or Path(tempfile.mkdtemp(prefix="augury-home-"))
        return {"AUGURY_HOME": str(home), **self.env, **(env or {})}

    def __call__(self, *args: str, env: Mapping[str, str] | None = None) -> Result:
        overrides = self._overrides(env)
        if self.in_process:
            return _in_process(list(args), overrides)
        clean = {k: v for k, v in os.environ.items() if not k.startswith("AUGURY_")}
        done = subprocess.run(
            [sys.executable, "-m", "augury", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env={**clean, **overrides},
        )
        return Result(done.returncode, done.stdout, done.stderr)

    def json(self, *args: str, env: Mapping[str, str] | None = None) -> Any:
        """The JSON output of ``augury ARGS --format json``, which must succeed."""
        result = self(*args, "--format", "json", env=env)
        assert result.returncode == 0, (result.stdout, result.stderr)
        return result.json()

    def error(self, *args: str, code: int = 2, env: Mapping[str, str] | None = None) -> str:
        """The one-line error of ``augury ARGS``, which must fail with ``code``."""
        return self(*args, env=env).error_line(code)


def _in_process(args: list[str], overrides: Mapping[str, str]) -> Result:
    from typer.testing import CliRunner

    from augury.cli import app

    # the runner sets these for the call and restores them after; None unsets
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("AUGURY_")}
    env.update(overrides)
    r = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    return Result(r.exit_code, r.stdout, r.stderr)
