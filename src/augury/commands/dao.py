"""``augury dao``: submit, challenge, vote, value and pay training data."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from rich.table import Table

from augury import config
from augury.commands import common

if TYPE_CHECKING:
    from augury.dao.protocol import DAO

app = common.group("AI as the objective: the data DAO.")
E18 = 10**18
DaoOptions = common.chain_options("rpc", "key", "state")

StoreOption = typer.Option(
    None, "--store", help="Batch store (SQLite; default $AUGURY_HOME/dao-batches.sqlite)."
)


@contextlib.contextmanager
def _dao(opts: common.ChainOptions, store: Path | None) -> Iterator[DAO]:
    from augury.dao.protocol import DAO
    from augury.dao.store import BatchStore
    from augury.protocol import contract

    path = store or config.batch_store_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with opts.session() as chain, BatchStore(path) as batches:
        yield DAO(chain, contract(chain, "DataDAO"), contract(chain, "Token"), batches)


def _show(data: dict[str, Any], fmt: common.Format, title: str) -> None:
    if fmt is common.Format.json:
        common.emit_json(data)
        return
    table = Table(title=title, show_header=False)
    for k, v in data.items():
        table.add_row(k, str(v))
    common.console.print(table)


@app.command("submit")
@DaoOptions
def submit(
    batch: Path = typer.Option(..., "--batch", help='JSONL of {"domain", "label"}.'),
    stake: float = typer.Option(10.0, "--stake", help="Stake in tokens."),
    opts: common.ChainOptions = common.CHAIN,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """Store a batch and submit its content hash with a stake."""
    with _dao(opts, store) as dao:
        s = dao.submit(batch, int(stake * E18), sender=dao.chain.accounts[0])
    _show({"batch_id": s.batch_id, "content_hash": s.content_hash, "examples": s.examples},
          fmt, "submitted")  # fmt: skip


@app.command("challenge")
@DaoOptions
def challenge(
    batch_id: int = typer.Option(..., "--batch-id"),
    opts: common.ChainOptions = common.CHAIN,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """Challenge a batch inside its window, staking as much as its submitter."""
    with _dao(opts, store) as dao:
        dao.challenge(batch_id, sender=dao.chain.accounts[0])
        info = dao.batch(batch_id)
    content, status = "0x" + info.content_hash.hex(), info.status.label
    _show({"batch_id": batch_id, "content_hash": content, "status": status}, fmt, "challenged")


@app.command("propose")
@DaoOptions
def propose(
    kind: str = typer.Option(
        ...,
        "--kind",
        help="dataset|adopt|pause|policy|rewards|judge-policy|arbiter|governance|forwarder",
    ),
    num: int = typer.Option(
        0, "--num", help="Examples, model id, rewards total (wei), or judge-policy: window (s)."
    ),
    num2: int = typer.Option(0, "--num2", help="policy: quota; judge-policy: bond (wei)."),
    num3: int = typer.Option(0, "--num3", help="policy: fee (wei); judge-policy: epoch (s)."),
    address: str = typer.Option(
        "", "--address", help="arbiter/governance/forwarder: the address (0x hex)."
    ),
    allow: bool = typer.Option(True, "--allow/--disallow", help="forwarder: allow or stop."),
    root: str = typer.Option("0x" + "00" * 32, "--root", help="dataset/rewards root (0x hex)."),
    paused: bool = typer.Option(True, "--paused/--resume", help="pause: stop or resume."),
    lock: float = typer.Option(0.0, "--lock", help="Tokens to lock as votes first."),
    opts: common.ChainOptions = common.CHAIN,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """Open a proposal (only token lockers may)."""
    from augury.dao.protocol import bytes32, proposal_kind
    from augury.protocol import Kind, address_num

    k, root_b = proposal_kind(kind), bytes32(root, "--root")
    if address:
        num = address_num(address)
    flag = allow if k is Kind.FORWARDER else paused
    with _dao(opts, store) as dao:
        pid = dao.propose(k, sender=dao.chain.accounts[0], num=num, num2=num2, num3=num3,
                          root=root_b, flag=flag, lock=int(lock * E18))  # fmt: skip
    _show({"proposal_id": pid, "kind": kind}, fmt, "proposed")


@app.command("vote")
@DaoOptions
def vote(
    proposal_id: int = typer.Option(..., "--proposal-id"),
    yes: bool = typer.Option(True, "--yes/--no"),
    lock: float = typer.Option(
        0.0, "--lock", help="Tokens to lock first: they vote on later proposals only."
    ),
    execute: bool = typer.Option(False, "--execute", help="Execute it if it passed."),
    opts: common.ChainOptions = common.CHAIN,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """Vote with locked tokens; ``--execute`` carries out a passed proposal instead."""
    with _dao(opts, store) as dao:
        sender = dao.chain.accounts[0]
        if execute:
            dao.execute(proposal_id, sender=sender)
            _show({"proposal_id": proposal_id, "executed": True}, fmt, "executed")
            return
        dao.vote(proposal_id, yes, sender=sender, lock=int(lock * E18))
    _show({"proposal_id": proposal_id, "support": yes}, fmt, "voted")


@app.command("value")
@DaoOptions
def value(
    validation: Path = typer.Option(..., "--validation", help="JSONL batch used as test set."),
    budget: float = typer.Option(..., "--budget", help="Tokens to distribute."),
    out: Path = typer.Option(Path("rewards.json"), "--out", help="Claims file to write."),
    opts: common.ChainOptions = common.CHAIN,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """Value accepted data by KNN-Shapley and write the Merkle claims file."""
    from augury.dao.batch import read_batch_file

    val = read_batch_file(validation)  # before the chain: a bad file touches nothing
    with _dao(opts, store) as dao:
        d = dao.settle(val, int(budget * E18), out)
    _show({"root": "0x" + d.root.hex(), "total": d.total, "claims": len(d.claims),
           "file": str(out)}, fmt, "valuation")  # fmt: skip


@app.command("payout")
@DaoOptions
def payout(
    claims: Path = typer.Option(..., "--claims", help="Claims file from `augury dao value`."),
    opts: common.ChainOptions = common.CHAIN,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """Propose the rewards distribution of a claims file (then vote and execute it)."""
    from augury.dao.merkle import read_claims_file
    from augury.protocol import Kind

    doc = read_claims_file(claims)
    with _dao(opts, store) as dao:
        pid = dao.propose(Kind.REWARDS, sender=dao.chain.accounts[0], num=doc.total,
                          root=doc.root)  # fmt: skip
    _show({"proposal_id": pid, "total": doc.total}, fmt, "rewards proposed")


@app.command("claim")
@DaoOptions
def claim(
    claims: Path = typer.Option(..., "--claims"),
    distribution_id: int = typer.Option(..., "--distribution-id"),
    opts: common.ChainOptions = common.CHAIN,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """Pay every unpaid claim of a posted distribution (a double claim reverts)."""
    from augury.dao.merkle import read_claims_file

    dist = read_claims_file(claims).distribution()
    with _dao(opts, store) as dao:
        paid = dao.claim_all(distribution_id, dist, sender=dao.chain.accounts[0])
    _show({"distribution_id": distribution_id, "paid": paid}, fmt, "claimed")


@app.command("status")
@DaoOptions
def status(
    opts: common.ChainOptions = common.CHAIN,
    store: Optional[Path] = StoreOption,  # noqa: UP045
    fmt: common.Format = common.FormatOption,
) -> None:
    """The DAO's dataset version, adopted model, pool and batches."""
    with _dao(opts, store) as dao:
        dao.sync()
        data = dao.status().to_json()
    _show(data, fmt, "data DAO")
