"""Typed records the guard passes between its stages and returns to callers.

Decoders produce :class:`Grant`, :class:`Order` and :class:`Delegation`; the simulator
produces :class:`AssetChange` and :class:`ApprovalChange`; rules produce :class:`Finding`.
Every record has ``to_json`` so reports serialise without custom encoders (amounts are
written as decimal strings: JSON numbers lose precision past 2**53).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Severity = Literal["info", "warn", "block"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warn": 1, "block": 2}
MAX_UINT256 = 2**256 - 1
MAX_UINT160 = 2**160 - 1
#: Amounts at or above this are "unlimited" for display and rules (half of 2**256 and the
#: uint160 maximum Permit2 uses are both read as infinite by wallets).
UNLIMITED = MAX_UINT160

AssetKind = Literal["native", "erc20", "erc721", "erc1155", "erc721_criteria", "erc1155_criteria"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class _Record:
    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = _jsonable(asdict(self))  # type: ignore[call-overload]
        return data


def fields_json(report: DataclassInstance, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A report's fields, in field order, as JSON values: what the guard's reports
    (:class:`~augury.guard.check.GuardReport`, the simulation, the corpus rows) write.

    Unlike a record's own ``to_json`` this keeps numbers as numbers (a report's gas and
    timings are small, and readers of reports compare them), while each nested record
    (a finding, a change, a site report) still writes itself with its own ``to_json``;
    tuples become lists. ``skip`` names fields a report keeps to itself.
    """
    return {
        f.name: _report_value(getattr(report, f.name)) for f in fields(report) if f.name not in skip
    }


def _report_value(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, tuple | list):
        return [_report_value(v) for v in value]
    return value


@dataclass(frozen=True)
class Grant(_Record):
    """A permission a signature or a call gives: ``spender`` may move ``amount`` of ``token``.

    ``kind`` names the mechanism: ``approve``, ``permit`` (EIP-2612), ``dai_permit``,
    ``permit2_allowance`` (Permit2 ``PermitSingle``/``PermitBatch``: an allowance that lasts
    until ``expiration``), ``permit2_transfer`` (one-off ``PermitTransferFrom``), or
    ``approval_for_all`` (every NFT of a collection; ``amount`` is then 1 for on, 0 for off).
    """

    kind: str
    owner: str | None
    token: str
    spender: str
    amount: int
    deadline: int | None = None
    expiration: int | None = None

    @property
    def unlimited(self) -> bool:
        return self.kind != "approval_for_all" and self.amount >= UNLIMITED


@dataclass(frozen=True)
class OrderItem(_Record):
    """One item of a marketplace order; ``recipient`` is set for what the order pays out."""

    kind: AssetKind
    token: str
    identifier: int
    amount: int
    recipient: str | None = None


@dataclass(frozen=True)
class Order(_Record):
    """A signed marketplace order, read as what the signer gives and what comes back.

    ``gives`` leave the signer; ``receives`` are the payouts to the signer; ``others`` are
    payouts to anyone else (fees, royalties — or a thief).
    """

    protocol: str
    maker: str
    side: Literal["sell", "buy", "bulk"]
    gives: tuple[OrderItem, ...]
    receives: tuple[OrderItem, ...]
    others: tuple[OrderItem, ...]
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Delegation(_Record):
    """An EIP-7702 authorization: ``authority``'s account runs ``address``'s code."""

    chain_id: int
    address: str
    nonce: int
    authority: str | None = None


@dataclass(frozen=True)
class AssetChange(_Record):
    """A balance change of ``owner`` seen in simulation; ``delta`` < 0 is an outflow."""

    owner: str
    kind: AssetKind
    token: str | None
    identifier: int | None
    delta: int
    counterparty: str | None = None
    symbol: str | None = None
    decimals: int | None = None


@dataclass(frozen=True)
class ApprovalChange(_Record):
    """An approval that simulation saw granted or revoked (``Approval``/``ApprovalForAll``)."""

    owner: str
    kind: Literal["erc20", "erc721", "approval_for_all"]
    token: str
    spender: str
    amount: int
    identifier: int | None = None


@dataclass(frozen=True)
class Finding(_Record):
    """One rule's conclusion: ``rule`` names it, ``evidence`` holds the facts it used."""

    rule: str
    severity: Severity
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    source: str = "rules"
