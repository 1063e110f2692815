# pragma version ~=0.4.3
# @title Judge
# @notice A registry of committed AI models whose answers contracts can use:
#         "AI as the rules of the game", with the seed essay's remedies built
#         in. A model is committed before use (proof-system commitment, Merkle
#         root of its quantized weights, architecture and quantization hashes)
#         and its operator posts a bond. Anyone may query it within a per-
#         address quota per epoch, paying a fee. The operator answers with the
#         output and the proof of correct inference itself, in the answer's
#         calldata and its event (so every challenger has it for the whole
#         window); the answer becomes final after a challenge window. A proof
#         that does not verify, or that proves another output, is settled on
#         chain in one transaction by `disprove` (ProofVerifier.vy): the
#         operator's bond goes to the disprover, less a burn. What a proof
#         cannot say (is the model right about the world?) goes to the court:
#         challengers post bonds (several may join one challenge) and the
#         arbiter rules; a wrong answer costs the operator the bond, split
#         between a burn, the court's jurors and the challengers (see `rule`),
#         so a self-challenge loses money. After the reveal deadline the
#         operator publishes the weights: on chain (`revealWeights`) for models
#         of up to 4,096 weights, else the committed root plus a
#         data-availability game (`revealRoot`, `demandLeaf`, `answerLeaf`,
#         `slashUnanswered`); no reveal, or a withheld leaf, costs the bond.
#         Governance (the data DAO) can pause a model.
# @dev    Collateral is one ERC-20 token for bonds and fees; every token the
#         contract holds is accounted for in `bondOf`, `escrowedFees` and
#         `challengeBonds` (tests check the sum equals the balance).
#         The arbiter pulls cases: it reads `challenged` requests and calls
#         `rule`; this contract makes no outgoing calls except token transfers
#         (and `burn` of the token's own burnable supply) and the static call
#         to the verifier in `disprove`.
#         A request's `inputHash` is keccak256 of the statement's quantized input
#         `x_q` (n_in little-endian int32, the bytes ProofVerifier takes), so a
#         disproof binds the proof to the question asked.
# @dev    Trust that remains (audit I-3): the per-address quota is not Sybil
#         resistance (a new address is a new quota); it only spreads one
#         model's capacity between callers. The fee is what prices requests.
#         Forwarders (`requestFor`, set by governance) are trusted to name the
#         beneficiary truthfully: the Escrow names its payer.

from ethereum.ercs import IERC20
from proof import limits

interface IBurnable:
    def burn(_value: uint256): nonpayable

PENDING: constant(uint8) = 1
ANSWERED: constant(uint8) = 2
CHALLENGED: constant(uint8) = 3
FINAL: constant(uint8) = 4
OVERTURNED: constant(uint8) = 5
EXPIRED: constant(uint8) = 6

MAX_OUTPUTS: constant(uint256) = 16
MAX_DEPTH: constant(uint256) = 32
MAX_REVEAL_WORDS: constant(uint256) = 4096  # 2**12: small models reveal in calldata
# At most this many challengers share one challenge: enough that a wrong-doer who
# challenges himself first cannot keep honest watchers out cheaply (each slot costs
# him a bond), few enough that `rule` pays them all in one transaction.
MAX_CHALLENGERS: constant(uint256) = 16
BPS: constant(uint256) = 10_000
# Of every slash for a wrong answer: this share is burned, so no party (least of all
# the wrong-doer's own second address, audit H-4) can take the whole of it back.
SLASH_BURN_BPS: constant(uint256) = 2_000
# Of the losing side's forfeit (the slash, or the challengers' bonds when the answer
# stands): this share goes to the arbiter, which pays its jurors with it.
JUROR_FEE_BPS: constant(uint256) = 2_000
MAX_PROOF: constant(uint256) = limits.MAX_PROOF
MAX_COMMITMENT: constant(uint256) = 256  # ProofVerifier.verify's commitment_bytes bound
MAX_INPUT: constant(uint256) = 4096  # ProofVerifier.verify's x_q bound
# The gas `disprove` gives the verifier, exactly (the caller must send more): a proof
# the verifier cannot accept within it counts as invalid, so a caller who starves the
# call cannot pass an honest proof off as a broken one. The judge's model takes 3.3M,
# the 64-32-10 digits model 8.2M; with the overhead it stays under EIP-7825's 2^24 cap.
VERIFY_GAS: constant(uint256) = 12_000_000
VERIFY_OUT: constant(uint256) = 64 + 32 * limits.MAX_OUT  # ABI of DynArray[int256, MAX_OUT]
# The delay between a reveal and the bond's withdrawal is at least this long, whatever
# `revealGrace` is: time for anyone to check the reveal and demand leaves.
MIN_REVEAL_WINDOW: constant(uint256) = 86400
# The operator's time to answer a leaf demand with the leaf and its Merkle path.
DEMAND_WINDOW: constant(uint256) = 86400
# Open leaf demands one address may hold per model. Per address, not per model: a total
# cap could be kept full by the operator's own addresses (each answered at its last
# second) and shut honest samplers out of the window.
MAX_DEMANDS_PER_ADDRESS: constant(uint256) = 8

