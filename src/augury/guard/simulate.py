"""Simulating a transaction before it is signed, and reading what it would move.

:func:`simulate` traces a :class:`~augury.guard.decode.TxRequest` as its sender on
``chain.fork()`` (the embedded chain itself, or an embedded fork of a node's latest state)
with :meth:`~augury.chain.embedded.EmbeddedChain.traced`, which mines nothing and rolls
everything back. It reads:

* native-coin flows from the call tree, internal calls included (a drainer's ``claim()``
  forwarding the value to its owner shows up here, though it emits no log);
* ERC-20, ERC-721 and ERC-1155 transfers and approvals from the logs
  (``Transfer``, ``TransferSingle``/``TransferBatch``, ``Approval``, ``ApprovalForAll``);
* the sender's ERC-20 and native balances before and after, which override what the logs
  claim when the two disagree (a token may lie in its events; its balance cannot);
* a contract creation, the revert reason and the gas used.

EIP-7702 authorizations in the request are applied first (each authority's account gets
the delegate's code), so a delegated sweep is simulated as it would run.
A failed simulation is reported as such; the caller must read it as "could not verify".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from eth_abi import decode as abi_decode
from eth_utils import keccak, to_canonical_address, to_checksum_address

from augury.chain import BLOCK_GAS_LIMIT, Authorization, Chain, Log, intrinsic_gas
from augury.errors import AuguryError, TransactionFailed
from augury.guard.decode import TxRequest
from augury.guard.records import ApprovalChange, AssetChange, AssetKind, fields_json

TRANSFER = keccak(text="Transfer(address,address,uint256)")
APPROVAL = keccak(text="Approval(address,address,uint256)")
APPROVAL_FOR_ALL = keccak(text="ApprovalForAll(address,address,bool)")
TRANSFER_SINGLE = keccak(text="TransferSingle(address,address,address,uint256,uint256)")
TRANSFER_BATCH = keccak(text="TransferBatch(address,address,address,uint256[],uint256[])")
BALANCE_OF = keccak(text="balanceOf(address)")[:4]
SYMBOL = keccak(text="symbol()")[:4]
DECIMALS = keccak(text="decimals()")[:4]


@dataclass(frozen=True)
class Flow:
    """One movement of an asset seen in simulation."""

    kind: AssetKind
    token: str | None
    identifier: int | None
    sender: str
    receiver: str
    amount: int


@dataclass(frozen=True)
class Simulation:
    """What a transaction would do. ``success`` False means nothing below is verified."""

    success: bool
    revert_reason: str | None
    gas_used: int
    flows: tuple[Flow, ...]
    changes: tuple[AssetChange, ...]
    approvals: tuple[ApprovalChange, ...]
    created: str | None = None

    def changes_of(self, owner: str) -> list[AssetChange]:
        return [c for c in self.changes if c.owner == owner]

    def to_json(self) -> dict[str, Any]:
        # the flows are the raw material of the changes, which say the same per owner
        return fields_json(self, skip=("flows",))


def _addr(topic: bytes) -> str:
    return to_checksum_address(topic[-20:])


def _approval(
    topics: Sequence[bytes],
    kind: Literal["erc20", "erc721", "approval_for_all"],
    token: str,
    amount: int,
    identifier: int | None = None,
) -> ApprovalChange:
    """An ``Approval``/``ApprovalForAll`` log's change: owner topic 1, spender topic 2."""
    return ApprovalChange(_addr(topics[1]), kind, token, _addr(topics[2]), amount, identifier)


def _log_flows(logs: Sequence[Log]) -> tuple[list[Flow], list[ApprovalChange]]:
    flows: list[Flow] = []
    approvals: list[ApprovalChange] = []
    for log in logs:
        token, topics, data = log.address, log.topics, log.data
        if not topics:
            continue
        sig, n = topics[0], len(topics)
        try:
            if sig == TRANSFER and n == 3 and len(data) == 32:
                amount = int.from_bytes(data, "big")
                flows.append(Flow("erc20", token, None, _addr(topics[1]), _addr(topics[2]), amount))
            elif sig == TRANSFER and n == 4:
                token_id = int.from_bytes(topics[3], "big")
                flows.append(Flow("erc721", token, token_id, _addr(topics[1]), _addr(topics[2]), 1))
            elif sig == TRANSFER_SINGLE and n == 4:
                tid, amount = abi_decode(["uint256", "uint256"], data)
                flows.append(
                    Flow("erc1155", token, tid, _addr(topics[2]), _addr(topics[3]), amount)
                )
            elif sig == TRANSFER_BATCH and n == 4:
                ids, amounts = abi_decode(["uint256[]", "uint256[]"], data)
                for tid, amount in zip(ids, amounts, strict=True):
                    flows.append(
                        Flow("erc1155", token, tid, _addr(topics[2]), _addr(topics[3]), amount)
                    )
            elif sig == APPROVAL and n == 3 and len(data) == 32:
                approvals.append(_approval(topics, "erc20", token, int.from_bytes(data, "big")))
            elif sig == APPROVAL and n == 4:
                token_id = int.from_bytes(topics[3], "big")
                approvals.append(_approval(topics, "erc721", token, 1, token_id))
            elif sig == APPROVAL_FOR_ALL and n == 3 and len(data) == 32:
                on = int.from_bytes(data, "big")
                approvals.append(_approval(topics, "approval_for_all", token, on))
        except (ValueError, OverflowError):
            continue  # a malformed event is not evidence of anything
    return flows, approvals


