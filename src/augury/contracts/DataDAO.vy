# pragma version ~=0.4.3
# @title DataDAO
# @notice "AI as the objective of the game": the DAO that curates the judge's
#         training data and governs the model trained on it.
#         - Contributors submit batches of labelled examples: the content hash
#           goes on chain with a stake. During a challenge window anyone may
#           challenge with a stake, and later challengers join; the arbiter
#           (the court) rules. A rejected batch's stake is split: a part
#           burned, a juror fee to the arbiter, the rest to the challengers;
#           an upheld one earns the challengers' stakes less the juror fee.
#           Unchallenged batches are accepted.
#         - Token holders lock tokens to vote; a vote weighs what the voter had
#           locked when the proposal was made (checkpoints), not what he holds
#           when he votes (audit L-2). Proposals that pass (more yes
#           than no, and yes at least the quorum) act when executed: a new
#           dataset version, the adopted judge model, pausing a model (the kill
#           switch), a model's quota and fee, a reward distribution, or the
#           Judge's (and this DAO's) parameters after governance is handed over:
#           the challenge policy, the arbiter, forwarders, governance itself.
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
    def setPolicy(_challenge_window: uint256, _challenge_bond: uint256, _epoch_length: uint256): nonpayable
    def setArbiter(_arbiter: address): nonpayable
    def setGovernance(_governance: address): nonpayable
    def setForwarder(_forwarder: address, _allowed: bool): nonpayable

interface IBurnable:
    def burn(_value: uint256): nonpayable

SUBMITTED: constant(uint8) = 1
CHALLENGED: constant(uint8) = 2
ACCEPTED: constant(uint8) = 3
REJECTED: constant(uint8) = 4

DATASET: constant(uint8) = 1
ADOPT_MODEL: constant(uint8) = 2
PAUSE_MODEL: constant(uint8) = 3
MODEL_POLICY: constant(uint8) = 4
REWARDS: constant(uint8) = 5
JUDGE_POLICY: constant(uint8) = 6
ARBITER: constant(uint8) = 7
GOVERNANCE: constant(uint8) = 8
FORWARDER: constant(uint8) = 9

BPS: constant(uint256) = 10_000
MAX_DEPTH: constant(uint256) = 32
# As in Judge.vy (audit H-4): challengers may join a challenge up to this bound; of a
# rejected batch's stake SLASH_BURN_BPS is burned (nobody, least of all the submitter's
# own second address, gets it back) and JUROR_FEE_BPS of the losing side's forfeit goes
# to the arbiter, which pays its jurors with it.
MAX_CHALLENGERS: constant(uint256) = 16
SLASH_BURN_BPS: constant(uint256) = 2_000
JUROR_FEE_BPS: constant(uint256) = 2_000
# binary search depth over an account's lock checkpoints (2**64 entries)
SEARCH_STEPS: constant(uint256) = 64

struct Batch:
    submitter: address
    contentHash: bytes32
    examples: uint256
    stake: uint256
    submittedAt: uint256
    status: uint8
    challenger: address  # the first challenger; all are in `challengers`
    challengeStake: uint256  # the stakes of all challengers together

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

struct Checkpoint:
    at: uint256  # timestamp from which `amount` is the account's locked balance
    amount: uint256

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

event Penalty:
    batchId: indexed(uint256)
    arbiter: indexed(address)
    forfeit: uint256
    burned: uint256
    jurorFee: uint256
    toWinners: uint256

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
challengers: public(HashMap[uint256, DynArray[address, MAX_CHALLENGERS]])
stakePosted: public(HashMap[uint256, HashMap[address, uint256]])

