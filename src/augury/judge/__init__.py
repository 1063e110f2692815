"""AI as the rules of the game: an on-chain AI judge (``Judge.vy``) and its services.

A model is committed on chain before use (proof commitment, weights Merkle root,
architecture and quantization hashes), queried within per-address quotas for a fee,
answered with a proof of correct inference carried in the answer's calldata,
disprovable on chain by ``ProofVerifier.vy`` and challengeable before the jury before
an answer is final, and revealed after a delay. Modules:

* :mod:`~augury.judge.store` — the content-addressed blob store (publication);
* :mod:`~augury.judge.registry` — what a registration commits to; input encoding;
* :mod:`~augury.judge.service` — register, ask, serve (the operator and requester);
* :mod:`~augury.judge.checker` — verdicts, the watcher that disproves, the juror's vote;
* :mod:`~augury.judge.reveal` — delayed publication, reveal checks, the availability game;
* :mod:`~augury.judge.classifier` and :mod:`~augury.judge.stage` — the scam-domain judge
  of ``augury run``.

See docs/judge.md.
"""

from augury.judge.checker import (
    Verdict,
    WatchReport,
    check_request,
    juror_vote,
    rule_challenged,
    watch_once,
)
from augury.judge.classifier import DomainJudgeModel, train_domain_judge
from augury.judge.registry import (
    ModelCommitments,
    encode_input,
    model_commitments,
    statement_input,
    weight_values,
)
from augury.judge.reveal import (
    RevealCheck,
    answer_demands,
    check_reveal,
    demand_leaves,
    reveal_model,
)
from augury.judge.service import ask, register_model, serve_pending
from augury.judge.store import BlobStore

__all__ = [
    "BlobStore",
    "DomainJudgeModel",
    "ModelCommitments",
    "RevealCheck",
    "Verdict",
    "WatchReport",
    "answer_demands",
    "ask",
    "check_request",
    "check_reveal",
    "demand_leaves",
    "encode_input",
    "juror_vote",
    "model_commitments",
    "register_model",
    "reveal_model",
    "rule_challenged",
    "serve_pending",
    "statement_input",
    "train_domain_judge",
    "watch_once",
    "weight_values",
]
