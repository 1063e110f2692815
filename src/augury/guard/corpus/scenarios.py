"""The scenario corpus: real drainer patterns and everyday benign requests.

Each :class:`Scenario` builds one wallet request on a :class:`World` — an embedded chain
with every contract the corpus needs deployed (ERC-20 tokens with EIP-2612, an ERC-721, an
ERC-1155, a fixed-rate exchange, a fake-claim drainer, an EIP-7702 sweeper and a benign
delegate), a user with history (she has paid Bob before) and an attacker's EOA.

Malicious patterns follow public incident reports: permit and Permit2 phishing (Inferno,
Angel and Pink drainers, ScamSniffer's 2023-2024 reports), zero-value Seaport/Blur/LooksRare
listings (Blockaid's *seaport_farming*, *blur_farming*), ``setApprovalForAll`` to a fresh
EOA, address poisoning (lookalike first/last characters), fake ``claim()``/``SecurityUpdate()``
contracts, blind ``eth_sign``, and EIP-7702 delegations to sweepers (May 2025 onward).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rlp  # type: ignore[import-untyped]
from eth_account import Account
from eth_account.signers.local import LocalAccount

from augury.chain import Chain, Contract
from augury.guard.context import MAINNET_KNOWN, Policy
from augury.guard.errors import GuardError
from augury.guard.readers import PERMIT2_ADDRESS

__all__ = ["PERMIT2_ADDRESS", "Scenario", "World", "build_world"]

UNIVERSAL_ROUTER = "0x3fC91A3afd70395Cd496C647d5a6CC9D4B2b7FAD"
SEAPORT = "0x0000000000000068F116a894984e2DB1123eB395"
OPENSEA_CONDUIT = "0x1E0049783F008A0085193E00003D00cd54003c71"
FEE_RECIPIENT = "0x0000a26b00c1F0DF003000390027140000fAa719"  # OpenSea's fee collector
SCAM_ADDRESS = "0x8444173280e5Fdc0525494638123B014CfFCC521"  # forta label Fake_Phishing308
MAX = 2**256 - 1
ETH = 10**18


@dataclass
class World:
    chain: Chain
    user: LocalAccount
    friend: LocalAccount
    attacker: str
    usd: Contract
    eth: Contract
    nft: Contract
    multi: Contract
    swap: Contract
    drainer: Contract
    sweeper: Contract
    delegate: Contract
    policy: Policy

    @property
    def poison(self) -> str:
        """An address that shares the first and last 4 hex characters with the friend's."""
        f = self.friend.address
        return f[:6] + "dEaD" * 8 + f[-4:]


def build_world(chain: Chain | None = None) -> World:
    """Deploy the corpus contracts and give the user a history and holdings."""
    chain = chain or Chain.embedded()
    if len(chain.accounts) < 2:
        raise GuardError("the guard corpus needs two funded accounts (a development chain)")
    user, friend = chain.accounts[0], chain.accounts[1]
    attacker = Account.create().address
    usd = chain.deploy("Token", "Augury USD", "aUSD", 18, 10**27, sender=user)
    eth = chain.deploy("Token", "Wrapped Ether", "aWETH", 18, 10**24, sender=user)
    nft = chain.deploy("NFT721", "Augury Apes", "APE", sender=user)
    multi = chain.deploy("Multi1155", sender=user)
    swap = chain.deploy("GuardSwap", sender=user)
    drainer = chain.deploy("DrainerClaim", attacker, sender=friend)
    sweeper = chain.deploy("GuardSweeper", sender=friend)
    delegate = chain.deploy("Delegate7702", sender=friend)
    for i in (1, 2, 3):
        nft.mint(user, i, sender=user)
    multi.mint(user, 7, 10, sender=user)
    eth.transfer(swap, 10**22, sender=user)
    usd.transfer(swap, 10**24, sender=user)
    usd.transfer(friend, 100 * ETH, sender=user)  # the history address poisoning imitates
    usd.approve(swap, 1000 * ETH, sender=user)
    policy = (
        Policy()
        .with_trusted(
            {
                swap.address: ("GuardSwap", "router"),
                delegate.address: ("Delegate7702", "delegate"),
                usd.address: ("aUSD", "token"),
                eth.address: ("aWETH", "token"),
            }
        )
        .with_contacts({friend.address})
    )
    return World(
        chain,
        user,
        friend,
        attacker,
        usd,
        eth,
        nft,
        multi,
        swap,
        drainer,
        sweeper,
        delegate,
        policy,
    )


@dataclass(frozen=True)
class Scenario:
    name: str
    malicious: bool
    pattern: str
    build: Callable[[World], dict[str, Any]]
    origin: str | None = None


def tx(w: World, to: Any, data: bytes = b"", value: int = 0, **extra: Any) -> dict[str, Any]:
    body = {
        "from": w.user.address,
        "to": getattr(to, "address", to),
        "value": hex(value),
        "data": "0x" + data.hex(),
        **extra,
    }
    return {"method": "eth_sendTransaction", "params": [body]}


