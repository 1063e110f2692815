"""What every command shares: output formats, the chain options, one-line failures.

The chain options (``--rpc``, ``--key``, ``--state``, ``--chain-id``) are declared
once, here. A command asks for the ones it takes with :func:`chain_options` and
receives them as one :class:`ChainOptions` argument named ``opts``; its ``--help``
lists them where ``opts`` stands in its signature. Errors a user can cause are
:class:`~augury.errors.AuguryError`\\ s, turned into one line on stderr by
:class:`AuguryGroup`, the one ``except AuguryError`` of the CLI: commands neither catch
nor re-check them.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import sys
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, TypeVar

import typer
from rich.console import Console
from typer.core import TyperGroup

from augury import config
from augury.errors import AuguryError

if TYPE_CHECKING:
    from augury.chain import Chain

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
StateOption = typer.Option(
    None,
    "--state",
    help="File of the embedded chain's state, shared between commands "
    "(default: $AUGURY_STATE, else $AUGURY_HOME/embedded-state.json).",
)
ChainIdOption = typer.Option(None, "--chain-id", help="Fail unless the chain has this id.")


class AuguryGroup(TyperGroup):
    """A command group whose user errors end as ``augury: error: ...`` and exit status 2.

    Every subcommand runs inside :meth:`invoke` (its flags are parsed there too), so an
    :class:`~augury.errors.AuguryError` raised anywhere below is printed as one line on
    stderr, without a traceback. ``augury`` and each of its groups use this class, so a
    group invoked on its own (typer's test runner, an embedding program) behaves alike.
    """

    def invoke(self, ctx: Any) -> Any:  # a typer.core Context: typer vendors click
        try:
            return super().invoke(ctx)
        except AuguryError as exc:
            raise fail(str(exc)) from None


def group(help: str) -> typer.Typer:
    """A command group (``augury judge``, ``augury dao``, ...) with :class:`AuguryGroup`."""
    return typer.Typer(cls=AuguryGroup, help=help, no_args_is_help=True)


@dataclass(frozen=True)
class ChainOptions:
    """The chain flags of one command, resolved against the environment on use."""

    rpc: str | None = None
    key: str | None = None
    state: Path | None = None
    chain_id: int | None = None

    @property
    def url(self) -> str | None:
        """The node's URL (flag, then ``$AUGURY_RPC_URL``); None: the embedded chain."""
        return config.rpc_url(self.rpc)

    @property
    def private_key(self) -> str | None:
        """The signing key (flag, then ``$AUGURY_PRIVATE_KEY``)."""
        return config.private_key(self.key)

    def open(self) -> Chain:
        """A chain without saved state (see :func:`augury.session.open_chain`)."""
        from augury.session import open_chain

        return open_chain(self.url, self.private_key, self.chain_id)

    def node(self) -> Chain | None:
        """The node, if one is named; None when the command should do without a chain."""
        from augury.chain import Chain

        url = self.url
        return Chain.connect(url) if url else None

    @contextlib.contextmanager
    def session(self) -> Iterator[Chain]:
        """A chain whose deployment persists (see :func:`augury.session.chain_session`)."""
        from augury.session import chain_session

        state = config.state_file(self.state)
        with chain_session(self.url, self.private_key, state, self.chain_id) as chain:
            yield chain


def _flag(name: str, option: Any, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=option, annotation=annotation
    )


# The annotations typer reads to build each flag (it needs Optional, as in the commands).
_CHAIN_FLAGS = {
    "rpc": _flag("rpc", RpcOption, Optional[str]),  # noqa: UP045
    "key": _flag("key", KeyOption, Optional[str]),  # noqa: UP045
    "state": _flag("state", StateOption, Optional[Path]),  # noqa: UP045
    "chain_id": _flag("chain_id", ChainIdOption, Optional[int]),  # noqa: UP045
}


def chain_options(*flags: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Give a command the chain ``flags`` (of rpc, key, state, chain_id) as ``opts``.

    The decorated function takes ``opts: ChainOptions``; typer sees, in its place,
    one parameter per flag, declared once in this module, so every command spells and
    documents them alike.
    """
    unknown = set(flags) - set(_CHAIN_FLAGS)
    if unknown:
        raise TypeError(f"unknown chain flags: {sorted(unknown)}")

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        hints = typing.get_type_hints(fn)
        signature = inspect.signature(fn)
        if "opts" not in signature.parameters:
            raise TypeError(f"{fn.__name__} takes no opts parameter")
        params: list[inspect.Parameter] = []
        for p in signature.parameters.values():
            if p.name == "opts":
                params.extend(_CHAIN_FLAGS[f] for f in flags)
            else:
                params.append(p.replace(annotation=hints[p.name]))

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> R:
            opts = ChainOptions(**{f: kwargs.pop(f) for f in flags})
            return fn(*args, opts=opts, **kwargs)

        wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        if "return" in hints:
            wrapper.__annotations__["return"] = hints["return"]
        return wrapper

    return decorate


def fail(message: str, code: int = EXIT_USER_ERROR) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    first = message.strip().splitlines()[0] if message.strip() else "error"
    print(f"augury: error: {first}", file=sys.stderr)
    return typer.Exit(code)


def emit_json(data: Any) -> None:
    """Machine output: one JSON document on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, default=_json_default) + "\n")


def emit(fmt: Format, data: Any, text: str) -> None:
    """A command's result: ``data`` as one JSON document, or ``text`` for a person.

    The one place the two formats part, so a command computes its result once and
    says how it reads, instead of branching on ``--format`` itself."""
    if fmt is Format.json:
        emit_json(data)
    else:
        console.print(text)


def emit_line(fmt: Format, data: dict[str, Any], text: str) -> None:
    """Streaming output (servers, watchers): one JSON object per line, or one line of text."""
    if fmt is Format.json:
        print(json.dumps(data), flush=True)
    else:
        console.print(text)


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


CHAIN = ChainOptions()
"""The placeholder default of an ``opts`` parameter; :func:`chain_options` replaces it."""


ModelOption = typer.Option(..., "--model", help="ONNX model (Gemm/MatMul/Add/Relu/Flatten).")


def calibration_option(same_file_for: str) -> Any:
    """``--calibration``: the inputs that fix a model's quantization, which every command
    that reads the model must be given alike (``same_file_for`` names them)."""
    return typer.Option(
        None,
        "--calibration",
        help='Inputs that fix the quantization ({"input_data": [[...], ...]}); '
        f"use the same file for {same_file_for}.",
    )


def read_model(path: Path, calibration: Path | None) -> Any:
    """The quantized model of an ONNX file (``--model``), quantized on ``--calibration``'s
    inputs if given: the one reading of the two flags that judge and proof commands share."""
    from augury.proof import load_model
    from augury.proof.files import read_calibration

    cal = read_calibration(calibration) if calibration is not None else None
    return load_model(path, calibration=cal)
