"""The protocol as deployed on one chain: which contract lives where.

``deploy_protocol`` puts every protocol contract on a chain in dependency order
and records the addresses in ``chain.deployment`` (name → address). On the
embedded chain that book is saved with the chain state; for a node it is kept in
a JSON file per chain id (``deployment_file``), so later commands — and other
machines running agents — find the same contracts.

Capabilities look contracts up with :func:`contract`, which fails with one clear
line when the protocol is not deployed on that chain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from augury import config
from augury.chain import Chain, Contract
from augury.errors import ConfigError
from augury.protocol.jury import JuryClient
from augury.protocol.markets import MarketsClient

E18 = 10**18
TOKEN_SUPPLY = 10**9 * E18


@dataclass(frozen=True)
class ProtocolParams:
    """Deployment parameters; the defaults suit a development chain."""

    challenge_window: int = 3600  # seconds an answer of the judge can be challenged
    challenge_bond: int = 50 * E18
    epoch_length: int = 86400  # the judge's quota period
    batch_window: int = 3600  # seconds a data batch can be challenged
    min_batch_stake: int = 10 * E18
    voting_period: int = 3 * 86400
    quorum: int = 1000 * E18
    max_reward_bps: int = 2000  # one distribution takes at most 20% of the pool
    reward_interval: int = 7 * 86400
    # Court.vy (the sortition court; not yet the arbiter of Judge/DataDAO)
    court_lock_per_draw: int = 100 * E18  # stake locked per draw; case value cap = 1,550 tokens
    court_fee_per_draw: int = 10 * E18  # an appeal pays this per draw of the next panel (bench/court_econ.py)
    court_commit_period: int = 3600
    court_reveal_period: int = 3600
    court_appeal_period: int = 3600


def deploy_protocol(
    chain: Chain,
    *,
    params: ProtocolParams | None = None,
    sender: object | None = None,
    arbiter: object | None = None,
    governance: object | None = None,
    jury_arbitrates: bool = False,
) -> dict[str, Contract]:
    """Deploy Token, Markets, Jury, Judge, Escrow, DataDAO and Court; record them in
    ``chain.deployment``.

    ``governance`` (the party that may pause models and set policy) defaults to
    the deployer until the data DAO takes it over (``judge.setGovernance(dao)``).
    Challenged answers and batches go to ``arbiter``: with ``jury_arbitrates``
    that is ``Jury.vy`` (its staked jurors vote, see :func:`augury.protocol.adjudicate`),
    else the given account or the deployer (handy for tests and demos).
    """
    p = params or ProtocolParams()
    deployer = sender if sender is not None else chain.accounts[0]
    token = chain.deploy("Token", "Augury USD", "aUSD", 18, TOKEN_SUPPLY, sender=deployer)
    system = deploy_markets(chain, token=token, sender=deployer)
    if jury_arbitrates:
        arbiter = system.jury
    elif arbiter is None:
        arbiter = deployer
    judge = chain.deploy(
        "Judge",
        token,
        governance if governance is not None else deployer,
        arbiter,
        p.challenge_window,
        p.challenge_bond,
        p.epoch_length,
        sender=deployer,
    )
    escrow = chain.deploy("Escrow", token, judge, sender=deployer)
    dao = chain.deploy(
        "DataDAO",
        token,
        judge,
        arbiter,
        p.batch_window,
        p.min_batch_stake,
        p.voting_period,
        p.quorum,
        p.max_reward_bps,
        p.reward_interval,
        sender=deployer,
    )
    for court in (judge, dao):
        system.jury.setCourt(court, True, sender=deployer)
    court_ = chain.deploy(
        "Court",
        token,
        p.court_lock_per_draw,
        p.court_fee_per_draw,
        p.court_commit_period,
        p.court_reveal_period,
        p.court_appeal_period,
        sender=deployer,
    )
    contracts = {
        "Token": token,
        "Judge": judge,
        "Escrow": escrow,
        "DataDAO": dao,
        "Markets": system.markets,
        "Jury": system.jury,
        "Court": court_,
    }
    chain.deployment.update({name: c.address for name, c in contracts.items()})
    return contracts


@dataclass(frozen=True)
class MarketSystem:
    """A collateral token, a ``Markets`` contract and the ``Jury`` wired to it."""

    chain: Chain
    token: Contract
    markets: Contract
    jury: Contract

    def markets_client(self, sender: object | None = None) -> MarketsClient:
        """The ``Markets`` client sending as ``sender``."""
        return MarketsClient(self.markets, sender)

    def jury_client(self) -> JuryClient:
        """The ``Jury`` client (each call names its sender)."""
        return JuryClient(self.jury)

    def fund(self, account: object, amount: int) -> None:
        """Mint ``amount`` to ``account`` and approve both contracts (development chains)."""
        self.token.mint(account, amount)
        self.token.approve(self.markets, 2**256 - 1, sender=account)
        self.token.approve(self.jury, 2**256 - 1, sender=account)


def deploy_markets(
    chain: Chain,
    *,
    token: Contract | None = None,
    creation_fee: int = 0,
    min_stake: int = 10**18,
    slash_bps: int = 1000,
    seed_reveal_period: int = 3600,
    commit_period: int = 3600,
    reveal_period: int = 3600,
    sender: Any = None,
) -> MarketSystem:
    """Deploy ``Markets`` and ``Jury`` (and a fresh token unless one is given) and wire them.

    The deployer (``sender``, by default the chain's first account) mints the
    token and owns the jury, i.e. opens its rounds.
    """
    if token is None:
        token = chain.deploy("Token", "Augury USD", "aUSD", 18, 0, sender=sender)
    markets = chain.deploy("Markets", token, creation_fee, sender=sender)
    jury = chain.deploy(
        "Jury",
        markets,
        min_stake,
        slash_bps,
        seed_reveal_period,
        commit_period,
        reveal_period,
        sender=sender,
    )
    markets.setJury(jury, sender=sender)
    return MarketSystem(chain, token, markets, jury)


def contract(chain: Chain, name: str) -> Contract:
    """The deployed protocol contract ``name`` on ``chain``."""
    address = chain.deployment.get(name)
    if address is None:
        raise ConfigError(
            f"{name} is not deployed on this chain (chain id {chain.chain_id}): "
            "run `augury deploy` first"
        )
    return chain.at(name, address)


def deployment_file(chain_id: int) -> Path:
    """Where a node's deployment book lives: ``$AUGURY_HOME/deployments/<chain id>.json``."""
    return config.deployment_file(chain_id)


def load_deployment(chain: Chain, path: Path | None = None) -> None:
    """Read the deployment book of a node into ``chain.deployment`` (if one exists)."""
    path = path or deployment_file(chain.chain_id)
    if not path.exists():
        return
    try:
        book = json.loads(path.read_text())
        chain.deployment.update({str(k): str(v) for k, v in book["contracts"].items()})
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise ConfigError(f"deployment file {path} is damaged: {type(exc).__name__}") from None


def save_deployment(chain: Chain, path: Path | None = None) -> Path:
    path = path or deployment_file(chain.chain_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(
        json.dumps({"chain_id": chain.chain_id, "contracts": chain.deployment}, indent=2)
    )
    tmp.replace(path)
    return path
