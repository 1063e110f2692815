"""Errors of ``augury.judge``: each names the problem in one line for the CLI."""

from __future__ import annotations

from augury.errors import AuguryError, AuguryLookupError, AuguryValueError


class JudgeError(AuguryError):
    """Base class of the judge services' user-facing errors."""


class BlobNotFoundError(JudgeError, AuguryLookupError):
    """A content-addressed blob (proof, input, commitment, weights) is not in the store."""


class BlobCorruptError(JudgeError, AuguryValueError):
    """A stored blob no longer hashes to its address: it was altered after publication."""


class JudgeInputError(JudgeError, AuguryValueError):
    """An input, model or argument the judge cannot use (bad file, too many outputs...)."""


class UnknownRequestError(JudgeError, AuguryLookupError):
    """No request with that id exists on the Judge contract."""
