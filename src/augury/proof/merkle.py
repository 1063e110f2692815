"""Merkle trees over BLAKE2b-256 with leaf/node domain separation, and multi-openings.

A multi-opening proves many leaves at once and sends each sibling hash only when the
verifier cannot compute it from the opened leaves: at every level, the known positions are
walked in increasing order and a node is emitted for each known position whose sibling is
not known. Prover and verifier walk identically, so the node list needs no indices.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence

import numpy as np

DIGEST = 32


def hash_leaf(data: bytes) -> bytes:
    return hashlib.blake2b(b"\x00" + data, digest_size=DIGEST).digest()


def hash_node(left: bytes, right: bytes) -> bytes:
    return hashlib.blake2b(b"\x01" + left + right, digest_size=DIGEST).digest()


class MerkleTree:
    """All levels of a tree over a power-of-two number of leaves (level 0 = leaf hashes)."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        n = len(leaves)
        if n < 1 or n & (n - 1):
            raise ValueError("a Merkle tree needs a power-of-two number of leaves")
        level = [hash_leaf(leaf) for leaf in leaves]
        self.levels: list[list[bytes]] = [level]
        while len(level) > 1:
            level = [hash_node(level[i], level[i + 1]) for i in range(0, len(level), 2)]
            self.levels.append(level)
        self._arrays = [np.frombuffer(b"".join(lv), dtype=np.uint8).reshape(-1, DIGEST)
                        for lv in self.levels]

    @property
    def root(self) -> bytes:
        return self.levels[-1][0]

    def open(self, indices: Sequence[int]) -> list[bytes]:
        """Sibling hashes proving the leaves at sorted, distinct ``indices``.

        Vectorized per level: the siblings of the known positions that are not themselves
        known, in increasing order of the known position (the order the verifier walks).
        """
        nodes: list[bytes] = []
        known = np.asarray(indices, dtype=np.int64)
        for level in self._arrays[:-1]:
            sib = known ^ 1
            need = sib[~np.isin(sib, known, assume_unique=True)]
            block = level[need].tobytes()
            nodes.extend(block[i : i + DIGEST] for i in range(0, len(block), DIGEST))
            known = np.unique(known >> 1)
        return nodes


def verify_multi(
    root: bytes,
    depth: int,
    indices: Sequence[int],
    leaves: Sequence[bytes],
    nodes: Sequence[bytes],
) -> bool:
    """True iff ``leaves`` sit at sorted, distinct ``indices`` under ``root``.

    Every supplied node must be consumed: a proof with spare nodes is rejected, so the
    encoding is canonical.
    """
    if len(indices) != len(leaves) or not indices:
        return False
    if any(b <= a for a, b in itertools.pairwise(indices)):
        return False
    if indices[0] < 0 or indices[-1] >= 1 << depth:
        return False
    current = {idx: hash_leaf(leaf) for idx, leaf in zip(indices, leaves, strict=True)}
    it = iter(nodes)
    for _ in range(depth):
        parents: dict[int, bytes] = {}
        for idx in sorted(current):
            if idx & 1 and idx ^ 1 in current:
                continue  # already combined with its left sibling
            sibling = current.get(idx ^ 1)
            if sibling is None:
                sibling = next(it, None)
                if sibling is None:
                    return False
            left, right = (current[idx], sibling) if idx % 2 == 0 else (sibling, current[idx])
            parents[idx >> 1] = hash_node(left, right)
        current = parents
    return next(it, None) is None and current.get(0) == root