struct Model:
    operator: address
    commitment: bytes32
    weightsRoot: bytes32
    archHash: bytes32
    quantHash: bytes32
    revealAfter: uint256
    quota: uint256
    fee: uint256
    paused: bool
    revealedRoot: bytes32
    slashed: bool
    retired: bool

struct Request:
    modelId: uint256
    requester: address
    inputHash: bytes32
    fee: uint256
    status: uint8
    answeredAt: uint256
    proofHash: bytes32
    label: uint256
    challenger: address  # the first challenger; all of them are in `challengers`
    askedAt: uint256

struct Demand:
    demander: address
    deadline: uint256  # 0: never demanded
    open: bool

event ModelRegistered:
    modelId: indexed(uint256)
    operator: indexed(address)
    commitment: bytes32
    weightsRoot: bytes32
    archHash: bytes32
    bond: uint256
    revealAfter: uint256
    quota: uint256
    fee: uint256

event Requested:
    requestId: indexed(uint256)
    modelId: indexed(uint256)
    requester: indexed(address)
    inputHash: bytes32
    fee: uint256
    beneficiary: address

event Answered:
    requestId: indexed(uint256)
    modelId: indexed(uint256)
    output: DynArray[int256, MAX_OUTPUTS]
    label: uint256
    proofHash: bytes32
    proof: Bytes[MAX_PROOF]

event Disproved:
    requestId: indexed(uint256)
    disprover: indexed(address)
    reason: String[32]

event LeafDemanded:
    modelId: indexed(uint256)
    index: indexed(uint256)
    demander: indexed(address)
    deadline: uint256

event LeafAnswered:
    modelId: indexed(uint256)
    index: indexed(uint256)
    word: bytes32

event Challenged:
    requestId: indexed(uint256)
    challenger: indexed(address)
    bond: uint256

event Ruled:
    requestId: indexed(uint256)
    answerUpheld: bool

event Penalty:
    requestId: indexed(uint256)
    arbiter: indexed(address)
    forfeit: uint256
    burned: uint256
    jurorFee: uint256
    toWinners: uint256

event ForwarderSet:
    forwarder: indexed(address)
    allowed: bool

event Voided:
    requestId: indexed(uint256)
    reason: String[32]

event Finalized:
    requestId: indexed(uint256)
    label: uint256

event Revealed:
    modelId: indexed(uint256)
    weightsRoot: bytes32

event Slashed:
    modelId: indexed(uint256)
    to: indexed(address)
    amount: uint256
    reason: String[32]

event Paused:
    modelId: indexed(uint256)
    paused: bool

event GovernanceChanged:
    governance: indexed(address)

token: public(immutable(IERC20))
# ProofVerifier.vy: stateless, one instance for every model; the zero-knowledge
# verifier later replaces it behind the same `verify` call.
verifier: public(immutable(address))
governance: public(address)
arbiter: public(address)
challengeWindow: public(uint256)
challengeBond: public(uint256)
epochLength: public(uint256)
answerTimeout: public(uint256)
revealGrace: public(uint256)

models: public(HashMap[uint256, Model])
modelCount: public(uint256)
bondOf: public(HashMap[uint256, uint256])
requests: public(HashMap[uint256, Request])
outputs: HashMap[uint256, DynArray[int256, MAX_OUTPUTS]]
requestCount: public(uint256)
used: public(HashMap[uint256, HashMap[address, HashMap[uint256, uint256]]])
escrowedFees: public(uint256)
challengeBonds: public(uint256)
# Everyone who challenged a request, in order, and the bond each posted (audit M-2:
# `rule` pays what was posted, whatever the policy is by then).
challengers: public(HashMap[uint256, DynArray[address, MAX_CHALLENGERS]])
bondPosted: public(HashMap[uint256, HashMap[address, uint256]])
challengeTotal: public(HashMap[uint256, uint256])
openRequests: public(HashMap[uint256, uint256])
# Contracts that request on behalf of a beneficiary, whose quota they use (audit M-3).
forwarders: public(HashMap[address, bool])
# answers overturned by a proof (a jury ruling that comes after one is a no-op)
disproved: public(HashMap[uint256, bool])
# when the weights were revealed: the withdrawal delay counts from here
revealedAt: public(HashMap[uint256, uint256])
# leaves of the committed weights tree of a model revealed by `revealRoot` (0: on chain)
weightCount: public(HashMap[uint256, uint256])
demands: public(HashMap[uint256, HashMap[uint256, Demand]])
openDemands: public(HashMap[uint256, uint256])
demandsBy: public(HashMap[uint256, HashMap[address, uint256]])


@deploy
def __init__(
    _token: IERC20,
    _governance: address,
    _arbiter: address,
    _challenge_window: uint256,
    _challenge_bond: uint256,
    _epoch_length: uint256,
    _verifier: address,
):
    assert _epoch_length > 0, "epoch length"
    assert _verifier != empty(address), "verifier"
    assert _challenge_bond > 0, "challenge bond"
    token = _token
    verifier = _verifier
    self.governance = _governance
    self.arbiter = _arbiter
    self.challengeWindow = _challenge_window
    self.challengeBond = _challenge_bond
    self.epochLength = _epoch_length
    self.answerTimeout = 7 * 86400
    self.revealGrace = 7 * 86400


