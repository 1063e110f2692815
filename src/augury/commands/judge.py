"""``augury judge``: register, ask, serve, watch, check and reveal an on-chain AI judge.

Thin shells over :mod:`augury.judge`. Every command runs on the embedded chain
(state kept in ``--state``) unless ``--rpc`` names a node, and reads and writes
published blobs (commitments, inputs, proofs, weights) in ``--store``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from augury.commands.common import (
    Format,
    FormatOption,
    KeyOption,
    RpcOption,
    StateOption,
    chain_session,
    console,
    emit_json,
    rpc_url,
    user_errors,
)

if TYPE_CHECKING:
    from augury.judge.store import BlobStore
    from augury.proof import QuantizedModel

app = typer.Typer(
    help="AI as the rules: a committed, proven, rate-limited on-chain AI judge.",
    no_args_is_help=True,
)

StoreOption = typer.Option(
    None, "--store", help="Blob store directory (default: $AUGURY_HOME/blobs)."
)
ModelOption = typer.Option(..., "--model", help="ONNX model (Gemm/MatMul/Add/Relu).")
CalibrationOption = typer.Option(
    None,
    "--calibration",
    help='Inputs that fix the quantization ({"input_data": [[...], ...]}); '
    "use the same file for register, serve and reveal.",
)
ModelIdOption = typer.Option(..., "--model-id", help="The model's id on the Judge.")
OnceOption = typer.Option(
    False, "--once", help="One pass, then exit (always so on the embedded chain)."
)
IntervalOption = typer.Option(2.0, "--interval", help="Seconds between polls of a node.")


def _store(path: Path | None) -> BlobStore:
    from augury.judge.store import BlobStore

    return BlobStore(path)


def _model(path: Path, calibration: Path | None) -> QuantizedModel:
    from augury.proof import load_model
    from augury.proof.files import read_calibration

    cal = read_calibration(calibration) if calibration is not None else None
    return load_model(path, calibration=cal)


def _judge(chain: Any) -> Any:
    from augury.protocol import contract

    return contract(chain, "Judge")


def _hex(b: bytes) -> str:
    return "0x" + b.hex()


@app.command("register")
@user_errors
def register_cmd(
    model: Path = ModelOption,
    reveal_delay: int = typer.Option(..., "--reveal-delay", help="Seconds until the reveal."),
    quota: int = typer.Option(..., "--quota", help="Requests per address per epoch."),
    fee: int = typer.Option(0, "--fee", help="Fee per request, in token wei."),
    bond: int = typer.Option(1000 * 10**18, "--bond", help="Operator bond, in token wei."),
    calibration: Optional[Path] = CalibrationOption,  # noqa: UP045 (typer needs Optional)
    store: Optional[Path] = StoreOption,  # noqa: UP045
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Commit a model on the Judge, posting the bond; print its id and commitment."""
    from augury.judge.service import register_model

    qmodel = _model(model, calibration)
    with chain_session(rpc, key, state) as chain:
        reg = register_model(
            _judge(chain),
            _store(store),
            qmodel,
            operator=chain.accounts[0],
            bond=bond,
            reveal_delay=reveal_delay,
            quota=quota,
            fee=fee,
        )
    data = {
        "model_id": reg.model_id,
        "commitment": _hex(reg.commitment),
        "weights_root": _hex(reg.weights_root),
    }
    if fmt is Format.json:
        emit_json(data)
        return
    console.print(f"model {reg.model_id} registered, commitment {data['commitment']}")


