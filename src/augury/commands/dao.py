"""``augury dao``: submit, challenge, vote, value and pay training data."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table

from augury.commands.common import (
    Format,
    FormatOption,
    KeyOption,
    RpcOption,
    StateOption,
    chain_session,
    console,
    emit_json,
    fail,
    user_errors,
)

app = typer.Typer(help="AI as the objective: the data DAO.", no_args_is_help=True)
E18 = 10**18
KINDS = {"dataset": 1, "adopt": 2, "pause": 3, "policy": 4, "rewards": 5}

StoreOption = typer.Option(
    None, "--store", help="Batch store (SQLite; default $AUGURY_HOME/dao-batches.sqlite)."
)


@contextlib.contextmanager
def _dao(rpc: str | None, key: str | None, state: Path | None, store: Path | None) -> Iterator[Any]:
    from augury.dao.protocol import DAO
    from augury.dao.store import BatchStore
    from augury.protocol import contract

    path = store or Path(os.environ.get("AUGURY_HOME") or ".augury") / "dao-batches.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    with chain_session(rpc, key, state) as chain, BatchStore(path) as batches:
        yield DAO(chain, contract(chain, "DataDAO"), contract(chain, "Token"), batches)


def _show(data: dict[str, Any], fmt: Format, title: str) -> None:
    if fmt is Format.json:
        emit_json(data)
        return
    table = Table(title=title, show_header=False)
    for k, v in data.items():
        table.add_row(k, str(v))
    console.print(table)


@app.command("submit")
@user_errors
def submit(
    batch: Path = typer.Option(..., "--batch", help='JSONL of {"domain", "label"}.'),
    stake: float = typer.Option(10.0, "--stake", help="Stake in tokens."),
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Store a batch and submit its content hash with a stake."""
    with _dao(rpc, key, state, store) as dao:
        s = dao.submit(batch, int(stake * E18), sender=dao.chain.accounts[0])
    _show({"batch_id": s.batch_id, "content_hash": s.content_hash, "examples": s.examples},
          fmt, "submitted")  # fmt: skip


