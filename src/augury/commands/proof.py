"""``augury proof``: commit to a model, prove an inference, verify a proof."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from augury.commands import common
from augury.commands.common import Format, FormatOption, console, emit_json, fail, group

if TYPE_CHECKING:
    from augury.proof import QuantizedModel

app = group("Verifiable inference: commitments and proofs for quantized MLPs.")

ModelOption = common.ModelOption
CalibrationOption = common.calibration_option("commit and prove")

EXIT_INVALID = 1
EXIT_UNUSABLE = 2


def _model(path: Path, calibration: Path | None) -> QuantizedModel:
    from augury.proof import load_model
    from augury.proof.files import read_calibration

    cal = read_calibration(calibration) if calibration is not None else None
    return load_model(path, calibration=cal)


@app.command("commit")
def commit_cmd(
    model: Path = ModelOption,
    out: Path = typer.Option(..., "--out", help="Where to write the commitment (JSON)."),
    calibration: Optional[Path] = CalibrationOption,  # noqa: UP045 (typer needs Optional)
    fmt: Format = FormatOption,
) -> None:
    """Quantize the model and write its public commitment (no trusted setup)."""
    from augury.proof import commit
    from augury.proof.files import write_commitment

    c = commit(_model(model, calibration))
    write_commitment(c, out)
    if fmt is Format.json:
        emit_json(c.to_json())
        return
    console.print(f"commitment root 0x{c.root.hex()} written to {out}")


@app.command("prove")
def prove_cmd(
    model: Path = ModelOption,
    input_path: Path = typer.Option(..., "--input", help="EZKL-style input JSON."),
    out: Path = typer.Option(..., "--out", help="Where to write the proof (binary)."),
    calibration: Optional[Path] = CalibrationOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Run the quantized model on the input and write a proof; print the output."""
    from augury.proof import prove
    from augury.proof.files import read_input

    y, proof = prove(_model(model, calibration), read_input(input_path))
    data = proof.to_bytes()
    out.write_bytes(data)
    if fmt is Format.json:
        emit_json({"output": y.tolist()})
        return
    console.print(f"output {y.tolist()}")
    console.print(f"proof: {len(data)} bytes written to {out}")


@app.command("verify")
def verify_cmd(
    commitment: Path = typer.Option(..., "--commitment", help="Commitment JSON."),
    input_path: Path = typer.Option(..., "--input", help="EZKL-style input JSON."),
    proof: Path = typer.Option(..., "--proof", help="Proof file from `augury proof prove`."),
    output: Optional[Path] = typer.Option(  # noqa: UP045
        None, "--output", help='Also require this output ({"output": [...]}).'
    ),
    fmt: Format = FormatOption,
) -> None:
    """Exit 0 if the proof is valid, 1 if it is not, 2 if a file is unusable."""
    import json

    import numpy as np

    from augury.proof import MalformedProofError, Proof, ProofError, verify
    from augury.proof.files import read_commitment, read_input
    from augury.proof.protocol import proven_output

    try:
        c = read_commitment(commitment)
        x = read_input(input_path)
        raw = proof.read_bytes()
    except (ProofError, OSError) as exc:
        raise fail(f"unusable: {exc}", EXIT_UNUSABLE) from None
    try:
        p = Proof.from_bytes(raw)
    except MalformedProofError as exc:
        raise fail(f"invalid: {exc}", EXIT_INVALID) from None
    y = proven_output(c, p)
    if y is None:
        raise fail("invalid: the proof does not match the commitment's shape", EXIT_INVALID)
    if output is not None:
        try:
            claimed = np.asarray(json.loads(output.read_text())["output"], dtype=np.float64)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise fail(f"unusable: output file {output}: {exc}", EXIT_UNUSABLE) from None
        if claimed.shape != y.shape or not np.array_equal(claimed, y):
            raise fail("invalid: the proof is for a different output", EXIT_INVALID)
    try:
        ok = verify(c, x, y, p)
    except ProofError as exc:
        raise fail(f"unusable: {exc}", EXIT_UNUSABLE) from None
    if not ok:
        raise fail("invalid: the proof does not verify against the commitment", EXIT_INVALID)
    if fmt is Format.json:
        emit_json({"valid": True, "output": y.tolist()})
    else:
        console.print(f"valid: output {y.tolist()}")
    sys.stdout.flush()
