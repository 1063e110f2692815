"""Readers for Uniswap's Permit2 typed data (allowance and signature-transfer).

Permit2 (https://github.com/Uniswap/permit2) is one contract that tokens approve once;
after that, a signature alone moves them. The typed data comes in two families:

* ``AllowanceTransfer``: ``PermitSingle`` / ``PermitBatch`` set an allowance
  (``PermitDetails``: token, uint160 amount, uint48 expiration, nonce) for ``spender``
  that lasts until ``expiration``; a uint160 max amount is unlimited.
* ``SignatureTransfer``: ``PermitTransferFrom`` / ``PermitBatchTransferFrom`` and their
  ``...Witness...`` forms let ``spender`` pull ``TokenPermissions`` (token, amount) once.

The domain is ``{"name": "Permit2", "chainId", "verifyingContract"}``, with no version.
"""

from __future__ import annotations

from typing import Any

from augury.guard.decode import TypedData, as_address, as_int
from augury.guard.errors import TypedDataError
from augury.guard.records import Grant

#: Permit2's address, the same on every chain it is deployed to (CREATE2).
PERMIT2_ADDRESS = "0x000000000022D473030F116dDEE9F6B43aC78BA3"
ALLOWANCE_TYPES = ("PermitSingle", "PermitBatch")
TRANSFER_TYPES = (
    "PermitTransferFrom",
    "PermitBatchTransferFrom",
    "PermitWitnessTransferFrom",
    "PermitBatchWitnessTransferFrom",
)


def is_permit2(data: TypedData) -> bool:
    return data.domain.get("name") == "Permit2" and (
        data.primary_type in ALLOWANCE_TYPES or data.primary_type in TRANSFER_TYPES
    )


def _list(value: Any, where: str) -> list[Any]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(i, dict) for i in items):
        raise TypedDataError(f"{where} must hold objects")
    return items


def read_permit2(data: TypedData, owner: str | None = None) -> list[Grant]:
    """Every grant in a Permit2 message (one per token); empty if ``data`` is not Permit2."""
    if not is_permit2(data):
        return []
    msg = data.message
    spender = as_address(msg.get("spender"), f"{data.primary_type}.spender")
    # an allowance lists PermitDetails under "details" (each with its own expiration) and is
    # signed until "sigDeadline"; a transfer lists TokenPermissions under "permitted"
    allowance = data.primary_type in ALLOWANCE_TYPES
    kind = "permit2_allowance" if allowance else "permit2_transfer"
    items, struct = ("details", "PermitDetails") if allowance else ("permitted", "TokenPermissions")
    deadline_key = "sigDeadline" if allowance else "deadline"
    deadline = as_int(msg.get(deadline_key, 0), deadline_key)
    return [
        Grant(
            kind=kind,
            owner=owner,
            token=as_address(d.get("token"), f"{struct}.token"),
            spender=spender,
            amount=as_int(d.get("amount"), f"{struct}.amount"),
            deadline=deadline,
            expiration=(
                as_int(d.get("expiration", 0), f"{struct}.expiration") if allowance else None
            ),
        )
        for d in _list(msg.get(items), items)
    ]
