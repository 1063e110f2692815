"""The seam between the inference protocol and its polynomial commitment scheme.

Why: the protocol (:mod:`augury.proof.protocol`) needs only this from the weight
commitment — commit once to a vector of integers, and later prove that the vector's
multilinear extension takes given values at given points, inside the protocol's
Fiat–Shamir transcript. Which code, hash tree or batching does that is the scheme's
business. The protocol, the byte formats (:mod:`augury.proof.encoding`) and the reference
prover reach the scheme only through :class:`PolynomialCommitment`, as Plonky3's
``MultilinearPcs`` and jolt's ``CommitmentScheme`` do, so a new scheme is one new module.

Implementations: :mod:`augury.proof.ligero` (the default and, today, the only one a
verifier should accept), :mod:`augury.proof.reference.ligero` (the same scheme with
Python ints, the prover-side test oracle) and :mod:`augury.proof.pcs_trivial` (testing
only: the opening is the committed vector itself).

Contract every scheme keeps:

* the public commitment is a 32-byte digest (``root``) plus :class:`PcsParams`;
* ``open`` and ``verify`` are given the *same* transcript state and must absorb and draw
  the same messages, so the protocol's transcript stays in step;
* ``verify`` never raises on a bad opening: it returns False (an opening of another
  scheme included);
* the bytes of the params and of an opening decode strictly (one encoding per value),
  raising the reader's error otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from augury.proof.field import I64, Ext
from augury.proof.transcript import Transcript
from augury.proof.wire import Reader


class PcsParams(Protocol):
    """A scheme's public parameters: part of the commitment, its bytes and its JSON."""

    @property
    def num_vars(self) -> int:
        """Coordinates of an opening point (the committed vector has ``<= 2^num_vars``)."""
        ...

    @property
    def log_blowup(self) -> int:
        """log2 of the inverse code rate for code-based schemes, 0 for others."""
        ...

    @property
    def scheme(self) -> PolynomialCommitment[Any, Any, Any]:
        """The scheme that verifies openings against these parameters."""
        ...

    def fits(self, size: int) -> bool:
        """True iff these parameters commit to a vector of ``size`` entries with no more
        padding than :meth:`PolynomialCommitment.choose_params` would add."""
        ...

    def validate(self) -> None:
        """Raise :class:`~augury.proof.errors.MalformedCommitmentError` for parameters a
        verifier must not accept (too weak or absurd)."""
        ...

    def to_bytes(self) -> bytes: ...

    def to_json(self) -> dict[str, Any]:
        """Fields by name; the commitment's JSON holds them at its top level, in order."""
        ...


class PcsCommitted(Protocol):
    """What the prover keeps after committing (never sent)."""

    @property
    def root(self) -> bytes: ...


class PcsOpening(Protocol):
    """What the proof carries to open the commitment."""

    def to_bytes(self) -> bytes: ...


ParamsT = TypeVar("ParamsT", bound=PcsParams)
CommittedT = TypeVar("CommittedT", bound=PcsCommitted)
OpeningT = TypeVar("OpeningT", bound=PcsOpening)


class PolynomialCommitment(Protocol[ParamsT, CommittedT, OpeningT]):
    """A multilinear polynomial commitment to a vector of integers ``|v| < 2^31``.

    The vector ``v`` (zero-padded to ``2^num_vars``) is read as a multilinear polynomial
    least significant bit first (:mod:`augury.proof.mle`); points are over the degree-4
    extension.
    """

    def choose_params(self, size: int, log_blowup: int) -> ParamsT:
        """Deterministic parameters for a vector of ``size`` entries."""
        ...

    def commit(self, values: I64, params: ParamsT) -> CommittedT:
        """Commit to ``values`` (at most the size the params were chosen for)."""
        ...

    def open(
        self, committed: CommittedT, points: Sequence[Sequence[Ext]], transcript: Transcript
    ) -> OpeningT:
        """Prove the polynomial's values at ``points`` (implied by the committed vector)."""
        ...

    def verify(
        self,
        root: bytes,
        params: ParamsT,
        points: Sequence[Sequence[Ext]],
        values: Sequence[Ext],
        opening: OpeningT,
        transcript: Transcript,
    ) -> bool:
        """True iff ``opening`` shows the committed polynomial takes ``values`` at ``points``."""
        ...

    def read_params(self, reader: Reader) -> ParamsT:
        """Decode what :meth:`PcsParams.to_bytes` wrote."""
        ...

    def params_from_json(self, doc: Mapping[str, Any]) -> ParamsT:
        """Decode what :meth:`PcsParams.to_json` wrote (may raise KeyError/TypeError/ValueError)."""
        ...

    def read_opening(self, reader: Reader) -> OpeningT:
        """Decode what :meth:`PcsOpening.to_bytes` wrote."""
        ...


#: A scheme whose types the caller does not name: what the records and the protocol hold.
AnyScheme = PolynomialCommitment[Any, Any, Any]
