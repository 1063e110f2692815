"""The corpus's cases: 33 malicious patterns from public incident reports, 24 everyday
benign requests, each a :class:`~augury.guard.scenarios.Scenario` built on a
:class:`~augury.guard.scenarios.World`."""

from __future__ import annotations

from typing import Any

from augury.guard.scenario_orders import (
    blur,
    looksrare,
    looksrare_v1,
    seaport,
    seaport_bulk,
    seaport_order,
)
from augury.guard.scenarios import (
    ETH,
    FEE_RECIPIENT,
    MAX,
    OPENSEA_CONDUIT,
    PERMIT2_ADDRESS,
    SCAM_ADDRESS,
    UNIVERSAL_ROUTER,
    Scenario,
    World,
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
NFT, ERC1155, NATIVE = 2, 3, 0


def _listing(w: World, price: int, to_user: float) -> dict[str, Any]:
    """A Seaport listing of NFT #1 for ``price`` wei, ``to_user`` of it to the seller."""
    mine = int(price * to_user)
    cons: list[tuple[int, str, int, int, str]] = []
    if mine:
        cons.append((NATIVE, "0x" + "00" * 20, 0, mine, w.user.address))
    cons.append(
        (NATIVE, "0x" + "00" * 20, 0, price - mine, w.attacker if to_user < 0.5 else FEE_RECIPIENT)
    )
    return seaport_order(w, [(NFT, w.nft.address, 1, 1)], cons)


SCENARIOS: tuple[Scenario, ...] = (
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
        lambda w: seaport(w, _listing(w, 1, 0.0)),
    ),
    S(
        "Seaport listing paying the seller 1%",
        True,
        "seaport_farming",
        lambda w: seaport(w, _listing(w, 10 * ETH, 0.01)),
    ),
    S(
        "Seaport bulk order with a free leaf",
        True,
        "seaport_farming",
        lambda w: seaport_bulk(w, [_listing(w, ETH, 0.975), _listing(w, 1, 0.0)]),
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
    # -- benign ------------------------------------------------------------------------------
    S("ETH to a known contact", False, "transfer", lambda w: tx(w, w.friend.address, value=ETH)),
    S(
        "ERC-20 transfer to a known contact",
        False,
        "transfer",
        lambda w: tx(w, w.usd, w.usd.transfer.calldata(w.friend, 25 * ETH)),
    ),
    S("ETH to a new address", False, "transfer", lambda w: tx(w, "0x" + "12" * 20, value=ETH // 2)),
    S(
        "signed raw ETH transfer to a contact",
        False,
        "transfer",
        lambda w: raw_tx(w, w.friend.address, ETH),
    ),
    S(
        "approve an exact amount to the exchange",
        False,
        "approval",
        lambda w: tx(w, w.eth, w.eth.approve.calldata(w.swap, 5 * ETH)),
    ),
    S(
        "unlimited approve to Permit2",
        False,
        "approval",
        lambda w: tx(w, w.eth, w.eth.approve.calldata(PERMIT2_ADDRESS, MAX)),
    ),
    S(
        "revoke an approval",
        False,
        "approval",
        lambda w: tx(w, w.usd, w.usd.approve.calldata(w.attacker, 0)),
    ),
    S(
        "swap tokens on the exchange",
        False,
        "swap",
        lambda w: tx(w, w.swap, w.swap.swap.calldata(w.usd, 10 * ETH, w.eth, 9 * ETH)),
        origin="https://app.uniswap.org",
    ),
    S(
        "buy tokens with ETH",
        False,
        "swap",
        lambda w: tx(w, w.swap, w.swap.buy.calldata(w.usd, ETH), ETH),
    ),
    S(
        "EIP-2612 permit to the exchange",
        False,
        "permit",
        lambda w: permit(w, w.swap.address, 10 * ETH),
    ),
    S(
        "Permit2 PermitSingle to the Universal Router",
        False,
        "permit",
        lambda w: permit2(w, "PermitSingle", UNIVERSAL_ROUTER, [w.usd.address], 10 * ETH),
        origin="https://app.uniswap.org",
    ),
    S(
        "Permit2 PermitTransferFrom to the Universal Router",
        False,
        "permit",
        lambda w: permit2(w, "PermitTransferFrom", UNIVERSAL_ROUTER, [w.usd.address], ETH),
    ),
    S(
        "setApprovalForAll to the OpenSea conduit",
        False,
        "marketplace",
        lambda w: tx(w, w.nft, w.nft.setApprovalForAll.calldata(OPENSEA_CONDUIT, True)),
        origin="https://opensea.io",
    ),
    S(
        "revoke setApprovalForAll",
        False,
        "marketplace",
        lambda w: tx(w, w.nft, w.nft.setApprovalForAll.calldata(w.attacker, False)),
    ),
    S(
        "Seaport listing at a fair price with a 2.5% fee",
        False,
        "marketplace",
        lambda w: seaport(w, _listing(w, ETH, 0.975)),
        origin="https://opensea.io",
    ),
    S(
        "Seaport offer: WETH for an NFT",
        False,
        "marketplace",
        lambda w: seaport(
            w,
            seaport_order(
                w, [(1, w.eth.address, 0, ETH)], [(NFT, w.nft.address, 9, 1, w.user.address)]
            ),
        ),
    ),
    S("Blur listing at 2 ETH", False, "marketplace", lambda w: blur(w, 1, 2 * ETH)),
    S(
        "LooksRare v2 ask at 1 ETH",
        False,
        "marketplace",
        lambda w: looksrare(w, ETH),
        origin="https://looksrare.org",
    ),
    S(
        "NFT safeTransferFrom to a contact",
        False,
        "transfer",
        lambda w: tx(w, w.nft, w.nft.safeTransferFrom.calldata(w.user, w.friend, 2)),
    ),
    S(
        "ERC-1155 transfer to a contact",
        False,
        "transfer",
        lambda w: tx(w, w.multi, w.multi.safeTransferFrom.calldata(w.user, w.friend, 7, 2, b"")),
    ),
    S(
        "EIP-7702 delegation to the allowlisted delegate",
        False,
        "delegation",
        lambda w: tx(w, w.user.address, authorizationList=[authorize(w, w.delegate.address)]),
    ),
    S(
        "Sign-In with Ethereum message",
        False,
        "login",
        lambda w: {
            "method": "personal_sign",
            "params": [
                "0x"
                + (
                    "app.uniswap.org wants you to sign in with your Ethereum account:\n"
                    + w.user.address
                    + "\n\nURI: https://app.uniswap.org\nVersion: 1\n"
                    "Chain ID: 1\nNonce: 32891756\nIssued At: 2026-01-01T00:00:00Z"
                )
                .encode()
                .hex(),
                w.user.address,
            ],
        },
        origin="https://app.uniswap.org",
    ),
    S(
        "EIP-712 mail (the EIP's example)",
        False,
        "typed",
        lambda w: typed(
            w,
            "Mail",
            {
                "Person": [
                    {"name": "name", "type": "string"},
                    {"name": "wallet", "type": "address"},
                ],
                "Mail": [
                    {"name": "from", "type": "Person"},
                    {"name": "to", "type": "Person"},
                    {"name": "contents", "type": "string"},
                ],
            },
            {
                "name": "Ether Mail",
                "version": "1",
                "chainId": 1,
                "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
            },
            {
                "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
                "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
                "contents": "Hello, Bob!",
            },
        ),
    ),
    S(
        "deploy a contract",
        False,
        "deploy",
        lambda w: {
            "method": "eth_sendTransaction",
            "params": [{"from": w.user.address, "data": "0x" + _contract_initcode().hex()}],
        },
    ),
)


def _contract_initcode() -> bytes:
    from augury.contracts import compile_contract

    return compile_contract("Multi1155").bytecode  # no constructor arguments
