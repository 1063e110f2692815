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
from augury.chain import Chain, Contract, to_address
from augury.errors import ConfigError
from augury.protocol.jury import JuryClient
from augury.protocol.markets import MarketsClient

E18 = 10**18
TOKEN_SUPPLY = 10**9 * E18
# Chain ids of development chains (Hardhat, anvil, the embedded chain, Ganache): there
# the deployer keeps the token's mint to fund dev accounts; elsewhere it renounces it.
DEV_CHAIN_IDS = frozenset({31337, 1337})


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
    # The largest Escrow deal when the arbiter is an account; with the court arbitrating
    # it is the court's cap (`Court.caseValueCap`: half the stake its final panel locks),
    # so that buying a verdict costs more than the case is worth.
    max_case_value: int = 100_000 * E18
    # Court.vy, the sortition court (bench/court_econ.py models these figures)
    court_lock_per_draw: int = 100 * E18  # stake locked per draw
    court_fee_per_draw: int = 10 * E18  # an appeal pays this per draw of the next panel
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
    court_arbitrates: bool = False,
    renounce_minting: bool | None = None,
) -> dict[str, Contract]:
    """Deploy Token, Court, Markets, Jury, ProofVerifier, Judge, Escrow and DataDAO; record
    them in ``chain.deployment``.

    ``governance`` (the party that may pause models and set policy) defaults to
    the deployer until the data DAO takes it over (``judge.setGovernance(dao)``).
    With ``court_arbitrates`` (what ``augury run`` and ``augury deploy`` use) ``Court.vy``
    rules on everything challenged: the Judge's answers, the DataDAO's batches and the
    Jury's sampled markets, each an arbitrable the court allowlists; the Escrow then
    refuses deals above the court's case cap. Otherwise the given ``arbiter`` account (or
    the deployer) rules directly, which tests and demos use.

    The Escrow is made a forwarder of the Judge (it asks on behalf of each payer, whose
    quota the request uses). ``renounce_minting`` (default: on chains that are not
    development chains, see ``DEV_CHAIN_IDS``) makes the deployer give up the token's
    mint once the supply is minted, so nobody can mint DAO quorum or juror stake later
    (audit I-4); on a development chain the deployer keeps it to fund dev accounts.
    """
    p = params or ProtocolParams()
    deployer = sender if sender is not None else chain.accounts[0]
    token = chain.deploy("Token", "Augury USD", "aUSD", 18, TOKEN_SUPPLY, sender=deployer)
    court = deploy_court(chain, token, p, sender=deployer)
    if court_arbitrates:
        arbiter = court
    elif arbiter is None:
        arbiter = deployer
    system = deploy_markets(
        chain, token=token, court=court if court_arbitrates else None, sender=deployer
    )
    # one stateless proof verifier serves every model; the Judge calls it in `disprove`
    verifier = chain.deploy("ProofVerifier", sender=deployer)
    judge = chain.deploy(
        "Judge",
        token,
        deployer,  # until the Escrow is a forwarder; then handed to `governance`
        arbiter,
        p.challenge_window,
        p.challenge_bond,
        p.epoch_length,
        verifier,
        sender=deployer,
    )
    cap = int(court.caseValueCap()) if court_arbitrates else p.max_case_value
    escrow = chain.deploy("Escrow", token, judge, cap, sender=deployer)
    judge.setForwarder(escrow, True, sender=deployer)
    if governance is not None and to_address(governance) != to_address(deployer):
        judge.setGovernance(governance, sender=deployer)
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
    for arbitrable in (judge, dao, system.jury):
        court.setCourt(arbitrable, True, sender=deployer)
    if renounce_minting is None:
        renounce_minting = chain.chain_id not in DEV_CHAIN_IDS
    if renounce_minting:
        token.set_minter("0x" + "00" * 20, sender=deployer)
    contracts = {
        "Token": token,
        "Court": court,
        "Judge": judge,
        "Escrow": escrow,
        "DataDAO": dao,
        "Markets": system.markets,
        "Jury": system.jury,
        "ProofVerifier": verifier,
    }
    chain.deployment.update({name: c.address for name, c in contracts.items()})
    return contracts


def deploy_court(
    chain: Chain, token: Contract, params: ProtocolParams | None = None, *, sender: object = None
) -> Contract:
    """Deploy ``Court.vy`` over ``token`` with ``params``' court figures; the deployer owns
    its allowlist of arbitrables (``setCourt``)."""
    p = params or ProtocolParams()
    return chain.deploy(
        "Court",
        token,
        p.court_lock_per_draw,
        p.court_fee_per_draw,
        p.court_commit_period,
        p.court_reveal_period,
        p.court_appeal_period,
        sender=sender,
    )


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
    seed_bond: int = 10**18,
    seed_reveal_period: int = 3600,
    closing_window: int = 3600,
    court: object | None = None,
    sender: Any = None,
) -> MarketSystem:
    """Deploy ``Markets`` and ``Jury`` (and a fresh token unless one is given) and wire them.

    The deployer (``sender``, by default the chain's first account) mints the
    token and owns the jury (its schedule and one-off rounds). ``court`` rules on
    sampled markets; by default the deployer, who then rules directly.
    ``closing_window`` (seconds) is the part of a NEAREST market's life its price
    is weighed over when it is settled by its rule (``Markets.closingWindow``).
    """
    if token is None:
        token = chain.deploy("Token", "Augury USD", "aUSD", 18, 0, sender=sender)
    markets = chain.deploy("Markets", token, creation_fee, closing_window, sender=sender)
    if court is None:
        court = sender if sender is not None else chain.accounts[0]
    jury = chain.deploy("Jury", markets, court, seed_bond, seed_reveal_period, sender=sender)
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
