"""The ``augury`` command. Thin: each group lives in ``augury.commands``."""

from __future__ import annotations

from typing import Optional

import typer

from augury import __version__
from augury.commands import agent as agent_cmd
from augury.commands import chain as chain_cmd
from augury.commands import contracts as contracts_cmd
from augury.commands import dao as dao_cmd
from augury.commands import data as data_cmd
from augury.commands import deploy as deploy_cmd
from augury.commands import guard as guard_cmd
from augury.commands import judge as judge_cmd
from augury.commands import market as market_cmd
from augury.commands import proof as proof_cmd
from augury.commands import run as run_cmd
from augury.commands.common import AuguryGroup

app = typer.Typer(
    cls=AuguryGroup,  # the one place a user error becomes `augury: error: ...`
    name="augury",
    help="AI and Ethereum against crypto scams: markets, guard, judge and data DAO.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(chain_cmd.app, name="chain")
app.add_typer(contracts_cmd.app, name="contracts")
app.add_typer(guard_cmd.app, name="guard")
app.add_typer(judge_cmd.app, name="judge")
app.add_typer(market_cmd.app, name="market")
app.add_typer(data_cmd.app, name="data")
app.add_typer(proof_cmd.app, name="proof")
app.add_typer(dao_cmd.app, name="dao")
app.add_typer(agent_cmd.app, name="agent")
app.command("run")(run_cmd.run)
app.command("deploy")(deploy_cmd.deploy)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"augury {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Optional[bool] = typer.Option(  # noqa: UP045 (typer needs Optional)
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """augury: AI as player, interface, rules and objective — on one chain."""


def main() -> None:
    app()
