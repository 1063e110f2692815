# pragma version ~=0.4.3
# @title DataDAO
# @notice "AI as the objective of the game": the DAO that curates the judge's
#         training data and governs the model trained on it.
#         - Contributors submit batches of labelled examples: the content hash
#           goes on chain with a stake. During a challenge window anyone may
#           challenge with a stake; the arbiter (the human jury) rules. A
#           rejected batch's stake goes to the challenger, an upheld one earns
#           the challenger's stake. Unchallenged batches are accepted.
#         - Token holders lock tokens to vote. Proposals that pass (more yes
#           than no, and yes at least the quorum) act when executed: a new
#           dataset version, the adopted judge model, pausing a model (the kill
#           switch), a model's quota and fee, or a reward distribution.
#         - Rewards: a pool funded by anyone, paid by Merkle distributions whose
#           root a passed proposal posts after off-chain valuation (KNN-Shapley,
#           augury.dao). Leaves are keccak256(keccak256(abi_encode(index,
#           account, amount))); pairs are hashed sorted (OpenZeppelin's
#           StandardMerkleTree convention; augury.dao.merkle builds them).
# @dev    Collusion bound: one distribution may take at most `maxRewardBps` of
#         the pool, and distributions are at least `rewardInterval` apart, so a
#         majority coalition voting itself rewards drains at most that share
#         per interval while everyone else can see it coming and exit.
#         Every token held is accounted for: batch stakes, challenge stakes,
#         locked votes, the pool and unclaimed distributions (tests check).

from ethereum.ercs import IERC20

interface IJudge:
    def setPaused(_model_id: uint256, _paused: bool): nonpayable
    def setModelPolicy(_model_id: uint256, _quota: uint256, _fee: uint256): nonpayable

SUBMITTED: constant(uint8) = 1
CHALLENGED: constant(uint8) = 2
ACCEPTED: constant(uint8) = 3
REJECTED: constant(uint8) = 4

DATASET: constant(uint8) = 1
ADOPT_MODEL: constant(uint8) = 2
PAUSE_MODEL: constant(uint8) = 3
MODEL_POLICY: constant(uint8) = 4
REWARDS: constant(uint8) = 5

BPS: constant(uint256) = 10_000
MAX_DEPTH: constant(uint256) = 32

struct Batch:
    submitter: address
    contentHash: bytes32
    examples: uint256
    stake: uint256
    submittedAt: uint256
    status: uint8
    challenger: address
    challengeStake: uint256

struct Proposal:
    proposer: address
    kind: uint8
    num: uint256
    num2: uint256
    num3: uint256
    root: bytes32
    flag: bool
    start: uint256
    end: uint256
    yes: uint256
    no: uint256
    executed: bool

struct Distribution:
    root: bytes32
    total: uint256
    remaining: uint256

event Submitted:
    batchId: indexed(uint256)
    submitter: indexed(address)
    contentHash: bytes32
    examples: uint256
    stake: uint256

event BatchChallenged:
    batchId: indexed(uint256)
    challenger: indexed(address)
    stake: uint256

event BatchSettled:
    batchId: indexed(uint256)
    accepted: bool

event Proposed:
    proposalId: indexed(uint256)
    proposer: indexed(address)
    kind: uint8
    end: uint256

event Voted:
    proposalId: indexed(uint256)
    voter: indexed(address)
    support: bool
    weight: uint256

event Executed:
    proposalId: indexed(uint256)
    kind: uint8

event DatasetVersion:
    version: indexed(uint256)
    root: bytes32
    examples: uint256

event ModelAdopted:
    modelId: indexed(uint256)

event DistributionPosted:
    distributionId: indexed(uint256)
    root: bytes32
    total: uint256

event Claimed:
    distributionId: indexed(uint256)
    index: indexed(uint256)
    account: indexed(address)
    amount: uint256

