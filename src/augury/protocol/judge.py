"""The typed binding of ``Judge.vy`` and ``Escrow.vy``: enums and record views.

``Judge.vy`` keeps a committed model per id and a request per question; the
request's status walks ``PENDING → ANSWERED → (CHALLENGED →) FINAL | OVERTURNED``
or ``EXPIRED`` when no answer comes in time. Several challengers may join one
challenge (:class:`ChallengeInfo`); a ruling splits the loser's forfeit between a
burn, the arbiter's juror fee and the winners (:class:`Penalty`). The views here
read a row by name, so no caller indexes into the contract's tuples.

:class:`JudgeClient` sends the calls whose arguments are bytes of the proof system:
``answer`` with the proof in calldata, ``disprove`` (the on-chain proof check), the
reveal and its data-availability game (``revealRoot``, ``demandLeaf``,
``answerLeaf``, ``slashUnanswered``), and reads a posted proof back from the chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from augury.chain import Contract, Receipt
from augury.protocol.labels import LabelledEnum

BPS = 10_000
SLASH_BURN_BPS = 2_000  # Judge.vy and DataDAO.vy: the burned share of a slash
JUROR_FEE_BPS = 2_000  # the arbiter's share of the losing side's forfeit
#: ``Judge.VERIFY_GAS`` plus the call's own overhead: the gas limit a ``disprove``
#: transaction needs (the contract hands the verifier exactly 12M and refuses less).
DISPROVE_GAS = 13_500_000


class RequestStatus(LabelledEnum):
    """``Judge.vy``'s request states (``UNKNOWN``: no such request)."""

    UNKNOWN = 0
    PENDING = 1
    ANSWERED = 2
    CHALLENGED = 3
    FINAL = 4
    OVERTURNED = 5
    EXPIRED = 6


def status_label(code: int) -> str:
    """The name of a request status code, or the number itself if the contract has no such
    state (a newer contract than this binding)."""
    try:
        return RequestStatus(code).label
    except ValueError:
        return str(code)


@dataclass(frozen=True)
class ModelInfo:
    """One row of ``Judge.models``."""

    operator: str
    commitment: bytes
    weights_root: bytes
    arch_hash: bytes
    quant_hash: bytes
    reveal_after: int
    quota: int
    fee: int
    paused: bool
    revealed_root: bytes
    slashed: bool
    retired: bool

    @classmethod
    def read(cls, judge: Contract, model_id: int) -> ModelInfo:
        return cls(*judge.models(model_id))


