"""The ``check`` API: verdicts, reports, explanations and the separate checks."""

from __future__ import annotations

import json

import pytest

from augury.guard import GuardError, check, check_site
from augury.guard.corpus.orders import seaport, seaport_order
from augury.guard.corpus.scenarios import ETH, MAX, World, permit, tx
from augury.guard.explain import adds_facts, fmt_amount


def test_signature_requests_need_no_chain() -> None:
    report = check({"method": "eth_sign", "params": ["0x" + "11" * 20, "0x" + "ab" * 32]})
    assert report.verdict == "block" and report.simulation is None
    assert json.loads(json.dumps(report.to_json()))["verdict"] == "block"


def test_report_json_and_explanation(world: World) -> None:
    report = check(
        tx(world, world.usd, world.usd.approve.calldata(world.attacker, MAX)),
        chain=world.chain,
        policy=world.policy,
        use_model=False,
    )
    data = json.loads(json.dumps(report.to_json()))
    assert data["verdict"] == "block"
    assert data["decoded"]["call"]["signature"] == "approve(address,uint256)"
    assert data["grants"][0]["amount"] == str(MAX)
    assert data["simulation"]["approvals"][0]["spender"] == world.attacker
    assert "can take all your aUSD until you revoke" in report.explanation
    assert world.attacker[:6] in report.explanation


def test_seaport_explanation_names_the_receiver(world: World) -> None:
    order = seaport_order(
        world, [(2, world.nft.address, 1, 1)], [(0, "0x" + "00" * 20, 0, ETH, world.attacker)]
    )
    report = check(seaport(world, order), use_model=False)
    assert report.verdict == "block"
    assert "pays you nothing" in report.explanation
    assert world.attacker[:6] in report.explanation


def test_default_chain_simulates_transactions() -> None:
    report = check(
        {
            "method": "eth_sendTransaction",
            "params": [
                {
                    "from": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                    "to": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                    "value": hex(ETH),
                }
            ],
        }
    )
    assert report.verdict == "allow"
    assert report.changes[0].delta == -ETH
    assert "You give: 1 ETH; you get: nothing." in report.explanation


def test_no_sender_cannot_be_verified() -> None:
    report = check({"method": "eth_sendTransaction", "params": [{"to": "0x" + "12" * 20}]})
    assert report.verdict == "warn"


def test_bad_input_is_a_guard_error() -> None:
    with pytest.raises(GuardError):
        check({"method": "eth_chainId", "params": []})
    with pytest.raises(GuardError):
        check_site("not a url at all")


def test_market_signal_disagreement(world: World) -> None:
    report = check(
        permit(world, world.swap.address, 1),
        chain=world.chain,
        policy=world.policy,
        origin="https://opensea.io",
        use_model=False,
        signals=lambda d: 0.97,
    )
    assert report.checks["market"] == "0.97"
    assert any("market prices opensea.io at 0.97" in d for d in report.disagreements)


def test_explain_helpers() -> None:
    assert fmt_amount(15 * 10**17, 18, "ETH") == "1.5 ETH"
    assert fmt_amount(MAX, 18, "aUSD") == "unlimited aUSD"
    assert not adds_facts("Send 1.5 ETH to 0xabcd1234", "You will send 1.5 ETH to 0xabcd1234")
    assert adds_facts("Send 1.5 ETH to 0xabcd1234", "Send 15 ETH to 0xabcd1234")


def test_known_contracts_have_valid_checksums() -> None:
    from eth_utils import is_checksum_address

    from augury.guard.context import MAINNET_KNOWN

    assert all(is_checksum_address(a) for a in MAINNET_KNOWN)


def test_rephrase_falls_back_to_the_template(monkeypatch: pytest.MonkeyPatch) -> None:
    from augury.chain.hardhat import free_port
    from augury.guard.explain import rephrase

    text = "Be careful. You give: 1 ETH; you get: nothing."
    monkeypatch.delenv("AUGURY_LLM_URL", raising=False)
    assert rephrase(text) == text
    monkeypatch.setenv("AUGURY_LLM_URL", f"http://127.0.0.1:{free_port()}/v1")
    assert rephrase(text, timeout=2) == text  # endpoint down: the template stands
