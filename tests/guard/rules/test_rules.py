"""Each rule, positive and negative, through ``check`` on the corpus world."""

from __future__ import annotations

from typing import Any

import pytest

from augury.guard import GuardReport, check
from augury.guard.corpus.orders import blur, looksrare
from augury.guard.corpus.scenarios import (
    ETH,
    MAX,
    OPENSEA_CONDUIT,
    SCAM_ADDRESS,
    World,
    authorize,
    permit,
    permit2,
    rlp_tx_bytes,
    tx,
)


def run(world: World, request: dict[str, Any], **kw: Any) -> GuardReport:
    return check(request, chain=world.chain, policy=world.policy, use_model=False, **kw)


def fired(report: GuardReport) -> dict[str, str]:
    return {f.rule: f.severity for f in report.findings}


def test_approval_farming(world: World) -> None:
    eoa = run(world, tx(world, world.usd, world.usd.approve.calldata(world.attacker, 5)))
    assert fired(eoa)["approval_farming"] == "block"
    contract = run(world, tx(world, world.usd, world.usd.approve.calldata(world.drainer, MAX)))
    assert fired(contract)["approval_farming"] == "warn"
    bounded = run(world, tx(world, world.usd, world.usd.approve.calldata(world.drainer, 5)))
    assert "approval_farming" not in fired(bounded)
    trusted = run(world, tx(world, world.usd, world.usd.approve.calldata(world.swap, MAX)))
    assert fired(trusted)["approval_farming"] == "info" and trusted.verdict == "allow"


def test_permit_farming(world: World) -> None:
    assert fired(run(world, permit(world, world.attacker, 1)))["permit_farming"] == "block"
    unknown = run(
        world, permit2(world, "PermitSingle", world.drainer.address, [world.usd.address], 1)
    )
    assert fired(unknown)["permit_farming"] == "warn"
    assert "permit_farming" not in fired(run(world, permit(world, world.swap.address, 1)))


def test_permit_without_a_chain_is_unknown_not_safe(world: World) -> None:
    report = check(permit(world, world.attacker, MAX), use_model=False)
    assert report.verdict == "warn"
    assert fired(report)["permit_farming"] == "warn"


def test_set_approval_for_all(world: World) -> None:
    bad = run(
        world, tx(world, world.nft, world.nft.setApprovalForAll.calldata(world.attacker, True))
    )
    assert fired(bad)["set_approval_for_all"] == "block"
    ok = run(
        world, tx(world, world.nft, world.nft.setApprovalForAll.calldata(OPENSEA_CONDUIT, True))
    )
    assert "set_approval_for_all" not in fired(ok)
    off = run(
        world, tx(world, world.nft, world.nft.setApprovalForAll.calldata(world.attacker, False))
    )
    assert "set_approval_for_all" not in fired(off)


def test_marketplace_farming(world: World) -> None:
    assert fired(run(world, blur(world, 1, 0)))["blur_farming"] == "block"
    assert "blur_farming" not in fired(run(world, blur(world, 1, ETH)))
    assert "blur_farming" not in fired(run(world, blur(world, 0, 0)))  # a bid pays, not sells
    assert fired(run(world, looksrare(world, 0)))["looksrare_farming"] == "block"


def test_raw_signature_and_personal_sign(world: World) -> None:
    u = world.user.address
    assert fired(run(world, {"method": "eth_sign", "params": [u, "0x" + "11" * 32]})) == {
        "raw_signature_farming": "block"
    }
    assert fired(run(world, {"method": "eth_sign", "params": [u, "0x1234"]})) == {
        "raw_signature_farming": "warn"
    }
    as_tx = {"method": "personal_sign", "params": ["0x" + rlp_tx_bytes(world).hex(), u]}
    assert fired(run(world, as_tx))["personal_sign_hash"] == "block"
    binary = {"method": "personal_sign", "params": ["0xfffe0001", u]}
    assert fired(run(world, binary))["personal_sign_hash"] == "warn"
    text = {"method": "personal_sign", "params": ["0x" + b"gm".hex(), u]}
    assert run(world, text).findings == ()


def test_address_poisoning_and_first_time(world: World) -> None:
    poisoned = run(world, tx(world, world.usd, world.usd.transfer.calldata(world.poison, 1)))
    assert fired(poisoned)["address_poisoning"] == "block"
    friend = run(world, tx(world, world.usd, world.usd.transfer.calldata(world.friend, 1)))
    assert fired(friend) == {}
    stranger = run(world, tx(world, "0x" + "34" * 20, value=1))
    assert fired(stranger) == {"first_time_recipient": "info"} and stranger.verdict == "allow"


def test_history_comes_from_the_chain(world: World) -> None:
    """Without the policy's contacts, the Transfer logs still show who the user paid."""
    from augury.guard import Policy

    report = check(
        tx(world, world.usd, world.usd.transfer.calldata(world.poison, 1)),
        chain=world.chain,
        policy=Policy(),
        use_model=False,
    )
    assert fired(report)["address_poisoning"] == "block"


def test_transfer_to_token_contract_and_scam_address(world: World) -> None:
    self_send = run(world, tx(world, world.usd, world.usd.transfer.calldata(world.usd, 1)))
    assert fired(self_send)["transfer_to_token_contract"] == "warn"
    scam = run(world, tx(world, world.usd, world.usd.transfer.calldata(SCAM_ADDRESS, 1)))
    assert fired(scam)["known_scam_address"] == "block"


def test_transfer_farming(world: World) -> None:
    lure = run(world, tx(world, world.drainer, world.drainer.claim.calldata(), ETH))
    assert fired(lure)["transfer_farming"] == "block"
    assert "You give: 1 ETH" in lure.explanation
    swap = run(world, tx(world, world.swap, world.swap.buy.calldata(world.usd, 1), 1))
    assert "transfer_farming" not in fired(swap)


def test_delegation(world: World) -> None:
    bad = run(
        world,
        tx(world, world.user.address, authorizationList=[authorize(world, world.sweeper.address)]),
    )
    assert fired(bad)["delegation_not_allowlisted"] == "block"
    good = run(
        world,
        tx(world, world.user.address, authorizationList=[authorize(world, world.delegate.address)]),
    )
    assert "delegation_not_allowlisted" not in fired(good)


def test_failed_simulation_is_never_allow(world: World) -> None:
    report = run(world, tx(world, world.usd, world.usd.transfer.calldata(world.friend, 10**40)))
    assert report.verdict == "warn" and fired(report) == {"simulation_failed": "warn"}
    assert report.explanation.startswith("Be careful. Could not verify")


@pytest.mark.parametrize(
    ("origin", "verdict"),
    [("https://myetherwallett.com", "block"), ("https://0pensea.io/x", "warn")],
)
def test_malicious_domain(world: World, origin: str, verdict: str) -> None:
    report = run(
        world, {"method": "personal_sign", "params": ["0x6768", world.user.address]}, origin=origin
    )
    assert report.verdict == verdict and fired(report)["malicious_domain"] == verdict
    assert report.checks["rules"] == "allow"
    assert any("site check flags" in d for d in report.disagreements)