@dataclass(frozen=True)
class RequestInfo:
    """One row of ``Judge.requests``; ``status`` is the raw code (see :attr:`state`)."""

    model_id: int
    requester: str
    input_hash: bytes
    fee: int
    status: int
    answered_at: int
    proof_hash: bytes
    label: int
    challenger: str
    asked_at: int

    @classmethod
    def read(cls, judge: Contract, request_id: int) -> RequestInfo:
        return cls(*judge.requests(request_id))

    @property
    def state(self) -> RequestStatus:
        return RequestStatus(self.status)

    @property
    def status_name(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class Result:
    """``Judge.result(id)``: the request's status and the label it settled on."""

    status: RequestStatus
    label: int

    @classmethod
    def read(cls, judge: Contract, request_id: int) -> Result:
        status, label = judge.result(request_id)
        return cls(RequestStatus(status), int(label))


@dataclass(frozen=True)
class ChallengeInfo:
    """One challenger of a request (or of a DataDAO batch) and the bond he posted."""

    challenger: str
    bond: int

    @classmethod
    def read_all(cls, judge: Contract, request_id: int) -> list[ChallengeInfo]:
        """Every challenger of a request, in the order they joined."""
        n = int(judge.challengerCount(request_id))
        who = [str(judge.challengers(request_id, i)) for i in range(n)]
        return [cls(w, int(judge.bondPosted(request_id, w))) for w in who]


@dataclass(frozen=True)
class Penalty:
    """A ruling's ``Penalty`` event: the losing side's ``forfeit`` split into what was
    ``burned``, the arbiter's ``juror_fee`` and what went ``to_winners``."""

    case_id: int
    arbiter: str
    forfeit: int
    burned: int
    juror_fee: int
    to_winners: int

    @classmethod
    def from_receipt(cls, receipt: Receipt) -> Penalty:
        ev = receipt.event("Penalty")
        case = ev.args["requestId"] if "requestId" in ev.args else ev.args["batchId"]
        return cls(
            int(case), str(ev["arbiter"]), int(ev["forfeit"]), int(ev["burned"]),
            int(ev["jurorFee"]), int(ev["toWinners"]),
        )  # fmt: skip


@dataclass(frozen=True)
class Demand:
    """One row of ``Judge.demands``: a leaf asked for in a reveal's availability game."""

    demander: str
    deadline: int  # 0: never demanded
    open: bool

    @classmethod
    def read(cls, judge: Contract, model_id: int, index: int) -> Demand:
        demander, deadline, is_open = judge.demands(model_id, index)
        return cls(str(demander), int(deadline), bool(is_open))


@dataclass(frozen=True)
class RevealState:
    """Where a model's reveal stands: when (0: not yet), how many leaves may be demanded
    (0: the weights are on chain) and how many demands are unanswered."""

    revealed_at: int
    weight_count: int
    open_demands: int

    @classmethod
    def read(cls, judge: Contract, model_id: int) -> RevealState:
        return cls(
            int(judge.revealedAt(model_id)),
            int(judge.weightCount(model_id)),
            int(judge.openDemands(model_id)),
        )


class JudgeClient:
    """The ``Judge.vy`` calls that carry proof-system bytes; each names its sender."""

    def __init__(self, judge: Contract) -> None:
        self.judge = judge

    def answer(
        self, request_id: int, output: Sequence[int], proof: bytes, *, sender: object
    ) -> Receipt:
        """Post ``output`` (act(z_L) as integers) with the proof bytes themselves."""
        receipt: Receipt = self.judge.answer(
            request_id, [int(v) for v in output], bytes(proof), sender=sender
        )
        return receipt

    def posted_proof(self, request_id: int) -> bytes | None:
        """The proof bytes the answer to ``request_id`` carried (from its ``Answered``
        event), or None if it has no answer."""
        for ev in self.judge.events("Answered", requestId=request_id):
            return bytes(ev["proof"])
        return None

    def disprove(
        self,
        request_id: int,
        commitment: bytes,
        x_q: bytes,
        proof: bytes,
        *,
        sender: object,
        gas: int = DISPROVE_GAS,
    ) -> Receipt:
        """Overturn the answer on chain if its proof is wrong; reverts "proof is valid"
        when it is not (an honest answer cannot be disproved)."""
        receipt: Receipt = self.judge.disprove(
            request_id, bytes(commitment), bytes(x_q), bytes(proof), sender=sender, gas=gas
        )
        return receipt

    def reveal_weights(self, model_id: int, words: Sequence[bytes], *, sender: object) -> Receipt:
        receipt: Receipt = self.judge.revealWeights(model_id, list(words), sender=sender)
        return receipt

    def reveal_root(self, model_id: int, commitment: bytes, *, sender: object) -> Receipt:
        receipt: Receipt = self.judge.revealRoot(model_id, bytes(commitment), sender=sender)
        return receipt

    def demand_leaf(self, model_id: int, index: int, *, sender: object) -> Receipt:
        receipt: Receipt = self.judge.demandLeaf(model_id, index, sender=sender)
        return receipt

    def answer_leaf(
        self, model_id: int, index: int, word: bytes, path: Sequence[bytes], *, sender: object
    ) -> Receipt:
        receipt: Receipt = self.judge.answerLeaf(model_id, index, word, list(path), sender=sender)
        return receipt

    def slash_unanswered(self, model_id: int, index: int, *, sender: object) -> Receipt:
        receipt: Receipt = self.judge.slashUnanswered(model_id, index, sender=sender)
        return receipt

    def open_demands(self, model_id: int, from_block: int = 0) -> list[int]:
        """Indices of ``model_id``'s leaf demands still awaiting an answer."""
        out = set()
        for ev in self.judge.events("LeafDemanded", from_block=from_block, modelId=model_id):
            index = int(ev["index"])
            if Demand.read(self.judge, model_id, index).open:
                out.add(index)
        return sorted(out)


class DealState(LabelledEnum):
    """``Escrow.vy``'s deal states (``UNKNOWN``: no such deal)."""

    UNKNOWN = 0
    OPEN = 1
    RELEASED = 2
    REFUNDED = 3


@dataclass(frozen=True)
class DealInfo:
    """One row of ``Escrow.deals``."""

    payer: str
    payee: str
    amount: int
    request_id: int
    deadline: int
    state: DealState
    fee: int
    fee_returned: bool

    @classmethod
    def read(cls, escrow: Contract, deal_id: int) -> DealInfo:
        payer, payee, amount, request_id, deadline, state, fee, returned = escrow.deals(deal_id)
        return cls(
            str(payer), str(payee), int(amount), int(request_id), int(deadline),
            DealState(state), int(fee), bool(returned),
        )  # fmt: skip
