"""The Chain interface, run on both backends through the ``chain`` fixture."""

from __future__ import annotations

import pytest

from augury.chain import Chain
from augury.errors import ChainError, ConfigError, TransactionFailed

SUPPLY = 10**24


def test_info_and_funded_accounts(chain: Chain) -> None:
    info = chain.info()
    assert info["backend"] in ("embedded", "rpc")
    assert info["chain_id"] == 31337
    assert info["block"] >= 0
    assert len(chain.accounts) >= 10
    assert all(chain.balance(a) > 10**21 for a in chain.accounts[:10])


def test_deploy_call_transact(chain: Chain) -> None:
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "Augury USD", "aUSD", 18, SUPPLY, sender=a)
    assert token.deploy_receipt is not None and token.deploy_receipt.status
    assert chain.code(token.address)
    assert (token.name(), token.symbol(), token.decimals()) == ("Augury USD", "aUSD", 18)
    block = chain.block_number()
    receipt = token.transfer(b, 123, sender=a)
    assert receipt.status and receipt.block_number == block + 1
    assert receipt.sender == a.address and receipt.to == token.address
    assert receipt.tx_hash.startswith("0x") and len(receipt.tx_hash) == 66
    ev = receipt.event("Transfer")
    assert ev.args == {"sender": a.address, "receiver": b.address, "value": 123}
    assert ev["value"] == 123 and ev.address == token.address
    assert token.balanceOf(b) == 123
    # a dry run of a state-changing function changes nothing
    assert token.transfer.call(b, 1, sender=a) is True
    assert token.balanceOf(b) == 123


def test_reverts_carry_the_decoded_reason_and_change_nothing(chain: Chain) -> None:
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "T", "T", 18, SUPPLY, sender=a)
    nonce, block = chain.nonce(b), chain.block_number()
    with pytest.raises(TransactionFailed) as err:
        token.transfer(a, 1, sender=b)
    assert err.value.reason == "insufficient balance"
    assert err.value.function == "transfer"
    assert str(err.value) == "transfer: reverted: insufficient balance"
    assert err.value.receipt is None  # caught before sending
    assert chain.nonce(b) == nonce and chain.block_number() == block
    with pytest.raises(TransactionFailed, match="only minter"):
        token.mint.call(b, 1, sender=b)


def test_events_by_filter(chain: Chain) -> None:
    a, b, c = chain.accounts[:3]
    token = chain.deploy("Token", "T", "T", 18, SUPPLY, sender=a)
    start = chain.block_number()
    token.transfer(b, 1, sender=a)
    token.transfer(c, 2, sender=a)
    token.transfer(c, 1, sender=b)
    to_c = token.events("Transfer", receiver=c, from_block=start)
    assert [e["value"] for e in to_c] == [2, 1]
    from_b = token.events("Transfer", sender=b, from_block=start)
    assert [(e["receiver"], e["value"]) for e in from_b] == [(c.address, 1)]
    all_after = token.events("Transfer", from_block=start + 2)
    assert [e["value"] for e in all_after] == [2, 1]
    assert token.events("Transfer", from_block=start + 1, to_block=start + 1)[0]["value"] == 1
    with pytest.raises(ValueError, match="no indexed argument"):
        token.events("Transfer", value=1)


def test_snapshot_and_revert(chain: Chain) -> None:
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "T", "T", 18, SUPPLY, sender=a)
    block = chain.block_number()
    snap = chain.snapshot()
    token.transfer(b, 10, sender=a)
    chain.send(b, 10**18, sender=a)
    assert token.balanceOf(b) == 10
    chain.revert(snap)
    assert token.balanceOf(b) == 0
    assert chain.block_number() == block
    assert token.events("Transfer", receiver=b) == []
    # after a revert the chain keeps working, nonces included
    token.transfer(b, 5, sender=a)
    assert token.balanceOf(b) == 5
    with chain.anchor():
        token.transfer(b, 5, sender=a)
        assert token.balanceOf(b) == 10
    assert token.balanceOf(b) == 5


def test_time_moves_forward(chain: Chain) -> None:
    t0, b0 = chain.timestamp(), chain.block_number()
    chain.advance_time(3600)
    assert chain.timestamp() >= t0 + 3600
    assert chain.block_number() == b0 + 1
    with pytest.raises(ValueError):
        chain.advance_time(-1)


def test_native_transfers_and_new_accounts(chain: Chain) -> None:
    a = chain.accounts[0]
    fresh = chain.new_account(wei=3 * 10**18)
    assert chain.balance(fresh) == 3 * 10**18
    receipt = chain.send(a, 10**18, sender=fresh)
    assert receipt.gas_used == 21_000
    assert chain.balance(fresh) <= 2 * 10**18
    assert chain.nonce(fresh) == 1
    chain.set_balance(fresh, 7)
    assert chain.balance(fresh) == 7


def test_sender_must_be_an_address(chain: Chain) -> None:
    with pytest.raises(ConfigError, match="not an Ethereum address"):
        chain.send("0x1234", 1)


def test_unknown_contract_name(chain: Chain) -> None:
    from augury.errors import UnknownContract

    with pytest.raises(UnknownContract, match=r"unknown contract 'Nope' \(available: .*Token"):
        chain.deploy("Nope")


def test_signer_lookup(chain: Chain) -> None:
    a = chain.accounts[0]
    assert chain.signer(a.address).address == a.address
    with pytest.raises(ChainError, match="no private key"):
        chain.signer("0x000000000000000000000000000000000000dEaD")


def test_recording_keeps_what_was_mined_and_nothing_reverted(chain: Chain) -> None:
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "Augury USD", "aUSD", 18, SUPPLY, sender=a)
    with chain.recording() as outer:
        ok = token.transfer(b, 5, sender=a)
        with chain.recording() as inner:
            token.approve(b, 7, sender=a)
        with pytest.raises(TransactionFailed):
            token.transfer(a, SUPPLY, sender=b)  # b holds 5: reverts, is not kept
    token.transfer(b, 1, sender=a)  # after the block: not kept
    assert [s.function for s in outer] == ["transfer", "approve"]
    assert [s.function for s in inner] == ["approve"]
    first = outer[0]
    assert first.receipt == ok and first.to == token.address and first.sender == a.address
    assert first.calldata_bytes == 4 + 2 * 32 and first.receipt.gas_used > 21_000
