"""What every command shares: output formats, configuration, user-error handling."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from augury.errors import AuguryError

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
err_console = Console(stderr=True)

EXIT_USER_ERROR = 2


class Format(StrEnum):
    """``--format``: a rich view for people, JSON for machines."""

    text = "text"
    json = "json"


FormatOption = typer.Option(
    Format.text, "--format", help="Output: text for people, json for machines."
)
RpcOption = typer.Option(
    None,
    "--rpc",
    help="JSON-RPC URL of a node (default: $AUGURY_RPC_URL, else the embedded chain).",
)
KeyOption = typer.Option(
    None,
    "--key",
    help="Hex private key to sign with (default: $AUGURY_PRIVATE_KEY). Never printed.",
    show_default=False,
)


def fail(message: str, code: int = EXIT_USER_ERROR) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    first = message.strip().splitlines()[0] if message.strip() else "error"
    print(f"augury: error: {first}", file=sys.stderr)
    return typer.Exit(code)


def user_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn :class:`AuguryError` into one line on stderr and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except AuguryError as exc:
            raise fail(str(exc)) from None

    return wrapper


def emit_json(data: Any) -> None:
    """Machine output: one JSON document on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def rpc_url(flag: str | None) -> str | None:
    """The node to use: the flag, then ``AUGURY_RPC_URL``; None means embedded."""
    return flag or os.environ.get("AUGURY_RPC_URL") or None


def private_key(flag: str | None) -> str | None:
    """The signing key: the flag, then ``AUGURY_PRIVATE_KEY``."""
    return flag or os.environ.get("AUGURY_PRIVATE_KEY") or None


def open_chain(rpc: str | None, key: str | None = None, chain_id: int | None = None) -> Any:
    """A Chain from flags and environment: a node if a URL is set, else embedded."""
    from augury.chain import Chain, load_private_key

    url = rpc_url(rpc)
    pk = private_key(key)
    if url is None:
        chain = Chain.embedded()
        if chain_id is not None and chain_id != chain.chain_id:
            from augury.errors import ChainIdMismatch

            raise ChainIdMismatch(
                f"wrong chain id: the embedded chain is {chain.chain_id}, expected {chain_id}"
            )
        if pk is not None:
            account = chain.add_account(load_private_key(pk), default=True)
            if chain.balance(account.address) == 0:
                chain.set_balance(account.address, 10**22)
        return chain
    return Chain.connect(url, private_key=pk, chain_id=chain_id)


StateOption = typer.Option(
    None,
    "--state",
    help="File of the embedded chain's state, shared between commands "
    "(default: $AUGURY_STATE, else $AUGURY_HOME/embedded-state.json).",
)


def state_path(flag: Path | None) -> Path:
    if flag is not None:
        return flag
    env = os.environ.get("AUGURY_STATE")
    if env:
        return Path(env)
    return Path(os.environ.get("AUGURY_HOME") or ".augury") / "embedded-state.json"


@contextlib.contextmanager
def chain_session(
    rpc: str | None,
    key: str | None = None,
    state: Path | None = None,
    chain_id: int | None = None,
) -> Iterator[Any]:
    """A chain whose protocol deployment persists across commands.

    On the embedded chain the whole chain is loaded from and saved to the state
    file; on a node, the deployment book is (see ``augury.protocol``). Nothing is
    saved when the command fails.
    """
    from augury.protocol import load_deployment, save_deployment

    if rpc_url(rpc) is None:
        from augury.chain import Chain, load_private_key

        path = state_path(state)
        chain = Chain.embedded(state=path)
        pk = private_key(key)
        if pk is not None:
            account = chain.add_account(load_private_key(pk), default=True)
            if chain.balance(account.address) == 0:
                chain.set_balance(account.address, 10**22)
        yield chain
        chain.save(path)  # type: ignore[attr-defined]
        return
    chain = open_chain(rpc, key, chain_id=chain_id)
    load_deployment(chain)
    before = dict(chain.deployment)
    yield chain
    if chain.deployment != before:
        save_deployment(chain)
