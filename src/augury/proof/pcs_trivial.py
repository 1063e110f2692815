"""TESTING ONLY — a commitment "scheme" whose opening is the committed vector itself.

Why it exists: it is the second implementation of
:class:`~augury.proof.pcs.PolynomialCommitment` (as jolt keeps a mock next to its real
schemes), so the tests can run the whole commit / prove / verify flow through the seam
with something that is not Ligero, and catch any place that still assumes Ligero.

What it is not: it is not succinct (a proof carries every weight) and it hides nothing —
publishing one proof publishes the model, the very thing :mod:`augury.proof` exists to
avoid. It is binding (the root is a BLAKE2b hash of the vector), so a tampered opening is
rejected. Nothing selects it by accident: the byte formats name no scheme, every decoder
defaults to Ligero, no CLI option or package export reaches it; only passing
:data:`INSECURE_TRIVIAL_PCS` explicitly (``commit(model, scheme=...)``,
``Proof.from_bytes(data, scheme=...)``) does.

Bytes: params ``u32 size``; opening ``u32 n | n x i32``; root
``BLAKE2b-256(person="augury-pcs-triv", i32 values)``.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from augury.proof.errors import MalformedCommitmentError
from augury.proof.field import I64, Ext, from_signed, vext_mul_base, vext_sum
from augury.proof.mle import eq_table
from augury.proof.pcs import AnyScheme, PolynomialCommitment
from augury.proof.transcript import Transcript
from augury.proof.wire import Reader

MAX_SIZE = 1 << 24
LABEL = "pcs.trivial.values"


def _digest(values: I64) -> bytes:
    data = values.astype("<i4").tobytes()
    return hashlib.blake2b(data, digest_size=32, person=b"augury-pcs-triv").digest()


@dataclass(frozen=True)
class TrivialParams:
    """The length of the committed vector, nothing else."""

    size: int

    @property
    def num_vars(self) -> int:
        return max(0, (self.size - 1).bit_length())

    @property
    def log_blowup(self) -> int:
        return 0

    @property
    def scheme(self) -> AnyScheme:
        return INSECURE_TRIVIAL_PCS

    def fits(self, size: int) -> bool:
        return self.size == size

    def validate(self) -> None:
        if not 1 <= self.size <= MAX_SIZE:
            raise MalformedCommitmentError("commitment size out of range")

    def to_bytes(self) -> bytes:
        return struct.pack("<I", self.size)

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size}


@dataclass(frozen=True)
class TrivialCommitted:
    values: I64
    root: bytes


@dataclass(frozen=True)
class TrivialOpening:
    values: I64

    def to_bytes(self) -> bytes:
        return struct.pack("<I", self.values.shape[0]) + self.values.astype("<i4").tobytes()


class InsecureTrivialPcs:
    """Testing only; see the module docstring."""

    def choose_params(self, size: int, log_blowup: int) -> TrivialParams:
        return TrivialParams(size)

    def commit(self, values: I64, params: TrivialParams) -> TrivialCommitted:
        if values.shape[0] > params.size:
            raise ValueError("vector longer than the committed size")
        padded = np.zeros(params.size, dtype=np.int64)
        padded[: values.shape[0]] = values
        return TrivialCommitted(padded, _digest(padded))

    def open(
        self, committed: TrivialCommitted, points: Sequence[Sequence[Ext]], transcript: Transcript
    ) -> TrivialOpening:
        transcript.absorb(LABEL, committed.values.astype("<i4").tobytes())
        return TrivialOpening(committed.values)

    def verify(
        self,
        root: bytes,
        params: TrivialParams,
        points: Sequence[Sequence[Ext]],
        values: Sequence[Ext],
        opening: TrivialOpening,
        transcript: Transcript,
    ) -> bool:
        if not isinstance(opening, TrivialOpening) or not isinstance(params, TrivialParams):
            return False
        v = opening.values
        if v.shape != (params.size,) or _digest(v) != root or len(points) != len(values):
            return False
        transcript.absorb(LABEL, v.astype("<i4").tobytes())
        base = from_signed(v)
        for z, value in zip(points, values, strict=True):
            if len(z) != params.num_vars:
                return False
            if vext_sum(vext_mul_base(eq_table(z)[: params.size], base)) != value:
                return False
        return True

    def read_params(self, reader: Reader) -> TrivialParams:
        (size,) = reader.unpack("<I")
        return TrivialParams(size)

    def params_from_json(self, doc: Mapping[str, Any]) -> TrivialParams:
        return TrivialParams(int(doc["size"]))

    def read_opening(self, reader: Reader) -> TrivialOpening:
        (n,) = reader.unpack("<I")
        values = np.frombuffer(reader.take(4 * n), dtype="<i4").astype(np.int64)
        return TrivialOpening(values)


INSECURE_TRIVIAL_PCS: Final = InsecureTrivialPcs()
_CHECK: PolynomialCommitment[TrivialParams, TrivialCommitted, TrivialOpening] = (
    INSECURE_TRIVIAL_PCS
)