def _net(flows: list[Flow]) -> list[AssetChange]:
    """Net change per (owner, asset); the counterparty is kept when it is unique."""
    delta: dict[tuple[str, AssetKind, str | None, int | None], int] = defaultdict(int)
    peers: dict[tuple[str, AssetKind, str | None, int | None], set[str]] = defaultdict(set)
    for f in flows:
        if f.sender == f.receiver:
            continue
        out = (f.sender, f.kind, f.token, f.identifier)
        into = (f.receiver, f.kind, f.token, f.identifier)
        delta[out] -= f.amount
        delta[into] += f.amount
        peers[out].add(f.receiver)
        peers[into].add(f.sender)
    return [
        AssetChange(
            owner, kind, token, ident, d, next(iter(peers[key])) if len(peers[key]) == 1 else None
        )
        for key, d in delta.items()
        if d != 0
        for owner, kind, token, ident in [key]
    ]


def _erc20_read(chain: Chain, token: str, selector: bytes, arg: bytes = b"") -> bytes | None:
    """A view call's output, or None if it reverts, returns too little or the node fails."""
    try:
        result = chain.call_raw(token, selector + arg, sender=token)
    except AuguryError:
        return None
    return result.output if result.success and len(result.output) >= 32 else None


def _erc20_balance(chain: Chain, token: str, owner: str) -> int | None:
    out = _erc20_read(chain, token, BALANCE_OF, bytes(12) + to_canonical_address(owner))
    return None if out is None else int.from_bytes(out[:32], "big")


def token_meta(chain: Chain, token: str) -> tuple[str | None, int | None]:
    """(symbol, decimals) of an ERC-20, each None where the token does not answer sanely."""
    symbol: str | None = None
    decimals: int | None = None
    out = _erc20_read(chain, token, SYMBOL)
    if out is not None:
        try:
            symbol = str(abi_decode(["string"], out)[0])[:16]
        except Exception:  # bytes32 symbols and garbage alike
            symbol = None
    out = _erc20_read(chain, token, DECIMALS)
    if out is not None:
        value = int.from_bytes(out[:32], "big")
        decimals = value if value <= 77 else None
    return symbol, decimals


def _authorizations(tx: TxRequest) -> tuple[Authorization, ...]:
    """The request's EIP-7702 tuples whose signer could be recovered."""
    return tuple(
        Authorization(d.authority, d.address, d.chain_id)
        for d in tx.authorizations
        if d.authority is not None
    )


def simulate(chain: Chain, tx: TxRequest, sender: str) -> Simulation:
    """Run ``tx`` as ``sender`` on ``chain.fork()`` and roll it back.

    Never raises for a transaction that fails: the failure is in the result.
    """
    fork = chain.fork()
    user = to_checksum_address(sender)
    data, value = tx.data, tx.value
    gas_limit = tx.gas or BLOCK_GAS_LIMIT
    intrinsic = intrinsic_gas(data, create=tx.to is None)
    if gas_limit < intrinsic:
        return Simulation(
            False, f"gas limit {gas_limit} below intrinsic {intrinsic}", 0, (), (), ()
        )
    native_before = fork.balance(user)
    if value > native_before:
        return Simulation(
            False,
            f"insufficient funds: balance {native_before} < value {value}",
            intrinsic,
            (),
            (),
            (),
        )
    after: dict[str, int | None] = {}
    try:
        with fork.traced(user, tx.to, data, value, gas_limit, _authorizations(tx)) as trace:
            if not trace.success:
                return Simulation(False, trace.revert_reason, trace.gas_used, (), (), ())
            flows, approvals = _log_flows(trace.logs)
            natives = [
                Flow("native", None, None, t.sender, t.receiver, t.amount) for t in trace.transfers
            ]
            flows = natives + flows
            tokens = sorted({f.token for f in flows if f.kind == "erc20" and f.token})
            for token in tokens:
                after[token] = _erc20_balance(fork, token, user)
            native_after = fork.balance(user)
    except TransactionFailed as exc:  # what a node would reject (the calldata floor)
        return Simulation(False, exc.reason, 0, (), (), ())
    changes = _net(flows)
    # balances before/after are the truth for the user's own fungible holdings
    checked: list[AssetChange] = []
    for c in changes:
        if c.owner == user and c.kind == "erc20" and c.token in after:
            before = _erc20_balance(fork, c.token, user)
            if before is not None and after[c.token] is not None:
                c = AssetChange(**{**c.__dict__, "delta": after[c.token] - before})  # type: ignore[operator]
        if c.kind == "erc20" and c.token:
            symbol, decimals = token_meta(fork, c.token)
            c = AssetChange(**{**c.__dict__, "symbol": symbol, "decimals": decimals})
        checked.append(c)
    native_delta = native_after - native_before
    if native_delta and not any(c.owner == user and c.kind == "native" for c in checked):
        checked.append(AssetChange(user, "native", None, None, native_delta))
    return Simulation(
        True,
        None,
        trace.gas_used,
        tuple(flows),
        tuple(c for c in checked if c.delta),
        tuple(approvals),
        trace.contract_address,
    )
