"""File formats the CLI reads and writes, shared with EZKL where possible.

* input: EZKL's ``{"input_data": [[x_0, x_1, ...]]}`` (one flattened input per graph input;
  our graphs have one); a calibration file uses the same key with one row per sample;
* commitment: the JSON of :meth:`Commitment.to_json`;
* proof: the bytes of :meth:`Proof.to_bytes`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from augury.proof.encoding import Commitment
from augury.proof.errors import InputError, MalformedCommitmentError


def _read_json(path: str | Path, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise InputError(f"{what} file not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{what} file {path} is not JSON: {exc}") from None


def read_input(path: str | Path) -> npt.NDArray[np.float64]:
    """The single input vector of an EZKL-style input file."""
    doc = _read_json(path, "input")
    data = doc.get("input_data") if isinstance(doc, dict) else None
    if not isinstance(data, list) or len(data) != 1:
        raise InputError(f'{path}: expected {{"input_data": [[...]]}} with one input')
    try:
        return np.asarray(data[0], dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise InputError(f"{path}: input_data[0] is not a list of numbers") from None


def read_calibration(path: str | Path) -> npt.NDArray[np.float64]:
    """Calibration samples: ``input_data`` as a list of rows (or one flat row)."""
    doc = _read_json(path, "calibration")
    data = doc.get("input_data") if isinstance(doc, dict) else None
    try:
        arr = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"{path}: input_data is not a table of numbers") from None
    if arr.ndim not in (1, 2) or arr.size == 0:
        raise InputError(f"{path}: input_data is not a table of numbers")
    return arr.reshape(1, -1) if arr.ndim == 1 else arr


def read_commitment(path: str | Path) -> Commitment:
    try:
        doc = _read_json(path, "commitment")
    except InputError as exc:
        raise MalformedCommitmentError(str(exc)) from None
    return Commitment.from_json(doc)


def write_commitment(commitment: Commitment, path: str | Path) -> None:
    Path(path).write_text(commitment.dumps() + "\n")