@app.command("ask")
@user_errors
def ask_cmd(
    model_id: int = ModelIdOption,
    input_path: Path = typer.Option(..., "--input", help='Input JSON {"input_data": [[...]]}.'),
    store: Optional[Path] = StoreOption,  # noqa: UP045
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Publish an input and request the model's answer (within quota, paying the fee)."""
    from augury.judge.service import ask
    from augury.proof.files import read_input

    x = read_input(input_path)
    with chain_session(rpc, key, state) as chain:
        a = ask(_judge(chain), _store(store), model_id, x, sender=chain.accounts[0])
    data = {"request_id": a.request_id, "input_hash": _hex(a.input_hash), "fee": a.fee}
    if fmt is Format.json:
        emit_json(data)
        return
    console.print(f"request {a.request_id} (input {data['input_hash']}, fee {a.fee} wei)")


@app.command("serve")
@user_errors
def serve_cmd(
    model: Path = ModelOption,
    calibration: Optional[Path] = CalibrationOption,  # noqa: UP045
    once: bool = OnceOption,
    interval: float = IntervalOption,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Answer requests for this model with proofs: pending ones, then new ones as they come."""
    from augury.judge.errors import JudgeInputError
    from augury.judge.service import operated_models, serve_pending

    qmodel = _model(model, calibration)
    blobs = _store(store)
    single = once or rpc_url(rpc) is None
    with chain_session(rpc, key, state) as chain:
        judge = _judge(chain)
        operator = chain.accounts[0]
        ids = operated_models(judge, qmodel, operator)
        if not ids:
            raise JudgeInputError(
                f"{operator.address} operates no live model with this commitment on the Judge"
            )
        models = dict.fromkeys(ids, qmodel)
        next_block = 0
        retry: list[int] = []
        told: set[int] = set()  # skipped requests already reported
        while True:
            report = serve_pending(
                judge, blobs, models, operator=operator, from_block=next_block, retry=retry
            )
            next_block = report.next_block
            retry = [k.request_id for k in report.skipped]
            for s in report.served:
                _emit_line(
                    fmt,
                    {
                        "request_id": s.request_id,
                        "model_id": s.model_id,
                        "output": s.output,
                        "label": s.label,
                        "proof_hash": _hex(s.proof_hash),
                        "prove_seconds": round(s.prove_seconds, 4),
                    },
                    f"answered request {s.request_id}: label {s.label}, "
                    f"proof {_hex(s.proof_hash)[:18]}..",
                )
            for k in report.skipped:
                if k.request_id in told:
                    continue
                told.add(k.request_id)
                _emit_line(
                    fmt,
                    {"request_id": k.request_id, "skipped": k.reason},
                    f"skipped request {k.request_id}: {k.reason}",
                )
            if single:
                break
            time.sleep(interval)


def _emit_line(fmt: Format, data: dict[str, Any], text: str) -> None:
    """Streaming output: one JSON object per line, or one line of text."""
    import json

    if fmt is Format.json:
        print(json.dumps(data), flush=True)
    else:
        console.print(text)


@app.command("watch")
@user_errors
def watch_cmd(
    once: bool = OnceOption,
    interval: float = IntervalOption,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Verify every answer's proof; with --key, challenge the invalid ones."""
    from augury.commands.common import private_key
    from augury.judge.checker import watch_once

    blobs = _store(store)
    single = once or rpc_url(rpc) is None
    with chain_session(rpc, key, state) as chain:
        judge = _judge(chain)
        challenger = chain.accounts[0] if private_key(key) is not None else None
        next_block = 0
        while True:
            report = watch_once(judge, blobs, challenger=challenger, from_block=next_block)
            next_block = report.next_block
            for v in report.checked:
                challenged = v.request_id in report.challenged
                _emit_line(
                    fmt,
                    {
                        "request_id": v.request_id,
                        "proof_valid": v.proof_valid,
                        "reason": v.reason,
                        "challenged": challenged,
                    },
                    f"request {v.request_id}: "
                    + ("valid" if v.proof_valid else f"INVALID ({v.reason})")
                    + (", challenged" if challenged else ""),
                )
            for rid, why in report.failed:
                _emit_line(
                    fmt,
                    {"request_id": rid, "challenge_failed": why},
                    f"request {rid}: challenge failed: {why}",
                )
            if single:
                break
            time.sleep(interval)


@app.command("verdict")
@user_errors
def verdict_cmd(
    request_id: int = typer.Option(..., "--request-id", help="The request's id."),
    store: Optional[Path] = StoreOption,  # noqa: UP045
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """A request's status and output, with its proof re-verified from published data."""
    from augury.judge.checker import check_request

    with chain_session(rpc, None, state) as chain:
        v = check_request(_judge(chain), _store(store), request_id)
    if fmt is Format.json:
        emit_json(v.to_json())
        return
    proof = {None: "no answer yet", True: "valid", False: f"INVALID ({v.reason})"}[v.proof_valid]
    console.print(f"request {v.request_id} (model {v.model_id}): {v.status}")
    if v.label is not None:
        console.print(f"label {v.label}, output {v.output_float}")
    console.print(f"proof: {proof}")


@app.command("reveal")
@user_errors
def reveal_cmd(
    model_id: int = ModelIdOption,
    model: Path = ModelOption,
    calibration: Optional[Path] = CalibrationOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Publish the model's weights and post their root (after the reveal deadline)."""
    from augury.judge.reveal import reveal_model

    qmodel = _model(model, calibration)
    with chain_session(rpc, key, state) as chain:
        r = reveal_model(_judge(chain), _store(store), model_id, qmodel, operator=chain.accounts[0])
    data = {"model_id": r.model_id, "weights_root": _hex(r.root)}
    if fmt is Format.json:
        emit_json(data)
        return
    console.print(f"model {r.model_id}: weights revealed, root {data['weights_root']}")


@app.command("check-reveal")
@user_errors
def check_reveal_cmd(
    model_id: int = ModelIdOption,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Check a revealed model: root, published weights, rebuilt proof commitment."""
    from augury.judge.reveal import check_reveal

    with chain_session(rpc, None, state) as chain:
        c = check_reveal(_judge(chain), _store(store), model_id)
    if fmt is Format.json:
        emit_json(c.to_json())
        return
    console.print(f"model {model_id}: " + ("reveal checks out" if c.ok else c.reason))


@app.command("rule")
@user_errors
def rule_cmd(
    store: Optional[Path] = StoreOption,  # noqa: UP045
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Rule on every challenged answer, upholding it iff its proof verifies: directly if
    this account is the arbiter, else (the jury arbitrates) through a jury dispute in
    which dev accounts 7-9 vote — development chains only, the clock moves."""
    from augury.judge.checker import rule_challenged

    with chain_session(rpc, key, state) as chain:
        ruled = rule_challenged(
            _judge(chain), _store(store), arbiter=chain.accounts[0], jurors=chain.accounts[7:10]
        )
    if fmt is Format.json:
        emit_json([{"request_id": rid, "upheld": upheld} for rid, upheld in ruled])
        return
    for rid, upheld in ruled:
        console.print(f"request {rid}: " + ("upheld" if upheld else "overturned"))
    if not ruled:
        console.print("no challenged requests")
