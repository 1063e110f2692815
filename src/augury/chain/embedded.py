"""The embedded backend: titanoboa's in-process py-evm (Prague rules).

It behaves like an automining development node: every transaction is mined in
a block of its own, receipts carry the gas a node would charge, logs are kept
for ``get_logs``, and a transaction that would revert is not mined at all (the
RPC backend does the same by simulating first). Gas price is zero, so native
balances move only by value; tx hashes identify transactions but are not hashes
of signed envelopes (the embedded chain executes unsigned messages, which is
also what lets the guard simulate any sender's request on a fork).
"""

from __future__ import annotations

import bisect
import contextlib
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from eth_utils import keccak, to_canonical_address

from augury.chain import evm
from augury.chain.base import DEV_BALANCE, Chain, dev_accounts, to_address
from augury.chain.gas import BLOCK_GAS_LIMIT, calldata_floor, intrinsic_gas
from augury.chain.jsonrpc import JSONRPCClient
from augury.chain.types import (
    Authorization,
    BlockId,
    BlockRef,
    ExecutionResult,
    Log,
    LogFilter,
    Trace,
)
from augury.errors import AuguryValueError, ChainError

__all__ = ["BLOCK_GAS_LIMIT", "EmbeddedChain", "calldata_floor", "intrinsic_gas"]


def next_head(parent: str, number: int, timestamp: int, tx_hash: str = "") -> str:
    """The embedded chain's id for a new block: keccak of the parent's id, the block
    number, its timestamp and its transaction's id (empty for a block without one)."""
    tx = bytes.fromhex(tx_hash[2:]) if tx_hash else b""
    payload = bytes.fromhex(parent[2:]) + number.to_bytes(32, "big") + timestamp.to_bytes(32, "big")
    return "0x" + keccak(payload + tx).hex()


_MASK = 2**256 - 1
_GOLDEN = 0x9E3779B97F4A7C15F39CC0605CEDC8341082276BF3A27251F86C6A11D0C18E95  # odd
_MIX = 0xBF58476D1CE4E5B9D4A52A6F5E3C7D9094D049BB133111EB2545F4914F6CDD1D  # odd


def block_randao(salt: int, number: int) -> bytes:
    """The embedded chain's prevrandao of block ``number``: a bijective integer mix of
    the chain's salt and the number (no hash, so mining stays cheap). Every block gets
    its own value, as on a beacon chain, and the same number on the same chain always
    gets the same one; like mainnet's, it is known before the block is mined."""
    x = (salt + number * _GOLDEN) & _MASK
    x ^= x >> 128
    x = (x * _MIX) & _MASK
    x ^= x >> 127
    return x.to_bytes(32, "big")


def randao_salt(chain_id: int) -> int:
    """What a fresh embedded chain's prevrandao values derive from."""
    return int.from_bytes(keccak(b"augury-embedded-prevrandao" + chain_id.to_bytes(32, "big")))


class _Ancestors:
    """``prev_hashes`` for py-evm: the ids of the 256 blocks before the executing one,
    newest first. py-evm reads it only when BLOCKHASH runs (``get_ancestor_hash``
    takes ``nth(depth, prev_hashes)``), so the pending head ids are folded then, not
    at mining."""

    __slots__ = ("_chain",)

    def __init__(self, chain: EmbeddedChain) -> None:
        self._chain = chain

    def __iter__(self) -> Iterator[bytes]:
        chain = self._chain
        chain._head  # noqa: B018 - folds the pending ids into the history
        history, first = chain._history, chain._history_first
        # the executing block is the patched number; its parent is depth 0
        top = chain.block_number() - 1 - first
        for k in range(min(top, len(history) - 1), max(-1, top - 256), -1):
            yield bytes.fromhex(history[k][2:])


def genesis_head(chain_id: int, timestamp: int) -> str:
    """The id of a fresh embedded chain's block 0."""
    return (
        "0x"
        + keccak(
            b"augury-embedded" + chain_id.to_bytes(32, "big") + timestamp.to_bytes(32, "big")
        ).hex()
    )


