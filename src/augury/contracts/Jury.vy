# pragma version ~=0.4.3
# @title Jury
# @notice The human jury that resolves a random sample of closed markets.
#         Jurors stake the collateral token. Each round covers the markets whose
#         close time lies in [periodStart, periodEnd); a seed made by commit and
#         reveal picks a fraction of them; jurors commit and then reveal a vote
#         on each sampled market; the majority decides. Majority voters share
#         the round's reward per market; minority voters and jurors who commit
#         but do not reveal lose a fraction of their stake. Markets not sampled
#         settle by the rule they were opened with.
# @dev    Randomness trade-offs (docs/market.md): the seed is the XOR of secrets
#         that staked jurors commit before the markets close and reveal after,
#         so nobody knows the sample while trading is open. The last revealer
#         sees the others' secrets and may withhold hers, choosing between two
#         samples: withholding costs the seed slash, which bounds that bias.
#         blockhash or prevrandao alone would let a block proposer choose the
#         sample at no cost; prevrandao is only mixed in when the seed is fixed,
#         and it alone decides only when nobody revealed.
#         Stake is locked while a juror has unsettled commitments, so a slash
#         can always be taken. One juror, one vote: `minStake` prices Sybils.

from ethereum.ercs import IERC20

interface IMarkets:
    def resolve(_market: uint256, _outcome: uint256): nonpayable
    def settleByRule(_market: uint256): nonpayable
    def closeTime(_market: uint256) -> uint256: view
    def state(_market: uint256) -> uint256: view
    def balanceOf(_account: address) -> uint256: view
    def withdraw(_amount: uint256): nonpayable
    def token() -> address: view

struct Round:
    periodStart: uint256
    periodEnd: uint256
    ratePpm: uint256
    rewardPerMarket: uint256
    seedAcc: bytes32
    seedReveals: uint256
    seed: bytes32

PPM: constant(uint256) = 1_000_000
BPS: constant(uint256) = 10_000
UNDECIDED: constant(uint256) = 0
TIE: constant(uint256) = 3
MAX_BATCH: constant(uint256) = 256
# Bounds that keep a market's whole resolution inside Markets.vy's STUCK_GRACE (90 days
# after its close): a round lasts at most 30 days and each window at most 7, so a
# mistyped period end (milliseconds as seconds) cannot lock markets forever.
MAX_ROUND_LENGTH: constant(uint256) = 30 * 86400
MAX_WINDOW: constant(uint256) = 7 * 86400

event Staked:
    juror: indexed(address)
    amount: uint256

event Unstaked:
    juror: indexed(address)
    amount: uint256

event RoundOpened:
    round: indexed(uint256)
    periodStart: uint256
    periodEnd: uint256
    ratePpm: uint256
    rewardPerMarket: uint256

event SeedFixed:
    round: indexed(uint256)
    seed: bytes32
    reveals: uint256

event OwnerChanged:
    owner: indexed(address)

event VoteCommitted:
    market: indexed(uint256)
    juror: indexed(address)

event VoteRevealed:
    market: indexed(uint256)
    juror: indexed(address)
    vote: uint256

event Finalized:
    market: indexed(uint256)
    result: uint256
    yes: uint256
    no: uint256
    rewardEach: uint256

event JurorSettled:
    market: indexed(uint256)
    juror: indexed(address)
    reward: uint256
    slashed: uint256

markets: public(immutable(IMarkets))
token: public(immutable(IERC20))
minStake: public(immutable(uint256))
slashBps: public(immutable(uint256))
seedRevealPeriod: public(immutable(uint256))
commitPeriod: public(immutable(uint256))
revealPeriod: public(immutable(uint256))
owner: public(address)

stakeOf: public(HashMap[address, uint256])
pending: public(HashMap[address, uint256])
pool: public(uint256)
roundCount: public(uint256)
rounds: public(HashMap[uint256, Round])
seedCommit: public(HashMap[uint256, HashMap[address, bytes32]])
voteCommit: public(HashMap[uint256, HashMap[address, bytes32]])
voteOf: public(HashMap[uint256, HashMap[address, uint256]])   # 0 none, 1 NO, 2 YES
tally: public(HashMap[uint256, uint256[2]])                   # [no, yes]
result: public(HashMap[uint256, uint256])                     # 0 none, 1 NO, 2 YES, 3 tie
rewardEach: public(HashMap[uint256, uint256])


