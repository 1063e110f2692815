"""The corpus's 24 benign cases: everyday requests a guard must let through, each a
:class:`~augury.guard.corpus.scenarios.Scenario` built on a
:class:`~augury.guard.corpus.scenarios.World`."""

from __future__ import annotations

from augury.guard.corpus.orders import NFT, blur, listing, looksrare, seaport, seaport_order
from augury.guard.corpus.scenarios import (
    ETH,
    MAX,
    OPENSEA_CONDUIT,
    PERMIT2_ADDRESS,
    UNIVERSAL_ROUTER,
    Scenario,
    authorize,
    domain,
    permit,
    permit2,
    raw_tx,
    tx,
    typed,
)

S = Scenario

BENIGN: tuple[Scenario, ...] = (
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
        lambda w: seaport(w, listing(w, ETH, 0.975)),
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
            domain("Ether Mail", "1", 1, "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"),
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