class EmbeddedChain(Chain):
    backend = "embedded"

    def __init__(
        self,
        *,
        fork: JSONRPCClient | str | None = None,
        fork_block: BlockId = "latest",
        chain_id: int = 31337,
        timestamp: int | None = None,
        state: str | Path | None = None,
    ) -> None:
        super().__init__()
        import boa

        self._env = boa.Env()
        self._head_base = ""
        self._head_pending: list[tuple[int, int, str]] = []
        # the folded ids of the latest blocks: _history[k] is block _history_first + k
        self._history: list[str] = []
        self._history_first = 0
        self._randao_salt = 0
        self._forked = fork is not None
        if fork is not None:
            from augury.chain.fork import fork_env

            # replaces the VM, and with it the patcher
            head = fork_env(self._env, fork, fork_block).hash
        self._patch = self._env.evm.patch
        if fork is None:
            self._patch.chain_id = chain_id
            self._patch.block_number = 0  # genesis, as on a fresh Hardhat or anvil node
            self._patch.timestamp = int(time.time()) if timestamp is None else timestamp
            head = genesis_head(chain_id, self.timestamp())
        self._head = head
        self._ctx = self._env.evm.vm.state.execution_context
        # a fresh chain's blocks get the same prevrandao run after run (seeded runs
        # reproduce); a fork's follow from the block it forked
        self._randao_salt = int(self._head, 16) if fork is not None else randao_salt(chain_id)
        if fork is not None:  # the forked block's parent hash, which the fork fetched
            parent = bytes(self._patch.prev_hashes[0])
            self._history = ["0x" + parent.hex(), head]
            self._history_first = self.block_number() - 1
        self._patch.prev_hashes = _Ancestors(self)
        self._set_randao()
        self._logs: list[Log] = []
        self._log_blocks: list[int] = []
        self._snapshots: list[tuple[int, Any, int, int, int, str]] = []
        self._next_snapshot = 1
        for account in dev_accounts():
            self.add_account(account)
            self.set_balance(account.address, DEV_BALANCE)
        self.state_path = None if state is None else Path(state)
        if self.state_path is not None and self.state_path.exists():
            from augury.chain.statefile import load_state

            load_state(self, self.state_path)

    # The head id folds each new block into its parent's. A block mined by a transaction
    # only queues its (number, timestamp, tx id); the keccak chain is folded when the id
    # is read (head(), or BLOCKHASH through _Ancestors), so mining pays a list append
    # rather than a hash (a few percent of a token transfer).
    @property
    def _head(self) -> str:
        if self._head_pending:
            head, history = self._head_base, self._history
            for number, timestamp, tx_hash in self._head_pending:
                head = next_head(head, number, timestamp, tx_hash)
                history.append(head)
            self._head_base, self._head_pending = head, []
            if len(history) > 512:  # BLOCKHASH reaches back 256 blocks
                del history[:256]
                self._history_first += 256
        return self._head_base

    @_head.setter
    def _head(self, value: str) -> None:
        """A head with no known ancestors here (a genesis, a fork, a state file)."""
        self._head_base, self._head_pending = value, []
        self._history, self._history_first = [value], self.block_number()

    def _push_head(self, value: str) -> None:
        """The head after a block mined without a transaction (``advance_time``)."""
        self._head  # noqa: B018 - folds what is pending first
        self._head_base = value
        self._history.append(value)

    def _rewind_heads(self, value: str) -> None:
        """Back to the head of an earlier block of this history (``revert``)."""
        self._head_base, self._head_pending = value, []
        keep = self.block_number() - self._history_first + 1
        if keep < 1:
            self._head = value
        else:
            del self._history[keep:]
            self._history[-1] = value

    def recent_heads(self) -> list[str]:
        """The ids of up to 256 latest blocks, oldest first, ending with the head's
        (what BLOCKHASH sees; a state file keeps them)."""
        self._head  # noqa: B018
        return self._history[-256:]

    def _restore_heads(self, heads: Sequence[str]) -> None:
        """The ids :meth:`recent_heads` gave, read back from a state file."""
        self._head = heads[-1]
        self._history = list(heads)
        self._history_first = self.block_number() - len(heads) + 1

    def _set_randao(self) -> None:
        """prevrandao for the block number the context holds now."""
        self._ctx._mix_hash = block_randao(self._randao_salt, self._patch.block_number)

    def save(self, path: str | Path | None = None) -> Path:
        """Write the chain to ``path`` (default: the file it was loaded from);
        ``Chain.embedded(state=path)`` reads it back."""
        from augury.chain.statefile import save_state

        target = Path(path) if path is not None else self.state_path
        if target is None:
            raise ValueError("no path to save the chain to")
        save_state(self, target)
        return target

    @property
    def forked(self) -> bool:
        """Whether this chain reads its state from a node (see :mod:`augury.chain.fork`)."""
        return self._forked

    @property
    def state(self) -> Any:
        """The py-evm state, for the chain package's own use (state files, execution)."""
        return self._env.evm.vm.state

    def fork(self) -> EmbeddedChain:
        """This chain itself: it is already an embedded EVM to simulate on."""
        return self

    # -- node chores -------------------------------------------------------------

    @property
    def chain_id(self) -> int:
        return int(self._patch.chain_id)

    def block_number(self) -> int:
        return int(self._patch.block_number)

    def timestamp(self) -> int:
        return int(self._patch.timestamp)

    def balance(self, address: object) -> int:
        return int(self.state.get_balance(to_canonical_address(to_address(address))))

    def nonce(self, address: object) -> int:
        return int(self.state.get_nonce(to_canonical_address(to_address(address))))

    def head(self) -> BlockRef:
        """The latest block. Its ``hash`` is the embedded chain's id for it, not a header
        hash: a keccak chained over every block's number, timestamp and transaction id
        from the genesis (or, on a fork, from the forked block's real hash). So it changes
        with every mined block, comes back with a reverted snapshot, and differs between
        two histories that reach the same height."""
        return BlockRef(self.block_number(), self._head, self.timestamp())

    def code(self, address: object, block: BlockId | BlockRef | None = None) -> bytes:
        """Code at ``address``. The embedded chain keeps only its latest state, so
        ``block`` may only name the head (None, ``"latest"``, its number or its hash)."""
        if block is not None and not self._is_head(block):
            raise ChainError(
                f"the embedded chain keeps only its latest state (block {self.block_number()}); "
                f"cannot read code at {block!r}"
            )
        return bytes(self.state.get_code(to_canonical_address(to_address(address))))

    def _is_head(self, block: BlockId | BlockRef) -> bool:
        if isinstance(block, BlockRef):
            block = block.hash
        if isinstance(block, int):
            return block == self.block_number()
        return block in ("latest", "pending") or block.lower() == self._head

    def set_balance(self, address: object, wei: int) -> None:
        self.state.set_balance(to_canonical_address(to_address(address)), wei)

    def _end_transaction(self) -> None:
        """Make this transaction's writes the 'original' values of the next one.

        EIP-2200/3529 price SSTORE by the value a slot had when the transaction
        started, which py-evm reads from its locked layer; boa never locks, so
        without this, repeated writes across transactions would be mispriced.
        On a fork the remote trie cannot be rebuilt locally, so writes stay
        journaled there (snapshots keep working; SSTORE gas may then differ).
        """
        if not self._forked:
            self.state._account_db.lock_changes()

    def snapshot(self) -> int:
        sid = self._next_snapshot
        self._next_snapshot += 1
        if self._forked:
            token: Any = self.state.snapshot()
        else:
            # Locked changes cannot be rolled back by the journal: persist to the
            # in-memory trie and remember the root instead.
            self.state._account_db.persist()
            token = self.state.state_root
        self._snapshots.append(
            (sid, token, self.block_number(), self.timestamp(), len(self._logs), self._head)
        )
        return sid

    def revert(self, snapshot_id: Any) -> None:
        for i, (sid, token, block, ts, nlogs, head) in enumerate(self._snapshots):
            if sid == snapshot_id:
                state = self.state
                if self._forked:
                    state.revert(token)
                else:
                    account_db = type(state._account_db)(state._db, token)
                    state._account_db = account_db
                self._patch.block_number = block
                self._patch.timestamp = ts
                self._rewind_heads(head)
                self._set_randao()
                del self._logs[nlogs:]
                del self._log_blocks[nlogs:]
                # like a node, later snapshots and this one are used up
                del self._snapshots[i:]
                return
        raise ValueError(f"unknown or already used snapshot {snapshot_id!r}")

    def advance_time(self, seconds: int) -> None:
        if seconds < 0:
            raise AuguryValueError("time only moves forward")
        self._patch.timestamp = self.timestamp() + seconds
        self._patch.block_number = self.block_number() + 1
        self._push_head(next_head(self._head, self.block_number(), self.timestamp()))
        self._set_randao()

    def _get_logs(self, query: LogFilter) -> list[Log]:
        # the logs are kept in block order, so the block range is two bisections
        lo = bisect.bisect_left(self._log_blocks, query.from_block)
        hi = (
            len(self._logs)
            if query.to_block is None
            else bisect.bisect_right(self._log_blocks, query.to_block)
        )
        return [log for log in self._logs[lo:hi] if query.matches(log)]

    # -- execution ---------------------------------------------------------------
    #
    # One code path: _start runs a message as the next block's transaction inside a
    # journal checkpoint; _execute commits it (mines), traced rolls it back.

    def _start(
        self,
        sender: str,
        to: str | None,
        data: bytes,
        value: int,
        gas: int | None,
        authorizations: Sequence[Authorization] = (),
        *,
        call_tree: bool = True,
    ) -> tuple[Trace, Any]:
        """Run a message in the next block; returns its trace and the checkpoint taken
        before it. The block context is left at the next block for :meth:`_finish`.
        ``call_tree`` False (mining) skips the trace's ``created`` and ``transfers``."""
        state = self.state
        gas_limit = evm.check(state, sender, data, value, gas, create=to is None)
        snap = state.snapshot()
        block = self.block_number() + 1
        self._patch.block_number = block
        self._patch.timestamp = self.timestamp() + 1
        self._ctx._mix_hash = block_randao(self._randao_salt, block)
        try:
            if authorizations:
                evm.authorize(state, authorizations, self.chain_id)
            trace = evm.run(
                self._env,
                sender=sender,
                to=to,
                data=data,
                value=value,
                gas_limit=gas_limit,
                chain_id=self.chain_id,
                block=block,
                call_tree=call_tree,
            )
        except BaseException:
            self._finish(snap, mine=False)
            raise
        return trace, snap

    def _finish(self, snap: Any, *, mine: bool) -> None:
        """Mine what :meth:`_start` ran, or put state and block context back."""
        if mine:
            self.state.commit(snap)
            self._end_transaction()
            return
        self.state.revert(snap)
        self._patch.block_number = self.block_number() - 1
        self._patch.timestamp = self.timestamp() - 1
        self._set_randao()

    def _execute(
        self, sender: str, to: str | None, data: bytes, value: int, gas: int | None
    ) -> ExecutionResult:
        trace, snap = self._start(sender, to, data, value, gas, call_tree=False)
        # A failure is not mined, as a node never mines what fails its gas estimate.
        self._finish(snap, mine=trace.success)
        if trace.success:
            self._head_pending.append((trace.block_number, self.timestamp(), trace.tx_hash))
            self._logs.extend(trace.logs)
            self._log_blocks.extend([trace.block_number] * len(trace.logs))
        return ExecutionResult.of(trace, mined=trace.success)

    @contextlib.contextmanager
    def traced(
        self,
        sender: object,
        to: object | None,
        data: bytes = b"",
        value: int = 0,
        gas: int | None = None,
        authorizations: Sequence[Authorization] = (),
    ) -> Iterator[Trace]:
        """:meth:`trace` a message and keep its effects readable until the block ends.

        Inside the ``with`` block, reads of this chain (``balance``, ``code``,
        ``call_raw``, contract views) see the state the message leaves behind, at the
        current head (the block context is already put back); on leaving, the state is
        rolled back. Neither mine, snapshot nor revert inside the block. Raises
        :class:`~augury.errors.TransactionFailed` as :meth:`trace` does.
        """
        from_ = to_address(sender)
        target = None if to is None else to_address(to)
        trace, snap = self._start(from_, target, bytes(data), value, gas, authorizations)
        self._patch.block_number = self.block_number() - 1
        self._patch.timestamp = self.timestamp() - 1
        self._set_randao()
        try:
            yield trace
        finally:
            self.state.revert(snap)

    def _call(self, sender: str, to: str, data: bytes, value: int) -> tuple[bool, bytes]:
        comp = self._env.execute_code(
            to_address=to,
            sender=sender,
            gas=BLOCK_GAS_LIMIT,
            value=value,
            data=data,
            simulate=True,
        )
        if comp.is_error and type(comp.error).__name__ != "Revert":
            return False, b""
        return not comp.is_error, bytes(comp.output)
