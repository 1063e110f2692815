"""Delayed publication: reveal a model's weights, check a reveal, prove a mismatch.

After its reveal deadline the operator publishes the flattened weights
(:func:`augury.judge.registry.weight_values` order) in the blob store and posts
their WeightTree root on chain (:func:`reveal_model`). Then anyone can check
(:func:`check_reveal`):

* that the revealed root equals the root committed at registration;
* that the published weights hash to the revealed root (the store checks);
* that the revealed weights, with the published architecture and quantization
  documents, rebuild a model whose proof commitment is the one every answer was
  verified against — so the model that was revealed is the model that judged.

Whoever knows the committed weights (the data DAO that trained the model, for
instance) and sees a different reveal can take the operator's bond on chain:
:func:`find_mismatch` picks an index where the two weight vectors differ and
builds both Merkle proofs for ``Judge.proveMismatch``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from eth_utils import keccak

from augury.chain import Contract
from augury.chain.types import Receipt
from augury.judge.errors import BlobCorruptError, BlobNotFoundError, JudgeInputError
from augury.judge.registry import model_from_parts, weight_values
from augury.judge.service import ZERO_ADDRESS
from augury.judge.store import BlobStore
from augury.judge.weights import WeightTree, weight_word
from augury.proof import Commitment, ProofError, QuantizedModel, commit
from augury.protocol import ModelInfo

ZERO = bytes(32)


@dataclass(frozen=True)
class Revealed:
    model_id: int
    root: bytes
    gas_used: int


def reveal_model(
    judge: Contract, store: BlobStore, model_id: int, model: QuantizedModel, *, operator: Any
) -> Revealed:
    """Publish ``model``'s weights and post their root for ``model_id``.

    Refuses (:class:`JudgeInputError`) when ``model`` is not the committed model:
    revealing other weights would only hand the bond to whoever notices.
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
    return publish_reveal(judge, store, model_id, values, operator=operator)


def publish_reveal(
    judge: Contract, store: BlobStore, model_id: int, values: Sequence[int], *, operator: Any
) -> Revealed:
    """Publish ``values`` and post their root, with no check: what an operator who
    reveals something else than it committed does (and what tests of slashing need)."""
    root = store.put_weights(values)
    receipt = judge.reveal(model_id, root, sender=operator)
    return Revealed(model_id, root, receipt.gas_used)


@dataclass(frozen=True)
class Mismatch:
    """The arguments of ``Judge.proveMismatch`` for one differing weight."""

    index: int
    committed: bytes
    committed_proof: list[bytes]
    revealed: bytes
    revealed_proof: list[bytes]


def find_mismatch(committed: Sequence[int], revealed: Sequence[int]) -> Mismatch | None:
    """The first index where two weight vectors of equal tree depth differ, with proofs.

    None when they are equal. Vectors whose trees differ in depth cannot be compared
    leaf by leaf on chain (:class:`JudgeInputError`).
    """
    tc, tr = WeightTree.from_values(committed), WeightTree.from_values(revealed)
    if len(tc.levels) != len(tr.levels):
        raise JudgeInputError("the committed and revealed weight trees differ in depth")
    for i in range(min(len(committed), len(revealed))):
        if int(committed[i]) != int(revealed[i]):
            return Mismatch(
                i, weight_word(committed[i]), tc.proof(i), weight_word(revealed[i]), tr.proof(i)
            )
    if len(committed) != len(revealed):
        raise JudgeInputError("the weight vectors differ only in length")
    return None


def prove_mismatch(judge: Contract, model_id: int, m: Mismatch, *, sender: Any) -> Receipt:
    receipt: Receipt = judge.proveMismatch(
        model_id,
        m.index,
        m.committed,
        m.committed_proof,
        m.revealed,
        m.revealed_proof,
        sender=sender,
    )
    return receipt


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
