"""Commitments and proofs as records, and their versioned byte formats (docs/proof.md).

All integers are little-endian. A decoder accepts exactly one encoding per value: field
elements must be below ``p``, counts must match, and trailing bytes are an error, so any
change to the bytes either fails to decode or decodes to a different proof.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

from augury.proof.errors import MalformedCommitmentError, MalformedProofError
from augury.proof.field import HALF, U64, Ext, P
from augury.proof.ligero import Opening, PcsParams, queries_for
from augury.proof.merkle import DIGEST
from augury.proof.model import ACTIVATIONS, I64
from augury.proof.sumcheck import SumcheckProof

COMMITMENT_VERSION = 1
#: Version 2: integer statement in the transcript and the batched single-``u`` opening.
PROOF_VERSION = 2
#: What a proof's transcript binds besides the integers: nothing (0, for verifiers without
#: floating point, e.g. a contract) or the exact float64 input as well (1, from ``prove``).
STATEMENT_INTEGER = 0
STATEMENT_FLOAT = 1
COMMITMENT_MAGIC = b"AGCM"
PROOF_MAGIC = b"AGPF"
MAX_DIM = 1 << 20


@dataclass(frozen=True)
class LayerShape:
    """What the verifier knows of a layer: sizes and the requantization step, not weights."""

    n_in: int
    n_out: int
    shift: int
    activation: str


@dataclass(frozen=True)
class Commitment:
    """Merkle root of the encoded weights plus the public architecture and code parameters."""

    root: bytes
    pcs: PcsParams
    layers: tuple[LayerShape, ...]
    input_scale: float
    output_scale: float
    version: int = COMMITMENT_VERSION

    def to_bytes(self) -> bytes:
        out = [
            COMMITMENT_MAGIC,
            struct.pack("<B", self.version),
            self.root,
            struct.pack(
                "<BIBH", self.pcs.log_cols, self.pcs.rows, self.pcs.log_blowup, self.pcs.queries
            ),
            struct.pack("<ddB", self.input_scale, self.output_scale, len(self.layers)),
        ]
        for layer in self.layers:
            out.append(
                struct.pack(
                    "<IIBB",
                    layer.n_in,
                    layer.n_out,
                    layer.shift,
                    ACTIVATIONS.index(layer.activation),
                )
            )
        return b"".join(out)

    @classmethod
    def from_bytes(cls, data: bytes) -> Commitment:
        try:
            if data[:4] != COMMITMENT_MAGIC or data[4] != COMMITMENT_VERSION:
                raise MalformedCommitmentError("not an augury commitment of format version 1")
            root = data[5 : 5 + DIGEST]
            pos = 5 + DIGEST
            log_cols, rows, log_blowup, queries = struct.unpack_from("<BIBH", data, pos)
            pos += 8
            in_scale, out_scale, n_layers = struct.unpack_from("<ddB", data, pos)
            pos += 17
            layers = []
            for _ in range(n_layers):
                n_in, n_out, shift, act = struct.unpack_from("<IIBB", data, pos)
                pos += 10
                if act >= len(ACTIVATIONS):
                    raise MalformedCommitmentError("unknown activation code in commitment")
                layers.append(LayerShape(n_in, n_out, shift, ACTIVATIONS[act]))
        except (struct.error, IndexError):
            raise MalformedCommitmentError("commitment bytes are truncated") from None
        if pos != len(data):
            raise MalformedCommitmentError("commitment has trailing bytes")
        c = cls(
            root, PcsParams(log_cols, rows, log_blowup, queries), tuple(layers), in_scale, out_scale
        )
        c.validate()
        return c

    def validate(self) -> None:
        """Reject shapes and parameters a verifier must not accept (weak or absurd)."""
        p = self.pcs
        if len(self.root) != DIGEST:
            raise MalformedCommitmentError("commitment root is not 32 bytes")
        if (not 1 <= p.log_blowup <= 6 or not 0 <= p.log_cols <= 24 or not 1 <= p.rows <= 1 << 24
                or p.queries > 0xFFFF):
            raise MalformedCommitmentError("commitment code parameters out of range")
        if p.queries < queries_for(p.log_blowup):
            raise MalformedCommitmentError("commitment has too few queries for 100-bit soundness")
        if not self.layers:
            raise MalformedCommitmentError("commitment has no layers")
        for i, layer in enumerate(self.layers):
            if not (1 <= layer.n_in <= MAX_DIM and 1 <= layer.n_out <= MAX_DIM):
                raise MalformedCommitmentError(f"layer {i} has an absurd size")
            if not 0 <= layer.shift <= 40 or (i and layer.n_in != self.layers[i - 1].n_out):
                raise MalformedCommitmentError(f"layer {i} shape or shift is inconsistent")
        for s in (self.input_scale, self.output_scale):
            if not (np.isfinite(s) and s > 0):
                raise MalformedCommitmentError("commitment scales must be positive and finite")

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "augury-proof-commitment",
            "version": self.version,
            "root": "0x" + self.root.hex(),
            "log_cols": self.pcs.log_cols,
            "rows": self.pcs.rows,
            "log_blowup": self.pcs.log_blowup,
            "queries": self.pcs.queries,
            "input_scale": self.input_scale,
            "output_scale": self.output_scale,
            "layers": [vars(layer) for layer in self.layers],
        }

    @classmethod
    def from_json(cls, doc: Any) -> Commitment:
        try:
            if doc["format"] != "augury-proof-commitment" or doc["version"] != COMMITMENT_VERSION:
                raise MalformedCommitmentError("not an augury commitment of format version 1")
            root = bytes.fromhex(str(doc["root"]).removeprefix("0x"))
            pcs = PcsParams(
                int(doc["log_cols"]), int(doc["rows"]), int(doc["log_blowup"]), int(doc["queries"])
            )
            layers = tuple(
                LayerShape(int(x["n_in"]), int(x["n_out"]), int(x["shift"]), str(x["activation"]))
                for x in doc["layers"]
            )
            c = cls(root, pcs, layers, float(doc["input_scale"]), float(doc["output_scale"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedCommitmentError(f"commitment JSON is malformed: {exc}") from None
        if any(layer.activation not in ACTIVATIONS for layer in c.layers):
            raise MalformedCommitmentError("unknown activation in commitment")
        c.validate()
        return c

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2)


@dataclass(frozen=True)
class LayerProof:
    """The layer's pre-activations (public in v1) and its sumcheck."""

    z: I64
    sumcheck: SumcheckProof
    weight_eval: Ext


