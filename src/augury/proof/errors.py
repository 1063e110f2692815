"""Errors of ``augury.proof``: every one names the problem in one line."""

from __future__ import annotations

from augury.errors import AuguryError


class ProofError(AuguryError):
    """Base class of the user-facing errors of the proof package."""


class UnsupportedModelError(ProofError):
    """The model uses an operation or shape the prover does not handle (names op and node)."""


class ModelFileError(ProofError):
    """A model file cannot be read or parsed."""


class MalformedProofError(ProofError):
    """Bytes that do not decode as a proof of this format version."""


class MalformedCommitmentError(ProofError):
    """Bytes or JSON that do not decode as a commitment of this format version."""


class InputError(ProofError):
    """An input vector has the wrong size or non-finite values."""
