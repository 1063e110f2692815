"""Delayed publication: reveal a model's weights, check a reveal, police availability.

After its reveal deadline the operator publishes the flattened weights
(:func:`augury.judge.registry.weight_values` order) and reveals them on chain
(:func:`reveal_model`). ``Judge.vy`` accepts only reveals that publish checkable data:

* a model of up to 4,096 weights reveals the words themselves in calldata
  (``revealWeights``): the contract rebuilds their Merkle root and reverts unless it is
  the committed one, so the weights are on chain for anyone;
* a larger model posts its commitment bytes (``revealRoot``): the committed weights
  root becomes the revealed one and a data-availability game opens for the reveal
  window. Anyone may demand a leaf (:func:`demand_leaves`); the operator, or anyone
  holding the published weights, answers with the word and its path
  (:func:`answer_demands`); a demand left unanswered past its deadline slashes the bond
  to the demander (``slashUnanswered``).

The bond's withdrawal waits for the reveal window counted from the reveal. Then
anyone can check (:func:`check_reveal`) that the published weights, with the
architecture and quantization documents, rebuild a model whose proof commitment is
the one every answer was verified against — so the model that was revealed is the
model that judged.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from eth_utils import keccak

from augury.chain import Contract
from augury.chain.types import Receipt
from augury.judge.errors import BlobCorruptError, BlobNotFoundError, JudgeInputError
from augury.judge.registry import model_commitments, model_from_parts, weight_values
from augury.judge.service import ZERO_ADDRESS
from augury.judge.store import BlobStore
from augury.judge.weights import WeightTree
from augury.proof import Commitment, ProofError, QuantizedModel, commit
from augury.protocol import JudgeClient, ModelInfo, RevealState

ZERO = bytes(32)
#: ``Judge.MAX_REVEAL_WORDS``: models with more weights reveal by ``revealRoot``.
MAX_REVEAL_WORDS = 4096


@dataclass(frozen=True)
class Revealed:
    model_id: int
    root: bytes
    gas_used: int
    on_chain: bool  # the words themselves (revealWeights), or the availability game


def reveal_model(
    judge: Contract, store: BlobStore, model_id: int, model: QuantizedModel, *, operator: Any
) -> Revealed:
    """Publish ``model``'s weights and reveal them for ``model_id``: on chain if they fit,
    else by ``revealRoot`` (then answer the leaf demands: :func:`answer_demands`).

    Refuses (:class:`JudgeInputError`) when ``model`` is not the committed model:
    revealing other weights would only revert (the contract checks the root).
    """
    info = ModelInfo.read(judge, model_id)
    if info.operator == ZERO_ADDRESS:
        raise JudgeInputError(f"model {model_id} is not registered on this Judge")
    values = weight_values(model)
    root = WeightTree.from_values(values).root
    if root != info.weights_root:
        raise JudgeInputError(
            f"these weights do not match model {model_id}'s commitment "
            f"(root 0x{root.hex()[:16]}.. vs committed 0x{info.weights_root.hex()[:16]}..)"
        )
    store.put_weights(values)
    client = JudgeClient(judge)
    if len(values) <= MAX_REVEAL_WORDS:
        words = WeightTree.from_values(values).words
        receipt = client.reveal_weights(model_id, words, sender=operator)
        return Revealed(model_id, root, receipt.gas_used, True)
    commitment = model_commitments(model).commitment_bytes
    receipt = client.reveal_root(model_id, commitment, sender=operator)
    return Revealed(model_id, root, receipt.gas_used, False)


def publish_reveal(
    judge: Contract, store: BlobStore, model_id: int, values: Sequence[int], *, operator: Any
) -> Revealed:
    """Publish ``values`` and reveal them on chain, with no local check: what an operator
    who reveals something else than it committed tries (the contract reverts)."""
    root = store.put_weights(values)
    words = WeightTree.from_values(values).words
    receipt = JudgeClient(judge).reveal_weights(model_id, words, sender=operator)
    return Revealed(model_id, root, receipt.gas_used, True)


def demand_leaves(
    judge: Contract, model_id: int, count: int, *, sender: Any, seed: int | None = None
) -> list[int]:
    """Demand ``count`` random, not yet demanded leaves of a ``revealRoot`` reveal (the
    sampler's side of the availability game); returns the indices."""
    state = RevealState.read(judge, model_id)
    if state.weight_count == 0:
        raise JudgeInputError(f"model {model_id} has no leaves to demand (not revealed by root)")
    client = JudgeClient(judge)
    taken = set(client.open_demands(model_id))
    rng = random.Random(seed)
    free = [i for i in range(state.weight_count) if i not in taken]
    picks = rng.sample(free, min(count, len(free)))
    for index in picks:
        client.demand_leaf(model_id, index, sender=sender)
    return picks


def answer_demands(
    judge: Contract, store: BlobStore, model_id: int, *, sender: Any
) -> list[Receipt]:
    """Answer every open leaf demand on ``model_id`` from the weights published under its
    committed root (the operator's side; anyone holding the weights may do it)."""
    info = ModelInfo.read(judge, model_id)
    tree = WeightTree.from_values(store.get_weights(info.weights_root))
    client = JudgeClient(judge)
    return [
        client.answer_leaf(model_id, i, tree.words[i], tree.proof(i), sender=sender)
        for i in client.open_demands(model_id)
    ]


@dataclass(frozen=True)
class RevealCheck:
    """What anyone can tell about a model's reveal from the chain and the store.

    ``ok`` is True only when the weights were revealed, match the committed root,
    are published, and rebuild the proof commitment the answers were checked against.
    """

    model_id: int
    revealed: bool
    root_matches: bool
    weights_published: bool
    commitment_matches: bool | None
    slashed: bool
    reason: str

    @property
    def ok(self) -> bool:
        return self.revealed and self.root_matches and bool(self.commitment_matches)

    def to_json(self) -> dict[str, Any]:
        """The fields by name, with ``ok`` second (after ``model_id``)."""
        return {"model_id": self.model_id, "ok": self.ok, **asdict(self)}


def check_reveal(judge: Contract, store: BlobStore, model_id: int) -> RevealCheck:
    info = ModelInfo.read(judge, model_id)
    if info.operator == ZERO_ADDRESS:
        raise JudgeInputError(f"model {model_id} is not registered on this Judge")
    if info.revealed_root == ZERO:
        return RevealCheck(model_id, False, False, False, None, info.slashed, "not revealed yet")
    matches = info.revealed_root == info.weights_root
    try:
        values = store.get_weights(info.revealed_root)
        arch = store.get(info.arch_hash, "architecture document")
        quant = store.get(info.quant_hash, "quantization document")
        committed = Commitment.from_bytes(store.get(info.commitment, "model commitment"))
        model = model_from_parts(values, arch, quant)
        rebuilt = commit(model, committed.pcs.log_blowup)
    except (BlobNotFoundError, BlobCorruptError, JudgeInputError, ProofError) as exc:
        published = store_has_weights(store, info.revealed_root)
        return RevealCheck(model_id, True, matches, published, None, info.slashed, str(exc))
    same = keccak(rebuilt.to_bytes()) == info.commitment
    reason = ""
    if not matches:
        reason = "the revealed root differs from the committed weights root"
    elif not same:
        reason = "the revealed weights do not rebuild the committed proof commitment"
    return RevealCheck(model_id, True, matches, True, same, info.slashed, reason)


def store_has_weights(store: BlobStore, root: bytes) -> bool:
    try:
        store.get_weights(root)
    except (BlobNotFoundError, BlobCorruptError):
        return False
    return True
