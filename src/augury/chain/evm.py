"""One message as a transaction on titanoboa's py-evm, read back as a :class:`Trace`.

The embedded chain mines with this and traces with this, so a trace and the receipt
of the same transaction agree on gas, logs and outcome. :func:`run` executes; the
caller owns the journal checkpoint around it (commit to mine, revert to trace) and the
block context (the message runs as the next block's transaction). Only this module and
:mod:`augury.chain.embedded` touch py-evm objects; what leaves is typed records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from eth_utils import keccak, to_canonical_address, to_checksum_address

from augury.chain.gas import BLOCK_GAS_LIMIT, calldata_floor, charged_gas, intrinsic_gas
from augury.chain.types import Authorization, Log, NativeTransfer, Trace
from augury.errors import TransactionFailed


def error_text(exc: Exception) -> str:
    """A short text for an EVM failure that is not a REVERT."""
    name = type(exc).__name__
    return {"OutOfGas": "out of gas", "InsufficientFunds": "insufficient funds"}.get(
        name, f"{name}: {exc}"
    )


def check(state: Any, sender: str, data: bytes, value: int, gas: int | None, create: bool) -> int:
    """Reject what a node would not accept; returns the gas limit to run with.

    Raises :class:`TransactionFailed` for a value above the sender's balance or a gas
    limit below the intrinsic cost or the EIP-7623 calldata floor."""
    balance = state.get_balance(to_canonical_address(sender))
    if value > balance:
        raise TransactionFailed(f"insufficient funds: {sender} has {balance} wei, value is {value}")
    intrinsic = intrinsic_gas(data, create=create)
    gas_limit = BLOCK_GAS_LIMIT if gas is None else gas
    if gas_limit < max(intrinsic, calldata_floor(data)):
        raise TransactionFailed(f"intrinsic gas too low: {gas_limit} < {intrinsic}")
    return gas_limit


def authorize(state: Any, authorizations: Sequence[Authorization], chain_id: int) -> None:
    """Give each authority the delegate's code (the code itself, not a 0xef0100
    designator, so that it runs on py-evm as the delegated account would on a node).
    Tuples for another chain are skipped; no authorization gas is charged."""
    for auth in authorizations:
        if auth.chain_id in (0, chain_id):
            code = state.get_code(to_canonical_address(auth.delegate))
            state.set_code(to_canonical_address(auth.authority), code)


def message_id(
    chain_id: int, sender: bytes, nonce: int, to: bytes | None, value: int, data: bytes
) -> str:
    """The tx hash the embedded chain gives a message (it signs no envelope); ``sender``
    and ``to`` are canonical (20-byte) addresses."""
    return (
        "0x"
        + keccak(
            chain_id.to_bytes(32, "big")
            + sender
            + nonce.to_bytes(32, "big")
            + (to or b"")
            + value.to_bytes(32, "big")
            + data
        ).hex()
    )


def _successful(comp: Any) -> Iterator[Any]:
    """A computation and its successful descendants, depth first (a failed
    sub-call's effects were rolled back, its children's with it)."""
    if comp.is_error:
        return
    yield comp
    for child in comp.children:
        yield from _successful(child)


def transfers(comp: Any) -> tuple[NativeTransfer, ...]:
    """Value transfers of the call tree; a DELEGATECALL carries its caller's value
    without moving it, so it is left out."""
    out = []
    for c in _successful(comp):
        msg = c.msg
        if msg.value and msg.should_transfer_value:
            out.append(
                NativeTransfer(
                    to_checksum_address(msg.sender),
                    to_checksum_address(msg.to or msg.storage_address),
                    int(msg.value),
                )
            )
    return tuple(out)


def creations(comp: Any) -> tuple[str, ...]:
    """Addresses of the contracts the call tree created, in call order."""
    return tuple(
        to_checksum_address(c.msg.storage_address) for c in _successful(comp) if c.msg.is_create
    )


def logs(comp: Any, block: int, tx_hash: str) -> tuple[Log, ...]:
    return tuple(
        Log(
            address=to_checksum_address(addr),
            topics=tuple(t.to_bytes(32, "big") for t in topics),
            data=bytes(payload),
            block_number=block,
            tx_hash=tx_hash,
            log_index=i,
        )
        for i, (_, addr, topics, payload) in enumerate(comp.get_raw_log_entries())
    )


def run(
    env: Any,
    *,
    sender: str,
    to: str | None,
    data: bytes,
    value: int,
    gas_limit: int,
    chain_id: int,
    block: int,
    call_tree: bool = True,
) -> Trace:
    """Execute a checked message as a transaction of ``block``: the sender's nonce is
    used, sender, recipient and coinbase start warm (EIP-2929), and gas is charged as
    a node charges it. Writes stay in py-evm's journal for the caller to commit or
    revert; a failure's writes are rolled back by the EVM except the nonce.

    ``call_tree`` False leaves ``created`` and ``transfers`` empty: mining needs neither,
    and walking the call tree twice is a few percent of a token transfer."""
    state = env.evm.vm.state
    sender_b = to_canonical_address(sender)
    nonce = state.get_nonce(sender_b)
    state.mark_address_warm(sender_b)
    state.mark_address_warm(state.coinbase)
    to_b = None if to is None else to_canonical_address(to)
    if to_b is not None:
        state.mark_address_warm(to_b)
    intrinsic = intrinsic_gas(data, create=to is None)
    contract_address: str | None = None
    if to is None:
        target, comp = env.deploy(
            sender=sender, gas=gas_limit - intrinsic, value=value, bytecode=data
        )
        contract_address = to_checksum_address(str(target))
    else:
        state.increment_nonce(sender_b)
        comp = env.execute_code(
            to_address=to, sender=sender, gas=gas_limit - intrinsic, value=value, data=data
        )
    tx_hash = message_id(chain_id, sender_b, nonce, to_b, value, data)
    used = intrinsic + comp.get_gas_used()
    if comp.is_error:
        is_revert = type(comp.error).__name__ == "Revert"
        return Trace(
            success=False,
            output=bytes(comp.output) if is_revert else b"",
            gas_used=used,
            logs=(),
            block_number=block,
            tx_hash=tx_hash,
            error=None if is_revert else error_text(comp.error),
        )
    return Trace(
        success=True,
        output=bytes(comp.output),
        gas_used=charged_gas(used, comp.get_gas_refund(), data),
        logs=logs(comp, block, tx_hash),
        block_number=block,
        tx_hash=tx_hash,
        contract_address=contract_address,
        created=creations(comp) if call_tree else (),
        transfers=transfers(comp) if call_tree else (),
    )