token: public(immutable(IERC20))
judge: public(IJudge)
arbiter: public(address)
challengeWindow: public(uint256)
minStake: public(uint256)
votingPeriod: public(uint256)
quorum: public(uint256)
maxRewardBps: public(uint256)
rewardInterval: public(uint256)

batches: public(HashMap[uint256, Batch])
batchCount: public(uint256)
stakesHeld: public(uint256)

locked: public(HashMap[address, uint256])
lockedUntil: public(HashMap[address, uint256])
totalLocked: public(uint256)
proposals: public(HashMap[uint256, Proposal])
proposalCount: public(uint256)
voted: public(HashMap[uint256, HashMap[address, bool]])

datasetVersion: public(uint256)
datasetRoot: public(bytes32)
datasetExamples: public(uint256)
adoptedModel: public(uint256)

pool: public(uint256)
distributions: public(HashMap[uint256, Distribution])
distributionCount: public(uint256)
lastDistribution: public(uint256)
claimed: public(HashMap[uint256, HashMap[uint256, bool]])
unclaimed: public(uint256)


@deploy
def __init__(
    _token: IERC20,
    _judge: IJudge,
    _arbiter: address,
    _challenge_window: uint256,
    _min_stake: uint256,
    _voting_period: uint256,
    _quorum: uint256,
    _max_reward_bps: uint256,
    _reward_interval: uint256,
):
    assert _max_reward_bps <= BPS, "reward bps"
    token = _token
    self.judge = _judge
    self.arbiter = _arbiter
    self.challengeWindow = _challenge_window
    self.minStake = _min_stake
    self.votingPeriod = _voting_period
    self.quorum = _quorum
    self.maxRewardBps = _max_reward_bps
    self.rewardInterval = _reward_interval


@internal
def _pull(_from: address, _amount: uint256):
    if _amount > 0:
        assert extcall token.transferFrom(_from, self, _amount, default_return_value=True), "transfer failed"


@internal
def _push(_to: address, _amount: uint256):
    if _amount > 0:
        assert extcall token.transfer(_to, _amount, default_return_value=True), "transfer failed"


# -- data --------------------------------------------------------------------


@external
def submit(_content_hash: bytes32, _examples: uint256, _stake: uint256) -> uint256:
    """
    @notice Submit a batch: the keccak256 of its canonical content (stored off
            chain, see augury.dao.store), its size, and a stake.
    """
    assert _content_hash != empty(bytes32), "empty hash"
    assert _examples > 0, "empty batch"
    assert _stake >= self.minStake, "stake too low"
    batch_id: uint256 = self.batchCount + 1
    self.batchCount = batch_id
    self.batches[batch_id] = Batch(
        submitter=msg.sender,
        contentHash=_content_hash,
        examples=_examples,
        stake=_stake,
        submittedAt=block.timestamp,
        status=SUBMITTED,
        challenger=empty(address),
        challengeStake=0,
    )
    self.stakesHeld += _stake
    self._pull(msg.sender, _stake)
    log Submitted(batchId=batch_id, submitter=msg.sender, contentHash=_content_hash, examples=_examples, stake=_stake)
    return batch_id


@external
def challenge(_batch_id: uint256):
    """
    @notice Dispute a batch inside its window, staking as much as its submitter.
    """
    b: Batch = self.batches[_batch_id]
    assert b.status != 0, "unknown batch"
    assert b.status == SUBMITTED, "not challengeable"
    assert block.timestamp < b.submittedAt + self.challengeWindow, "window closed"
    assert msg.sender != b.submitter, "own batch"
    self.batches[_batch_id].status = CHALLENGED
    self.batches[_batch_id].challenger = msg.sender
    self.batches[_batch_id].challengeStake = b.stake
    self.stakesHeld += b.stake
    self._pull(msg.sender, b.stake)
    log BatchChallenged(batchId=_batch_id, challenger=msg.sender, stake=b.stake)


