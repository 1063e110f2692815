"""Typed records that cross the chain boundary: logs, decoded events, receipts, traces."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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
class LogFilter:
    """Which logs :meth:`~augury.chain.base.Chain.get_logs` asks for: emitted by ``address``
    (None: any), in blocks ``[from_block, to_block]`` (``to_block`` None: up to the
    latest), whose topics start with ``topics`` (a None there matches any topic).

    The public method reads its keywords once into this record, so a backend gets one
    typed query, whether it filters its own log list (:meth:`matches`) or hands the query
    to a node's ``eth_getLogs``."""

    address: str | None = None
    topics: tuple[bytes | None, ...] = ()
    from_block: int = 0
    to_block: int | None = None

    def matches(self, log: Log) -> bool:
        """Whether ``log`` passes the address and topic tests (the block range aside)."""
        if self.address is not None and log.address.lower() != self.address.lower():
            return False
        if len(self.topics) > len(log.topics):
            return False
        return all(t is None or t == lt for t, lt in zip(self.topics, log.topics, strict=False))


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
class SentTransaction:
    """One successful transaction this chain object sent, as :meth:`Chain.recording`
    keeps it: the function it called (``None`` for a deployment or raw call), its target,
    its sender, the bytes of its calldata and its receipt (gas as the node reports it)."""

    function: str | None
    to: str | None
    sender: str
    calldata_bytes: int
    receipt: Receipt


@dataclass(frozen=True)
class Outcome:
    """What running one message did, however it ran: the part a backend's mined
    transaction (:class:`ExecutionResult`) and a simulated message (:class:`Trace`) share,
    so that the embedded chain mines what it traced without copying it field by field and
    a failure reads the same (:attr:`revert_reason`) on both paths.

    ``output`` is the return data, or the revert data of a revert; ``error`` is set for a
    failure that is not a REVERT (out of gas, bad opcode)."""

    success: bool
    output: bytes
    gas_used: int
    logs: tuple[Log, ...]
    block_number: int
    tx_hash: str
    contract_address: str | None = None
    error: str | None = None

    @property
    def revert_reason(self) -> str | None:
        """Why the message failed (the decoded revert, or the error), None on success."""
        if self.success:
            return None
        if self.error is not None:
            return self.error
        from augury.chain.abi import decode_revert  # abi builds on these records

        return decode_revert(self.output)


@dataclass(frozen=True)
class ExecutionResult(Outcome):
    """What a backend returns after executing a message, before ABI decoding."""

    mined: bool = True  # False when a failure was caught in simulation and nothing was sent

    @classmethod
    def of(cls, run: Outcome, *, mined: bool) -> ExecutionResult:
        """``run``'s outcome as an execution that was ``mined`` (or, failing, was not)."""
        shared = {f.name: getattr(run, f.name) for f in fields(Outcome)}
        return cls(**shared, mined=mined)


BlockId = int | str  # a block number, a 0x block hash, or a tag such as "latest"


@dataclass(frozen=True)
class BlockRef:
    """The latest block of a chain: what a cache of its state is valid for.

    On a node ``hash`` is the block hash. A block number alone repeats after
    ``evm_revert``; the hash does not, so it is what cached forks are keyed by.
    On the embedded chain ``hash`` identifies the chain's history instead (see
    :meth:`augury.chain.embedded.EmbeddedChain.head`): it is not a header hash.
    """

    number: int
    hash: str
    timestamp: int


@dataclass(frozen=True)
class Authorization:
    """An EIP-7702 delegation to apply before a traced message: ``authority``'s
    account runs ``delegate``'s code. ``chain_id`` 0 means any chain; a tuple for
    another chain is skipped, as the EIP says. The signature is the caller's to
    check: a trace only needs who delegates to what."""

    authority: str
    delegate: str
    chain_id: int = 0


@dataclass(frozen=True)
class NativeTransfer:
    """A native-coin value transfer of one successful message in a call tree."""

    sender: str
    receiver: str
    amount: int


@dataclass(frozen=True)
class CallResult:
    """The outcome of a read-only call: ``output`` is the return data, or the
    revert data when ``success`` is False (empty for a failure that is not a REVERT)."""

    success: bool
    output: bytes


@dataclass(frozen=True)
class Trace(Outcome):
    """What one message would do if it were mined in the next block; nothing is mined.

    ``gas_used`` is accounted as for a mined transaction (:class:`Receipt`): intrinsic
    cost, execution, the refund cap and the calldata floor for a success; intrinsic plus
    execution for a failure. ``output`` and ``error`` are as in :class:`Outcome`.
    A failed trace has no logs, creations or transfers: the EVM rolled them back.

    ``contract_address`` is the contract a creation (``to`` None) makes; ``created`` holds
    every contract the message creates, inner CREATE/CREATE2 included, in call order.
    ``transfers`` are the value transfers of the call tree, depth first (a DELEGATECALL
    moves no value and is not one); :attr:`native_deltas` nets them per address.
    ``tx_hash`` and the logs' ``tx_hash`` are the id the embedded chain would give the
    transaction, not the hash of a signed envelope.
    """

    created: tuple[str, ...] = ()
    transfers: tuple[NativeTransfer, ...] = ()

    @property
    def native_deltas(self) -> dict[str, int]:
        """Net native-coin change per address from :attr:`transfers` (zeros left out).

        Gas costs nothing here (the embedded chain's gas price is zero) and a
        SELFDESTRUCT payout is not a message transfer, so read balances for those."""
        delta: dict[str, int] = {}
        for t in self.transfers:
            delta[t.sender] = delta.get(t.sender, 0) - t.amount
            delta[t.receiver] = delta.get(t.receiver, 0) + t.amount
        return {a: d for a, d in delta.items() if d}
