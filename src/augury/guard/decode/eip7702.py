"""EIP-7702 authorizations: an EOA lets a contract's code run as its own.

An authorization tuple ``[chain_id, address, nonce, y_parity, r, s]`` signs
``keccak256(0x05 || rlp([chain_id, address, nonce]))`` (https://eips.ethereum.org/EIPS/eip-7702).
Once included in a type-4 transaction, every call to the signer's address runs
``address``'s code with the signer's balance and tokens: delegating to a sweeper drains the
account in one call, on every chain at once when ``chain_id`` is 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import rlp  # type: ignore[import-untyped]
from eth_keys import keys  # type: ignore[attr-defined]
from eth_keys.exceptions import BadSignature, ValidationError  # type: ignore[attr-defined]
from eth_utils import keccak, to_canonical_address, to_checksum_address

from augury.guard.decode.eip712 import as_address, as_int
from augury.guard.errors import MalformedRequestError, TypedDataError
from augury.guard.records import Delegation

MAGIC = b"\x05"
SECP256K1_HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0


def authorization_hash(chain_id: int, address: str, nonce: int) -> bytes:
    """The digest an authority signs for ``(chain_id, address, nonce)``."""
    return keccak(MAGIC + rlp.encode([chain_id, to_canonical_address(address), nonce]))


def recover_authority(
    chain_id: int, address: str, nonce: int, y: int, r: int, s: int
) -> str | None:
    """The signer of an authorization, or None for an invalid (or high-s) signature,
    which the EIP says clients skip."""
    if y not in (0, 1) or not (0 < r < 2**256 and 0 < s <= SECP256K1_HALF_N):
        return None
    try:
        sig = keys.Signature(vrs=(y, r, s))
        pub = sig.recover_public_key_from_msg_hash(authorization_hash(chain_id, address, nonce))
    except (BadSignature, ValidationError, ValueError):
        return None
    return to_checksum_address(pub.to_canonical_address())


def read_authorization(raw: Mapping[str, Any] | Any) -> Delegation:
    """A :class:`Delegation` from a JSON authorization (``chainId``, ``address``, ``nonce``,
    optionally ``yParity``/``v``, ``r``, ``s``) or an eth-account authorization object."""
    if not isinstance(raw, Mapping):
        fields = ("chain_id", "address", "nonce", "y_parity", "r", "s")
        if not all(hasattr(raw, f) for f in fields):
            raise MalformedRequestError("an authorization must be an object")
        raw = {
            "chainId": raw.chain_id,
            "address": "0x" + bytes(raw.address).hex(),
            "nonce": raw.nonce,
            "yParity": raw.y_parity,
            "r": raw.r,
            "s": raw.s,
        }
    try:
        chain_id = as_int(raw.get("chainId"), "authorization.chainId")
        address_raw = raw.get("address")
        if isinstance(address_raw, bytes | bytearray):
            address_raw = "0x" + bytes(address_raw).hex()
        address = as_address(address_raw, "authorization.address")
        nonce = as_int(raw.get("nonce", 0), "authorization.nonce")
        authority = None
        if raw.get("r") is not None and raw.get("s") is not None:
            y = as_int(raw.get("yParity", raw.get("v", 0)), "authorization.yParity")
            authority = recover_authority(
                chain_id, address, nonce, y, as_int(raw["r"], "r"), as_int(raw["s"], "s")
            )
    except TypedDataError as exc:
        raise MalformedRequestError(str(exc)) from None
    return Delegation(chain_id=chain_id, address=address, nonce=nonce, authority=authority)