locked: public(HashMap[address, uint256])
lockedUntil: public(HashMap[address, uint256])
totalLocked: public(uint256)
# Each account's locked balance over time (audit L-2): `checkpoints[a][i]` for
# i < checkpointCount[a], in time order; and when it last unlocked.
checkpoints: public(HashMap[address, HashMap[uint256, Checkpoint]])
checkpointCount: public(HashMap[address, uint256])
lastUnlock: public(HashMap[address, uint256])
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
    assert _stake >= self.minStake and _stake > 0, "stake too low"
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
    @notice Dispute a batch inside its window, staking as much as its
            submitter; later challengers join (each staking as much) until the
            window closes, so a submitter who challenges his own batch from a
            second address first does not keep honest challengers out (H-4).
    """
    b: Batch = self.batches[_batch_id]
    assert b.status != 0, "unknown batch"
    assert b.status == SUBMITTED or b.status == CHALLENGED, "not challengeable"
    assert block.timestamp < b.submittedAt + self.challengeWindow, "window closed"
    assert msg.sender != b.submitter, "own batch"
    assert self.stakePosted[_batch_id][msg.sender] == 0, "already challenged"
    assert len(self.challengers[_batch_id]) < MAX_CHALLENGERS, "too many challengers"
    if b.status == SUBMITTED:
        self.batches[_batch_id].status = CHALLENGED
        self.batches[_batch_id].challenger = msg.sender
    self.challengers[_batch_id].append(msg.sender)
    self.stakePosted[_batch_id][msg.sender] = b.stake
    self.batches[_batch_id].challengeStake = b.challengeStake + b.stake
    self.stakesHeld += b.stake
    self._pull(msg.sender, b.stake)
    log BatchChallenged(batchId=_batch_id, challenger=msg.sender, stake=b.stake)


@view
@external
def challengerCount(_batch_id: uint256) -> uint256:
    return len(self.challengers[_batch_id])


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
    @notice The arbiter's ruling on a challenged batch (upheld = accepted).
            Accepted: the submitter gets his stake back and the challengers'
            stakes less the juror fee. Rejected: each challenger gets his stake
            back; the submitter's stake is split: `SLASH_BURN_BPS` burned,
            `JUROR_FEE_BPS` to the arbiter (msg.sender, the court, which pays
            its jurors), the rest to the challengers pro rata to their stakes.
    """
    assert msg.sender == self.arbiter, "only arbiter"
    b: Batch = self.batches[_batch_id]
    assert b.status == CHALLENGED, "not challenged"
    self.stakesHeld -= b.stake + b.challengeStake
    forfeit: uint256 = b.challengeStake
    juror_fee: uint256 = 0
    burned: uint256 = 0
    paid: uint256 = 0
    if _accepted:
        self.batches[_batch_id].status = ACCEPTED
        juror_fee = forfeit * JUROR_FEE_BPS // BPS
        paid = forfeit - juror_fee
        self._push(b.submitter, b.stake + paid)
    else:
        self.batches[_batch_id].status = REJECTED
        forfeit = b.stake
        juror_fee = forfeit * JUROR_FEE_BPS // BPS
        shared: uint256 = forfeit * (BPS - SLASH_BURN_BPS - JUROR_FEE_BPS) // BPS
        everyone: DynArray[address, MAX_CHALLENGERS] = self.challengers[_batch_id]
        for who: address in everyone:
            posted: uint256 = self.stakePosted[_batch_id][who]
            share: uint256 = shared * posted // b.challengeStake
            paid += share
            self._push(who, posted + share)
        burned = forfeit - juror_fee - paid
        if burned > 0:
            extcall IBurnable(token.address).burn(burned)
    self._push(msg.sender, juror_fee)
    log Penalty(
        batchId=_batch_id, arbiter=msg.sender, forfeit=forfeit, burned=burned, jurorFee=juror_fee, toWinners=paid
    )
    log BatchSettled(batchId=_batch_id, accepted=_accepted)


# -- votes -------------------------------------------------------------------


@internal
def _checkpoint(_who: address, _amount: uint256):
    n: uint256 = self.checkpointCount[_who]
    if n > 0 and self.checkpoints[_who][n - 1].at == block.timestamp:
        self.checkpoints[_who][n - 1].amount = _amount
        return
    self.checkpoints[_who][n] = Checkpoint(at=block.timestamp, amount=_amount)
    self.checkpointCount[_who] = n + 1


@view
@internal
def _locked_at(_who: address, _time: uint256) -> uint256:
    # the amount of the last checkpoint at or before `_time` (binary search)
    lo: uint256 = 0
    hi: uint256 = self.checkpointCount[_who]
    for _: uint256 in range(SEARCH_STEPS):
        if lo >= hi:
            break
        mid: uint256 = (lo + hi) // 2
        if self.checkpoints[_who][mid].at > _time:
            hi = mid
        else:
            lo = mid + 1
    if lo == 0:
        return 0
    return self.checkpoints[_who][lo - 1].amount