@deploy
def __init__(
    _markets: address,
    _min_stake: uint256,
    _slash_bps: uint256,
    _seed_reveal_period: uint256,
    _commit_period: uint256,
    _reveal_period: uint256,
):
    """
    @param _slash_bps fraction of stake (basis points) a minority voter, a
           juror who does not reveal a vote, or one who does not reveal a seed
           secret loses
    @param _seed_reveal_period, _commit_period, _reveal_period seconds of the
           windows that follow a round's periodEnd, in that order
    """
    assert _slash_bps <= BPS, "slash above 100%"
    assert _seed_reveal_period > 0 and _commit_period > 0 and _reveal_period > 0, \
        "empty window"
    assert _seed_reveal_period <= MAX_WINDOW and _commit_period <= MAX_WINDOW, "window too long"
    assert _reveal_period <= MAX_WINDOW, "window too long"
    markets = IMarkets(_markets)
    token = IERC20(staticcall IMarkets(_markets).token())
    minStake = _min_stake
    slashBps = _slash_bps
    seedRevealPeriod = _seed_reveal_period
    commitPeriod = _commit_period
    revealPeriod = _reveal_period
    self.owner = msg.sender


@external
def setOwner(_owner: address):
    """
    @notice Hand the opening of rounds (sample rate, reward) to another address,
            e.g. the data DAO.
    """
    assert msg.sender == self.owner, "only owner"
    assert _owner != empty(address), "owner is the zero address"
    self.owner = _owner
    log OwnerChanged(owner=_owner)


# ------------------------------------------------------------------ stake and fees

@external
def stake(_amount: uint256):
    assert _amount > 0, "zero stake"
    assert extcall token.transferFrom(msg.sender, self, _amount, default_return_value=True), \
        "stake transfer failed"
    self.stakeOf[msg.sender] += _amount
    log Staked(juror=msg.sender, amount=_amount)


@external
def unstake(_amount: uint256):
    assert self.pending[msg.sender] == 0, "stake locked by pending votes"
    assert self.stakeOf[msg.sender] >= _amount, "insufficient stake"
    self.stakeOf[msg.sender] -= _amount
    assert extcall token.transfer(msg.sender, _amount, default_return_value=True), \
        "stake transfer failed"
    log Unstaked(juror=msg.sender, amount=_amount)


@external
def collectFees() -> uint256:
    """
    @notice Move the market creation fees accrued to this contract in Markets
            into the reward pool. Anyone may call.
    """
    amount: uint256 = staticcall markets.balanceOf(self)
    if amount > 0:
        extcall markets.withdraw(amount)
        self.pool += amount
    return amount


@external
def fund(_amount: uint256):
    """
    @notice Add to the reward pool (a DAO paying for resolution).
    """
    assert extcall token.transferFrom(msg.sender, self, _amount, default_return_value=True), \
        "fund transfer failed"
    self.pool += _amount


# ------------------------------------------------------------------ rounds and seed

@external
def openRound(_period_end: uint256, _rate_ppm: uint256, _reward_per_market: uint256) -> uint256:
    """
    @notice Open the next round. It covers markets closing in
            [previous periodEnd, _period_end) and samples each with
            probability _rate_ppm / 1e6. Opened before the period ends, so seed
            secrets are committed while its markets still trade.
    """
    assert msg.sender == self.owner, "only owner"
    assert _rate_ppm <= PPM, "rate above 100%"
    assert _period_end > block.timestamp, "period end in the past"
    assert _period_end <= block.timestamp + MAX_ROUND_LENGTH, "round too long"
    n: uint256 = self.roundCount
    start: uint256 = 0
    if n > 0:
        start = self.rounds[n].periodEnd
    assert _period_end > start, "period end before previous round's"
    n += 1
    self.roundCount = n
    self.rounds[n] = Round(
        periodStart=start,
        periodEnd=_period_end,
        ratePpm=_rate_ppm,
        rewardPerMarket=_reward_per_market,
        seedAcc=empty(bytes32),
        seedReveals=0,
        seed=empty(bytes32),
    )
    log RoundOpened(
        round=n, periodStart=start, periodEnd=_period_end, ratePpm=_rate_ppm,
        rewardPerMarket=_reward_per_market
    )
    return n


