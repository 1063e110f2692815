"""Errors of :mod:`augury.data`: each names the file or the input and the problem, on one line."""

from __future__ import annotations

from pathlib import Path

from augury.errors import AuguryError, AuguryValueError


class DataError(AuguryError):
    """Base class of the data package's user-facing errors."""


class DataFileError(DataError, AuguryValueError):
    """A data file is missing or malformed; the message starts with the file's path."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


class InvalidDomainError(DataError, AuguryValueError):
    """A string given as a domain or URL has no usable host name."""


class UnknownSplitError(DataError, AuguryValueError):
    """A split kind other than ``random``, ``time`` or ``novel`` was asked for."""
