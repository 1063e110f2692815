"""The corpus's 33 malicious cases: drainer patterns from public incident reports, each a
:class:`~augury.guard.corpus.scenarios.Scenario` built on a
:class:`~augury.guard.corpus.scenarios.World`."""

from __future__ import annotations

from augury.guard.corpus.orders import blur, listing, looksrare, looksrare_v1, seaport, seaport_bulk
from augury.guard.corpus.scenarios import (
    ETH,
    MAX,
    SCAM_ADDRESS,
    Scenario,
    authorize,
    dai_permit,
    permit,
    permit2,
    raw_tx,
    rlp_tx_bytes,
    tx,
    typed,
)

S = Scenario

MALICIOUS: tuple[Scenario, ...] = (
    # -- malicious: approvals and permits ---------------------------------------------------
    S(
        "approve unlimited to an EOA",
        True,
        "approval_farming",
        lambda w: tx(w, w.usd, w.usd.approve.calldata(w.attacker, MAX)),
    ),
    S(
        "approve unlimited to an unknown contract",
        True,
        "approval_farming",
        lambda w: tx(w, w.eth, w.eth.approve.calldata(w.drainer, MAX)),
    ),
    S(
        "increaseAllowance to an EOA",
        True,
        "approval_farming",
        lambda w: tx(
            w, w.usd, bytes.fromhex("39509351") + w.usd.approve.calldata(w.attacker, 10**24)[4:]
        ),
    ),
    S(
        "EIP-2612 permit, unlimited, to an EOA",
        True,
        "permit_farming",
        lambda w: permit(w, w.attacker, MAX),
    ),
    S(
        "EIP-2612 permit to an unknown contract",
        True,
        "permit_farming",
        lambda w: permit(w, w.drainer.address, 5000 * ETH),
    ),
    S(
        "DAI permit allowed=true to an EOA",
        True,
        "permit_farming",
        lambda w: dai_permit(w, w.attacker),
    ),
    S(
        "Permit2 PermitSingle unlimited to an EOA",
        True,
        "permit_farming",
        lambda w: permit2(w, "PermitSingle", w.attacker, [w.usd.address], 2**160 - 1),
    ),
    S(
        "Permit2 PermitBatch of two tokens to an EOA",
        True,
        "permit_farming",
        lambda w: permit2(w, "PermitBatch", w.attacker, [w.usd.address, w.eth.address], 2**160 - 1),
    ),
    S(
        "Permit2 PermitTransferFrom to an EOA",
        True,
        "permit_farming",
        lambda w: permit2(w, "PermitTransferFrom", w.attacker, [w.usd.address], 10**24),
    ),
    S(
        "Permit2 PermitBatchTransferFrom to an unknown contract",
        True,
        "permit_farming",
        lambda w: permit2(
            w, "PermitBatchTransferFrom", w.drainer.address, [w.usd.address, w.eth.address], 10**24
        ),
    ),
    S(
        "setApprovalForAll ERC-721 to an EOA",
        True,
        "set_approval_for_all",
        lambda w: tx(w, w.nft, w.nft.setApprovalForAll.calldata(w.attacker, True)),
    ),
    S(
        "setApprovalForAll ERC-1155 to an unknown contract",
        True,
        "set_approval_for_all",
        lambda w: tx(w, w.multi, w.multi.setApprovalForAll.calldata(w.drainer, True)),
    ),
    # -- malicious: marketplace orders -------------------------------------------------------
    S(
        "Seaport listing for 0, proceeds to the attacker",
        True,
        "seaport_farming",
        lambda w: seaport(w, listing(w, 1, 0.0)),
    ),
    S(
        "Seaport listing paying the seller 1%",
        True,
        "seaport_farming",
        lambda w: seaport(w, listing(w, 10 * ETH, 0.01)),
    ),
    S(
        "Seaport bulk order with a free leaf",
        True,
        "seaport_farming",
        lambda w: seaport_bulk(w, [listing(w, ETH, 0.975), listing(w, 1, 0.0)]),
    ),
    S("Blur listing at price 0", True, "blur_farming", lambda w: blur(w, 1, 0)),
    S(
        "Blur bulk Root signature",
        True,
        "blur_farming",
        lambda w: typed(
            w,
            "Root",
            {"Root": [{"name": "root", "type": "bytes32"}]},
            {"name": "Blur Exchange", "version": "1.0", "chainId": 1},
            {"root": "0x" + "ab" * 32},
        ),
    ),
    S("LooksRare v2 ask at price 0", True, "looksrare_farming", lambda w: looksrare(w, 0)),
    S(
        "LooksRare v1 ask with minPercentageToAsk 0",
        True,
        "looksrare_farming",
        lambda w: looksrare_v1(w, ETH, 0),
    ),
    # -- malicious: blind signatures ---------------------------------------------------------
    S(
        "eth_sign of a raw hash",
        True,
        "raw_signature_farming",
        lambda w: {"method": "eth_sign", "params": [w.user.address, "0x" + "5a" * 32]},
    ),
    S(
        "personal_sign of a 32-byte hash",
        True,
        "personal_sign_hash",
        lambda w: {"method": "personal_sign", "params": ["0x" + "c3" * 32, w.user.address]},
    ),
    S(
        "personal_sign of an RLP transaction",
        True,
        "personal_sign_hash",
        lambda w: {
            "method": "personal_sign",
            "params": ["0x" + rlp_tx_bytes(w).hex(), w.user.address],
        },
    ),
    # -- malicious: transfers ----------------------------------------------------------------
    S(
        "ERC-20 transfer to a poisoned lookalike",
        True,
        "address_poisoning",
        lambda w: tx(w, w.usd, w.usd.transfer.calldata(w.poison, 50 * ETH)),
    ),
    S(
        "ETH transfer to a poisoned lookalike",
        True,
        "address_poisoning",
        lambda w: tx(w, w.poison, value=2 * ETH),
    ),
    S(
        "fake claim() forwarding ETH to an EOA",
        True,
        "transfer_farming",
        lambda w: tx(w, w.drainer, bytes.fromhex("4e71d92d"), ETH // 10),
    ),
    S(
        "fake SecurityUpdate() forwarding ETH",
        True,
        "transfer_farming",
        lambda w: tx(w, w.drainer, w.drainer.SecurityUpdate.calldata(), 3 * ETH),
    ),
    S(
        "claimRewards() as a signed raw transaction",
        True,
        "transfer_farming",
        lambda w: raw_tx(w, w.drainer.address, ETH, w.drainer.claimRewards.calldata()),
    ),
    S(
        "transfer to a reported scam address",
        True,
        "known_scam_address",
        lambda w: tx(w, w.usd, w.usd.transfer.calldata(SCAM_ADDRESS, ETH)),
    ),
    S(
        "tokens sent to the token contract",
        True,
        "transfer_to_token_contract",
        lambda w: tx(w, w.usd, w.usd.transfer.calldata(w.usd.address, 10 * ETH)),
    ),
    # -- malicious: EIP-7702 -----------------------------------------------------------------
    S(
        "EIP-7702 delegation to a sweeper",
        True,
        "delegation_not_allowlisted",
        lambda w: tx(
            w,
            w.user.address,
            w.sweeper.sweep.calldata(w.attacker),
            type="0x4",
            authorizationList=[authorize(w, w.sweeper.address)],
        ),
    ),
    S(
        "EIP-7702 delegation on every chain (chainId 0)",
        True,
        "delegation_not_allowlisted",
        lambda w: tx(w, w.user.address, authorizationList=[authorize(w, w.drainer.address, 0)]),
    ),
    # -- malicious: phishing origins ---------------------------------------------------------
    S(
        "login message on a listed phishing domain",
        True,
        "malicious_domain",
        lambda w: {
            "method": "personal_sign",
            "params": ["0x" + b"Sign in to claim your airdrop".hex(), w.user.address],
        },
        origin="https://myetherwallett.com",
    ),
    S(
        "approval on a brand lookalike domain",
        True,
        "malicious_domain",
        lambda w: tx(w, w.usd, w.usd.approve.calldata(w.swap, 100 * ETH)),
        origin="https://0pensea.io",
    ),
)