@internal
def _pull(_from: address, _amount: uint256):
    if _amount > 0:
        assert extcall token.transferFrom(_from, self, _amount, default_return_value=True), "transfer failed"


@internal
def _push(_to: address, _amount: uint256):
    if _amount > 0:
        assert extcall token.transfer(_to, _amount, default_return_value=True), "transfer failed"


@external
def register(
    _commitment: bytes32,
    _weights_root: bytes32,
    _arch_hash: bytes32,
    _quant_hash: bytes32,
    _bond: uint256,
    _reveal_delay: uint256,
    _quota: uint256,
    _fee: uint256,
) -> uint256:
    """
    @notice Commit a model. The caller becomes its operator and posts `_bond`.
    """
    assert _bond > 0, "bond"
    assert _quota > 0, "quota"
    model_id: uint256 = self.modelCount + 1
    self.modelCount = model_id
    self.models[model_id] = Model(
        operator=msg.sender,
        commitment=_commitment,
        weightsRoot=_weights_root,
        archHash=_arch_hash,
        quantHash=_quant_hash,
        revealAfter=block.timestamp + _reveal_delay,
        quota=_quota,
        fee=_fee,
        paused=False,
        revealedRoot=empty(bytes32),
        slashed=False,
        retired=False,
    )
    self.bondOf[model_id] = _bond
    self._pull(msg.sender, _bond)
    log ModelRegistered(
        modelId=model_id,
        operator=msg.sender,
        commitment=_commitment,
        weightsRoot=_weights_root,
        archHash=_arch_hash,
        bond=_bond,
        revealAfter=block.timestamp + _reveal_delay,
        quota=_quota,
        fee=_fee,
    )
    return model_id


@view
@internal
def _epoch() -> uint256:
    return block.timestamp // self.epochLength


@external
def request(_model_id: uint256, _input_hash: bytes32) -> uint256:
    """
    @notice Ask model `_model_id` about the input whose hash is given, paying
            its fee. At most `quota` requests per address per epoch (a spread of
            capacity, not Sybil resistance: the fee prices requests).
    """
    return self._request(_model_id, _input_hash, msg.sender)


@external
def requestFor(_model_id: uint256, _input_hash: bytes32, _beneficiary: address) -> uint256:
    """
    @notice A forwarder (a contract governance allows, e.g. the Escrow) asks on
            behalf of `_beneficiary`, whose quota the request uses: otherwise all
            of a forwarder's users share one quota and 1-wei requests block the
            model for everyone (audit M-3). The forwarder pays the fee and is
            refunded; it passes the refund on to its user.
    """
    assert self.forwarders[msg.sender], "not a forwarder"
    assert _beneficiary != empty(address), "beneficiary"
    return self._request(_model_id, _input_hash, _beneficiary)


@internal
def _request(_model_id: uint256, _input_hash: bytes32, _beneficiary: address) -> uint256:
    m: Model = self.models[_model_id]
    assert m.operator != empty(address), "unknown model"
    assert not m.paused, "paused"
    assert not m.slashed, "slashed"
    assert not m.retired, "retired"
    epoch: uint256 = self._epoch()
    count: uint256 = self.used[_model_id][_beneficiary][epoch]
    assert count < m.quota, "quota"
    self.used[_model_id][_beneficiary][epoch] = count + 1
    request_id: uint256 = self.requestCount + 1
    self.requestCount = request_id
    self.requests[request_id] = Request(
        modelId=_model_id,
        requester=msg.sender,
        inputHash=_input_hash,
        fee=m.fee,
        status=PENDING,
        answeredAt=0,
        proofHash=empty(bytes32),
        label=0,
        challenger=empty(address),
        askedAt=block.timestamp,
    )
    self.escrowedFees += m.fee
    self.openRequests[_model_id] += 1
    self._pull(msg.sender, m.fee)
    log Requested(
        requestId=request_id,
        modelId=_model_id,
        requester=msg.sender,
        inputHash=_input_hash,
        fee=m.fee,
        beneficiary=_beneficiary,
    )
    return request_id


@external
def answer(_request_id: uint256, _output: DynArray[int256, MAX_OUTPUTS], _proof: Bytes[MAX_PROOF]):
    """
    @notice The operator's answer: the model's (quantized) output, act(z_L), and
            the proof that the committed model produced it (Proof.to_bytes() of an
            integer-statement proof, the bytes ProofVerifier takes). The label is
            the argmax of the output.
    @dev    Only keccak256(proof) is stored; the bytes are in this call's calldata
            and in the `Answered` event, so any challenger can fetch them from any
            node for the whole window and `disprove` the answer.
    """
    r: Request = self.requests[_request_id]
    assert r.status != 0, "unknown request"
    assert r.status == PENDING, "already answered"
    m: Model = self.models[r.modelId]
    assert msg.sender == m.operator, "only operator"
    assert not m.paused, "paused"
    assert not m.slashed, "slashed"
    assert not m.retired, "retired"
    assert len(_output) > 0, "empty output"
    best: uint256 = 0
    for i: uint256 in range(1, MAX_OUTPUTS):
        if i >= len(_output):
            break
        if _output[i] > _output[best]:
            best = i
    proof_hash: bytes32 = keccak256(_proof)
    self.requests[_request_id].status = ANSWERED
    self.requests[_request_id].answeredAt = block.timestamp
    self.requests[_request_id].proofHash = proof_hash
    self.requests[_request_id].label = best
    self.outputs[_request_id] = _output
    log Answered(
        requestId=_request_id,
        modelId=r.modelId,
        output=_output,
        label=best,
        proofHash=proof_hash,
        proof=_proof,
    )


