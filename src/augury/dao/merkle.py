"""The reward distributor's Merkle tree over ``(index, account, amount)`` claims.

The DAO posts only the root on-chain; each contributor claims with a proof. Conventions are
OpenZeppelin's, so ``MerkleProof.verify`` and a Vyper port of it accept these proofs:

* leaf = ``keccak256(keccak256(abi.encode(uint256 index, address account, uint256 amount)))``
  (OpenZeppelin ``StandardMerkleTree``'s double hash: a 64-byte inner node can never be
  passed off as a leaf). In Vyper: ``keccak256(keccak256(abi_encode(index, account, amount)))``;
* node = ``keccak256(min(a, b) ++ max(a, b))`` (sorted pairs, compared as bytes), so a proof
  is just the list of sibling hashes, bottom up, with no left/right bits;
* the tree is built level by level over the leaves in index order; an odd node at the end of
  a level moves up unchanged (it has no sibling, and its proof skips that level).

:func:`verify_proof` folds a proof into a root the way a contract does; :func:`merkle_root`
is the plain recursive definition the tree is tested against. :func:`read_claims_file` reads
back the claims file that :meth:`MerkleDistribution.to_json` writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from eth_abi import encode
from eth_utils import is_address, keccak, to_checksum_address

from augury.dao.errors import ClaimsFileError, MerkleError
from augury.errors import AuguryFileError

UINT256_MAX = 2**256 - 1


@dataclass(frozen=True)
class Claim:
    """One payout: ``amount`` (base units of the reward token) to ``account`` at ``index``."""

    index: int
    account: str
    amount: int


def _checked(claim: Claim) -> Claim:
    if not isinstance(claim.index, int) or not 0 <= claim.index <= UINT256_MAX:
        raise MerkleError(f"claim index {claim.index!r} is not a uint256")
    if not isinstance(claim.amount, int) or not 0 <= claim.amount <= UINT256_MAX:
        raise MerkleError(f"claim amount {claim.amount!r} is not a uint256")
    if not isinstance(claim.account, str) or not is_address(claim.account):
        raise MerkleError(f"claim account {claim.account!r} is not an address")
    return Claim(claim.index, to_checksum_address(claim.account), claim.amount)


def leaf_hash(claim: Claim) -> bytes:
    """The leaf of ``claim`` (double keccak of its ABI encoding; see the module doc)."""
    c = _checked(claim)
    inner = keccak(encode(["uint256", "address", "uint256"], [c.index, c.account, c.amount]))
    return bytes(keccak(inner))


def hash_pair(a: bytes, b: bytes) -> bytes:
    """The parent of two nodes: keccak256 of the smaller then the larger (commutative)."""
    return bytes(keccak(a + b if a <= b else b + a))


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """Root of ``leaves`` by the recursive definition: pair neighbours, promote an odd last
    node, recurse on the parents (the reference :class:`MerkleDistribution` is tested
    against)."""
    if not leaves:
        raise MerkleError("a Merkle tree needs at least one leaf")
    if len(leaves) == 1:
        return leaves[0]
    parents = [
        hash_pair(leaves[i], leaves[i + 1]) if i + 1 < len(leaves) else leaves[i]
        for i in range(0, len(leaves), 2)
    ]
    return merkle_root(parents)


def verify_proof(root: bytes, claim: Claim, proof: Sequence[bytes]) -> bool:
    """Whether ``proof`` shows ``claim`` is a leaf under ``root`` (what the contract checks).

    A malformed claim (bad address, negative amount) is simply not under any root: False.
    """
    try:
        node = leaf_hash(claim)
    except MerkleError:
        return False
    for sibling in proof:
        if len(sibling) != 32:
            return False
        node = hash_pair(node, sibling)
    return node == root


class MerkleDistribution:
    """A Merkle tree over reward claims: the root to post and a proof for every claim.

    Raises :class:`MerkleError` for no claims, a repeated index, or a claim that is not
    ``(uint256, address, uint256)``. Claims are kept sorted by index.
    """

    def __init__(self, claims: Sequence[Claim]) -> None:
        if not claims:
            raise MerkleError("a distribution needs at least one claim")
        checked = sorted((_checked(c) for c in claims), key=lambda c: c.index)
        for a, b in pairwise(checked):
            if a.index == b.index:
                raise MerkleError(f"claim index {a.index} appears twice")
        self.claims: tuple[Claim, ...] = tuple(checked)
        self._position = {c.index: i for i, c in enumerate(checked)}
        level = [leaf_hash(c) for c in checked]
        self._levels: list[list[bytes]] = [level]
        while len(level) > 1:
            level = [
                hash_pair(level[i], level[i + 1]) if i + 1 < len(level) else level[i]
                for i in range(0, len(level), 2)
            ]
            self._levels.append(level)

    @classmethod
    def from_amounts(cls, amounts: Sequence[tuple[str, int]]) -> MerkleDistribution:
        """Claims numbered 0, 1, ... from ``(account, amount)`` pairs, zero amounts left out."""
        claims = [Claim(i, a, amount) for i, (a, amount) in enumerate(amounts) if amount > 0]
        return cls(claims)

    @property
    def root(self) -> bytes:
        return self._levels[-1][0]

    @property
    def total(self) -> int:
        """The sum of all claims: what the distributor contract must be funded with."""
        return sum(c.amount for c in self.claims)

    def claim(self, index: int) -> Claim:
        if index not in self._position:
            raise MerkleError(f"no claim with index {index}")
        return self.claims[self._position[index]]

    def proof(self, index: int) -> list[bytes]:
        """Sibling hashes from the leaf of claim ``index`` up to (not including) the root."""
        if index not in self._position:
            raise MerkleError(f"no claim with index {index}")
        position = self._position[index]
        out = []
        for level in self._levels[:-1]:
            sibling = position ^ 1
            if sibling < len(level):
                out.append(level[sibling])
            position //= 2
        return out

    def to_json(self) -> dict[str, object]:
        """Root, total and every claim with its proof, as ``0x`` hex (for a claims file)."""
        return {
            "root": "0x" + self.root.hex(),
            "total": str(self.total),
            "claims": [
                {
                    "index": c.index,
                    "account": c.account,
                    "amount": str(c.amount),
                    "proof": ["0x" + p.hex() for p in self.proof(c.index)],
                }
                for c in self.claims
            ],
        }


@dataclass(frozen=True)
class ClaimsFile:
    """A claims file as written: its root and total, and its claims (proofs not kept:
    :meth:`distribution` rebuilds them, so a tampered proof cannot slip through)."""

    path: Path
    root: bytes
    total: int
    claims: tuple[Claim, ...]

    def distribution(self) -> MerkleDistribution:
        """The tree over the file's claims; :class:`ClaimsFileError` unless it has the
        file's root (the one posted on chain, which every claim is checked against)."""
        dist = MerkleDistribution(self.claims)
        if dist.root != self.root:
            raise ClaimsFileError(f"{self.path}: claims do not hash to the file's root")
        return dist