@internal
@view
def _round(_round: uint256) -> Round:
    assert _round >= 1 and _round <= self.roundCount, "unknown round"
    return self.rounds[_round]


@external
def commitSeed(_round: uint256, _hash: bytes32):
    """
    @notice Commit keccak256(abi_encode(secret, juror)) before the period ends.
    """
    r: Round = self._round(_round)
    assert block.timestamp < r.periodEnd, "seed commit window closed"
    assert self.stakeOf[msg.sender] >= minStake, "stake below minimum"
    assert self.seedCommit[_round][msg.sender] == empty(bytes32), "already committed"
    assert _hash != empty(bytes32), "empty commitment"
    self.seedCommit[_round][msg.sender] = _hash
    self.pending[msg.sender] += 1


@external
def revealSeed(_round: uint256, _secret: bytes32):
    r: Round = self._round(_round)
    assert block.timestamp >= r.periodEnd, "seed reveal window not open"
    assert block.timestamp < r.periodEnd + seedRevealPeriod, "seed reveal window closed"
    c: bytes32 = self.seedCommit[_round][msg.sender]
    assert c != empty(bytes32), "no seed commitment"
    assert keccak256(abi_encode(_secret, msg.sender)) == c, "seed does not match commitment"
    self.seedCommit[_round][msg.sender] = empty(bytes32)
    self.pending[msg.sender] -= 1
    self.rounds[_round].seedAcc = convert(
        convert(r.seedAcc, uint256) ^ convert(keccak256(abi_encode(_secret, msg.sender)), uint256),
        bytes32,
    )
    self.rounds[_round].seedReveals = r.seedReveals + 1


@external
def slashSeed(_round: uint256, _juror: address):
    """
    @notice After the seed reveal window, slash a juror who committed a seed
            secret and did not reveal it. Anyone may call.
    """
    r: Round = self._round(_round)
    assert block.timestamp >= r.periodEnd + seedRevealPeriod, "seed reveal window open"
    assert self.seedCommit[_round][_juror] != empty(bytes32), "nothing to slash"
    self.seedCommit[_round][_juror] = empty(bytes32)
    self.pending[_juror] -= 1
    self._slash(_juror)


@internal
def _slash(_juror: address) -> uint256:
    s: uint256 = self.stakeOf[_juror] * slashBps // BPS
    self.stakeOf[_juror] -= s
    self.pool += s
    return s


@internal
def _seed(_round: uint256) -> bytes32:
    r: Round = self._round(_round)
    if r.seed != empty(bytes32):
        return r.seed
    assert block.timestamp >= r.periodEnd + seedRevealPeriod, "seed not fixed yet"
    seed: bytes32 = keccak256(abi_encode(r.seedAcc, _round, block.prevrandao))
    if r.seedReveals > 0:
        seed = keccak256(abi_encode(r.seedAcc, _round))
    self.rounds[_round].seed = seed
    log SeedFixed(round=_round, seed=seed, reveals=r.seedReveals)
    return seed


@external
def fixSeed(_round: uint256) -> bytes32:
    """
    @notice Fix the round's seed once the seed reveal window has passed.
    """
    return self._seed(_round)


@internal
@pure
def _is_sampled(_seed: bytes32, _market: uint256, _rate_ppm: uint256) -> bool:
    return convert(keccak256(abi_encode(_seed, _market)), uint256) % PPM < _rate_ppm


@internal
@view
def _check_in_round(r: Round, _market: uint256):
    t: uint256 = staticcall markets.closeTime(_market)
    assert t != 0, "unknown market"
    assert t >= r.periodStart and t < r.periodEnd, "market not in round"


