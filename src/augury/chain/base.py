"""One interface to Ethereum, whichever EVM is underneath.

:class:`Chain` is what every capability of augury talks to. A backend only
supplies raw execution (bytes in, bytes and logs out) and node chores (time,
snapshots, balances); the ABI layer, contract handles, receipts and revert
decoding are shared here, so that one test suite checks both backends and the
same code runs on the embedded EVM and on a production node.
"""

from __future__ import annotations

import contextlib
import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import to_checksum_address

from augury.chain.abi import ContractABI, Function, decode_logs, decode_revert
from augury.chain.accounts import (
    DEV_ACCOUNT_COUNT,
    DEV_BALANCE,
    DEV_MNEMONIC,
    Sender,
    dev_accounts,
    load_private_key,
    to_address,
)
from augury.chain.types import (
    Authorization,
    BlockId,
    BlockRef,
    CallResult,
    Event,
    ExecutionResult,
    Log,
    LogFilter,
    Receipt,
    SentTransaction,
    Trace,
)
from augury.contracts import compile_contract
from augury.errors import ChainError, TransactionFailed

if TYPE_CHECKING:
    from augury.chain.contract import Contract
    from augury.chain.embedded import EmbeddedChain
    from augury.chain.jsonrpc import JSONRPCClient

__all__ = [
    "DEV_ACCOUNT_COUNT",
    "DEV_BALANCE",
    "DEV_MNEMONIC",
    "Chain",
    "Sender",
    "dev_accounts",
    "load_private_key",
    "to_address",
]


