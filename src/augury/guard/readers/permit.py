"""Readers for off-chain approvals of EIP-2612 (``Permit``) and DAI's older ``Permit``.

Both are typed data whose ``verifyingContract`` is the token itself: signing one lets the
spender call ``permit`` and then ``transferFrom`` without the owner sending a transaction,
which is why permit phishing needs no gas from the victim and shows no on-chain approval
until the thief uses it.
"""

from __future__ import annotations

from augury.guard.decode import TypedData, as_address, as_int
from augury.guard.errors import TypedDataError
from augury.guard.records import MAX_UINT256, Grant

EIP2612_FIELDS = frozenset({"owner", "spender", "value", "nonce", "deadline"})
DAI_FIELDS = frozenset({"holder", "spender", "nonce", "expiry", "allowed"})


def read_permit(data: TypedData) -> Grant | None:
    """The grant of an EIP-2612 or DAI permit, or None if ``data`` is neither."""
    if data.primary_type != "Permit":
        return None
    names = {f.name for f in data.types["Permit"]}
    msg = data.message
    token = data.verifying_contract
    if token is None:
        raise TypedDataError("a Permit without domain.verifyingContract names no token")
    if names >= EIP2612_FIELDS:
        return Grant(
            kind="permit",
            owner=as_address(msg["owner"], "Permit.owner"),
            token=token,
            spender=as_address(msg["spender"], "Permit.spender"),
            amount=as_int(msg["value"], "Permit.value"),
            deadline=as_int(msg["deadline"], "Permit.deadline"),
        )
    if names >= DAI_FIELDS:
        allowed = msg["allowed"] in (True, "true", 1, "1")
        return Grant(
            kind="dai_permit",
            owner=as_address(msg["holder"], "Permit.holder"),
            token=token,
            spender=as_address(msg["spender"], "Permit.spender"),
            amount=MAX_UINT256 if allowed else 0,
            deadline=as_int(msg["expiry"], "Permit.expiry") or None,
        )
    return None
