"""The JSON-RPC backend: any Ethereum node (Hardhat, anvil, geth, an L2).

Transactions are signed locally with eth-account (EIP-1559 where the node has a
base fee, legacy otherwise) and sent raw, so no key ever reaches the node.
Before sending, the transaction is estimated: one that would revert is not sent
and raises with the decoded reason, exactly like the embedded backend. The
development extras (snapshots, time travel, balances) use the ``evm_*`` and
``hardhat_*``/``anvil_*`` methods those nodes implement.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address

from augury.chain.base import Chain, dev_accounts, load_private_key, to_address
from augury.chain.jsonrpc import JSONRPCClient, redact
from augury.chain.types import BlockId, BlockRef, ExecutionResult, Log, LogFilter
from augury.errors import AuguryValueError, ChainError, ChainIdMismatch, RPCError

if TYPE_CHECKING:
    from augury.chain.embedded import EmbeddedChain

RECEIPT_TIMEOUT = 120.0
DEFAULT_PRIORITY_FEE = 10**9  # 1 gwei


def _hex(value: int) -> str:
    return hex(value)


def _bytes(text: str | None) -> bytes:
    if not text:
        return b""
    return bytes.fromhex(text[2:] if text.startswith("0x") else text)


def _block_param(block: BlockId | BlockRef | None) -> Any:
    """A block parameter for ``eth_getCode`` and the like: a tag, a hex number, or an
    EIP-1898 ``{"blockHash": ...}`` object for a hash."""
    if block is None:
        return "latest"
    if isinstance(block, BlockRef):
        block = block.hash
    if isinstance(block, int):
        return _hex(block)
    if block.startswith("0x") and len(block) == 66:
        return {"blockHash": block}
    return block


def revert_data(err: RPCError) -> bytes | None:
    """The revert data inside an ``eth_call``/``eth_estimateGas`` error, or None if
    the error is not a revert (bad params, unknown method, node trouble).

    Nodes differ: geth and anvil put a hex string in ``data`` (code 3); Hardhat
    nests it as ``data.data`` or gives it directly.
    """
    data: Any = err.data
    if isinstance(data, dict):
        data = data.get("data")
    if isinstance(data, str) and data.startswith("0x"):
        try:
            return _bytes(data)
        except ValueError:
            return None
    text = err.rpc_message.lower()
    if "revert" in text or "vm exception" in text or "execution reverted" in text:
        return b""
    return None


def _not_sent(revert: bytes, block: dict[str, Any]) -> ExecutionResult:
    """A transaction the node refused (its estimate or its submission reverted): nothing
    was mined, no gas was paid, the revert data says why."""
    return ExecutionResult(
        success=False,
        output=revert,
        gas_used=0,
        logs=(),
        tx_hash="",
        block_number=int(block["number"], 16),
        mined=False,
    )


class RPCChain(Chain):
    """A JSON-RPC node. ``url`` is the endpoint (it may embed an API key: print it with
    :func:`~augury.chain.jsonrpc.redact`) and ``rpc`` the client every request goes
    through, for callers that need a method this interface does not wrap."""

    backend = "rpc"
    url: str
    rpc: JSONRPCClient

    def __init__(
        self,
        url: str,
        *,
        private_key: str | None = None,
        chain_id: int | None = None,
        timeout: float = 30.0,
    ) -> None:
        super().__init__()
        self.url = url
        self.rpc = JSONRPCClient(url, timeout=timeout)
        self._chain_id = int(self.rpc.request("eth_chainId"), 16)
        if chain_id is not None and chain_id != self._chain_id:
            raise ChainIdMismatch(
                f"wrong chain id: {redact(url)} is chain {self._chain_id}, expected {chain_id}"
            )
        try:
            self.client_version = str(self.rpc.request("web3_clientVersion"))
        except RPCError:
            self.client_version = "unknown"
        self._dev_prefix = self._detect_dev_prefix()
        if private_key is not None:
            self.add_account(load_private_key(private_key), default=True)
        self._add_unlocked_dev_accounts()
        self._nonces: dict[str, int] = {}
        self._priority_fee: int | None = None
        self._fork: tuple[str, EmbeddedChain] | None = None

    def __repr__(self) -> str:
        return f"<RPCChain {redact(self.url)} chain {self._chain_id} ({self.client_version})>"

    def _detect_dev_prefix(self) -> str | None:
        v = self.client_version.lower()
        if "hardhat" in v:
            return "hardhat"
        if "anvil" in v:
            return "anvil"
        return None

    def _add_unlocked_dev_accounts(self) -> None:
        """On a dev node, use the well-known dev keys whose accounts the node funds."""
        if self._dev_prefix is None:
            return
        try:
            unlocked = {a.lower() for a in self.rpc.request("eth_accounts")}
        except RPCError:
            return
        for account in dev_accounts():
            if account.address.lower() in unlocked:
                self.add_account(account)

    # -- node chores -------------------------------------------------------------

    @property
    def chain_id(self) -> int:
        return self._chain_id

    def block_number(self) -> int:
        return int(self.rpc.request("eth_blockNumber"), 16)

    def timestamp(self) -> int:
        block = self.rpc.request("eth_getBlockByNumber", ["latest", False])
        return int(block["timestamp"], 16)

    def balance(self, address: object) -> int:
        return int(self.rpc.request("eth_getBalance", [to_address(address), "latest"]), 16)

    def nonce(self, address: object) -> int:
        return int(self.rpc.request("eth_getTransactionCount", [to_address(address), "latest"]), 16)

    def head(self) -> BlockRef:
        from augury.chain.fork import block_ref

        return block_ref(self.rpc.request("eth_getBlockByNumber", ["latest", False]))

    def code(self, address: object, block: BlockId | BlockRef | None = None) -> bytes:
        return _bytes(self.rpc.request("eth_getCode", [to_address(address), _block_param(block)]))

    def fork(self) -> EmbeddedChain:
        """An embedded fork of the node's head block, cached until the head's hash
        changes. Each fork has its own client (its own HTTP session) and an RPC cache
        private to it, so a fork never reads another block's state; see
        :mod:`augury.chain.fork`."""
        from augury.chain.embedded import EmbeddedChain

        head = self.head()
        if self._fork is not None and self._fork[0] == head.hash:
            return self._fork[1]
        client = JSONRPCClient(self.url, timeout=self.rpc.timeout)
        fork = EmbeddedChain(fork=client, fork_block=head.hash)
        self._fork = (head.hash, fork)
        return fork

    def _dev(self, method: str) -> str:
        if self._dev_prefix is None:
            raise ChainError(
                f"{method} needs a development node (Hardhat or anvil); "
                f"{redact(self.url)} is {self.client_version}"
            )
        return f"{self._dev_prefix}_{method}"

    def set_balance(self, address: object, wei: int) -> None:
        self.rpc.request(self._dev("setBalance"), [to_address(address), _hex(wei)])

    def snapshot(self) -> str:
        self._dev("snapshot")
        return str(self.rpc.request("evm_snapshot"))

    def revert(self, snapshot_id: Any) -> None:
        self._dev("revert")
        if not self.rpc.request("evm_revert", [snapshot_id]):
            raise ValueError(f"unknown or already used snapshot {snapshot_id!r}")
        self._nonces.clear()

    def advance_time(self, seconds: int) -> None:
        if seconds < 0:
            raise AuguryValueError("time only moves forward")
        self._dev("increaseTime")
        self.rpc.request("evm_increaseTime", [seconds])
        self.rpc.request("evm_mine")

    def _get_logs(self, query: LogFilter) -> list[Log]:
        flt: dict[str, Any] = {
            "fromBlock": _hex(query.from_block),
            "toBlock": "latest" if query.to_block is None else _hex(query.to_block),
            "topics": [None if t is None else "0x" + t.hex() for t in query.topics],
        }
        if query.address is not None:
            flt["address"] = query.address
        return [self._log(raw) for raw in self.rpc.request("eth_getLogs", [flt])]

    @staticmethod
    def _log(raw: dict[str, Any]) -> Log:
        return Log(
            address=to_checksum_address(raw["address"]),
            topics=tuple(_bytes(t) for t in raw["topics"]),
            data=_bytes(raw["data"]),
            block_number=int(raw["blockNumber"], 16),
            tx_hash=raw["transactionHash"],
            log_index=int(raw["logIndex"], 16),
        )

    # -- execution ---------------------------------------------------------------

    def _signer_for(self, sender: str) -> LocalAccount:
        try:
            return self._signers[sender]
        except KeyError:
            raise ChainError(
                f"cannot send from {sender}: no private key for it (give --key)"
            ) from None

    def _next_nonce(self, sender: str) -> int:
        if sender not in self._nonces:
            self._nonces[sender] = int(
                self.rpc.request("eth_getTransactionCount", [sender, "pending"]), 16
            )
        return self._nonces[sender]

    def _fees(self, block: dict[str, Any] | None, gas_price: Any) -> dict[str, int]:
        base = block.get("baseFeePerGas") if isinstance(block, dict) else None
        if base is None:
            if isinstance(gas_price, RPCError):
                raise gas_price
            return {"gasPrice": int(gas_price, 16)}
        if self._priority_fee is None:
            try:
                self._priority_fee = int(self.rpc.request("eth_maxPriorityFeePerGas"), 16)
            except RPCError:
                self._priority_fee = DEFAULT_PRIORITY_FEE
        tip = self._priority_fee
        return {"maxFeePerGas": 2 * int(base, 16) + tip, "maxPriorityFeePerGas": tip}

    def _execute(
        self, sender: str, to: str | None, data: bytes, value: int, gas: int | None
    ) -> ExecutionResult:
        signer = self._signer_for(sender)
        call: dict[str, Any] = {"from": sender, "data": "0x" + data.hex(), "value": _hex(value)}
        if to is not None:
            call["to"] = to
        calls: list[tuple[str, Sequence[Any]]] = [
            ("eth_getBlockByNumber", ["latest", False]),
            ("eth_gasPrice", []),
        ]
        if gas is None:
            calls.append(("eth_estimateGas", [call]))
        block, gas_price, *est = self.rpc.batch(calls)
        if isinstance(block, RPCError):
            raise block
        if gas is None:
            estimate = est[0]
            if isinstance(estimate, RPCError):
                revert = revert_data(estimate)
                if revert is None:
                    raise estimate
                return _not_sent(revert, block)
            gas = min(int(estimate, 16) * 6 // 5, int(block["gasLimit"], 16))
        tx: dict[str, Any] = {
            "chainId": self._chain_id,
            "nonce": self._next_nonce(sender),
            "gas": gas,
            "value": value,
            "data": data,
            **self._fees(block, gas_price),
        }
        if to is not None:
            tx["to"] = to
        raw = bytes(signer.sign_transaction(tx).raw_transaction)
        try:
            tx_hash = self.rpc.request("eth_sendRawTransaction", ["0x" + raw.hex()])
        except RPCError as exc:
            self._nonces.pop(sender, None)  # re-read the nonce next time
            revert = revert_data(exc)
            if revert is None:
                raise ChainError(f"node rejected the transaction: {exc.rpc_message}") from None
            # Hardhat mines a failing transaction and then reports the revert as
            # an error: if a receipt exists, the failure was mined and cost gas.
            mined = self.rpc.request("eth_getTransactionReceipt", ["0x" + keccak(raw).hex()])
            if mined is None:
                return _not_sent(revert, block)
            return self._result(dict(mined), revert)
        self._nonces[sender] = tx["nonce"] + 1
        receipt = self._wait(tx_hash)
        success = int(receipt["status"], 16) == 1
        return self._result(receipt, b"" if success else self._replay_revert(call, receipt))

    def _result(self, receipt: dict[str, Any], output: bytes) -> ExecutionResult:
        created = receipt.get("contractAddress")
        return ExecutionResult(
            success=int(receipt["status"], 16) == 1,
            output=output,
            gas_used=int(receipt["gasUsed"], 16),
            logs=tuple(self._log(raw_log) for raw_log in receipt["logs"]),
            tx_hash=receipt["transactionHash"],
            block_number=int(receipt["blockNumber"], 16),
            contract_address=to_checksum_address(created) if created else None,
        )

    def _wait(self, tx_hash: str) -> dict[str, Any]:
        deadline = time.monotonic() + RECEIPT_TIMEOUT
        delay = 0.0
        while True:
            receipt = self.rpc.request("eth_getTransactionReceipt", [tx_hash])
            if receipt is not None:
                return dict(receipt)
            if time.monotonic() > deadline:
                raise ChainError(f"transaction {tx_hash} not mined after {RECEIPT_TIMEOUT:g} s")
            delay = min(1.0, delay * 2 or 0.01)
            time.sleep(delay)

    def _replay_revert(self, call: dict[str, Any], receipt: dict[str, Any]) -> bytes:
        """Revert data of a mined failure, by re-running it on the parent block."""
        parent = _hex(max(0, int(receipt["blockNumber"], 16) - 1))
        try:
            self.rpc.request("eth_call", [call, parent])
        except RPCError as exc:
            return revert_data(exc) or b""
        return b""

    def _call(self, sender: str, to: str, data: bytes, value: int) -> tuple[bool, bytes]:
        call = {"from": sender, "to": to, "data": "0x" + data.hex(), "value": _hex(value)}
        try:
            return True, _bytes(self.rpc.request("eth_call", [call, "latest"]))
        except RPCError as exc:
            revert = revert_data(exc)
            if revert is None:
                raise
            return False, revert