@external
@view
def isSampled(_round: uint256, _market: uint256) -> bool:
    """
    @notice Whether the (fixed) seed of `_round` samples `_market`.
    """
    r: Round = self._round(_round)
    assert r.seed != empty(bytes32), "seed not fixed yet"
    return self._is_sampled(r.seed, _market, r.ratePpm)


@external
def settleUnsampled(_round: uint256, _market: uint256):
    """
    @notice Settle a market of the round that the seed did not sample, by its
            own rule. Anyone may call once the seed is fixed.
    """
    r: Round = self._round(_round)
    self._check_in_round(r, _market)
    assert not self._is_sampled(self._seed(_round), _market, self.rounds[_round].ratePpm), \
        "market sampled"
    extcall markets.settleByRule(_market)


@external
def settleUnsampledMany(_round: uint256, _markets: DynArray[uint256, MAX_BATCH]):
    r: Round = self._round(_round)
    seed: bytes32 = self._seed(_round)
    for m: uint256 in _markets:
        self._check_in_round(r, m)
        assert not self._is_sampled(seed, m, r.ratePpm), "market sampled"
        extcall markets.settleByRule(m)


# ------------------------------------------------------------------ votes

@internal
def _commit_vote(_round: uint256, _market: uint256, _hash: bytes32):
    r: Round = self._round(_round)
    seed: bytes32 = self._seed(_round)
    vote_start: uint256 = r.periodEnd + seedRevealPeriod
    assert block.timestamp < vote_start + commitPeriod, "vote commit window closed"
    assert self.stakeOf[msg.sender] >= minStake, "stake below minimum"
    self._check_in_round(r, _market)
    assert self._is_sampled(seed, _market, r.ratePpm), "market not sampled"
    assert self.voteCommit[_market][msg.sender] == empty(bytes32), "already committed"
    assert _hash != empty(bytes32), "empty commitment"
    self.voteCommit[_market][msg.sender] = _hash
    self.pending[msg.sender] += 1
    log VoteCommitted(market=_market, juror=msg.sender)


@external
def commitVote(_round: uint256, _market: uint256, _hash: bytes32):
    """
    @notice Commit keccak256(abi_encode(market, vote, salt, juror)) on a sampled
            market, vote 0 = NO, 1 = YES.
    """
    self._commit_vote(_round, _market, _hash)


@external
def commitVotes(_round: uint256, _markets: DynArray[uint256, MAX_BATCH],
                _hashes: DynArray[bytes32, MAX_BATCH]):
    assert len(_markets) == len(_hashes), "array lengths differ"
    for i: uint256 in range(len(_markets), bound=MAX_BATCH):
        self._commit_vote(_round, _markets[i], _hashes[i])


@internal
def _reveal_vote(_round: uint256, _market: uint256, _vote: uint256, _salt: bytes32):
    r: Round = self._round(_round)
    commit_end: uint256 = r.periodEnd + seedRevealPeriod + commitPeriod
    assert block.timestamp >= commit_end, "vote reveal window not open"
    assert block.timestamp < commit_end + revealPeriod, "vote reveal window closed"
    self._check_in_round(r, _market)
    assert _vote <= 1, "unknown vote"
    c: bytes32 = self.voteCommit[_market][msg.sender]
    assert c != empty(bytes32), "no vote commitment"
    assert self.voteOf[_market][msg.sender] == 0, "already revealed"
    assert keccak256(abi_encode(_market, _vote, _salt, msg.sender)) == c, \
        "vote does not match commitment"
    self.voteOf[_market][msg.sender] = _vote + 1
    self.tally[_market][_vote] += 1
    log VoteRevealed(market=_market, juror=msg.sender, vote=_vote)


@external
def revealVote(_round: uint256, _market: uint256, _vote: uint256, _salt: bytes32):
    self._reveal_vote(_round, _market, _vote, _salt)


@external
def revealVotes(_round: uint256, _markets: DynArray[uint256, MAX_BATCH],
                _votes: DynArray[uint256, MAX_BATCH], _salts: DynArray[bytes32, MAX_BATCH]):
    assert len(_markets) == len(_votes) and len(_markets) == len(_salts), "array lengths differ"
    for i: uint256 in range(len(_markets), bound=MAX_BATCH):
        self._reveal_vote(_round, _markets[i], _votes[i], _salts[i])


