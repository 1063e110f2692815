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
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eth_utils import keccak, to_canonical_address, to_checksum_address

from augury.chain.base import DEV_BALANCE, Chain, dev_accounts, to_address
from augury.chain.types import ExecutionResult, Log
from augury.errors import ChainConnectionError, TransactionFailed

# Transaction gas constants (yellow paper, EIP-2028, EIP-3860, EIP-7623).
G_TX = 21_000
G_TXCREATE = 32_000
G_TXDATA_ZERO = 4
G_TXDATA_NONZERO = 16
FLOOR_PER_TOKEN = 10  # EIP-7623 calldata floor, per token (zero byte 1, non-zero 4)
BLOCK_GAS_LIMIT = 30_000_000


def intrinsic_gas(data: bytes, create: bool) -> int:
    """Gas charged before execution: base, calldata and contract creation."""
    zeros = data.count(0)
    return (
        G_TX
        + (G_TXCREATE if create else 0)
        + zeros * G_TXDATA_ZERO
        + (len(data) - zeros) * G_TXDATA_NONZERO
    )


def calldata_floor(data: bytes) -> int:
    """EIP-7623: the least a transaction pays for its calldata."""
    zeros = data.count(0)
    return G_TX + FLOOR_PER_TOKEN * (zeros + 4 * (len(data) - zeros))


def _error_text(exc: Exception) -> str:
    name = type(exc).__name__
    return {"OutOfGas": "out of gas", "InsufficientFunds": "insufficient funds"}.get(
        name, f"{name}: {exc}"
    )


