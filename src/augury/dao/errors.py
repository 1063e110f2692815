"""Errors of :mod:`augury.dao`: each names the input and the problem on one line."""

from __future__ import annotations

from augury.errors import AuguryError, AuguryLookupError, AuguryValueError


class DAOError(AuguryError):
    """Base class of the data DAO's user-facing errors."""


class BatchFormatError(DAOError, AuguryValueError):
    """A batch file is not the documented JSONL format; the message names the line."""


class HashMismatchError(DAOError, AuguryValueError):
    """A batch's content does not hash to the content hash it was submitted (or stored) under."""


class UnknownBatchError(DAOError, AuguryLookupError):
    """No batch with that content hash is in the store."""


class BatchStateError(DAOError, AuguryValueError):
    """A batch cannot move to the asked status (an accepted batch is final)."""


class ValuationError(DAOError, AuguryValueError):
    """Training or test data that a valuation cannot use (shapes, labels, ``k``)."""


class RewardError(DAOError, AuguryValueError):
    """A reward computation was given a negative pool, a bad cap or mismatched inputs."""


class MerkleError(DAOError, AuguryValueError):
    """A Merkle distribution was given bad leaves (duplicate index, bad address, negative)."""


class TrainingError(DAOError, AuguryValueError):
    """Accepted examples and market outcomes that cannot train a judge model."""


class ClaimsFileError(DAOError, AuguryValueError):
    """A claims file (from ``augury dao value``) is not ``{root, total, claims}`` or its
    claims do not hash to its root; the message starts with the file's path."""
