"""trace, head, code at a block, call_raw and fork: run on both backends via ``chain``.

On a node, ``trace`` runs on an embedded fork of its head, so these tests also check
that a fork's trace agrees with what the node then mines (gas, logs, addresses).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rlp  # type: ignore[import-untyped]
from eth_utils import keccak, to_canonical_address, to_checksum_address

from augury.chain import Authorization, Chain, NativeTransfer, decode_revert
from augury.errors import ChainError, TransactionFailed

SUPPLY = 10**24
# init code that CREATEs an empty contract and deploys an empty one itself:
# PUSH1 0 PUSH1 0 PUSH1 0 CREATE POP STOP
CREATES_ONE = bytes.fromhex("600060006000f05000")


def _state(chain: Chain, *addresses: object) -> tuple[object, ...]:
    return (
        chain.head(),
        chain.block_number(),
        *(chain.nonce(a) for a in addresses),
        *(chain.balance(a) for a in addresses),
    )


def test_trace_changes_nothing_and_matches_the_mined_transaction(chain: Chain) -> None:
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "T", "T", 18, SUPPLY, sender=a)
    data = token.transfer.calldata(b, 123)
    before = _state(chain, a, b)
    trace = chain.trace(a, token, data)
    assert _state(chain, a, b) == before and token.balanceOf(b) == 0
    assert trace.success and trace.error is None and trace.revert_reason is None
    assert int.from_bytes(trace.output, "big") == 1  # transfer returned True
    assert trace.block_number == chain.block_number() + 1
    assert trace.transfers == () and trace.created == () and trace.contract_address is None
    receipt = token.transfer(b, 123, sender=a)
    assert trace.gas_used == receipt.gas_used
    assert trace.block_number == receipt.block_number
    assert [(log.address, log.topics, log.data) for log in trace.logs] == [
        (log.address, log.topics, log.data) for log in receipt.logs
    ]
    (event,) = chain.decode_logs(trace.logs)
    assert event.args == {"sender": a.address, "receiver": b.address, "value": 123}


def test_a_traced_revert_has_the_decoded_reason_and_no_effects(chain: Chain) -> None:
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "T", "T", 18, SUPPLY, sender=a)
    trace = chain.trace(b, token, token.transfer.calldata(a, 1))
    assert not trace.success and trace.error is None
    assert trace.revert_reason == "insufficient balance" == decode_revert(trace.output)
    assert trace.logs == () and trace.transfers == ()
    assert trace.gas_used > 21_000
    low = chain.trace(a, token, token.transfer.calldata(b, 1), gas=30_000)
    assert not low.success and low.revert_reason == "out of gas" and low.gas_used == 30_000
    with pytest.raises(TransactionFailed, match="insufficient funds"):
        chain.trace(b, a, value=10**40)
    with pytest.raises(TransactionFailed, match="intrinsic gas too low"):
        chain.trace(a, b, gas=20_000)


def test_native_transfers_of_the_call_tree(chain: Chain) -> None:
    a, friend = chain.accounts[:2]
    attacker = chain.new_account(wei=0).address
    drainer = chain.deploy("DrainerClaim", attacker, sender=friend)
    value = 10**18
    trace = chain.trace(a, drainer, drainer.claim.calldata(), value=value)
    assert trace.success
    assert trace.transfers == (
        NativeTransfer(a.address, drainer.address, value),
        NativeTransfer(drainer.address, attacker, value),
    )
    assert trace.native_deltas == {a.address: -value, attacker: value}
    assert chain.balance(attacker) == 0
    receipt = drainer.claim(sender=a, value=value)
    assert receipt.gas_used == trace.gas_used and chain.balance(attacker) == value


def test_created_contracts(chain: Chain) -> None:
    a = chain.accounts[0]
    nonce = chain.nonce(a)
    trace = chain.trace(a, None, CREATES_ONE)
    outer = to_checksum_address(keccak(rlp.encode([to_canonical_address(a.address), nonce]))[12:])
    inner = to_checksum_address(keccak(rlp.encode([to_canonical_address(outer), 1]))[12:])
    assert trace.success and trace.contract_address == outer
    assert trace.created == (outer, inner)
    assert chain.nonce(a) == nonce and chain.nonce(outer) == 0
    deployed = chain.deploy_code([], CREATES_ONE, sender=a)
    assert deployed.address == outer and chain.nonce(outer) == 2
    assert deployed.deploy_receipt is not None
    assert deployed.deploy_receipt.gas_used == trace.gas_used


def test_eip7702_authorizations_are_applied_first(chain: Chain) -> None:
    friend = chain.accounts[1]
    sweeper = chain.deploy("GuardSweeper", sender=friend)
    user = chain.new_account(wei=5 * 10**18).address
    attacker = chain.new_account(wei=0).address
    call = sweeper.sweep.calldata(attacker)
    auth = Authorization(authority=user, delegate=sweeper.address, chain_id=0)
    trace = chain.trace(user, user, call, authorizations=[auth])
    assert trace.success and trace.transfers == (NativeTransfer(user, attacker, 5 * 10**18),)
    assert chain.code(user) == b"" and chain.balance(user) == 5 * 10**18
    # a tuple for another chain is skipped: the call reaches a plain account
    other = Authorization(authority=user, delegate=sweeper.address, chain_id=chain.chain_id + 1)
    plain = chain.trace(user, user, call, authorizations=[other])
    assert plain.success and plain.transfers == ()


def test_head_follows_blocks_and_snapshots(chain: Chain) -> None:
    a, b = chain.accounts[:2]
    h0 = chain.head()
    assert (h0.number, h0.timestamp) == (chain.block_number(), chain.timestamp())
    assert h0.hash.startswith("0x") and len(h0.hash) == 66
    snap = chain.snapshot()
    chain.send(b, 1, sender=a)
    h1 = chain.head()
    assert h1.number == h0.number + 1 and h1.hash != h0.hash
    chain.revert(snap)
    assert chain.head() == h0
    chain.send(b, 2, sender=a)  # the same height, another block
    h2 = chain.head()
    assert h2.number == h1.number and h2.hash not in (h0.hash, h1.hash)


def test_code_at_a_block(chain: Chain) -> None:
    a = chain.accounts[0]
    before = chain.head()
    token = chain.deploy("Token", "T", "T", 18, SUPPLY, sender=a)
    code = chain.code(token)
    assert code
    assert chain.code(token, block="latest") == code == chain.code(token, block=chain.head())
    assert chain.code(token, block=chain.block_number()) == code
    if chain.backend == "rpc":
        assert chain.code(token, block=before.number) == b""
        assert chain.code(token, block=before.hash) == b""
        assert chain.code(token, block=before) == b""
    else:
        with pytest.raises(ChainError, match="only its latest state"):
            chain.code(token, block=before.number)


def test_call_raw(chain: Chain) -> None:
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "T", "T", 18, SUPPLY, sender=a)
    result = chain.call_raw(token, token.balanceOf.calldata(a))
    assert result.success and int.from_bytes(result.output, "big") == SUPPLY
    failed = chain.call_raw(token, token.transfer.calldata(a, 1), sender=b)
    assert not failed.success and decode_revert(failed.output) == "insufficient balance"


def test_fork_is_cached_until_the_head_changes(chain: Chain) -> None:
    a, b = chain.accounts[:2]
    if chain.backend == "embedded":
        assert chain.fork() is chain
        return
    token = chain.deploy("Token", "T", "T", 18, SUPPLY, sender=a)
    fork = chain.fork()
    assert fork is chain.fork() and fork.head() == chain.head()
    snap = chain.snapshot()
    token.transfer(b, 5, sender=a)
    seen = chain.fork()
    assert seen is not fork and seen.at("Token", token.address).balanceOf(b) == 5
    chain.revert(snap)
    # after evm_revert the same block number holds other state: a new fork reads it
    token.transfer(b, 7, sender=a)
    assert chain.block_number() == seen.block_number()
    assert chain.fork().at("Token", token.address).balanceOf(b) == 7


def test_traced_keeps_the_effects_readable_until_the_block_ends(embedded: Chain) -> None:
    chain = embedded.fork()
    a, b = chain.accounts[:2]
    token = chain.deploy("Token", "T", "T", 18, SUPPLY, sender=a)
    with chain.traced(a, token, token.transfer.calldata(b, 9)) as trace:
        assert trace.success and token.balanceOf(b) == 9
        assert chain.block_number() == trace.block_number - 1
    assert token.balanceOf(b) == 0


def test_the_head_survives_a_state_file(embedded: Chain, tmp_path: Path) -> None:
    chain = embedded.fork()
    a, b = chain.accounts[:2]
    chain.send(b, 1, sender=a)
    chain.save(tmp_path / "chain.json")
    again = Chain.embedded(state=tmp_path / "chain.json")
    assert again.head() == chain.head()
