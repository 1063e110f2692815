"""Questions for the scam markets, and the jury's hidden answers.

A question is "is this domain a phishing site?". Its label is what a human jury
would answer; :class:`JuryOracle` keeps the labels away from everything else, so
the simulation can prove that only sampled markets ever reveal one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from augury.errors import AuguryValueError


class QuestionsError(AuguryValueError):
    """A questions file is malformed; the message names the line."""


@dataclass(frozen=True)
class Question:
    """One market's question: an id and the domain it asks about (no label)."""

    id: str
    domain: str

    @property
    def text(self) -> str:
        """The question as worded; its keccak256 is the market's on-chain question id."""
        return f"is {self.domain} a phishing site? [{self.id}]"


class JuryOracle:
    """What the human jury would answer, asked only for sampled markets.

    ``asked`` records every question whose label left the oracle, so a test can
    check that nothing else did.
    """

    def __init__(self, labels: dict[str, int]) -> None:
        self._labels = dict(labels)
        self.asked: set[str] = set()

    def verdict(self, question_id: str) -> int:
        self.asked.add(question_id)
        return self._labels[question_id]

    def scoring_labels(self) -> dict[str, int]:
        """Every label, for scoring after the run; never passed to agents or jurors."""
        return dict(self._labels)


def read_questions(path: Path, *, require_labels: bool = True) -> tuple[list[Question], JuryOracle]:
    """Parse ``{"id": str, "domain": str, "label": 0|1}`` lines (JSONL).

    Raises :class:`QuestionsError` naming the first bad line: not JSON, missing
    or mistyped fields, a domain that is not a host name, a repeated id. An agent
    reads the same files with ``require_labels=False``: it needs no labels.
    """
    from augury.data.domains import normalize_domain
    from augury.data.errors import InvalidDomainError

    try:
        lines = path.read_text().splitlines()
    except OSError as exc:
        raise QuestionsError(f"cannot read questions file {path}: {exc.strerror}") from None
    questions: list[Question] = []
    labels: dict[str, int] = {}
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except ValueError:
            raise QuestionsError(f"{where}: not valid JSON") from None
        if not isinstance(row, dict):
            raise QuestionsError(f"{where}: expected an object with id, domain and label")
        qid, domain, label = row.get("id"), row.get("domain"), row.get("label")
        if not isinstance(qid, str) or not qid:
            raise QuestionsError(f'{where}: "id" must be a non-empty string')
        if not isinstance(domain, str):
            raise QuestionsError(f'{where}: "domain" must be a string')
        if label is None and not require_labels:
            label = -1
        elif label not in (0, 1) or isinstance(label, bool):
            raise QuestionsError(f'{where}: "label" must be 0 or 1')
        if qid in labels:
            raise QuestionsError(f"{where}: question id {qid!r} appears twice")
        try:
            host = normalize_domain(domain)
        except InvalidDomainError as exc:
            raise QuestionsError(f"{where}: {exc}") from None
        questions.append(Question(qid, host))
        labels[qid] = int(label)
    if not questions:
        raise QuestionsError(f"{path}: no questions")
    return questions, JuryOracle(labels)


def questions_from_pairs(pairs: Iterable[tuple[str, int]]) -> tuple[list[Question], JuryOracle]:
    """Questions ``q0, q1, ...`` from ``(domain, label)`` pairs (e.g. a held-back split)."""
    questions: list[Question] = []
    labels: dict[str, int] = {}
    for i, (domain, label) in enumerate(pairs):
        qid = f"q{i}"
        questions.append(Question(qid, domain))
        labels[qid] = int(label)
    return questions, JuryOracle(labels)


def write_questions(path: Path, pairs: Sequence[tuple[str, str, int]]) -> None:
    """Write ``(id, domain, label)`` rows in the questions format."""
    path.write_text(
        "".join(json.dumps({"id": i, "domain": d, "label": label}) + "\n" for i, d, label in pairs)
    )