def read_claims_file(path: str | Path) -> ClaimsFile:
    """The claims file at ``path``: :class:`~augury.errors.AuguryFileError` if it cannot be
    read, :class:`ClaimsFileError` if it is not ``{"root", "total", "claims": [{"index",
    "account", "amount"}, ...]}``."""
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise AuguryFileError(f"cannot read {path}: {exc.strerror}") from None
    not_claims = ClaimsFileError(f"{path} is not a claims file (root, total, claims)")
    try:
        doc = json.loads(text)
    except ValueError:
        raise not_claims from None
    if not isinstance(doc, dict) or not {"root", "total", "claims"} <= set(doc):
        raise not_claims
    root_text = str(doc["root"])
    try:
        root = bytes.fromhex(root_text[2:]) if root_text.startswith("0x") else b""
    except ValueError:
        root = b""
    if len(root) != 32:
        raise ClaimsFileError(f"{path}: root {root_text!r} is not 32 bytes of 0x hex")
    try:
        total = int(doc["total"])
        claims = tuple(
            Claim(int(c["index"]), str(c["account"]), int(c["amount"])) for c in doc["claims"]
        )
    except (ValueError, TypeError, KeyError):
        raise ClaimsFileError(
            f"{path}: total and each claim's index and amount must be integers, "
            "and each claim must name an account"
        ) from None
    return ClaimsFile(path, root, total, claims)