@pure
@internal
def _proves(
    _z: DynArray[int256, limits.MAX_OUT], _output: DynArray[int256, MAX_OUTPUTS], _relu: bool
) -> bool:
    # The posted output must be exactly act(z_L) of the proven pre-activations.
    if len(_z) != len(_output):
        return False
    for i: uint256 in range(MAX_OUTPUTS):
        if i >= len(_output):
            break
        v: int256 = _z[i]
        if _relu and v < 0:
            v = 0
        if v != _output[i]:
            return False
    return True


@external
def disprove(
    _request_id: uint256,
    _commitment: Bytes[MAX_COMMITMENT],
    _x_q: Bytes[MAX_INPUT],
    _proof: Bytes[MAX_PROOF],
):
    """
    @notice Settle a provably wrong answer on chain, in this transaction: anyone
            passes the model's commitment bytes, the request's quantized input and
            the answer's proof (all bound to their on-chain hashes); if the verifier
            refuses the proof, or the proof attests another output than the one
            posted, the answer is overturned, the requester refunded and the
            operator's bond paid to the caller less a burn (`_disproof`). A valid
            proof of the posted output
            reverts "proof is valid": an honest answer cannot be disproved (whether
            the model is right about the world is the jury's, through `challenge`).
            Open inside the challenge window, and while a jury challenge is
            pending (a self-challenge cannot shield a broken proof).
    @dev    The verifier gets exactly VERIFY_GAS (the caller must send more, or this
            reverts), so a failure there is the proof's, not the caller's gas.
    """
    r: Request = self.requests[_request_id]
    if r.status == ANSWERED:
        # an answer past its window is final (or about to be): no disproof after it
        assert r.answeredAt + self.challengeWindow > block.timestamp, "window closed"
    else:
        assert r.status == CHALLENGED, "not answered"
    assert keccak256(_commitment) == self.models[r.modelId].commitment, "not the model's commitment"
    assert keccak256(_x_q) == r.inputHash, "not the request's input"
    assert keccak256(_proof) == r.proofHash, "not the answer's proof"
    payload: Bytes[4 + 6 * 32 + MAX_COMMITMENT + MAX_INPUT + MAX_PROOF] = abi_encode(
        _commitment, _x_q, _proof, method_id=method_id("verify(bytes,bytes,bytes)")
    )
    assert msg.gas >= VERIFY_GAS + VERIFY_GAS // 63 + 100_000, "too little gas to verify"
    ok: bool = False
    response: Bytes[VERIFY_OUT] = b""
    ok, response = raw_call(
        verifier,
        payload,
        max_outsize=VERIFY_OUT,
        gas=VERIFY_GAS,
        is_static_call=True,
        revert_on_failure=False,
    )
    reason: String[32] = "proof refused by the verifier"
    if ok:
        z: DynArray[int256, limits.MAX_OUT] = abi_decode(response, DynArray[int256, limits.MAX_OUT])
        # the last byte of a (verified) commitment is the last layer's activation: 0 = relu
        relu: bool = convert(slice(_commitment, len(_commitment) - 1, 1), uint256) == 0
        assert not self._proves(z, self.outputs[_request_id], relu), "proof is valid"
        reason = "proof attests another output"
    self.disproved[_request_id] = True
    self._disproof(_request_id, msg.sender)
    log Disproved(requestId=_request_id, disprover=msg.sender, reason=reason)


@internal
def _slash_split(_model_id: uint256, _to: address, _reason: String[32]) -> (uint256, uint256):
    # A slash settled without a court (a disproof, a withheld leaf): `SLASH_BURN_BPS`
    # burned, the rest to `_to`, so the operator's own second address cannot take the
    # whole bond back by racing honest callers (audit H-4). Returns (slash, burned).
    if self.models[_model_id].slashed:
        return 0, 0
    slash: uint256 = self.bondOf[_model_id]
    self.bondOf[_model_id] = 0
    self.models[_model_id].slashed = True
    burned: uint256 = slash * SLASH_BURN_BPS // BPS
    self._push(_to, slash - burned)
    if burned > 0:
        extcall IBurnable(token.address).burn(burned)
    log Slashed(modelId=_model_id, to=_to, amount=slash - burned, reason=_reason)
    return slash, burned


@internal
def _disproof(_request_id: uint256, _disprover: address):
    # A proof showed the answer wrong: the requester is refunded, every challenger
    # who took it to the court gets his bond back (the case is moot), and the
    # model's bond goes to the disprover less the burn (no jurors to pay).
    r: Request = self._close_challenge(_request_id)
    self.challengeTotal[_request_id] = 0
    self.requests[_request_id].status = OVERTURNED
    self._push(r.requester, r.fee)
    everyone: DynArray[address, MAX_CHALLENGERS] = self.challengers[_request_id]
    for who: address in everyone:
        self._push(who, self.bondPosted[_request_id][who])
    slash: uint256 = 0
    burned: uint256 = 0
    slash, burned = self._slash_split(r.modelId, _disprover, "wrong answer")
    log Penalty(
        requestId=_request_id,
        arbiter=empty(address),
        forfeit=slash,
        burned=burned,
        jurorFee=0,
        toWinners=slash - burned,
    )