@external
def accept(_batch_id: uint256):
    """
    @notice Accept an unchallenged batch after its window; the stake returns.
    """
    b: Batch = self.batches[_batch_id]
    assert b.status == SUBMITTED, "not pending"
    assert block.timestamp >= b.submittedAt + self.challengeWindow, "window open"
    self.batches[_batch_id].status = ACCEPTED
    self.stakesHeld -= b.stake
    self._push(b.submitter, b.stake)
    log BatchSettled(batchId=_batch_id, accepted=True)


@view
@external
def challenged(_batch_id: uint256) -> bool:
    """
    @notice Whether the batch awaits the arbiter (the jury's dispute check).
    """
    return self.batches[_batch_id].status == CHALLENGED


@external
def rule(_batch_id: uint256, _accepted: bool):
    """
    @notice The arbiter's ruling on a challenged batch (upheld = accepted): the
            loser's stake goes to the winner, who also gets her own back.
    """
    assert msg.sender == self.arbiter, "only arbiter"
    b: Batch = self.batches[_batch_id]
    assert b.status == CHALLENGED, "not challenged"
    self.stakesHeld -= b.stake + b.challengeStake
    if _accepted:
        self.batches[_batch_id].status = ACCEPTED
        self._push(b.submitter, b.stake + b.challengeStake)
    else:
        self.batches[_batch_id].status = REJECTED
        self._push(b.challenger, b.stake + b.challengeStake)
    log BatchSettled(batchId=_batch_id, accepted=_accepted)


# -- votes -------------------------------------------------------------------


@external
def lock(_amount: uint256):
    """
    @notice Lock tokens as voting weight.
    """
    assert _amount > 0, "amount"
    self.locked[msg.sender] += _amount
    self.totalLocked += _amount
    self._pull(msg.sender, _amount)


@external
def unlock(_amount: uint256):
    """
    @notice Take locked tokens back once no proposal you voted on is open, so
            the same tokens cannot vote twice.
    """
    assert block.timestamp >= self.lockedUntil[msg.sender], "votes open"
    assert self.locked[msg.sender] >= _amount, "insufficient locked"
    self.locked[msg.sender] -= _amount
    self.totalLocked -= _amount
    self._push(msg.sender, _amount)


@external
def propose(_kind: uint8, _num: uint256, _num2: uint256, _num3: uint256, _root: bytes32, _flag: bool) -> uint256:
    """
    @notice Open a proposal. DATASET(version root `_root`, examples `_num`);
            ADOPT_MODEL(`_num`); PAUSE_MODEL(`_num`, paused `_flag`);
            MODEL_POLICY(`_num`, quota `_num2`, fee `_num3`);
            REWARDS(root `_root`, total `_num`). Only lockers may propose.
    """
    assert _kind >= DATASET and _kind <= REWARDS, "unknown kind"
    assert self.locked[msg.sender] > 0, "no voting power"
    proposal_id: uint256 = self.proposalCount + 1
    self.proposalCount = proposal_id
    end: uint256 = block.timestamp + self.votingPeriod
    self.proposals[proposal_id] = Proposal(
        proposer=msg.sender,
        kind=_kind,
        num=_num,
        num2=_num2,
        num3=_num3,
        root=_root,
        flag=_flag,
        start=block.timestamp,
        end=end,
        yes=0,
        no=0,
        executed=False,
    )
    log Proposed(proposalId=proposal_id, proposer=msg.sender, kind=_kind, end=end)
    return proposal_id


@external
def vote(_proposal_id: uint256, _support: bool):
    p: Proposal = self.proposals[_proposal_id]
    assert p.kind != 0, "unknown proposal"
    assert block.timestamp < p.end, "voting closed"
    assert not self.voted[_proposal_id][msg.sender], "already voted"
    weight: uint256 = self.locked[msg.sender]
    assert weight > 0, "no voting power"
    self.voted[_proposal_id][msg.sender] = True
    if _support:
        self.proposals[_proposal_id].yes += weight
    else:
        self.proposals[_proposal_id].no += weight
    if p.end > self.lockedUntil[msg.sender]:
        self.lockedUntil[msg.sender] = p.end
    log Voted(proposalId=_proposal_id, voter=msg.sender, support=_support, weight=weight)


