"""``augury agent run`` as its own process, trading markets on a real Hardhat node."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from augury.chain import Chain
from augury.chain.hardhat import HardhatNode
from augury.market.questions import Question, write_questions
from augury.protocol import MarketsClient, Rule, deploy_protocol, save_deployment

pytestmark = pytest.mark.integration
E18 = 10**18


@pytest.mark.parametrize("sizing", ["cara", "kelly"])
def test_an_agent_process_trades_open_markets(
    hardhat_node: HardhatNode, tmp_path: Path, sizing: str
) -> None:
    chain = Chain.connect(hardhat_node.url)
    contracts = deploy_protocol(chain)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUGURY_")}
    env["AUGURY_HOME"] = str(home)
    save_deployment(chain, home / "deployments" / f"{chain.chain_id}.json")
    rows = [("q1", "metamask.io", 0), ("q2", "uniswap.org", 0)]
    qfile = tmp_path / "q.jsonl"
    write_questions(qfile, rows)
    owner, trader = chain.accounts[0], chain.accounts[5]
    token, markets = contracts["Token"], contracts["Markets"]
    token.transfer(trader, 1000 * E18, sender=owner)
    token.approve(markets, 2**256 - 1, sender=owner)
    client = MarketsClient(markets, owner)
    close = chain.timestamp() + 3600
    ids = [client.create(Question(i, d).text, 20 * E18, close, Rule.REFUND) for i, d, _ in rows]
    key = "0x" + bytes(chain.signer(trader).key).hex()
    result = subprocess.run(
        [sys.executable, "-m", "augury", "agent", "run", "--rpc", hardhat_node.url, "--key", key,
         "--strategy", "list-lookup", "--questions", str(qfile), "--once", "--format", "json",
         "--sizing", sizing],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["account"] == trader.address and out["seen"] == 2
    assert {t["market"] for t in out["trades"]} == set(ids)
    for m in ids:  # the allow-listed domains were bought as NO (not a scam)
        assert client.position(m, trader).no > 0
    assert key not in result.stdout and key[2:] not in result.stderr


def test_an_unknown_sizing_is_one_line(tmp_path: Path) -> None:
    qfile = tmp_path / "q.jsonl"
    write_questions(qfile, [("q1", "metamask.io", 0)])
    result = subprocess.run(
        [sys.executable, "-m", "augury", "agent", "run", "--strategy", "list-lookup",
         "--questions", str(qfile), "--once", "--sizing", "martingale"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "--sizing" in result.stderr