@view
@external
def getPastVotes(_who: address, _time: uint256) -> uint256:
    """
    @notice What `_who` had locked at time `_time` (the end of that second).
    """
    return self._locked_at(_who, _time)


@view
@external
def votingPower(_proposal_id: uint256, _who: address) -> uint256:
    """
    @notice The weight `_who` would vote on the proposal with now: his lock at
            the proposal's creation, or nothing if he unlocked since.
    """
    start: uint256 = self.proposals[_proposal_id].start
    if self.lastUnlock[_who] >= start:
        return 0
    return self._locked_at(_who, start)


@external
def lock(_amount: uint256):
    """
    @notice Lock tokens as voting weight, for proposals made from now on.
    """
    assert _amount > 0, "amount"
    self.locked[msg.sender] += _amount
    self.totalLocked += _amount
    self._checkpoint(msg.sender, self.locked[msg.sender])
    self._pull(msg.sender, _amount)


@external
def unlock(_amount: uint256):
    """
    @notice Take locked tokens back once no proposal you voted on is open, so
            the same tokens cannot vote twice. Unlocking forgoes your vote on
            proposals open now that you have not voted on yet: otherwise tokens
            locked when a proposal is made could leave, and come back borrowed
            for the vote, held for a few blocks at each end (audit L-2).
    """
    assert block.timestamp >= self.lockedUntil[msg.sender], "votes open"
    assert self.locked[msg.sender] >= _amount, "insufficient locked"
    self.locked[msg.sender] -= _amount
    self.totalLocked -= _amount
    self.lastUnlock[msg.sender] = block.timestamp
    self._checkpoint(msg.sender, self.locked[msg.sender])
    self._push(msg.sender, _amount)


@external
def propose(_kind: uint8, _num: uint256, _num2: uint256, _num3: uint256, _root: bytes32, _flag: bool) -> uint256:
    """
    @notice Open a proposal. DATASET(version root `_root`, examples `_num`);
            ADOPT_MODEL(`_num`); PAUSE_MODEL(`_num`, paused `_flag`);
            MODEL_POLICY(`_num`, quota `_num2`, fee `_num3`);
            REWARDS(root `_root`, total `_num`);
            JUDGE_POLICY(window `_num`, bond `_num2`, epoch `_num3`);
            ARBITER(address `_num`: the court of the Judge and of this DAO);
            GOVERNANCE(address `_num`: the Judge's next governance);
            FORWARDER(address `_num`, allowed `_flag`). Only lockers may propose.
            Votes weigh the locks of the proposal's creation time.
    """
    assert _kind >= DATASET and _kind <= FORWARDER, "unknown kind"
    if _kind >= ARBITER:
        assert _num != 0 and _num < 2**160, "not an address"
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
    """
    @notice Vote with what you had locked when the proposal was made (and have
            not unlocked since): tokens locked after it count for later
            proposals only (audit L-2). The tokens stay locked until its end.
    """
    p: Proposal = self.proposals[_proposal_id]
    assert p.kind != 0, "unknown proposal"
    assert block.timestamp < p.end, "voting closed"
    assert not self.voted[_proposal_id][msg.sender], "already voted"
    assert self.lastUnlock[msg.sender] < p.start, "unlocked since the proposal"
    weight: uint256 = self._locked_at(msg.sender, p.start)
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
    elif p.kind == REWARDS:
        self._post_rewards(p.root, p.num)
    elif p.kind == JUDGE_POLICY:
        extcall self.judge.setPolicy(p.num, p.num2, p.num3)
    elif p.kind == ARBITER:
        # one court for the protocol: the Judge's disputes and this DAO's batches
        court: address = convert(convert(p.num, uint160), address)
        extcall self.judge.setArbiter(court)
        self.arbiter = court
    elif p.kind == GOVERNANCE:
        extcall self.judge.setGovernance(convert(convert(p.num, uint160), address))
    else:
        extcall self.judge.setForwarder(convert(convert(p.num, uint160), address), p.flag)
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
