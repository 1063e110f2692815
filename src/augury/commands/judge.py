"""``augury judge``: register, ask, serve, watch, check and reveal an on-chain AI judge.

Thin shells over :mod:`augury.judge`. Every command runs on the embedded chain
(state kept in ``--state``) unless ``--rpc`` names a node, and reads and writes
published blobs (commitments, inputs, proofs, weights) in ``--store``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from augury.commands import common

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from augury.chain import Chain
    from augury.judge.store import BlobStore

app = common.group("AI as the rules: a committed, proven, rate-limited on-chain AI judge.")

StoreOption = typer.Option(
    None, "--store", help="Blob store directory (default: $AUGURY_HOME/blobs)."
)
ModelOption = common.ModelOption
CalibrationOption = common.calibration_option("register, serve and reveal")
ModelIdOption = typer.Option(..., "--model-id", help="The model's id on the Judge.")
OnceOption = typer.Option(
    False, "--once", help="One pass, then exit (always so on the embedded chain)."
)
IntervalOption = typer.Option(2.0, "--interval", help="Seconds between polls of a node.")


def _store(path: Path | None) -> BlobStore:
    from augury.judge.store import BlobStore

    return BlobStore(path)


def _judge(chain: Any) -> Any:
    from augury.protocol import contract

    return contract(chain, "Judge")


def _hex(b: bytes) -> str:
    return "0x" + b.hex()


@dataclass(frozen=True)
class _Desk:
    """What every judge command works on: the chain, its Judge and the blob store."""

    chain: Chain
    judge: Any
    store: BlobStore

    @property
    def me(self) -> LocalAccount:
        """This command's account: the operator, asker or arbiter (``--key``'s)."""
        return self.chain.accounts[0]


@contextlib.contextmanager
def _desk(opts: common.ChainOptions, store: Path | None) -> Iterator[_Desk]:
    """The chain session of ``opts`` (its deployment kept in ``--state``), with the
    Judge bound and the ``--store`` opened: the one opening every command shares."""
    with opts.session() as chain:
        yield _Desk(chain, _judge(chain), _store(store))


@app.command("register")
@common.chain_options("rpc", "key", "state")
def register_cmd(
    model: Path = ModelOption,
    reveal_delay: int = typer.Option(..., "--reveal-delay", help="Seconds until the reveal."),
    quota: int = typer.Option(..., "--quota", help="Requests per address per epoch."),
    fee: int = typer.Option(0, "--fee", help="Fee per request, in token wei."),
    bond: int = typer.Option(1000 * 10**18, "--bond", help="Operator bond, in token wei."),
    calibration: Optional[Path] = CalibrationOption,  # noqa: UP045 (typer needs Optional)
    store: Optional[Path] = StoreOption,  # noqa: UP045
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Commit a model on the Judge, posting the bond; print its id and commitment."""
    from augury.judge.service import register_model

    qmodel = common.read_model(model, calibration)
    with _desk(opts, store) as d:
        reg = register_model(d.judge, d.store, qmodel, operator=d.me, bond=bond,
                             reveal_delay=reveal_delay, quota=quota, fee=fee)  # fmt: skip
    commitment = _hex(reg.commitment)
    data = {"model_id": reg.model_id, "commitment": commitment,
            "weights_root": _hex(reg.weights_root)}  # fmt: skip
    common.emit(fmt, data, f"model {reg.model_id} registered, commitment {commitment}")