@app.command("challenge")
@user_errors
def challenge(
    batch_id: int = typer.Option(..., "--batch-id"),
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Challenge a batch inside its window, staking as much as its submitter."""
    with _dao(rpc, key, state, store) as dao:
        dao.challenge(batch_id, sender=dao.chain.accounts[0])
        content, status = dao.batch_status(batch_id)
    _show({"batch_id": batch_id, "content_hash": content, "status": status}, fmt, "challenged")


@app.command("propose")
@user_errors
def propose(
    kind: str = typer.Option(..., "--kind", help="dataset|adopt|pause|policy|rewards"),
    num: int = typer.Option(0, "--num", help="Examples, model id, or rewards total (wei)."),
    num2: int = typer.Option(0, "--num2", help="policy: quota."),
    num3: int = typer.Option(0, "--num3", help="policy: fee (wei)."),
    root: str = typer.Option("0x" + "00" * 32, "--root", help="dataset/rewards root (0x hex)."),
    paused: bool = typer.Option(True, "--paused/--resume", help="pause: stop or resume."),
    lock: float = typer.Option(0.0, "--lock", help="Tokens to lock as votes first."),
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Open a proposal (only token lockers may)."""
    from augury.protocol import Kind

    if kind not in KINDS:
        raise fail(f"unknown proposal kind {kind!r}: use {', '.join(KINDS)}")
    try:
        root_b = bytes.fromhex(root.removeprefix("0x"))
    except ValueError:
        raise fail(f"--root is not hex: {root!r}") from None
    if len(root_b) != 32:
        raise fail("--root must be 32 bytes")
    with _dao(rpc, key, state, store) as dao:
        sender = dao.chain.accounts[0]
        if lock:
            dao.lock(int(lock * E18), sender=sender)
        pid = dao.propose(Kind(KINDS[kind]), sender=sender, num=num, num2=num2, num3=num3,
                          root=root_b, flag=paused)  # fmt: skip
    _show({"proposal_id": pid, "kind": kind}, fmt, "proposed")


@app.command("vote")
@user_errors
def vote(
    proposal_id: int = typer.Option(..., "--proposal-id"),
    yes: bool = typer.Option(True, "--yes/--no"),
    lock: float = typer.Option(0.0, "--lock", help="Tokens to lock as votes first."),
    execute: bool = typer.Option(False, "--execute", help="Execute it if it passed."),
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Vote with locked tokens; ``--execute`` carries out a passed proposal instead."""
    with _dao(rpc, key, state, store) as dao:
        sender = dao.chain.accounts[0]
        if execute:
            dao.dao.execute(proposal_id, sender=sender)
            _show({"proposal_id": proposal_id, "executed": True}, fmt, "executed")
            return
        if lock:
            dao.lock(int(lock * E18), sender=sender)
        dao.dao.vote(proposal_id, yes, sender=sender)
    _show({"proposal_id": proposal_id, "support": yes}, fmt, "voted")


@app.command("value")
@user_errors
def value(
    validation: Path = typer.Option(..., "--validation", help="JSONL batch used as test set."),
    budget: float = typer.Option(..., "--budget", help="Tokens to distribute."),
    out: Path = typer.Option(Path("rewards.json"), "--out", help="Claims file to write."),
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Value accepted data by KNN-Shapley and write the Merkle claims file."""
    from augury.dao.batch import read_batch_file
    from augury.dao.epoch import settle_epoch

    val = read_batch_file(validation)
    with _dao(rpc, key, state, store) as dao:
        dao.sync()
        accepted = dao.store.examples("accepted")
        settlement = settle_epoch(
            accepted, [e.domain for e in val.examples], [e.label for e in val.examples],
            int(budget * E18),
        )  # fmt: skip
        if settlement.distribution is None:
            raise fail("no contributor earned anything: nothing to distribute")
        dao.write_distribution(settlement.distribution, out)
    d = settlement.distribution
    _show({"root": "0x" + d.root.hex(), "total": d.total, "claims": len(d.claims),
           "file": str(out)}, fmt, "valuation")  # fmt: skip


@app.command("payout")
@user_errors
def payout(
    claims: Path = typer.Option(..., "--claims", help="Claims file from `augury dao value`."),
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Propose the rewards distribution of a claims file (then vote and execute it)."""
    from augury.protocol import Kind

    doc = _claims(claims)
    with _dao(rpc, key, state, store) as dao:
        pid = dao.propose(Kind.REWARDS, sender=dao.chain.accounts[0], num=int(doc["total"]),
                          root=bytes.fromhex(str(doc["root"])[2:]))  # fmt: skip
    _show({"proposal_id": pid, "total": int(doc["total"])}, fmt, "rewards proposed")


@app.command("claim")
@user_errors
def claim(
    claims: Path = typer.Option(..., "--claims"),
    distribution_id: int = typer.Option(..., "--distribution-id"),
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """Pay every unpaid claim of a posted distribution (a double claim reverts)."""
    from augury.dao.merkle import Claim, MerkleDistribution

    doc = _claims(claims)
    dist = MerkleDistribution(
        [Claim(int(c["index"]), str(c["account"]), int(c["amount"])) for c in doc["claims"]]
    )
    if "0x" + dist.root.hex() != doc["root"]:
        raise fail(f"{claims}: claims do not hash to the file's root")
    with _dao(rpc, key, state, store) as dao:
        paid = dao.claim_all(distribution_id, dist, sender=dao.chain.accounts[0])
    _show({"distribution_id": distribution_id, "paid": paid}, fmt, "claimed")


@app.command("status")
@user_errors
def status(
    rpc: Optional[str] = RpcOption,  # noqa: UP045
    key: Optional[str] = KeyOption,  # noqa: UP045
    state: Optional[Path] = StateOption,  # noqa: UP045
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: Format = FormatOption,
) -> None:
    """The DAO's dataset version, adopted model, pool and batches."""
    with _dao(rpc, key, state, store) as dao:
        dao.sync()
        data = dao.status().to_json()
    _show(data, fmt, "data DAO")


def _claims(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text())
        if not isinstance(doc, dict) or not {"root", "total", "claims"} <= set(doc):
            raise ValueError
        return doc
    except OSError as exc:
        raise fail(f"cannot read {path}: {exc.strerror}") from None
    except ValueError:
        raise fail(f"{path} is not a claims file (root, total, claims)") from None