@external
def challenge(_request_id: uint256):
    """
    @notice Dispute an answer inside its challenge window, posting the
            challenge bond; the arbiter (the court) then rules. Later
            challengers join an open challenge until the window closes, so a
            wrong-doer who challenges himself first does not keep honest
            watchers out, and they share the slash (audit H-4).
    @dev    Joining closes with the answer's window, not at the ruling: nobody
            joins once the court's votes are known. The court must not rule
            before the window has closed if it wants every joiner counted.
    """
    r: Request = self.requests[_request_id]
    assert r.status == ANSWERED or r.status == CHALLENGED, "not answered"
    assert block.timestamp < r.answeredAt + self.challengeWindow, "window closed"
    assert self.bondPosted[_request_id][msg.sender] == 0, "already challenged"
    assert len(self.challengers[_request_id]) < MAX_CHALLENGERS, "too many challengers"
    bond: uint256 = self.challengeBond
    if r.status == ANSWERED:
        self.requests[_request_id].status = CHALLENGED
        self.requests[_request_id].challenger = msg.sender
    self.challengers[_request_id].append(msg.sender)
    self.bondPosted[_request_id][msg.sender] = bond
    self.challengeTotal[_request_id] += bond
    self.challengeBonds += bond
    self._pull(msg.sender, bond)
    log Challenged(requestId=_request_id, challenger=msg.sender, bond=bond)


@view
@external
def challengerCount(_request_id: uint256) -> uint256:
    return len(self.challengers[_request_id])


@external
def rule(_request_id: uint256, _answer_upheld: bool):
    """
    @notice The arbiter's ruling on a challenged answer. The losing side's
            forfeit pays the arbiter a juror fee (`JUROR_FEE_BPS`; the court
            pays its jurors with it). Upheld: the answer is final; the operator
            earns the fee and the challengers' bonds less the juror fee.
            Overturned: see `_overturn`. A case a proof settled first
            (`disprove`) is left as it is.
    """
    assert msg.sender == self.arbiter, "only arbiter"
    if self.disproved[_request_id]:
        # a proof already overturned it on chain (`disprove`): the court's ruling
        # changes nothing, but must not revert, so the dispute still resolves
        log Ruled(requestId=_request_id, answerUpheld=_answer_upheld)
        return
    assert self.requests[_request_id].status == CHALLENGED, "not challenged"
    if _answer_upheld:
        self._uphold(_request_id, msg.sender)
    else:
        self._overturn(_request_id, msg.sender)
    log Ruled(requestId=_request_id, answerUpheld=_answer_upheld)


@internal
def _close_challenge(_request_id: uint256) -> Request:
    # the books of a request leaving CHALLENGED: its fee and its bonds leave escrow
    r: Request = self.requests[_request_id]
    self.challengeBonds -= self.challengeTotal[_request_id]
    self.escrowedFees -= r.fee
    self.openRequests[r.modelId] -= 1
    return r


@internal
def _uphold(_request_id: uint256, _arbiter: address):
    r: Request = self._close_challenge(_request_id)
    forfeit: uint256 = self.challengeTotal[_request_id]
    self.challengeTotal[_request_id] = 0
    juror_fee: uint256 = forfeit * JUROR_FEE_BPS // BPS
    self.requests[_request_id].status = FINAL
    self._push(_arbiter, juror_fee)
    self._push(self.models[r.modelId].operator, r.fee + forfeit - juror_fee)
    log Penalty(
        requestId=_request_id,
        arbiter=_arbiter,
        forfeit=forfeit,
        burned=0,
        jurorFee=juror_fee,
        toWinners=forfeit - juror_fee,
    )
    log Finalized(requestId=_request_id, label=r.label)


@internal
def _overturn(_request_id: uint256, _arbiter: address):
    # The answer was wrong: the requester is refunded, each challenger gets his
    # bond back, and the model's bond is slashed and split: `SLASH_BURN_BPS`
    # burned, `JUROR_FEE_BPS` to the arbiter, the rest to the challengers pro
    # rata to their bonds (rounding dust is burned). A self-challenge from a
    # second address so loses the burn and the juror fee (audit H-4).
    r: Request = self._close_challenge(_request_id)
    total: uint256 = self.challengeTotal[_request_id]
    self.challengeTotal[_request_id] = 0
    self.requests[_request_id].status = OVERTURNED
    self._push(r.requester, r.fee)
    slash: uint256 = 0
    if not self.models[r.modelId].slashed:
        slash = self.bondOf[r.modelId]
        self.bondOf[r.modelId] = 0
        self.models[r.modelId].slashed = True
        log Slashed(modelId=r.modelId, to=empty(address), amount=slash, reason="wrong answer")
    juror_fee: uint256 = slash * JUROR_FEE_BPS // BPS
    shared: uint256 = slash * (BPS - SLASH_BURN_BPS - JUROR_FEE_BPS) // BPS
    paid: uint256 = 0
    everyone: DynArray[address, MAX_CHALLENGERS] = self.challengers[_request_id]
    for who: address in everyone:
        bond: uint256 = self.bondPosted[_request_id][who]
        share: uint256 = shared * bond // total
        paid += share
        self._push(who, bond + share)
    burned: uint256 = slash - juror_fee - paid
    self._push(_arbiter, juror_fee)
    if burned > 0:
        extcall IBurnable(token.address).burn(burned)
    log Penalty(
        requestId=_request_id,
        arbiter=_arbiter,
        forfeit=slash,
        burned=burned,
        jurorFee=juror_fee,
        toWinners=paid,
    )