class Chain(ABC):
    """An Ethereum chain: the embedded EVM or a JSON-RPC node.

    Create one with :meth:`embedded` or :meth:`connect`. Transactions that would
    revert raise :class:`~augury.errors.TransactionFailed` with the decoded reason;
    successful ones return a :class:`~augury.chain.types.Receipt`.
    """

    backend: str

    def __init__(self) -> None:
        self._abis: dict[str, ContractABI] = {}
        self._signers: dict[str, LocalAccount] = {}
        # The protocol's contracts on this chain, by name (see augury.protocol).
        self.deployment: dict[str, str] = {}
        # Open recordings (see recording()); each successful transaction goes to all.
        self._recordings: list[list[SentTransaction]] = []

    # -- construction ----------------------------------------------------------

    @staticmethod
    def embedded(
        *,
        fork: JSONRPCClient | str | None = None,
        fork_block: BlockId = "latest",
        fork_url: str | None = None,
        chain_id: int = 31337,
        timestamp: int | None = None,
        state: str | Path | None = None,
    ) -> EmbeddedChain:
        """titanoboa's in-process py-evm, fresh or the chain saved at ``state`` (see
        :mod:`augury.chain.statefile`); or, given ``fork`` (an RPC client or a URL;
        ``fork_url`` is the older spelling), a fork of that node's ``fork_block``, read
        lazily into a cache private to the fork (see :mod:`augury.chain.fork`)."""
        from augury.chain.embedded import EmbeddedChain

        if fork is not None and fork_url is not None:
            raise ValueError("give fork or fork_url, not both")
        return EmbeddedChain(
            fork=fork if fork is not None else fork_url,
            fork_block=fork_block,
            chain_id=chain_id,
            timestamp=timestamp,
            state=state,
        )

    @staticmethod
    def connect(
        url: str,
        *,
        private_key: str | None = None,
        chain_id: int | None = None,
        timeout: float = 30.0,
    ) -> Chain:
        """Any Ethereum JSON-RPC node at ``url``.

        With ``private_key`` that account signs; on a development node (Hardhat,
        anvil) the node's unlocked dev accounts are usable too. ``chain_id``, when
        given, must match the node's or :class:`~augury.errors.ChainIdMismatch` is raised.
        """
        from augury.chain.rpc import RPCChain

        return RPCChain(url, private_key=private_key, chain_id=chain_id, timeout=timeout)

    # -- what a backend supplies -----------------------------------------------

    @property
    @abstractmethod
    def chain_id(self) -> int: ...

    @abstractmethod
    def block_number(self) -> int: ...

    @abstractmethod
    def timestamp(self) -> int:
        """Timestamp of the latest block."""

    @abstractmethod
    def balance(self, address: object) -> int: ...

    @abstractmethod
    def nonce(self, address: object) -> int: ...

    @abstractmethod
    def code(self, address: object, block: BlockId | BlockRef | None = None) -> bytes:
        """Code at ``address`` in ``block`` (a number, a hash, a tag such as ``"latest"``,
        or a :class:`BlockRef`; None is the latest). A chain that does not keep the
        state of ``block`` raises :class:`~augury.errors.ChainError`."""

    @abstractmethod
    def head(self) -> BlockRef:
        """The latest block: number, hash and timestamp (see :class:`BlockRef`)."""

    @abstractmethod
    def fork(self) -> EmbeddedChain:
        """An embedded EVM holding this chain's latest state, to simulate on.

        An embedded chain returns itself; a node returns an embedded fork of its head
        block, reused while the head's hash is unchanged (a new block, or an
        ``evm_revert``, gives a new fork). Anything done on the fork stays there."""

    def trace(
        self,
        sender: object,
        to: object | None,
        data: bytes = b"",
        value: int = 0,
        gas: int | None = None,
        authorizations: Sequence[Authorization] = (),
    ) -> Trace:
        """Run a message as ``sender`` would send it in the next block, and report what it
        did (:class:`Trace`) without mining it or changing any state.

        Any sender can be traced (nothing is signed); ``to=None`` traces a creation with
        ``data`` as init code; ``gas`` None is the block gas limit; ``authorizations``
        (EIP-7702) are applied first. The gas is what the mined transaction's receipt
        would show. A message a node would reject outright (value above the balance, gas
        below the intrinsic cost) raises :class:`~augury.errors.TransactionFailed`; a
        message that fails in the EVM is a trace with ``success`` False. A node is traced
        on :meth:`fork`, so it needs no tracing API of the node.
        """
        with self.fork().traced(sender, to, data, value, gas, authorizations) as trace:
            return trace

    @abstractmethod
    def set_balance(self, address: object, wei: int) -> None:
        """Set a native balance (development chains only)."""

    @abstractmethod
    def snapshot(self) -> Any:
        """Mark the current state. Each snapshot can be reverted to once."""

    @abstractmethod
    def revert(self, snapshot_id: Any) -> None: ...

    @abstractmethod
    def advance_time(self, seconds: int) -> None:
        """Move the clock forward and mine a block, so deadlines and windows pass."""

    def get_logs(
        self,
        *,
        address: str | None = None,
        topics: Sequence[bytes | None] = (),
        from_block: int = 0,
        to_block: int | None = None,
    ) -> list[Log]:
        """Logs in ``[from_block, to_block]`` matching address and topics (None = any)."""
        target = None if address is None else to_address(address)
        return self._get_logs(LogFilter(target, tuple(topics), from_block, to_block))

    @abstractmethod
    def _get_logs(self, query: LogFilter) -> list[Log]:
        """The logs ``query`` asks for, in chain order."""

    @abstractmethod
    def _execute(
        self, sender: str, to: str | None, data: bytes, value: int, gas: int | None
    ) -> ExecutionResult:
        """Mine one transaction; ``to=None`` deploys ``data`` as init code."""

    @abstractmethod
    def _call(self, sender: str, to: str, data: bytes, value: int) -> tuple[bool, bytes]:
        """Execute without changing state (``eth_call``): (success, output or revert data)."""

    # -- accounts --------------------------------------------------------------

    @property
    def accounts(self) -> list[LocalAccount]:
        """Accounts this chain can sign for, funded on development chains."""
        return list(self._signers.values())

    def signer(self, address: object) -> LocalAccount:
        """The key for ``address``, for off-chain signatures (EIP-712, permits)."""
        addr = to_address(address)
        try:
            return self._signers[addr]
        except KeyError:
            raise ChainError(f"no private key for {addr} on this chain") from None

    def add_account(self, account: LocalAccount, *, default: bool = False) -> LocalAccount:
        """Let this chain sign for ``account``; ``default`` makes it the sender
        of transactions that name none."""
        address = to_checksum_address(account.address)
        if default:
            self._signers = {address: account, **self._signers}
        else:
            self._signers[address] = account
        return account

    def new_account(self, wei: int = 10 * 10**18) -> LocalAccount:
        """A fresh random account, funded with ``wei`` (development chains)."""
        account: LocalAccount = Account.create()
        self.add_account(account)
        if wei:
            self.set_balance(account.address, wei)
        return account

    def _default_sender(self, sender: object | None) -> str:
        if sender is not None:
            return to_address(sender)
        if not self._signers:
            raise ChainError("no account to send from: give a private key")
        return next(iter(self._signers))

    # -- contracts -------------------------------------------------------------

    def deploy(
        self,
        name: str,
        *args: Any,
        sender: object | None = None,
        value: int = 0,
        gas: int | None = None,
    ) -> Contract:
        """Deploy the protocol contract ``name`` from ``augury/contracts/<name>.vy``."""
        compiled = compile_contract(name)
        return self.deploy_code(
            compiled.abi, compiled.bytecode, *args, name=name, sender=sender, value=value, gas=gas
        )

    def deploy_code(
        self,
        abi: Sequence[dict[str, Any]],
        bytecode: bytes,
        *args: Any,
        name: str = "contract",
        sender: object | None = None,
        value: int = 0,
        gas: int | None = None,
    ) -> Contract:
        """Deploy any compiled contract from its ABI and init code."""
        from augury.chain.contract import Contract

        cabi = ContractABI(abi)
        data = bytes(bytecode) + cabi.encode_constructor(args)
        receipt = self._transact(None, data, sender=sender, value=value, gas=gas, label=name)
        address = receipt.contract_address
        if address is None:
            raise ChainError(f"deploying {name} created no contract")
        self._abis[address.lower()] = cabi
        # the constructor's events decode only now that the address is known
        receipt = dataclasses.replace(receipt, events=tuple(self.decode_logs(receipt.logs)))
        contract = Contract(self, address, cabi, name)
        contract.deploy_receipt = receipt
        return contract

    def at(self, name: str, address: object) -> Contract:
        """A handle on an already deployed protocol contract ``name`` at ``address``."""
        from augury.chain.contract import Contract

        cabi = ContractABI(compile_contract(name).abi)
        addr = to_address(address)
        self._abis[addr.lower()] = cabi
        return Contract(self, addr, cabi, name)

    # -- transactions and calls ------------------------------------------------

    def send(self, to: object, value: int, *, sender: object | None = None) -> Receipt:
        """A plain native-coin transfer."""
        return self._transact(to_address(to), b"", sender=sender, value=value, gas=None)

    def transact(
        self,
        to: object,
        fn: Function,
        args: Sequence[Any],
        *,
        sender: object | None = None,
        value: int = 0,
        gas: int | None = None,
    ) -> Receipt:
        """Send a transaction calling ``fn``; raises TransactionFailed with the reason."""
        return self._transact(
            to_address(to), fn.encode(args), sender=sender, value=value, gas=gas, label=fn.name
        )

    def call(
        self,
        to: object,
        fn: Function,
        args: Sequence[Any],
        *,
        sender: object | None = None,
        value: int = 0,
    ) -> Any:
        """Evaluate ``fn`` without a transaction and decode its result."""
        result = self.call_raw(to, fn.encode(args), sender=sender, value=value)
        if not result.success:
            raise TransactionFailed(decode_revert(result.output), function=fn.name)
        return fn.decode_output(result.output)

    def call_raw(
        self, to: object, data: bytes, *, sender: object | None = None, value: int = 0
    ) -> CallResult:
        """``eth_call``: run ``data`` against ``to`` at the latest block, change nothing,
        and return the raw outcome (no ABI needed; a revert is a result, not an error).
        Node trouble still raises (:class:`~augury.errors.ChainError`)."""
        ok, out = self._call(self._default_sender(sender), to_address(to), bytes(data), value)
        return CallResult(ok, out)

    def _transact(
        self,
        to: str | None,
        data: bytes,
        *,
        sender: object | None,
        value: int,
        gas: int | None,
        label: str | None = None,
    ) -> Receipt:
        from_ = self._default_sender(sender)
        result = self._execute(from_, to, data, value, gas)
        receipt = Receipt(
            tx_hash=result.tx_hash,
            block_number=result.block_number,
            status=result.success,
            gas_used=result.gas_used,
            sender=from_,
            to=to,
            contract_address=result.contract_address,
            logs=result.logs,
            events=tuple(self.decode_logs(result.logs)),
        )
        reason = result.revert_reason  # None exactly when the message succeeded
        if reason is not None:
            raise TransactionFailed(
                reason, function=label, receipt=receipt if result.mined else None
            )
        if self._recordings:
            sent = SentTransaction(label, to, from_, len(data), receipt)
            for log in self._recordings:
                log.append(sent)
        return receipt

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[SentTransaction]]:
        """Keep every successful transaction this chain object sends while the block runs,
        in the order mined, for accounting (gas and calldata per call, as a bench needs).

        Only transactions sent through this object are seen (not another client's on the
        same node), and a reverted one is not kept: it raised instead. Recordings nest;
        the list stays readable after the block ends.
        """
        log: list[SentTransaction] = []
        self._recordings.append(log)
        try:
            yield log
        finally:
            self._recordings.remove(log)

    # -- events ----------------------------------------------------------------

    def decode_logs(self, logs: Sequence[Log]) -> list[Event]:
        """Decode the logs emitted by contracts whose ABI this chain knows."""
        return decode_logs(self._abis, logs)

    @contextlib.contextmanager
    def anchor(self) -> Iterator[None]:
        """Run a block of code and then put the chain back as it was."""
        snap = self.snapshot()
        try:
            yield
        finally:
            self.revert(snap)

    def info(self) -> dict[str, Any]:
        """``{"backend", "chain_id", "block"}``, as ``augury chain info`` prints it."""
        return {"backend": self.backend, "chain_id": self.chain_id, "block": self.block_number()}