@external
def finalize(_round: uint256, _market: uint256) -> uint256:
    """
    @notice After the reveal window, resolve a sampled market by majority (a
            tie, or no votes, settles it by its rule) and set the reward each
            majority juror gets. Returns 1 = NO, 2 = YES, 3 = tie.
    """
    r: Round = self._round(_round)
    assert block.timestamp >= r.periodEnd + seedRevealPeriod + commitPeriod + revealPeriod, \
        "vote reveal window open"
    self._check_in_round(r, _market)
    assert self._is_sampled(self._seed(_round), _market, r.ratePpm), "market not sampled"
    assert self.result[_market] == UNDECIDED, "already finalized"
    t: uint256[2] = self.tally[_market]
    res: uint256 = TIE
    winners: uint256 = 0
    if t[1] > t[0]:
        res = 2
        winners = t[1]
    elif t[0] > t[1]:
        res = 1
        winners = t[0]
    self.result[_market] = res
    each: uint256 = 0
    if res == TIE:
        extcall markets.settleByRule(_market)
    else:
        extcall markets.resolve(_market, res - 1)
        each = min(r.rewardPerMarket, self.pool) // winners
        self.pool -= each * winners
        self.rewardEach[_market] = each
    log Finalized(market=_market, result=res, yes=t[1], no=t[0], rewardEach=each)
    return res


@external
def settleJuror(_market: uint256, _juror: address) -> uint256:
    """
    @notice After finalize, pay a committed juror's reward into her stake or
            take her slash (minority vote, or no reveal). On a tie revealed
            votes are neither paid nor slashed. Anyone may call.
    """
    res: uint256 = self.result[_market]
    assert res != UNDECIDED, "market not finalized"
    assert self.voteCommit[_market][_juror] != empty(bytes32), "nothing to settle"
    self.voteCommit[_market][_juror] = empty(bytes32)
    self.pending[_juror] -= 1
    v: uint256 = self.voteOf[_market][_juror]
    reward: uint256 = 0
    slashed: uint256 = 0
    if v != 0 and v == res:
        reward = self.rewardEach[_market]
        self.stakeOf[_juror] += reward
    elif v == 0 or res != TIE:
        slashed = self._slash(_juror)
    log JurorSettled(market=_market, juror=_juror, reward=reward, slashed=slashed)
    return reward


# ------------------------------------------------------------------ disputes
# The same staked jurors also rule on disputes raised elsewhere in the protocol:
# a challenged answer of the AI judge (Judge.vy) or a challenged data batch
# (DataDAO.vy). Such a contract (a "court") exposes `challenged(case)` and
# `rule(case, upheld)`; the owner allowlists courts. Anyone opens a dispute for
# a challenged case; staked jurors commit keccak256(abi_encode(dispute, upheld,
# salt, juror)) during `commitPeriod`, reveal during `revealPeriod`; then anyone
# resolves it: the majority decides (a tie keeps the challenged thing standing,
# the status quo) and the court is told. Jurors who voted with the minority, or
# committed and did not reveal, lose `slashBps` of their stake to the pool.

interface IArbitrable:
    def challenged(_case: uint256) -> bool: view
    def rule(_case: uint256, _upheld: bool): nonpayable

struct Dispute:
    court: address
    case: uint256
    opened: uint256
    upheldVotes: uint256
    rejectedVotes: uint256
    resolved: bool
    upheld: bool

event CourtSet:
    court: indexed(address)
    allowed: bool

event DisputeOpened:
    dispute: indexed(uint256)
    court: indexed(address)
    case: indexed(uint256)

event DisputeResolved:
    dispute: indexed(uint256)
    upheld: bool
    upheldVotes: uint256
    rejectedVotes: uint256

courts: public(HashMap[address, bool])
disputes: public(HashMap[uint256, Dispute])
disputeCount: public(uint256)
disputeOf: public(HashMap[address, HashMap[uint256, uint256]])
disputeCommit: public(HashMap[uint256, HashMap[address, bytes32]])
disputeVote: public(HashMap[uint256, HashMap[address, uint256]])  # 0 none, 1 rejected, 2 upheld


