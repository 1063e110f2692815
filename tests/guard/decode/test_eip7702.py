"""EIP-7702 authorizations: the signing hash, the authority's recovery, malformed tuples."""

from __future__ import annotations

import pytest
from eth_account import Account

from augury.guard.decode import authorization_hash, read_authorization, recover_authority
from augury.guard.errors import MalformedRequestError


def test_eip7702_authorization_matches_eth_account() -> None:
    account = Account.create()
    target = "0x" + "42" * 20
    signed = account.sign_authorization({"chainId": 5, "address": target, "nonce": 3})
    assert authorization_hash(5, target, 3) == bytes(signed.authorization_hash)
    assert recover_authority(5, target, 3, signed.y_parity, signed.r, signed.s) == account.address
    d = read_authorization(signed)
    assert (d.chain_id, d.nonce, d.authority) == (5, 3, account.address)
    # a tampered nonce recovers someone else
    assert recover_authority(5, target, 4, signed.y_parity, signed.r, signed.s) != account.address


def test_eip7702_unsigned_and_bad() -> None:
    d = read_authorization({"chainId": "0x0", "address": "0x" + "42" * 20, "nonce": 0})
    assert d.authority is None and d.chain_id == 0
    with pytest.raises(MalformedRequestError):
        read_authorization({"chainId": 1, "address": "0x12"})
    assert recover_authority(1, "0x" + "42" * 20, 0, 0, 1, 2**256 - 1) is None
