"""A strict little-endian reader shared by the commitment, the proof and each scheme's part.

Why a shared reader: the record formats (:mod:`augury.proof.encoding`) and the parts a
commitment scheme owns (its parameters and its opening, :mod:`augury.proof.pcs`) are read
from one byte string, so they must agree on one position and on one kind of error. The
contract: every read either returns exactly the bytes asked for or raises ``error`` (a
:class:`~augury.proof.errors.ProofError` subclass) naming ``what`` was being read; field
elements must be canonical (below ``p``). Trailing bytes are the caller's check
(:attr:`Reader.pos` against the length).
"""

from __future__ import annotations

import struct

import numpy as np

from augury.proof.errors import MalformedProofError, ProofError
from augury.proof.field import U64, Ext, P


class Reader:
    """Reads ``data`` front to back; ``pos`` is the offset of the next unread byte."""

    def __init__(
        self,
        data: bytes,
        pos: int = 0,
        *,
        error: type[ProofError] = MalformedProofError,
        what: str = "proof",
    ) -> None:
        self.data = data
        self.pos = pos
        self.error = error
        self.what = what

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise self.error(f"{self.what} bytes are truncated")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple[int, ...]:
        return tuple(struct.unpack(fmt, self.take(struct.calcsize(fmt))))

    def field(self, count: int) -> U64:
        """``count`` canonical base-field elements (u32 each)."""
        arr = np.frombuffer(self.take(4 * count), dtype="<u4").astype(np.uint64)
        if arr.size and int(arr.max()) >= P:
            raise self.error(f"non-canonical field element in {self.what}")
        return arr

    def ext(self, count: int) -> list[Ext]:
        """``count`` extension elements (4 canonical u32 each)."""
        flat = self.field(4 * count)
        return [
            (int(flat[4 * i]), int(flat[4 * i + 1]), int(flat[4 * i + 2]), int(flat[4 * i + 3]))
            for i in range(count)
        ]
