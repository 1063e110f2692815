"""Start and stop a local Hardhat node, for tests, benchmarks and demos.

The node comes from ``tools/hardhat`` (installed by ``make setup`` with
``npm ci`` from a committed lock file). It listens on 127.0.0.1 only, on a free
port, and is stopped with its whole process group.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import requests

from augury.errors import ChainConnectionError, ConfigError

REPO_ROOT = Path(__file__).resolve().parents[3]


def hardhat_dir() -> Path:
    """Where the Hardhat project lives: ``$AUGURY_HARDHAT_DIR`` or ``tools/hardhat``."""
    return Path(os.environ.get("AUGURY_HARDHAT_DIR") or REPO_ROOT / "tools" / "hardhat")


def hardhat_bin() -> Path:
    path = hardhat_dir() / "node_modules" / ".bin" / "hardhat"
    if not path.exists():
        raise ConfigError(f"Hardhat is not installed at {path}: run `make setup`")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HardhatNode:
    """A Hardhat node on 127.0.0.1; use as a context manager or call start/stop."""

    def __init__(self, port: int | None = None, startup_timeout: float = 90.0) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (lives as long as the node)
            prefix="hardhat-", suffix=".log", delete=False
        )

    def start(self) -> HardhatNode:
        if shutil.which("node") is None:
            raise ConfigError("Node.js is not installed: Hardhat needs `node` on PATH")
        self._proc = subprocess.Popen(
            [str(hardhat_bin()), "node", "--hostname", "127.0.0.1", "--port", str(self.port)],
            cwd=hardhat_dir(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "HARDHAT_DISABLE_TELEMETRY_PROMPT": "true"},
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise ChainConnectionError(
                    f"Hardhat node exited with {self._proc.returncode}: {self.log_tail()}"
                )
            try:
                r = requests.post(
                    self.url,
                    json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []},
                    timeout=2,
                )
                if r.ok and "result" in r.json():
                    return self
            except (requests.RequestException, ValueError):
                pass
            time.sleep(0.25)
        self.stop()
        raise ChainConnectionError(f"Hardhat node did not start in {self.startup_timeout:g} s")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return " | ".join(Path(self._log.name).read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self._log.close()
        with contextlib.suppress(OSError):
            os.unlink(self._log.name)

    def __enter__(self) -> HardhatNode:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
