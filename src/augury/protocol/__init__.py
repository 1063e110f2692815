"""The protocol's contracts as typed Python: one binding per contract, and deployment.

Every capability reads on-chain state through this package, never by indexing a
contract's tuples or comparing bare integers:

* :mod:`~augury.protocol.markets` — ``Markets.vy``: :class:`Rule`, :class:`State`,
  :class:`MarketState`, :class:`Position`, :class:`MarketsClient`;
* :mod:`~augury.protocol.jury` — ``Jury.vy``, the market sampler (an arbitrable of the
  court): :class:`JuryClient`, :class:`RoundInfo`, :class:`MarketRuling`, the seed's
  commitment, :func:`seed_of`, :func:`is_sampled`, :func:`resolve_sampled`;
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
    "DealInfo",
    "DealState",
    "DistributionInfo",
    "JuryClient",
    "Kind",
    "MarketRuling",
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
    "State",
    "contract",
    "deploy_markets",
    "deploy_protocol",
    "deployment_file",
    "ensure_allowance",
    "is_sampled",
    "load_deployment",
    "question_id",
    "resolve_sampled",
    "save_deployment",
    "seed_commitment",
    "seed_of",
    "status_label",
    "token_of",
]
