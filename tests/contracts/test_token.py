"""Token.vy: ERC-20 semantics and EIP-2612 permit, on both backends."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from augury.chain import Chain, Contract
from augury.errors import TransactionFailed

SUPPLY = 10**6 * 10**18
MAX = 2**256 - 1
ZERO = "0x0000000000000000000000000000000000000000"
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


@pytest.fixture
def token(chain: Chain) -> Contract:
    return chain.deploy("Token", "Augury USD", "aUSD", 18, SUPPLY, sender=chain.accounts[0])


def permit_message(
    chain: Chain, token: Contract, owner: str, spender: str, value: int, nonce: int, deadline: int
) -> dict[str, Any]:
    return {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": {
            "name": "Augury USD",
            "version": "1",
            "chainId": chain.chain_id,
            "verifyingContract": token.address,
        },
        "message": {
            "owner": owner,
            "spender": spender,
            "value": value,
            "nonce": nonce,
            "deadline": deadline,
        },
    }


def sign_permit(
    chain: Chain,
    token: Contract,
    owner: LocalAccount,
    spender: str,
    value: int,
    deadline: int,
    nonce: int | None = None,
) -> tuple[int, bytes, bytes]:
    n = token.nonces(owner) if nonce is None else nonce
    msg = permit_message(chain, token, owner.address, spender, value, n, deadline)
    sig = Account.sign_typed_data(owner.key, full_message=msg)
    return sig.v, sig.r.to_bytes(32, "big"), sig.s.to_bytes(32, "big")


def test_metadata_and_initial_supply(chain: Chain, token: Contract) -> None:
    a = chain.accounts[0]
    assert token.totalSupply() == SUPPLY == token.balanceOf(a)
    assert token.minter() == a.address
    assert token.deploy_receipt is not None
    mint = token.deploy_receipt.event("Transfer")
    assert (mint["sender"], mint["receiver"], mint["value"]) == (ZERO, a.address, SUPPLY)


def test_transfer(chain: Chain, token: Contract) -> None:
    a, b = chain.accounts[:2]
    assert token.transfer.call(b, 10, sender=a) is True
    token.transfer(b, 10, sender=a)
    assert token.balanceOf(b) == 10 and token.balanceOf(a) == SUPPLY - 10
    token.transfer(b, 0, sender=a)  # zero transfers are legal ERC-20
    token.transfer(a, 10, sender=a)  # self transfers too
    assert token.balanceOf(a) == SUPPLY - 10
    with pytest.raises(TransactionFailed, match="insufficient balance"):
        token.transfer(a, 11, sender=b)
    with pytest.raises(TransactionFailed, match="transfer to the zero address"):
        token.transfer(ZERO, 1, sender=a)


def test_approve_and_transfer_from(chain: Chain, token: Contract) -> None:
    a, b, c = chain.accounts[:3]
    ev = token.approve(b, 100, sender=a).event("Approval")
    assert ev.args == {"owner": a.address, "spender": b.address, "value": 100}
    token.transferFrom(a, c, 60, sender=b)
    assert token.allowance(a, b) == 40 and token.balanceOf(c) == 60
    with pytest.raises(TransactionFailed, match="insufficient allowance"):
        token.transferFrom(a, c, 41, sender=b)
    with pytest.raises(TransactionFailed, match="insufficient allowance"):
        token.transferFrom(a, c, 1, sender=c)
    with pytest.raises(TransactionFailed, match="approve to the zero address"):
        token.approve(ZERO, 1, sender=a)


def test_infinite_allowance_does_not_decrease(chain: Chain, token: Contract) -> None:
    a, b = chain.accounts[:2]
    token.approve(b, MAX, sender=a)
    token.transferFrom(a, b, 5, sender=b)
    assert token.allowance(a, b) == MAX


def test_allowance_cannot_spend_more_than_the_balance(chain: Chain, token: Contract) -> None:
    a, b, c = chain.accounts[:3]
    token.transfer(b, 5, sender=a)
    token.approve(c, MAX, sender=b)
    with pytest.raises(TransactionFailed, match="insufficient balance"):
        token.transferFrom(b, c, 6, sender=c)


def test_mint_burn_and_minter_handover(chain: Chain, token: Contract) -> None:
    a, b = chain.accounts[:2]
    with pytest.raises(TransactionFailed, match="only minter"):
        token.mint(b, 1, sender=b)
    token.mint(b, 7, sender=a)
    assert token.totalSupply() == SUPPLY + 7
    token.burn(3, sender=b)
    assert token.totalSupply() == SUPPLY + 4 and token.balanceOf(b) == 4
    with pytest.raises(TransactionFailed, match="insufficient balance"):
        token.burn(5, sender=b)
    token.set_minter(b, sender=a)
    with pytest.raises(TransactionFailed, match="only minter"):
        token.mint(a, 1, sender=a)
    token.mint(a, 1, sender=b)
    token.set_minter(ZERO, sender=b)  # renounce
    with pytest.raises(TransactionFailed, match="only minter"):
        token.mint(a, 1, sender=b)


def test_domain_separator_is_eip712(chain: Chain, token: Contract) -> None:
    expected = keccak(
        keccak(
            text="EIP712Domain(string name,string version,"
            "uint256 chainId,address verifyingContract)"
        )
        + keccak(text="Augury USD")
        + keccak(text="1")
        + chain.chain_id.to_bytes(32, "big")
        + bytes(12)
        + bytes.fromhex(token.address[2:])
    )
    assert token.DOMAIN_SEPARATOR() == expected
    # and eth-account hashes a permit with the same domain
    msg = permit_message(chain, token, ZERO, ZERO, 0, 0, 0)
    signable = encode_typed_data(full_message=msg)
    assert signable.header == expected


def test_permit_signed_with_eth_account(chain: Chain, token: Contract) -> None:
    owner = chain.new_account(wei=10**18)
    spender = chain.accounts[1]
    deadline = chain.timestamp() + 3600
    v, r, s = sign_permit(chain, token, owner, spender.address, 500, deadline)
    receipt = token.permit(owner, spender, 500, deadline, v, r, s, sender=spender)
    assert receipt.event("Approval")["value"] == 500
    assert token.allowance(owner, spender) == 500
    assert token.nonces(owner) == 1
    # the same signature cannot be replayed: the nonce moved on
    with pytest.raises(TransactionFailed, match="invalid signature"):
        token.permit(owner, spender, 500, deadline, v, r, s, sender=spender)


def test_permit_rejections(chain: Chain, token: Contract) -> None:
    owner = chain.new_account(wei=10**18)
    spender, other = chain.accounts[1], chain.accounts[2]
    deadline = chain.timestamp() + 100
    v, r, s = sign_permit(chain, token, owner, spender.address, 500, deadline)
    with pytest.raises(TransactionFailed, match="invalid signature"):  # different value
        token.permit(owner, spender, 501, deadline, v, r, s)
    with pytest.raises(TransactionFailed, match="invalid signature"):  # different spender
        token.permit(owner, other, 500, deadline, v, r, s)
    with pytest.raises(TransactionFailed, match="invalid signature"):  # signed by someone else
        token.permit(other, spender, 500, deadline, v, r, s)
    with pytest.raises(TransactionFailed, match="invalid owner"):
        token.permit(ZERO, spender, 500, deadline, v, r, s)
    high_s = (SECP256K1_N - int.from_bytes(s, "big")).to_bytes(32, "big")
    with pytest.raises(TransactionFailed, match="invalid signature s"):  # malleable twin
        token.permit(owner, spender, 500, deadline, 55 - v, r, high_s)
    chain.advance_time(200)
    with pytest.raises(TransactionFailed, match="permit expired"):
        token.permit(owner, spender, 500, deadline, v, r, s)
    assert token.nonces(owner) == 0 and token.allowance(owner, spender) == 0