@dataclass(frozen=True)
class Proof:
    layers: tuple[LayerProof, ...]
    opening: Opening
    statement: int = STATEMENT_FLOAT
    version: int = PROOF_VERSION

    def to_bytes(self) -> bytes:
        out = [PROOF_MAGIC, struct.pack("<BBB", self.version, self.statement, len(self.layers))]
        for layer in self.layers:
            out.append(struct.pack("<I", layer.z.shape[0]))
            out.append(layer.z.astype("<i4").tobytes())
            out.append(struct.pack("<B", len(layer.sumcheck.rounds)))
            for h0, h2 in layer.sumcheck.rounds:
                out.append(np.array([h0, h2], dtype="<u4").tobytes())
            out.append(np.array(layer.weight_eval, dtype="<u4").tobytes())
        out.append(struct.pack("<B", len(self.opening.rounds)))
        for h0, h2 in self.opening.rounds:
            out.append(np.array([h0, h2], dtype="<u4").tobytes())
        u = self.opening.u
        cols = self.opening.columns
        out.append(struct.pack("<I", u.shape[0]))
        out.append(u.astype("<u4").tobytes())
        out.append(struct.pack("<II", cols.shape[0], cols.shape[1]))
        out.append(cols.astype("<u4").tobytes())
        out.append(struct.pack("<I", len(self.opening.nodes)))
        out.extend(self.opening.nodes)
        return b"".join(out)

    @classmethod
    def from_bytes(cls, data: bytes) -> Proof:
        r = _Reader(data)
        if r.take(4) != PROOF_MAGIC:
            raise MalformedProofError("not an augury proof")
        (version,) = r.unpack("<B")
        if version != PROOF_VERSION:
            raise MalformedProofError(f"unsupported proof format version {version}")
        statement, n_layers = r.unpack("<BB")
        if statement not in (STATEMENT_INTEGER, STATEMENT_FLOAT):
            raise MalformedProofError(f"unknown statement kind {statement}")
        layers = []
        for _ in range(n_layers):
            (n,) = r.unpack("<I")
            z = np.frombuffer(r.take(4 * n), dtype="<i4").astype(np.int64)
            if z.size and int(np.abs(z).max()) > HALF:
                raise MalformedProofError("pre-activation outside the field's signed range")
            (k,) = r.unpack("<B")
            rounds = []
            for _ in range(k):
                h0, h2 = r.ext(2)
                rounds.append((h0, h2))
            (w,) = r.ext(1)
            layers.append(LayerProof(z, SumcheckProof(tuple(rounds)), w))
        (kb,) = r.unpack("<B")
        row_rounds = tuple((h0, h2) for h0, h2 in (r.ext(2) for _ in range(kb)))
        (k,) = r.unpack("<I")
        u = r.field(k * 4).reshape(k, 4)
        nq, rows = r.unpack("<II")
        cols = r.field(nq * rows).reshape(nq, rows)
        (nn,) = r.unpack("<I")
        nodes = tuple(r.take(DIGEST) for _ in range(nn))
        if r.pos != len(data):
            raise MalformedProofError("proof has trailing bytes")
        return cls(tuple(layers), Opening(row_rounds, u, cols, nodes), statement)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise MalformedProofError("proof bytes are truncated")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple[int, ...]:
        return tuple(struct.unpack(fmt, self.take(struct.calcsize(fmt))))

    def field(self, count: int) -> U64:
        arr = np.frombuffer(self.take(4 * count), dtype="<u4").astype(np.uint64)
        if arr.size and int(arr.max()) >= P:
            raise MalformedProofError("non-canonical field element in proof")
        return arr

    def ext(self, count: int) -> list[Ext]:
        flat = self.field(4 * count)
        return [
            (int(flat[4 * i]), int(flat[4 * i + 1]), int(flat[4 * i + 2]), int(flat[4 * i + 3]))
            for i in range(count)
        ]