@external
def setCourt(_court: address, _allowed: bool):
    assert msg.sender == self.owner, "only owner"
    self.courts[_court] = _allowed
    log CourtSet(court=_court, allowed=_allowed)


@external
def openDispute(_court: address, _case: uint256) -> uint256:
    """
    @notice Bring a challenged case of an allowlisted court before the jury.
    """
    assert self.courts[_court], "unknown court"
    assert self.disputeOf[_court][_case] == 0, "dispute already open"
    assert staticcall IArbitrable(_court).challenged(_case), "case not challenged"
    d: uint256 = self.disputeCount + 1
    self.disputeCount = d
    self.disputes[d] = Dispute(
        court=_court, case=_case, opened=block.timestamp, upheldVotes=0, rejectedVotes=0,
        resolved=False, upheld=False
    )
    self.disputeOf[_court][_case] = d
    log DisputeOpened(dispute=d, court=_court, case=_case)
    return d


@internal
@view
def _dispute(_d: uint256) -> Dispute:
    x: Dispute = self.disputes[_d]
    assert x.court != empty(address), "unknown dispute"
    return x


@external
def commitDisputeVote(_d: uint256, _hash: bytes32):
    x: Dispute = self._dispute(_d)
    assert block.timestamp < x.opened + commitPeriod, "vote commit window closed"
    assert self.stakeOf[msg.sender] >= minStake, "stake below minimum"
    assert self.disputeCommit[_d][msg.sender] == empty(bytes32), "already committed"
    assert _hash != empty(bytes32), "empty commitment"
    self.disputeCommit[_d][msg.sender] = _hash
    self.pending[msg.sender] += 1


@external
def revealDisputeVote(_d: uint256, _upheld: bool, _salt: bytes32):
    x: Dispute = self._dispute(_d)
    start: uint256 = x.opened + commitPeriod
    assert block.timestamp >= start, "vote reveal window not open"
    assert block.timestamp < start + revealPeriod, "vote reveal window closed"
    c: bytes32 = self.disputeCommit[_d][msg.sender]
    assert c != empty(bytes32), "no vote commitment"
    assert self.disputeVote[_d][msg.sender] == 0, "already revealed"
    assert keccak256(abi_encode(_d, _upheld, _salt, msg.sender)) == c, \
        "vote does not match commitment"
    if _upheld:
        self.disputeVote[_d][msg.sender] = 2
        self.disputes[_d].upheldVotes = x.upheldVotes + 1
    else:
        self.disputeVote[_d][msg.sender] = 1
        self.disputes[_d].rejectedVotes = x.rejectedVotes + 1


@external
def resolveDispute(_d: uint256) -> bool:
    """
    @notice After the reveal window, tell the court the majority's ruling.
    """
    x: Dispute = self._dispute(_d)
    assert not x.resolved, "already resolved"
    assert block.timestamp >= x.opened + commitPeriod + revealPeriod, "voting open"
    upheld: bool = x.upheldVotes >= x.rejectedVotes
    self.disputes[_d].resolved = True
    self.disputes[_d].upheld = upheld
    log DisputeResolved(
        dispute=_d, upheld=upheld, upheldVotes=x.upheldVotes, rejectedVotes=x.rejectedVotes
    )
    extcall IArbitrable(x.court).rule(x.case, upheld)
    return upheld


@external
def settleDisputeJuror(_d: uint256, _juror: address) -> uint256:
    """
    @notice Release a juror's stake lock after resolution; slash a minority
            vote or a missing reveal. Anyone may call. Returns the slash.
    """
    x: Dispute = self._dispute(_d)
    assert x.resolved, "dispute not resolved"
    assert self.disputeCommit[_d][_juror] != empty(bytes32), "nothing to settle"
    self.disputeCommit[_d][_juror] = empty(bytes32)
    self.pending[_juror] -= 1
    v: uint256 = self.disputeVote[_d][_juror]
    majority: uint256 = 1
    if x.upheld:
        majority = 2
    if v == majority:
        return 0
    return self._slash(_juror)
