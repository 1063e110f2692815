"""Contract enums with the lower-case names that reports, stores and the CLI use."""

from __future__ import annotations

from enum import IntEnum
from typing import Self

from augury.errors import AuguryValueError


class LabelledEnum(IntEnum):
    """An ``IntEnum`` of a contract's constants whose members read and parse as labels.

    ``label`` is the member's name in lower case unless a subclass says otherwise;
    :meth:`parse` turns a user's label back into the member, or raises one clear
    :class:`~augury.errors.AuguryValueError` naming every label it would take.
    """

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, label: str) -> Self:
        for member in cls:
            if member.label == label:
                return member
        raise AuguryValueError(cls._unknown(label))

    @classmethod
    def _unknown(cls, label: str) -> str:
        return f"unknown {cls.__name__} {label!r}: use {', '.join(m.label for m in cls)}"