def fields(members: str) -> list[dict[str, str]]:
    """EIP-712 struct members written as in the EIP's ``encodeType``: ``"address owner,..."``."""
    return [{"name": n, "type": t} for t, n in (m.split() for m in members.split(","))]


def domain(name: str, version: str, chain_id: int, contract: str) -> dict[str, Any]:
    """An ``EIP712Domain`` with the four usual fields."""
    return {"name": name, "version": version, "chainId": chain_id, "verifyingContract": contract}


_DOMAIN_FIELDS = fields("string name,string version,uint256 chainId,address verifyingContract")


def typed(
    w: World, primary: str, types: dict[str, Any], domain: dict[str, Any], message: dict[str, Any]
) -> dict[str, Any]:
    domain_fields = [f for f in _DOMAIN_FIELDS if f["name"] in domain]
    payload = {
        "types": {"EIP712Domain": domain_fields, **types},
        "primaryType": primary,
        "domain": domain,
        "message": message,
    }
    return {"method": "eth_signTypedData_v4", "params": [w.user.address, payload]}


PERMIT_TYPES = {
    "Permit": fields(
        "address owner,address spender,uint256 value,uint256 nonce,uint256 deadline"
    )
}
DAI_TYPES = {
    "Permit": fields("address holder,address spender,uint256 nonce,uint256 expiry,bool allowed")
}
P2_DETAILS = fields("address token,uint160 amount,uint48 expiration,uint48 nonce")
P2_PERMISSIONS = fields("address token,uint256 amount")
ZERO = "0x0000000000000000000000000000000000000000"
Z32 = "0x" + "00" * 32


def permit(w: World, spender: str, value: int) -> dict[str, Any]:
    return typed(
        w,
        "Permit",
        PERMIT_TYPES,
        domain("Augury USD", "1", w.chain.chain_id, w.usd.address),
        {
            "owner": w.user.address,
            "spender": spender,
            "value": str(value),
            "nonce": "0",
            "deadline": str(2**48),
        },
    )


def dai_permit(w: World, spender: str) -> dict[str, Any]:
    return typed(
        w,
        "Permit",
        DAI_TYPES,
        domain("Dai Stablecoin", "1", 1, MAINNET_DAI),
        {"holder": w.user.address, "spender": spender, "nonce": 0, "expiry": 0, "allowed": True},
    )


MAINNET_DAI = next(a for a, (n, _) in MAINNET_KNOWN.items() if n == "DAI")


def permit2(w: World, primary: str, spender: str, tokens: list[str], amount: int) -> dict[str, Any]:
    domain = {"name": "Permit2", "chainId": w.chain.chain_id, "verifyingContract": PERMIT2_ADDRESS}
    if primary in ("PermitSingle", "PermitBatch"):
        batch = primary == "PermitBatch"
        details = [
            {"token": t, "amount": str(amount), "expiration": str(2**47), "nonce": "0"}
            for t in tokens
        ]
        types = {
            primary: fields(
                f"PermitDetails{'[]' if batch else ''} details,address spender,uint256 sigDeadline"
            ),
            "PermitDetails": P2_DETAILS,
        }
        message = {
            "details": details if batch else details[0],
            "spender": spender,
            "sigDeadline": str(2**40),
        }
        return typed(w, primary, types, domain, message)
    batch = primary == "PermitBatchTransferFrom"
    perms = [{"token": t, "amount": str(amount)} for t in tokens]
    types = {
        primary: fields(
            f"TokenPermissions{'[]' if batch else ''} permitted,"
            "address spender,uint256 nonce,uint256 deadline"
        ),
        "TokenPermissions": P2_PERMISSIONS,
    }
    return typed(
        w,
        primary,
        types,
        domain,
        {
            "permitted": perms if batch else perms[0],
            "spender": spender,
            "nonce": "1",
            "deadline": str(2**40),
        },
    )


def authorize(w: World, target: str, chain_id: int | None = None) -> dict[str, Any]:
    cid = w.chain.chain_id if chain_id is None else chain_id
    nonce = w.chain.nonce(w.user.address) + 1
    auth: Any = w.user.sign_authorization({"chainId": cid, "address": target, "nonce": nonce})
    entry = {
        "chainId": hex(auth.chain_id),
        "address": target,
        "nonce": hex(auth.nonce),
        "yParity": hex(auth.y_parity),
        "r": hex(auth.r),
        "s": hex(auth.s),
    }
    return entry


def raw_tx(w: World, to: str, value: int, data: bytes = b"") -> dict[str, Any]:
    body: Any = {
        "chainId": w.chain.chain_id,
        "nonce": w.chain.nonce(w.user.address),
        "to": to,
        "value": value,
        "data": data,
        "gas": 200_000,
        "maxFeePerGas": 2 * 10**9,
        "maxPriorityFeePerGas": 10**9,
        "type": 2,
    }
    signed = w.user.sign_transaction(body)
    return {"method": "eth_sendRawTransaction", "params": ["0x" + signed.raw_transaction.hex()]}


def rlp_tx_bytes(w: World) -> bytes:
    return bytes(rlp.encode([0, 10**9, 21000, bytes.fromhex(w.attacker[2:]), ETH, b"", 1, 0, 0]))
