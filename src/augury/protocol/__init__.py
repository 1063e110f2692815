"""The protocol's contracts as typed Python: one binding per contract, and deployment.

Every capability reads on-chain state through this package, never by indexing a
contract's tuples or comparing bare integers:

* :mod:`~augury.protocol.markets` — ``Markets.vy``: :class:`Rule`, :class:`State`,
  :class:`MarketState`, :class:`Position`, :class:`ClosingTally`, :class:`MarketsClient`;
* :mod:`~augury.protocol.jury` — ``Jury.vy``, the market sampler (an arbitrable of the
  court): :class:`JuryClient`, :class:`RoundInfo`, :class:`MarketRuling`, the seed's
  commitment, :func:`seed_of`, :func:`is_sampled`, :func:`resolve_sampled`;
* :mod:`~augury.protocol.court` — ``Court.vy``, the sortition court with appeals that
  rules on the Judge's, the DataDAO's and the Jury's cases: :class:`CourtClient`,
  :class:`DisputeState`, :class:`DisputeInfo`, :class:`LevelInfo`, :class:`Vote`,
  :class:`Ruling`, :func:`court_vote_commitment`, :func:`adjudicate`;
* :mod:`~augury.protocol.judge` — ``Judge.vy`` and ``Escrow.vy``:
  :class:`RequestStatus`, :class:`ModelInfo`, :class:`RequestInfo`, :class:`Result`,
  :class:`ChallengeInfo`, :class:`Penalty`, :class:`JudgeClient` (proofs in calldata,
  ``disprove``, the reveal's availability game), :class:`Demand`, :class:`RevealState`,
  :class:`DealState`, :class:`DealInfo`;
* :mod:`~augury.protocol.datadao` — ``DataDAO.vy``: :class:`Kind`,
  :class:`BatchStatus`, :class:`BatchInfo`, :class:`BatchChallenge`, :class:`Checkpoint`,
  :class:`ProposalInfo`, :class:`DistributionInfo`, :func:`address_num`;
* :mod:`~augury.protocol.token` — ``Token.vy``: :func:`ensure_allowance`, :func:`token_of`,
  :func:`allow_payment`;
* :mod:`~augury.protocol.deployment` — :func:`deploy_protocol`, :func:`deploy_markets`,
  :func:`contract` and the deployment book of a node.

This package knows the contracts and the chain, nothing of AI.
"""

from augury.protocol.court import (
    CourtClient,
    DisputeInfo,
    DisputeState,
    LevelInfo,
    Ruling,
    Vote,
    adjudicate,
    rule_case,
    stake_jurors,
)
from augury.protocol.court import vote_commitment as court_vote_commitment
from augury.protocol.datadao import (
    BatchChallenge,
    BatchInfo,
    BatchStatus,
    Checkpoint,
    DistributionInfo,
    Kind,
    ProposalInfo,
    address_num,
)
from augury.protocol.deployment import (
    MarketSystem,
    ProtocolParams,
    contract,
    deploy_court,
    deploy_markets,
    deploy_protocol,
    deployment_file,
    load_deployment,
    save_deployment,
)
from augury.protocol.judge import (
    DISPROVE_GAS,
    ChallengeInfo,
    DealInfo,
    DealState,
    Demand,
    JudgeClient,
    ModelInfo,
    Penalty,
    RequestInfo,
    RequestStatus,
    Result,
    RevealState,
    status_label,
)
from augury.protocol.jury import (
    PPM,
    JuryClient,
    MarketRuling,
    RoundInfo,
    is_sampled,
    resolve_sampled,
    seed_commitment,
    seed_of,
)
from augury.protocol.markets import (
    ONE,
    ClosingTally,
    MarketsClient,
    MarketState,
    Position,
    Rule,
    State,
    question_id,
)
from augury.protocol.token import allow_payment, ensure_allowance, token_of

__all__ = [
    "DISPROVE_GAS",
    "ONE",
    "PPM",
    "BatchChallenge",
    "BatchInfo",
    "BatchStatus",
    "ChallengeInfo",
    "Checkpoint",
    "ClosingTally",
    "CourtClient",
    "DealInfo",
    "DealState",
    "Demand",
    "DisputeInfo",
    "DisputeState",
    "DistributionInfo",
    "JudgeClient",
    "JuryClient",
    "Kind",
    "LevelInfo",
    "MarketRuling",
    "MarketState",
    "MarketSystem",
    "MarketsClient",
    "ModelInfo",
    "Penalty",
    "Position",
    "ProposalInfo",
    "ProtocolParams",
    "RequestInfo",
    "RequestStatus",
    "Result",
    "RevealState",
    "RoundInfo",
    "Rule",
    "Ruling",
    "State",
    "Vote",
    "address_num",
    "adjudicate",
    "allow_payment",
    "contract",
    "court_vote_commitment",
    "deploy_court",
    "deploy_markets",
    "deploy_protocol",
    "deployment_file",
    "ensure_allowance",
    "is_sampled",
    "load_deployment",
    "question_id",
    "resolve_sampled",
    "rule_case",
    "save_deployment",
    "seed_commitment",
    "seed_of",
    "stake_jurors",
    "status_label",
    "token_of",
]
