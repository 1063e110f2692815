"""Typed records that cross the chain boundary: logs, decoded events, receipts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Log:
    """A raw EVM log as a node reports it."""

    address: str
    topics: tuple[bytes, ...]
    data: bytes
    block_number: int
    tx_hash: str
    log_index: int


@dataclass(frozen=True)
class Event:
    """A log decoded against the ABI of the contract that emitted it."""

    name: str
    address: str
    args: dict[str, Any]
    block_number: int
    tx_hash: str
    log_index: int

    def __getitem__(self, key: str) -> Any:
        return self.args[key]


@dataclass(frozen=True)
class Receipt:
    """The outcome of a mined transaction.

    ``gas_used`` is the transaction's total gas as a node reports it (intrinsic
    cost, execution, refunds and the EIP-7623 calldata floor), the same figure
    on both backends. ``events`` holds the logs that decoded against a known ABI.
    """

    tx_hash: str
    block_number: int
    status: bool
    gas_used: int
    sender: str
    to: str | None
    contract_address: str | None
    logs: tuple[Log, ...] = ()
    events: tuple[Event, ...] = field(default=())

    def events_named(self, name: str) -> list[Event]:
        """Decoded events of one name, in log order."""
        return [e for e in self.events if e.name == name]

    def event(self, name: str) -> Event:
        """The single event ``name`` this transaction emitted; raises if not exactly one."""
        found = self.events_named(name)
        if len(found) != 1:
            raise LookupError(f"expected one {name} event, found {len(found)}")
        return found[0]


@dataclass(frozen=True)
class ExecutionResult:
    """What a backend returns after executing a message, before ABI decoding."""

    success: bool
    output: bytes
    gas_used: int
    logs: tuple[Log, ...]
    tx_hash: str
    block_number: int
    contract_address: str | None = None
    error: str | None = None  # a failure that is not a REVERT (out of gas, bad opcode)
    mined: bool = True  # False when a failure was caught in simulation and nothing was sent