class EmbeddedChain(Chain):
    backend = "embedded"

    def __init__(
        self,
        *,
        fork_url: str | None = None,
        chain_id: int = 31337,
        timestamp: int | None = None,
        state: str | Path | None = None,
    ) -> None:
        super().__init__()
        import boa

        self._env = boa.Env()
        self._forked = fork_url is not None
        if fork_url is not None:
            self._fork(fork_url)  # replaces the VM, and with it the patcher
        self._patch = self._env.evm.patch
        if fork_url is None:
            self._patch.chain_id = chain_id
            self._patch.block_number = 0  # genesis, as on a fresh Hardhat or anvil node
            self._patch.timestamp = int(time.time()) if timestamp is None else timestamp
        self._logs: list[Log] = []
        self._log_blocks: list[int] = []
        self._snapshots: list[tuple[int, Any, int, int, int]] = []
        self._next_snapshot = 1
        for account in dev_accounts():
            self.add_account(account)
            self.set_balance(account.address, DEV_BALANCE)
        self.state_path = None if state is None else Path(state)
        if self.state_path is not None and self.state_path.exists():
            from augury.chain.statefile import load_state

            load_state(self, self.state_path)

    def save(self, path: str | Path | None = None) -> Path:
        """Write the chain to ``path`` (default: the file it was loaded from);
        ``Chain.embedded(state=path)`` reads it back."""
        from augury.chain.statefile import save_state

        target = Path(path) if path is not None else self.state_path
        if target is None:
            raise ValueError("no path to save the chain to")
        save_state(self, target)
        return target

    def _fork(self, url: str) -> None:
        from boa.rpc import EthereumRPC

        try:
            # No disk cache: dev nodes restart with the same chain id and block
            # numbers but new state, and the cache is bound to its first thread.
            self._env.fork_rpc(EthereumRPC(url), block_identifier="latest", cache_dir=None)
        except Exception as exc:  # requests, JSON and RPC errors alike
            raise ChainConnectionError(f"cannot fork {url}: {type(exc).__name__}: {exc}") from exc

    @property
    def state(self) -> Any:
        """The py-evm state, for code that needs the EVM itself (tracing, the guard)."""
        return self._env.evm.vm.state

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

    def code(self, address: object) -> bytes:
        return bytes(self.state.get_code(to_canonical_address(to_address(address))))

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
        self._snapshots.append((sid, token, self.block_number(), self.timestamp(), len(self._logs)))
        return sid

    def revert(self, snapshot_id: Any) -> None:
        for i, (sid, token, block, ts, nlogs) in enumerate(self._snapshots):
            if sid == snapshot_id:
                state = self.state
                if self._forked:
                    state.revert(token)
                else:
                    account_db = type(state._account_db)(state._db, token)
                    state._account_db = account_db
                self._patch.block_number = block
                self._patch.timestamp = ts
                del self._logs[nlogs:]
                del self._log_blocks[nlogs:]
                # like a node, later snapshots and this one are used up
                del self._snapshots[i:]
                return
        raise ValueError(f"unknown or already used snapshot {snapshot_id!r}")

    def advance_time(self, seconds: int) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._patch.timestamp = self.timestamp() + seconds
        self._patch.block_number = self.block_number() + 1

    def get_logs(
        self,
        *,
        address: str | None = None,
        topics: Sequence[bytes | None] = (),
        from_block: int = 0,
        to_block: int | None = None,
    ) -> list[Log]:
        lo = bisect.bisect_left(self._log_blocks, from_block)
        hi = (
            len(self._logs) if to_block is None else bisect.bisect_right(self._log_blocks, to_block)
        )
        want = address.lower() if address else None
        out = []
        for log in self._logs[lo:hi]:
            if want is not None and log.address.lower() != want:
                continue
            if len(topics) > len(log.topics):
                continue
            if all(t is None or t == lt for t, lt in zip(topics, log.topics, strict=False)):
                out.append(log)
        return out

    # -- execution ---------------------------------------------------------------

    def _execute(
        self, sender: str, to: str | None, data: bytes, value: int, gas: int | None
    ) -> ExecutionResult:
        state = self.state
        sender_b = to_canonical_address(sender)
        if value > state.get_balance(sender_b):
            raise TransactionFailed(
                f"insufficient funds: {sender} has {state.get_balance(sender_b)} wei, "
                f"value is {value}"
            )
        intrinsic = intrinsic_gas(data, create=to is None)
        gas_limit = BLOCK_GAS_LIMIT if gas is None else gas
        if gas_limit < max(intrinsic, calldata_floor(data)):
            raise TransactionFailed(f"intrinsic gas too low: {gas_limit} < {intrinsic}")
        nonce = state.get_nonce(sender_b)
        snap = state.snapshot()
        # EIP-2929: a transaction starts with cold storage and accounts, except
        # the sender, the recipient and the coinbase (access marks of earlier
        # transactions were cleared by lock_changes below).
        state.mark_address_warm(sender_b)
        state.mark_address_warm(state.coinbase)
        if to is not None:
            state.mark_address_warm(to_canonical_address(to))
        block_before, ts_before = self.block_number(), self.timestamp()
        block = block_before + 1
        self._patch.block_number = block
        self._patch.timestamp = ts_before + 1
        contract_address: str | None = None
        if to is None:
            target, comp = self._env.deploy(
                sender=sender, gas=gas_limit - intrinsic, value=value, bytecode=data
            )
            contract_address = to_checksum_address(str(target))
        else:
            state.increment_nonce(sender_b)
            comp = self._env.execute_code(
                to_address=to, sender=sender, gas=gas_limit - intrinsic, value=value, data=data
            )
        tx_hash = (
            "0x"
            + keccak(
                self.chain_id.to_bytes(32, "big")
                + sender_b
                + nonce.to_bytes(32, "big")
                + (to_canonical_address(to) if to else b"")
                + value.to_bytes(32, "big")
                + data
            ).hex()
        )
        used = intrinsic + comp.get_gas_used()
        if comp.is_error:
            # Not mined, as a node never mines what fails its gas estimate.
            state.revert(snap)
            self._patch.block_number = block_before
            self._patch.timestamp = ts_before
            is_revert = type(comp.error).__name__ == "Revert"
            return ExecutionResult(
                success=False,
                output=bytes(comp.output) if is_revert else b"",
                gas_used=used,
                logs=(),
                tx_hash=tx_hash,
                block_number=block,
                error=None if is_revert else _error_text(comp.error),
                mined=False,
            )
        state.commit(snap)
        self._end_transaction()
        used -= min(comp.get_gas_refund(), used // 5)
        used = max(used, calldata_floor(data))
        logs = tuple(
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
        self._logs.extend(logs)
        self._log_blocks.extend([block] * len(logs))
        return ExecutionResult(
            success=True,
            output=bytes(comp.output),
            gas_used=used,
            logs=logs,
            tx_hash=tx_hash,
            block_number=block,
            contract_address=contract_address,
        )

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
