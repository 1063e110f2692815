"""Fiat–Shamir transcript: a hash chain with domain separation.

Every message is absorbed as ``label || len(data) || data`` into a running BLAKE2b state
seeded with a protocol tag, so two different message sequences never hash alike and a
challenge depends on everything sent before it. Challenges are sampled *exactly*
uniformly: base-field elements by rejection sampling 31-bit words below ``p``, indices in
a power-of-two range by masking, so the soundness bounds in docs/proof.md need no
statistical-distance slack.
"""

from __future__ import annotations

import hashlib
import struct

from augury.proof.field import Ext, P

PROTOCOL_TAG = b"augury.proof.v2"


class Transcript:
    """The prover and the verifier each keep one and feed it the same messages."""

    def __init__(self, tag: bytes = PROTOCOL_TAG) -> None:
        self._state = hashlib.blake2b(tag, digest_size=32, person=b"augury-fs").digest()
        self._counter = 0

    def absorb(self, label: str, data: bytes) -> None:
        """Bind a labelled message; the next challenges depend on it."""
        tag = label.encode()
        self._state = hashlib.blake2b(
            b"A"
            + self._state
            + struct.pack("<I", len(tag))
            + tag
            + struct.pack("<Q", len(data))
            + data,
            digest_size=32,
        ).digest()
        self._counter = 0

    def _words(self) -> list[int]:
        block = hashlib.blake2b(
            b"S" + self._state + struct.pack("<Q", self._counter), digest_size=32
        ).digest()
        self._counter += 1
        return list(struct.unpack("<8I", block))

    def challenge_base(self, count: int) -> list[int]:
        """``count`` uniform elements of F_p (rejection sampling on 31-bit words)."""
        out: list[int] = []
        while len(out) < count:
            for word in self._words():
                value = word & 0x7FFFFFFF
                if value < P and len(out) < count:
                    out.append(value)
        return out

    def challenge_ext(self, count: int) -> list[Ext]:
        """``count`` uniform elements of the degree-4 extension."""
        flat = self.challenge_base(4 * count)
        return [
            (flat[4 * i], flat[4 * i + 1], flat[4 * i + 2], flat[4 * i + 3]) for i in range(count)
        ]

    def challenge_indices(self, count: int, bound: int) -> list[int]:
        """``count`` uniform indices in ``[0, bound)``; ``bound`` is a power of two <= 2**32."""
        if bound < 1 or bound & (bound - 1) or bound > 1 << 32:
            raise ValueError("index bound must be a power of two up to 2**32")
        out: list[int] = []
        while len(out) < count:
            out.extend(w & (bound - 1) for w in self._words())
        return out[:count]