@external
def finalize(_request_id: uint256):
    """
    @notice Make an unchallenged answer final once its window has passed, or
            refund a request the operator never answered within the timeout.
            An answer of a model that is paused or slashed by then never becomes
            final: the model is no longer trusted, so the request is overturned
            and the requester refunded (an escrow then refunds its payer).
            Anyone may call it.
    """
    r: Request = self.requests[_request_id]
    if r.status == ANSWERED:
        assert block.timestamp >= r.answeredAt + self.challengeWindow, "challenge window open"
        self.escrowedFees -= r.fee
        self.openRequests[r.modelId] -= 1
        # two fields, not the whole Model struct: each slot read cold costs 2,100 gas
        slashed: bool = self.models[r.modelId].slashed
        if slashed or self.models[r.modelId].paused:
            self.requests[_request_id].status = OVERTURNED
            self._push(r.requester, r.fee)
            log Voided(requestId=_request_id, reason="model slashed" if slashed else "model paused")
            return
        self.requests[_request_id].status = FINAL
        self._push(self.models[r.modelId].operator, r.fee)
        log Finalized(requestId=_request_id, label=r.label)
    elif r.status == PENDING:
        assert block.timestamp >= r.askedAt + self.answerTimeout, "not expired"
        self.requests[_request_id].status = EXPIRED
        self.escrowedFees -= r.fee
        self.openRequests[r.modelId] -= 1
        self._push(r.requester, r.fee)
    else:
        raise "not finalizable"


@view
@external
def result(_request_id: uint256) -> (uint8, uint256):
    """
    @notice (status, label) of a request. Consumers act on status == FINAL.
    """
    r: Request = self.requests[_request_id]
    return r.status, r.label


@view
@external
def challenged(_request_id: uint256) -> bool:
    """
    @notice Whether the request awaits the arbiter (the jury's dispute check).
    """
    return self.requests[_request_id].status == CHALLENGED


@view
@external
def output(_request_id: uint256) -> DynArray[int256, MAX_OUTPUTS]:
    return self.outputs[_request_id]


@view
@external
def quotaLeft(_model_id: uint256, _who: address) -> uint256:
    used: uint256 = self.used[_model_id][_who][self._epoch()]
    quota: uint256 = self.models[_model_id].quota
    if used >= quota:
        return 0
    return quota - used


