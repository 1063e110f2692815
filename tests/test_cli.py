"""The ``augury`` command, run as a user runs it: a subprocess with exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from augury.chain.hardhat import HardhatNode, free_port
from augury.contracts import available
from tests.helpers import Cli, Result

KEY = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"

augury = Cli()  # a private AUGURY_HOME per call, so no state leaks between calls


def test_version() -> None:
    from augury import __version__

    result = augury("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"augury {__version__}"


def test_chain_info_embedded_json() -> None:
    result = augury("chain", "info", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"backend": "embedded", "chain_id": 31337, "block": 0}


@pytest.mark.integration
def test_chain_info_rpc_json(hardhat_node: HardhatNode) -> None:
    result = augury("chain", "info", "--rpc", hardhat_node.url, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["backend"] == "rpc" and data["chain_id"] == 31337 and data["block"] >= 0
    # the environment variable works the same
    result = augury("chain", "info", "--format", "json", env={"AUGURY_RPC_URL": hardhat_node.url})
    assert json.loads(result.stdout)["backend"] == "rpc"


def test_contracts_build_exports_every_contract(tmp_path: Path) -> None:
    result = augury("contracts", "build", "--out", str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    names = sorted(c["name"] for c in json.loads(result.stdout)["contracts"])
    assert names == available()
    for name in names:
        artifact = json.loads((tmp_path / f"{name}.json").read_text())
        assert artifact["contractName"] == name
        assert isinstance(artifact["abi"], list) and artifact["abi"]
        assert artifact["bytecode"].startswith("0x") and len(artifact["bytecode"]) > 100
        bytes.fromhex(artifact["bytecode"][2:])


def test_run_writes_a_report(tmp_path: Path) -> None:
    result = augury("run", "--out", str(tmp_path / "report"), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert report["backend"] == "embedded"
    stages = {s["name"]: s for s in report["stages"]}
    assert list(stages) == ["protocol", "judge", "market", "guard", "dao"]
    assert "Token" in stages["protocol"]["data"]["contracts"]
    assert "Court" in stages["protocol"]["data"]["contracts"]
    judge = stages["judge"]["data"]
    # the on-chain proof check: the rogue's whitewashed answer is disproved in one tx
    assert judge["rogue"]["outcome"].startswith("disproved on chain")
    # what a proof cannot say goes to the court: overturned, after the operator's appeal
    case = judge["court_case"]
    assert case["outcome"] == "overturned" and case["levels"] == 2
    assert case["operator_loss"] > 0 and case["challenger_gain"] > 0
    guard_rows = stages["guard"]["data"]["rows"]
    assert all(r["verdict"] in ("warn", "block") for r in guard_rows if r["malicious"])
    assert not any(r["verdict"] == "block" for r in guard_rows if not r["malicious"])
    market = stages["market"]["data"]
    assert any(m["sampled"] for m in market["markets"]) and market["gas"]["trade"] <= 120_000
    assert market["jury"]["sampled"] > 0 and market["jury"]["votes"] == market["jury"]["sampled"]
    dao = stages["dao"]["data"]["status"]
    assert dao["dataset_version"] == 1 and dao["adopted_model"] > 0
    assert json.loads(result.stdout) == report


def _assert_user_error(result: Result, needle: str) -> None:
    assert needle in result.error_line()  # exit 2, one line, no traceback


def test_unreachable_rpc_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    _assert_user_error(augury("chain", "info", "--rpc", url), "cannot reach JSON-RPC node")


def test_malformed_rpc_url_is_one_line() -> None:
    _assert_user_error(augury("chain", "info", "--rpc", "localhost:8545"), "invalid RPC URL")


def test_wrong_chain_id_is_one_line() -> None:
    _assert_user_error(augury("chain", "info", "--chain-id", "1"), "wrong chain id")


@pytest.mark.integration
def test_wrong_chain_id_on_a_node(hardhat_node: HardhatNode) -> None:
    result = augury("chain", "info", "--rpc", hardhat_node.url, "--chain-id", "5")
    _assert_user_error(result, "is chain 31337, expected 5")


def test_malformed_private_key_is_one_line_and_not_echoed() -> None:
    bad = KEY[:-3] + "xyz"
    result = augury("chain", "info", "--key", bad)
    _assert_user_error(result, "malformed private key")
    assert bad not in result.stderr
    result = augury("run", "--format", "json", env={"AUGURY_PRIVATE_KEY": bad})
    _assert_user_error(result, "malformed private key")


def test_private_key_is_never_printed(tmp_path: Path) -> None:
    home = {"AUGURY_HOME": str(tmp_path)}
    texts = []
    for args in (["deploy", "--key", KEY], ["chain", "info", "--key", KEY, "--format", "json"]):
        result = augury(*args, env=home)
        assert result.returncode == 0, result.stderr
        texts += [result.stdout, result.stderr]
    texts += [p.read_text() for p in tmp_path.rglob("*.json")]  # the saved chain state too
    for text in texts:
        assert KEY not in text and KEY[:16] not in text


def test_unknown_contract_is_one_line(tmp_path: Path) -> None:
    result = augury("contracts", "build", "--out", str(tmp_path), "--name", "Nope")
    _assert_user_error(result, "unknown contract 'Nope'")
    assert list(tmp_path.iterdir()) == []


def test_embedded_state_is_shared_between_commands(tmp_path: Path) -> None:
    home = {"AUGURY_HOME": str(tmp_path)}
    deployed = augury("deploy", "--format", "json", env=home)
    assert deployed.returncode == 0, deployed.stderr
    contracts = json.loads(deployed.stdout)["contracts"]
    assert set(contracts) >= {"Token", "Judge", "Escrow"}
    info = json.loads(augury("chain", "info", "--format", "json", env=home).stdout)
    # the second process sees the first one's blocks
    assert info["block"] == json.loads(deployed.stdout)["block"] >= len(contracts)
    assert (tmp_path / "embedded-state.json").exists()


def test_damaged_state_file_is_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{not json")
    _assert_user_error(augury("chain", "info", "--state", str(state)), "not valid JSON")


def test_flag_mistakes_are_caught_by_the_capabilities_in_one_line(tmp_path: Path) -> None:
    """Commands no longer re-check flags: the chain, the guard's proxy and RDAP client and
    the contracts' export raise the user error, and the CLI prints it as one line."""
    cli = Cli(tmp_path, in_process=True)
    assert "time only moves forward" in cli.error("chain", "advance", "--", "-5")
    assert "--rdap must be an http(s) URL" in cli.error("guard", "site", "x.com", "--rdap", "ftp://r")
    bad_mode = ("guard", "proxy", "--upstream", "http://127.0.0.1:1", "--mode", "loud")
    assert "--mode must be warn or block" in cli.error(*bad_mode)
    bad_listen = ("guard", "proxy", "--upstream", "http://127.0.0.1:1", "--listen", "here")
    assert "--listen must be HOST:PORT" in cli.error(*bad_listen)
    missing = tmp_path / "nope.json"
    assert "cannot read" in cli.error("guard", "check", "--request", str(missing))
    blocked = tmp_path / "file"
    blocked.write_text("")
    err = cli.error("contracts", "build", "--out", str(blocked / "sub"), "--name", "Token")
    assert "cannot create output directory" in err
