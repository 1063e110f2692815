"""``augury judge`` against a real Hardhat node, as separate processes: a long-running
``serve`` answers a request made by another process, with a proof that ``verdict`` and
``watch`` re-verify; a wrong answer is disproved on chain (``Judge.disprove`` runs the
verifier on the node) by a watcher signing with its own key. The node's state is
restored after each test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from augury.chain import Chain
from augury.chain.hardhat import HardhatNode
from augury.proof import FloatDense, write_onnx

pytestmark = pytest.mark.integration


def _layers() -> list[FloatDense]:
    import numpy as np

    rng = np.random.default_rng(11)
    return [
        FloatDense(rng.standard_normal((6, 4)), rng.standard_normal(6) * 0.1, "relu"),
        FloatDense(rng.standard_normal((2, 6)), rng.standard_normal(2) * 0.1, "identity"),
    ]


class Cli:
    def __init__(self, url: str, home: Path) -> None:
        self.url, self.home = url, home
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AUGURY_")}
        self.env["AUGURY_HOME"] = str(home / "home")

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "augury", *args, "--rpc", self.url],
            capture_output=True,
            text=True,
            timeout=120,
            env=self.env,
            cwd=self.home,
        )

    def ok_json(self, *args: str) -> Any:
        r = self(*args, "--format", "json")
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)


def test_serve_answers_requests_from_another_process(
    hardhat_node: HardhatNode, tmp_path: Path
) -> None:
    url = hardhat_node.url
    augury = Cli(url, tmp_path)
    ok_json, env = augury.ok_json, augury.env

    write_onnx(_layers(), tmp_path / "m.onnx")
    (tmp_path / "in.json").write_text(json.dumps({"input_data": [[1.0, -0.5, 0.2, 0.0]]}))
    chain = Chain.connect(url)
    snap = chain.snapshot()
    server: subprocess.Popen[str] | None = None
    rid: object = None
    try:
        ok_json("deploy")
        reg = ok_json(
            "judge", "register", "--model", "m.onnx", "--reveal-delay", "60", "--quota", "3"
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "augury",
                "judge",
                "serve",
                "--model",
                "m.onnx",
                "--rpc",
                url,
                "--interval",
                "0.2",
                "--format",
                "json",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        rid = ok_json("judge", "ask", "--model-id", str(reg["model_id"]), "--input", "in.json")[
            "request_id"
        ]
        deadline = time.monotonic() + 60
        verdict: dict[str, object] = {}
        while time.monotonic() < deadline:
            verdict = ok_json("judge", "verdict", "--request-id", str(rid))
            if verdict["status"] != "pending":
                break
            time.sleep(0.5)
        assert verdict["status"] == "answered" and verdict["proof_valid"] is True, verdict
        watched = augury("judge", "watch", "--once", "--format", "json")
        assert json.loads(watched.stdout.splitlines()[0])["proof_valid"] is True
        bad = augury("judge", "ask", "--model-id", "99", "--input", "in.json")
        assert bad.returncode == 2 and bad.stderr.strip().endswith("unknown model")
    finally:
        if server is not None:
            server.terminate()
            out, _ = server.communicate(timeout=30)
            answered = [json.loads(line) for line in out.splitlines() if line.strip()]
            assert rid is None or any(a.get("request_id") == rid for a in answered), out
        chain.revert(snap)


WATCHER_KEY = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"  # dev account 1


def test_a_wrong_answer_is_disproved_on_the_node(
    hardhat_node: HardhatNode, tmp_path: Path
) -> None:
    from augury.judge.registry import activated, decode_statement_input
    from augury.judge.store import BlobStore
    from augury.proof import load_model, prove_quantized
    from augury.protocol import JudgeClient, RequestInfo, contract, load_deployment

    cli = Cli(hardhat_node.url, tmp_path)
    write_onnx(_layers(), tmp_path / "m.onnx")
    (tmp_path / "in.json").write_text(json.dumps({"input_data": [[0.3, 0.1, -2.0, 1.0]]}))
    chain = Chain.connect(hardhat_node.url)
    snap = chain.snapshot()
    try:
        cli.ok_json("deploy")
        mid = cli.ok_json(
            "judge", "register", "--model", "m.onnx", "--reveal-delay", "60", "--quota", "3"
        )["model_id"]
        rid = cli.ok_json("judge", "ask", "--model-id", str(mid), "--input", "in.json")[
            "request_id"
        ]
        # the operator (dev account 0) answers with an output its proof does not attest
        load_deployment(chain, tmp_path / "home" / "deployments" / f"{chain.chain_id}.json")
        judge, token = contract(chain, "Judge"), contract(chain, "Token")
        operator, watcher = chain.accounts[0], chain.accounts[1]
        model = load_model(tmp_path / "m.onnx")
        store = BlobStore(tmp_path / "home" / "blobs")
        x_q = decode_statement_input(store.get(RequestInfo.read(judge, rid).input_hash))
        z, proof = prove_quantized(model, x_q)
        honest = activated(z, model.layers[-1].activation)
        wrong = [v + 5 if i == 0 else v for i, v in enumerate(honest)]
        JudgeClient(judge).answer(rid, wrong, proof.to_bytes(), sender=operator)
        token.transfer(watcher, 100 * 10**18, sender=operator)

        lines = cli("judge", "watch", "--once", "--key", WATCHER_KEY, "--format", "json")
        assert lines.returncode == 0, lines.stderr
        seen = json.loads(lines.stdout.splitlines()[0])
        # disputed: the watcher disproves it on chain (the verifier runs on the node)
        assert (seen["request_id"], seen["proof_valid"], seen["challenged"]) == (rid, False, True)
        assert cli.ok_json("judge", "rule") == []  # nothing left for the jury
        v = cli.ok_json("judge", "verdict", "--request-id", str(rid))
        assert (v["status"], v["proof_valid"]) == ("overturned", False)
        assert judge.bondOf(mid) == 0  # slashed to the watcher
        again = cli("judge", "ask", "--model-id", str(mid), "--input", "in.json")
        assert again.returncode == 2 and again.stderr.strip().endswith("slashed")
    finally:
        chain.revert(snap)
