"""The protocol's contracts as typed Python: one binding per contract, and deployment.

Every capability reads on-chain state through this package, never by indexing a
contract's tuples or comparing bare integers:

* :mod:`~augury.protocol.markets` — ``Markets.vy``: :class:`Rule`, :class:`State`,
  :class:`MarketState`, :class:`Position`, :class:`MarketsClient`;
* :mod:`~augury.protocol.jury` — ``Jury.vy``, one client for market rounds and for the
  courts' disputes: :class:`JuryClient`, :class:`RoundInfo`, :class:`DisputeInfo`,
  the commitment formats, :func:`is_sampled`, :func:`adjudicate`;
* :mod:`~augury.protocol.court` — ``Court.vy``, the sortition court with appeals:
  :class:`CourtClient`, :class:`DisputeState`, :class:`LevelInfo`, :class:`Vote` and
  (prefixed here, beside the jury's names) ``CourtDisputeInfo``, ``CourtRuling``,
  :func:`court_vote_commitment`, :func:`adjudicate_court`;
* :mod:`~augury.protocol.judge` — ``Judge.vy`` and ``Escrow.vy``:
  :class:`RequestStatus`, :class:`ModelInfo`, :class:`RequestInfo`, :class:`Result`,
  :class:`DealState`, :class:`DealInfo`;
* :mod:`~augury.protocol.datadao` — ``DataDAO.vy``: :class:`Kind`,
  :class:`BatchStatus`, :class:`BatchInfo`, :class:`ProposalInfo`,
  :class:`DistributionInfo`;
* :mod:`~augury.protocol.token` — ``Token.vy``: :func:`ensure_allowance`, :func:`token_of`;
* :mod:`~augury.protocol.deployment` — :func:`deploy_protocol`, :func:`deploy_markets`,
  :func:`contract` and the deployment book of a node.

This package knows the contracts and the chain, nothing of AI.
"""

from augury.protocol.court import (
    CourtClient,
    DisputeState,
    LevelInfo,
    Vote,
)
from augury.protocol.court import DisputeInfo as CourtDisputeInfo
from augury.protocol.court import Ruling as CourtRuling
from augury.protocol.court import adjudicate as adjudicate_court
from augury.protocol.court import vote_commitment as court_vote_commitment
from augury.protocol.datadao import (
    BatchInfo,
    BatchStatus,
    DistributionInfo,
    Kind,
    ProposalInfo,
)
from augury.protocol.deployment import (
    MarketSystem,
    ProtocolParams,
    contract,
    deploy_markets,
    deploy_protocol,
    deployment_file,
    load_deployment,
    save_deployment,
)
from augury.protocol.judge import (
    DealInfo,
    DealState,
    ModelInfo,
    RequestInfo,
    RequestStatus,
    Result,
    status_label,
)
from augury.protocol.jury import (
    PPM,
    DisputeInfo,
    JuryClient,
    RoundInfo,
    Ruling,
    adjudicate,
    dispute_vote_commitment,
    is_sampled,
    seed_commitment,
    stake_jurors,
    vote_commitment,
)
from augury.protocol.markets import (
    ONE,
    MarketsClient,
    MarketState,
    Position,
    Rule,
    State,
    question_id,
)
from augury.protocol.token import ensure_allowance, token_of

__all__ = [
    "ONE",
    "PPM",
    "BatchInfo",
    "BatchStatus",
    "CourtClient",
    "CourtDisputeInfo",
    "CourtRuling",
    "DealInfo",
    "DealState",
    "DisputeInfo",
    "DisputeState",
    "DistributionInfo",
    "JuryClient",
    "Kind",
    "LevelInfo",
    "MarketState",
    "MarketSystem",
    "MarketsClient",
    "ModelInfo",
    "Position",
    "ProposalInfo",
    "ProtocolParams",
    "RequestInfo",
    "RequestStatus",
    "Result",
    "RoundInfo",
    "Rule",
    "Ruling",
    "State",
    "Vote",
    "adjudicate",
    "adjudicate_court",
    "contract",
    "court_vote_commitment",
    "deploy_markets",
    "deploy_protocol",
    "deployment_file",
    "dispute_vote_commitment",
    "ensure_allowance",
    "is_sampled",
    "load_deployment",
    "question_id",
    "save_deployment",
    "seed_commitment",
    "stake_jurors",
    "status_label",
    "token_of",
    "vote_commitment",
]
