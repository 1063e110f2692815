"""Positional keccak Merkle trees over quantized weights, as ``Judge.vy`` checks them.

A model's weights, flattened in a fixed order, become 32-byte words (int256,
two's complement). Leaf *i* is ``keccak256(word_i)``; the tree is padded to a
power of two with leaves of the zero word; parents are
``keccak256(left || right)``. Positions matter: a leaf demanded in a reveal's
availability game is named by its index, so the tree must not sort pairs
(unlike the DAO's reward distributor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eth_utils import keccak

INT256_MIN = -(2**255)
INT256_MAX = 2**255 - 1


def weight_word(value: int) -> bytes:
    """The int256 word of one quantized weight."""
    if not INT256_MIN <= value <= INT256_MAX:
        raise ValueError(f"weight {value} does not fit int256")
    return (value % 2**256).to_bytes(32, "big")


def _levels(words: Sequence[bytes]) -> list[list[bytes]]:
    if not words:
        raise ValueError("a weight tree needs at least one weight")
    size = 1
    while size < len(words):
        size *= 2
    level = [keccak(w) for w in words] + [keccak(bytes(32))] * (size - len(words))
    levels = [level]
    while len(level) > 1:
        level = [keccak(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
        levels.append(level)
    return levels


@dataclass(frozen=True)
class WeightTree:
    """The tree of one model's weights, for its root and per-index proofs."""

    words: tuple[bytes, ...]
    levels: tuple[tuple[bytes, ...], ...]

    @classmethod
    def from_values(cls, values: Sequence[int]) -> WeightTree:
        words = tuple(weight_word(int(v)) for v in values)
        return cls(words, tuple(tuple(lv) for lv in _levels(words)))

    @property
    def root(self) -> bytes:
        return self.levels[-1][0]

    def proof(self, index: int) -> list[bytes]:
        """Siblings from leaf ``index`` up to the root."""
        if not 0 <= index < len(self.words):
            raise IndexError(f"weight index {index} out of range 0..{len(self.words) - 1}")
        out = []
        for level in self.levels[:-1]:
            out.append(level[index ^ 1])
            index //= 2
        return out


def verify(root: bytes, word: bytes, index: int, proof: Sequence[bytes]) -> bool:
    """The same check ``Judge.answerLeaf`` makes on chain."""
    node = keccak(word)
    for sibling in proof:
        node = keccak(node + sibling) if index % 2 == 0 else keccak(sibling + node)
        index //= 2
    return index == 0 and node == root