@pure
@internal
def _tree_root(_words: DynArray[bytes32, MAX_REVEAL_WORDS]) -> bytes32:
    # The same positional tree as augury.judge.weights: leaves keccak256(word), padded to
    # a power of two with keccak256 of the zero word, parents keccak256(left ++ right).
    n: uint256 = len(_words)
    assert n > 0, "no weights"
    size: uint256 = 1
    for _: uint256 in range(12):
        if size >= n:
            break
        size *= 2
    level: DynArray[bytes32, MAX_REVEAL_WORDS] = []
    pad: bytes32 = keccak256(empty(bytes32))
    for i: uint256 in range(MAX_REVEAL_WORDS):
        if i >= size:
            break
        if i < n:
            level.append(keccak256(_words[i]))
        else:
            level.append(pad)
    width: uint256 = size
    for _: uint256 in range(12):
        if width == 1:
            break
        for i: uint256 in range(MAX_REVEAL_WORDS // 2):
            if i >= width // 2:
                break
            level[i] = keccak256(concat(level[2 * i], level[2 * i + 1]))
        width //= 2
    return level[0]


@external
def revealWeights(_model_id: uint256, _words: DynArray[bytes32, MAX_REVEAL_WORDS]):
    """
    @notice Reveal the weights themselves, as int256 words in the committed order
            (models of up to 4,096 weights): the contract rebuilds their Merkle root
            and reverts unless it is the committed one, so the revealed weights are
            on chain for anyone to check. Larger models reveal with `revealRoot`.
            The bond's withdrawal delay starts now.
    """
    m: Model = self.models[_model_id]
    assert m.operator != empty(address), "unknown model"
    assert msg.sender == m.operator, "only operator"
    assert block.timestamp >= m.revealAfter, "too early"
    assert m.revealedRoot == empty(bytes32), "already revealed"
    root: bytes32 = self._tree_root(_words)
    assert root == m.weightsRoot, "weights do not match the commitment"
    self.models[_model_id].revealedRoot = root
    self.revealedAt[_model_id] = block.timestamp
    log Revealed(modelId=_model_id, weightsRoot=root)


@pure
@internal
def _merkle_root(_leaf: bytes32, _index: uint256, _proof: DynArray[bytes32, MAX_DEPTH]) -> bytes32:
    node: bytes32 = _leaf
    idx: uint256 = _index
    for sibling: bytes32 in _proof:
        if idx % 2 == 0:
            node = keccak256(concat(node, sibling))
        else:
            node = keccak256(concat(sibling, node))
        idx //= 2
    assert idx == 0, "index out of range"
    return node


@pure
@internal
def _u32(_b: Bytes[MAX_COMMITMENT], _pos: uint256) -> uint256:
    w: uint256 = convert(slice(_b, _pos, 4), uint256)  # big-endian of 4 little-endian bytes
    return (w & 255) << 24 | (w >> 8 & 255) << 16 | (w >> 16 & 255) << 8 | w >> 24


@pure
@internal
def _weight_count(_commitment: Bytes[MAX_COMMITMENT]) -> uint256:
    # Commitment.to_bytes(): 61 bytes (magic, version, root, code parameters, scales),
    # the layer count, then per layer n_in u32, n_out u32, shift u8, activation u8.
    # The weights tree has a leaf per weight_values() integer: n_out * (n_in + 1) a layer.
    n: uint256 = len(_commitment)
    assert n >= 72, "bad commitment"
    layers: uint256 = convert(slice(_commitment, 61, 1), uint256)
    assert layers > 0 and n == 62 + 10 * layers, "bad commitment"
    count: uint256 = 0
    for i: uint256 in range(19):  # (256 - 62) // 10 layers fit in the bytes
        if i >= layers:
            break
        count += self._u32(_commitment, 66 + 10 * i) * (self._u32(_commitment, 62 + 10 * i) + 1)
    return count


@pure
@internal
def _depth(_count: uint256) -> uint256:
    d: uint256 = 0
    for _: uint256 in range(MAX_DEPTH):
        if 1 << d >= _count:
            break
        d += 1
    return d


@external
def revealRoot(_model_id: uint256, _commitment: Bytes[MAX_COMMITMENT]):
    """
    @notice Reveal a model too large for `revealWeights` (more than 4,096 weights):
            its weights are published off chain under the committed weights root
            (the only root accepted: nothing is passed in), and a data-availability
            game opens for the reveal window: anyone may `demandLeaf`, and a demand
            not answered with the leaf and its path in time slashes the bond. The
            commitment bytes (keccak256 = the registered commitment) give the
            number of weights, hence the leaves that can be demanded.
    """
    m: Model = self.models[_model_id]
    assert m.operator != empty(address), "unknown model"
    assert msg.sender == m.operator, "only operator"
    assert block.timestamp >= m.revealAfter, "too early"
    assert m.revealedRoot == empty(bytes32), "already revealed"
    assert keccak256(_commitment) == m.commitment, "not the model's commitment"
    count: uint256 = self._weight_count(_commitment)
    assert count > MAX_REVEAL_WORDS, "small model: reveal the weights on chain"
    assert count <= 1 << MAX_DEPTH, "too many weights"
    self.models[_model_id].revealedRoot = m.weightsRoot
    self.revealedAt[_model_id] = block.timestamp
    self.weightCount[_model_id] = count
    log Revealed(modelId=_model_id, weightsRoot=m.weightsRoot)


@view
@internal
def _reveal_window() -> uint256:
    return max(self.revealGrace, MIN_REVEAL_WINDOW)


@external
def demandLeaf(_model_id: uint256, _index: uint256):
    """
    @notice Demand weight `_index` of a model revealed by `revealRoot`, inside the
            reveal window: the operator (or anyone holding the weights) must post
            the leaf with its Merkle path against the committed root within
            DEMAND_WINDOW, or `slashUnanswered` pays the bond (less a burn) to the
            demander.
            Each leaf is demanded once (its answer is on chain for everyone).
    """
    assert self.revealedAt[_model_id] != 0, "not revealed"
    count: uint256 = self.weightCount[_model_id]
    assert count > 0, "weights are on chain"
    assert not self.models[_model_id].slashed, "slashed"
    assert block.timestamp < self.revealedAt[_model_id] + self._reveal_window(), "window closed"
    assert _index < count, "index out of range"
    assert self.demands[_model_id][_index].deadline == 0, "already demanded"
    held: uint256 = self.demandsBy[_model_id][msg.sender]
    assert held < MAX_DEMANDS_PER_ADDRESS, "too many open demands"
    self.demandsBy[_model_id][msg.sender] = held + 1
    deadline: uint256 = block.timestamp + DEMAND_WINDOW
    self.demands[_model_id][_index] = Demand(demander=msg.sender, deadline=deadline, open=True)
    self.openDemands[_model_id] += 1
    log LeafDemanded(modelId=_model_id, index=_index, demander=msg.sender, deadline=deadline)


@internal
def _close_demand(_model_id: uint256, _index: uint256, _demander: address):
    self.demands[_model_id][_index].open = False
    self.openDemands[_model_id] -= 1
    self.demandsBy[_model_id][_demander] -= 1


@external
def answerLeaf(_model_id: uint256, _index: uint256, _word: bytes32, _proof: DynArray[bytes32, MAX_DEPTH]):
    """
    @notice Answer a leaf demand before its deadline: the weight word and its path
            in the committed weights tree (leaves keccak256(word), positional). The
            word is then in the `LeafAnswered` event for everyone. Anyone may answer.
    """
    d: Demand = self.demands[_model_id][_index]
    assert d.open, "no open demand"
    assert block.timestamp < d.deadline, "too late"
    assert len(_proof) == self._depth(self.weightCount[_model_id]), "depth"
    root: bytes32 = self._merkle_root(keccak256(_word), _index, _proof)
    assert root == self.models[_model_id].weightsRoot, "bad proof"
    self._close_demand(_model_id, _index, d.demander)
    log LeafAnswered(modelId=_model_id, index=_index, word=_word)


@external
def slashUnanswered(_model_id: uint256, _index: uint256):
    """
    @notice After a demand's deadline, with no answer: the weights were withheld;
            the bond goes to the demander, less a burn. Anyone may call.
    """
    d: Demand = self.demands[_model_id][_index]
    assert d.open, "no open demand"
    assert block.timestamp >= d.deadline, "not due"
    self._close_demand(_model_id, _index, d.demander)
    self._slash_split(_model_id, d.demander, "leaf withheld")


@external
def slashUnrevealed(_model_id: uint256):
    """
    @notice Anyone takes the bond of a model whose weights were not revealed
            within the grace period after the reveal deadline, less the burn: the
            operator's own second address racing for it still loses
            `SLASH_BURN_BPS` of the bond, so keeping a model secret has a price.
    """
    m: Model = self.models[_model_id]
    assert m.operator != empty(address), "unknown model"
    assert not m.slashed, "slashed"
    assert m.revealedRoot == empty(bytes32), "revealed"
    assert block.timestamp >= m.revealAfter + self.revealGrace, "grace period"
    self._slash_split(_model_id, msg.sender, "not revealed")


@external
def withdrawBond(_model_id: uint256):
    """
    @notice Retire a model and take its bond back: only after the weights are
            revealed, the reveal window (`revealGrace`, at least a day) has passed
            since the reveal, every leaf demand is answered (or slashed), and no
            request of the model is still open (pending, in its challenge
            window, or before the jury).
    """
    m: Model = self.models[_model_id]
    assert msg.sender == m.operator, "only operator"
    assert m.revealedRoot != empty(bytes32), "not revealed"
    assert not m.slashed, "slashed"
    assert not m.retired, "retired"
    assert block.timestamp >= self.revealedAt[_model_id] + self._reveal_window(), "reveal window"
    assert self.openDemands[_model_id] == 0, "open leaf demands"
    assert self.openRequests[_model_id] == 0, "open requests"
    self.models[_model_id].retired = True
    amount: uint256 = self.bondOf[_model_id]
    self.bondOf[_model_id] = 0
    self._push(msg.sender, amount)


@external
def setPaused(_model_id: uint256, _paused: bool):
    """
    @notice The kill switch: governance stops (or resumes) a model.
    """
    assert msg.sender == self.governance, "only governance"
    assert self.models[_model_id].operator != empty(address), "unknown model"
    self.models[_model_id].paused = _paused
    log Paused(modelId=_model_id, paused=_paused)


@external
def setPolicy(_challenge_window: uint256, _challenge_bond: uint256, _epoch_length: uint256):
    """
    @notice Governance sets the challenge window, the challenge bond and the
            quota epoch (after the hand-over: a DataDAO JUDGE_POLICY proposal).
    """
    assert msg.sender == self.governance, "only governance"
    assert _epoch_length > 0, "epoch length"
    assert _challenge_bond > 0, "challenge bond"
    self.challengeWindow = _challenge_window
    self.challengeBond = _challenge_bond
    self.epochLength = _epoch_length


@external
def setModelPolicy(_model_id: uint256, _quota: uint256, _fee: uint256):
    """
    @notice Governance sets a model's quota and fee (the DAO's access policy).
    """
    assert msg.sender == self.governance, "only governance"
    assert self.models[_model_id].operator != empty(address), "unknown model"
    assert _quota > 0, "quota"
    self.models[_model_id].quota = _quota
    self.models[_model_id].fee = _fee


@external
def setForwarder(_forwarder: address, _allowed: bool):
    """
    @notice Governance allows (or stops) a contract to request on behalf of its
            users (`requestFor`; the Escrow). After the hand-over: a DataDAO
            FORWARDER proposal.
    """
    assert msg.sender == self.governance, "only governance"
    self.forwarders[_forwarder] = _allowed
    log ForwarderSet(forwarder=_forwarder, allowed=_allowed)


@external
def setGovernance(_governance: address):
    """
    @notice Hand governance over (the deployer to the DataDAO; the DataDAO to
            a successor by a GOVERNANCE proposal).
    """
    assert msg.sender == self.governance, "only governance"
    assert _governance != empty(address), "governance"
    self.governance = _governance
    log GovernanceChanged(governance=_governance)


@external
def setArbiter(_arbiter: address):
    """
    @notice Governance names the court (after the hand-over: an ARBITER
            proposal). Cases open when it changes stay with the old arbiter.
    """
    assert msg.sender == self.governance, "only governance"
    assert _arbiter != empty(address), "arbiter"
    self.arbiter = _arbiter