@app.command("ask")
@common.chain_options("rpc", "key", "state")
def ask_cmd(
    model_id: int = ModelIdOption,
    input_path: Path = typer.Option(..., "--input", help='Input JSON {"input_data": [[...]]}.'),
    store: Optional[Path] = StoreOption,  # noqa: UP045
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Publish an input and request the model's answer (within quota, paying the fee)."""
    from augury.judge.service import ask
    from augury.proof.files import read_input

    x = read_input(input_path)
    with _desk(opts, store) as d:
        a = ask(d.judge, d.store, model_id, x, sender=d.me)
    data = {"request_id": a.request_id, "input_hash": _hex(a.input_hash), "fee": a.fee}
    common.emit(fmt, data, f"request {a.request_id} (input {data['input_hash']}, fee {a.fee} wei)")


@app.command("serve")
@common.chain_options("rpc", "key", "state")
def serve_cmd(
    model: Path = ModelOption,
    calibration: Optional[Path] = CalibrationOption,  # noqa: UP045
    once: bool = OnceOption,
    interval: float = IntervalOption,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Answer requests for this model with proofs: pending ones, then new ones as they come."""
    from augury.judge.service import Served, Skipped, serve

    def served(s: Served) -> None:
        common.emit_line(
            fmt,
            {
                "request_id": s.request_id,
                "model_id": s.model_id,
                "output": s.output,
                "label": s.label,
                "proof_hash": _hex(s.proof_hash),
                "prove_seconds": round(s.prove_seconds, 4),
            },
            f"answered request {s.request_id}: label {s.label}, proof {_hex(s.proof_hash)[:18]}..",
        )

    def skipped(k: Skipped) -> None:
        common.emit_line(
            fmt,
            {"request_id": k.request_id, "skipped": k.reason},
            f"skipped request {k.request_id}: {k.reason}",
        )

    qmodel = common.read_model(model, calibration)
    with _desk(opts, store) as d:
        serve(d.judge, d.store, qmodel, operator=d.me, once=once, interval=interval,
              on_served=served, on_skipped=skipped)  # fmt: skip


@app.command("watch")
@common.chain_options("rpc", "key", "state")
def watch_cmd(
    once: bool = OnceOption,
    interval: float = IntervalOption,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Verify every answer's proof; with --key, challenge the invalid ones."""
    from augury.judge.checker import Verdict, watch

    def checked(v: Verdict, challenged: bool) -> None:
        common.emit_line(
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

    def failed(rid: int, why: str) -> None:
        common.emit_line(
            fmt,
            {"request_id": rid, "challenge_failed": why},
            f"request {rid}: challenge failed: {why}",
        )

    with _desk(opts, store) as d:
        challenger = d.me if opts.private_key is not None else None
        watch(d.judge, d.store, challenger=challenger, once=once, interval=interval,
              on_verdict=checked, on_failed=failed)  # fmt: skip


@app.command("verdict")
@common.chain_options("rpc", "state")
def verdict_cmd(
    request_id: int = typer.Option(..., "--request-id", help="The request's id."),
    store: Optional[Path] = StoreOption,  # noqa: UP045
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """A request's status and output, with its proof re-verified from published data."""
    from augury.judge.checker import check_request

    with _desk(opts, store) as d:
        v = check_request(d.judge, d.store, request_id)
    proof = {None: "no answer yet", True: "valid", False: f"INVALID ({v.reason})"}[v.proof_valid]
    lines = [f"request {v.request_id} (model {v.model_id}): {v.status}"]
    if v.label is not None:
        lines.append(f"label {v.label}, output {v.output_float}")
    common.emit(fmt, v.to_json(), "\n".join([*lines, f"proof: {proof}"]))


@app.command("reveal")
@common.chain_options("rpc", "key", "state")
def reveal_cmd(
    model_id: int = ModelIdOption,
    model: Path = ModelOption,
    calibration: Optional[Path] = CalibrationOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Publish the model's weights and post their root (after the reveal deadline)."""
    from augury.judge.reveal import reveal_model

    qmodel = common.read_model(model, calibration)
    with _desk(opts, store) as d:
        r = reveal_model(d.judge, d.store, model_id, qmodel, operator=d.me)
    data = {"model_id": r.model_id, "weights_root": _hex(r.root)}
    common.emit(fmt, data, f"model {r.model_id}: weights revealed, root {data['weights_root']}")


@app.command("check-reveal")
@common.chain_options("rpc", "state")
def check_reveal_cmd(
    model_id: int = ModelIdOption,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Check a revealed model: root, published weights, rebuilt proof commitment."""
    from augury.judge.reveal import check_reveal

    with _desk(opts, store) as d:
        c = check_reveal(d.judge, d.store, model_id)
    common.emit(
        fmt, c.to_json(), f"model {model_id}: " + ("reveal checks out" if c.ok else c.reason)
    )


@app.command("rule")
@common.chain_options("rpc", "key", "state")
def rule_cmd(
    store: Optional[Path] = StoreOption,  # noqa: UP045
    opts: common.ChainOptions = common.CHAIN,
    fmt: common.Format = common.FormatOption,
) -> None:
    """Rule on every challenged answer as the arbiter (this account), upholding it iff
    its proof verifies."""
    from augury.judge.checker import rule_challenged

    with _desk(opts, store) as d:
        ruled = rule_challenged(d.judge, d.store, arbiter=d.me)
    text = [f"request {rid}: " + ("upheld" if upheld else "overturned") for rid, upheld in ruled]
    common.emit(fmt, [{"request_id": rid, "upheld": upheld} for rid, upheld in ruled],
                "\n".join(text) or "no challenged requests")  # fmt: skip