@view
@external
def passed(_proposal_id: uint256) -> bool:
    p: Proposal = self.proposals[_proposal_id]
    return p.kind != 0 and block.timestamp >= p.end and p.yes > p.no and p.yes >= self.quorum


@external
def execute(_proposal_id: uint256):
    """
    @notice Carry out a proposal that passed. Anyone may call it, once.
    """
    p: Proposal = self.proposals[_proposal_id]
    assert p.kind != 0, "unknown proposal"
    assert block.timestamp >= p.end, "voting open"
    assert not p.executed, "already executed"
    assert p.yes > p.no and p.yes >= self.quorum, "not passed"
    self.proposals[_proposal_id].executed = True
    if p.kind == DATASET:
        self.datasetVersion += 1
        self.datasetRoot = p.root
        self.datasetExamples = p.num
        log DatasetVersion(version=self.datasetVersion, root=p.root, examples=p.num)
    elif p.kind == ADOPT_MODEL:
        self.adoptedModel = p.num
        log ModelAdopted(modelId=p.num)
    elif p.kind == PAUSE_MODEL:
        extcall self.judge.setPaused(p.num, p.flag)
    elif p.kind == MODEL_POLICY:
        extcall self.judge.setModelPolicy(p.num, p.num2, p.num3)
    else:
        self._post_rewards(p.root, p.num)
    log Executed(proposalId=_proposal_id, kind=p.kind)


# -- rewards -----------------------------------------------------------------


@external
def fund(_amount: uint256):
    """
    @notice Add to the reward pool.
    """
    self.pool += _amount
    self._pull(msg.sender, _amount)


@internal
def _post_rewards(_root: bytes32, _total: uint256):
    assert _root != empty(bytes32), "empty root"
    assert _total * BPS <= self.pool * self.maxRewardBps, "over reward cap"
    last: uint256 = self.lastDistribution
    assert last == 0 or block.timestamp >= last + self.rewardInterval, "too soon"
    self.lastDistribution = block.timestamp
    self.pool -= _total
    self.unclaimed += _total
    distribution_id: uint256 = self.distributionCount + 1
    self.distributionCount = distribution_id
    self.distributions[distribution_id] = Distribution(root=_root, total=_total, remaining=_total)
    log DistributionPosted(distributionId=distribution_id, root=_root, total=_total)


@pure
@internal
def _hash_pair(_a: bytes32, _b: bytes32) -> bytes32:
    if convert(_a, uint256) < convert(_b, uint256):
        return keccak256(concat(_a, _b))
    return keccak256(concat(_b, _a))


@external
def claim(
    _distribution_id: uint256,
    _index: uint256,
    _account: address,
    _amount: uint256,
    _proof: DynArray[bytes32, MAX_DEPTH],
):
    """
    @notice Pay leaf (`_index`, `_account`, `_amount`) of a distribution to
            `_account`; anyone may submit it, each leaf pays once.
    """
    d: Distribution = self.distributions[_distribution_id]
    assert d.root != empty(bytes32), "unknown distribution"
    assert not self.claimed[_distribution_id][_index], "already claimed"
    # double hashing: a leaf can never be passed off as an inner node
    node: bytes32 = keccak256(keccak256(abi_encode(_index, _account, _amount)))
    for sibling: bytes32 in _proof:
        node = self._hash_pair(node, sibling)
    assert node == d.root, "invalid proof"
    assert _amount <= d.remaining, "exceeds distribution"
    self.claimed[_distribution_id][_index] = True
    self.distributions[_distribution_id].remaining = d.remaining - _amount
    self.unclaimed -= _amount
    self._push(_account, _amount)
    log Claimed(distributionId=_distribution_id, index=_index, account=_account, amount=_amount)
