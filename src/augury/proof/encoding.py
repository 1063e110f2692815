"""Commitments and proofs as records, and their versioned byte formats (docs/proof.md).

All integers are little-endian. A decoder accepts exactly one encoding per value: field
elements must be below ``p``, counts must match, and trailing bytes are an error, so any
change to the bytes either fails to decode or decodes to a different proof.

The commitment scheme's parts — its parameters in :class:`Commitment`, its opening in
:class:`Proof` — are opaque here (:mod:`augury.proof.pcs`): they write their own bytes and
the scheme reads them back. The bytes name no scheme, so a decoder is told which one to
use; the default, :data:`~augury.proof.ligero.LIGERO`, is the only one a user gets
without asking.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

from augury.proof.errors import MalformedCommitmentError, MalformedProofError
from augury.proof.field import HALF, Ext
from augury.proof.ligero import LIGERO
from augury.proof.merkle import DIGEST
from augury.proof.model import ACTIVATIONS, I64
from augury.proof.pcs import AnyScheme, PcsOpening, PcsParams
from augury.proof.sumcheck import SumcheckProof
from augury.proof.wire import Reader

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
    """The scheme's digest of the weights plus the public architecture and the scheme's
    parameters (whose ``scheme`` verifies the proofs)."""

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
            self.pcs.to_bytes(),
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
    def from_bytes(cls, data: bytes, scheme: AnyScheme = LIGERO) -> Commitment:
        """Decode (strictly) a commitment to ``scheme``'s parameters."""
        if data[:4] != COMMITMENT_MAGIC or (len(data) > 4 and data[4] != COMMITMENT_VERSION):
            raise MalformedCommitmentError("not an augury commitment of format version 1")
        r = Reader(data, 5, error=MalformedCommitmentError, what="commitment")
        root = r.take(DIGEST)
        pcs = scheme.read_params(r)
        in_scale, out_scale, n_layers = struct.unpack("<ddB", r.take(17))
        layers = []
        for _ in range(n_layers):
            n_in, n_out, shift, act = r.unpack("<IIBB")
            if act >= len(ACTIVATIONS):
                raise MalformedCommitmentError("unknown activation code in commitment")
            layers.append(LayerShape(n_in, n_out, shift, ACTIVATIONS[act]))
        if r.pos != len(data):
            raise MalformedCommitmentError("commitment has trailing bytes")
        c = cls(root, pcs, tuple(layers), in_scale, out_scale)
        c.validate()
        return c

    @property
    def scheme(self) -> AnyScheme:
        """The commitment scheme its proofs are opened and verified with."""
        return self.pcs.scheme

    def validate(self) -> None:
        """Reject shapes and parameters a verifier must not accept (weak or absurd)."""
        if len(self.root) != DIGEST:
            raise MalformedCommitmentError("commitment root is not 32 bytes")
        self.pcs.validate()
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
            **self.pcs.to_json(),
            "input_scale": self.input_scale,
            "output_scale": self.output_scale,
            "layers": [vars(layer) for layer in self.layers],
        }

    @classmethod
    def from_json(cls, doc: Any, scheme: AnyScheme = LIGERO) -> Commitment:
        try:
            if doc["format"] != "augury-proof-commitment" or doc["version"] != COMMITMENT_VERSION:
                raise MalformedCommitmentError("not an augury commitment of format version 1")
            root = bytes.fromhex(str(doc["root"]).removeprefix("0x"))
            pcs = scheme.params_from_json(doc)
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
    """The layers' parts and the commitment scheme's opening of all their weight claims."""

    layers: tuple[LayerProof, ...]
    opening: PcsOpening
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
        out.append(self.opening.to_bytes())
        return b"".join(out)

    @classmethod
    def from_bytes(cls, data: bytes, scheme: AnyScheme = LIGERO) -> Proof:
        """Decode (strictly) a proof whose opening is ``scheme``'s."""
        r = Reader(data)
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
        opening = scheme.read_opening(r)
        if r.pos != len(data):
            raise MalformedProofError("proof has trailing bytes")
        return cls(tuple(layers), opening, statement)
