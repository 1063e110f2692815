# pragma version ~=0.4.3
# @title Jury
# @notice The market sampler: it picks, with a seed nobody knows while markets
#         trade, which closed markets a human court resolves; the others settle
#         by the rule they were opened with. Each round covers the markets whose
#         close time lies in [periodStart, periodEnd); markets closing between
#         rounds (a gap) are never sampled and settle by rule (`settleGap`).
#         The voting itself is the court's (Court.vy): for it this contract is
#         an arbitrable, like Judge.vy and DataDAO.vy: `challenged(market)` is
#         true while a sampled market awaits a verdict, and the court's
#         `rule(market, upheld)` resolves it YES if upheld, else NO, and pays the
#         court the round's reward per market out of the pool.
# @dev    The seed (audit C-1, M-1). Anyone may commit
#         keccak256(abi_encode(secret, committer, round)) before periodStart,
#         bonding `seedBond` tokens. The first transaction at or after
#         periodStart that touches the round records that block's prevrandao
#         (`closeCommits`): committers cannot know it when they commit, and the
#         proposer cannot know their secrets. After periodEnd the committers
#         reveal; each revealed SECRET (never the public commitment) is XOR-ed
#         as keccak256(abi_encode(secret)) into an accumulator, and after the
#         reveal window seed = keccak256(abi_encode(acc, randao, round)). With no
#         reveal at all, `fixSeed` first anchors a block still to come and the
#         seed is keccak256(abi_encode(acc, randao, blockhash(anchor), round)),
#         taken in a later block (re-anchored if that hash has expired).
#         What remains trusted:
#         * One honest committer hides the sample until periodEnd, when every
#           market of the round has closed. Committers who ALL collude know the
#           seed as soon as the prevrandao is recorded (and may time that call to
#           pick among block values); with no committer at all, the proposer of
#           the anchor block can grind its hash (the blockhash RNG of Kleros).
#         * Withholding: the last revealer sees the others' secrets and chooses
#           between revealing and withholding each secret she controls. k
#           secrets give her at most 2^k candidate samples, at a cost of k whole
#           bonds (a non-revealer forfeits all of it to the reward pool). If a
#           set of markets is sampled the way she wants with probability p under
#           a fresh seed, her best choice among 2^k raises that to
#           1 - (1 - p)^(2^k) and costs k * seedBond: steering is only worth it
#           when the value steered exceeds seedBond per bit, so the bond must be
#           sized to what a round's sample can move. A VDF or a threshold beacon
#           would remove this last bias.
#         * No transaction may succeed or fail on a sample it can observe in the
#           same transaction: every reader of the sample (isSampled,
#           settleUnsampled, challenged, rule) needs block.number > the block the
#           seed was fixed in, so a contract that fixes the seed and reverts
#           when its markets are sampled gains nothing.
#         Rounds (audit L-3, M-4). The owner (the deployer, later e.g. a DAO)
#         sets the schedule: round length, sample rate, reward per market. Once
#         a schedule is set, ANYONE opens the next round as soon as the current
#         one has started (`openNextRound`), so a DAO that cannot call owner
#         functions does not stop the rounds; the owner may also open a round of
#         its own choice (`openRound`), bounded to 30 days and starting at most
#         30 days ahead, so a mistyped period cannot lock markets (and
#         Markets.vy's `expire` is the exit of last resort).

from ethereum.ercs import IERC20

interface IMarkets:
    def crossings(_market: uint256) -> uint256: view
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
    seedCommits: uint256
    seedReveals: uint256
    randao: bytes32
    randaoBlock: uint256   # 0 while commits are open
    anchorBlock: uint256   # zero-reveal fallback: the block whose hash enters the seed
    seed: bytes32
    seedBlock: uint256     # 0 until the seed is fixed

# what the sample's readers need of a round: five slots, not the round's twelve
struct Sample:
    periodStart: uint256
    periodEnd: uint256
    ratePpm: uint256
    seed: bytes32
    seedBlock: uint256

PPM: constant(uint256) = 1_000_000
MARKET_OPEN: constant(uint256) = 1  # Markets.vy's OPEN state
YES: constant(uint256) = 1
NO: constant(uint256) = 0
MAX_BATCH: constant(uint256) = 256
# Bounds that keep a market's whole resolution inside Markets.vy's STUCK_GRACE (90 days
# after its close): a round lasts at most 30 days, starts at most 30 days ahead and each
# window lasts at most 7, so a mistyped period (milliseconds as seconds) cannot lock
# markets.
MAX_ROUND_LENGTH: constant(uint256) = 30 * 86400
MAX_LEAD: constant(uint256) = 30 * 86400
MAX_WINDOW: constant(uint256) = 7 * 86400
BLOCKHASH_DEPTH: constant(uint256) = 256

event RoundOpened:
    round: indexed(uint256)
    periodStart: uint256
    periodEnd: uint256
    ratePpm: uint256
    rewardPerMarket: uint256

event ScheduleSet:
    roundLength: uint256
    ratePpm: uint256
    rewardPerMarket: uint256

event SeedCommitted:
    round: indexed(uint256)
    committer: indexed(address)

event CommitsClosed:
    round: indexed(uint256)
    randao: bytes32
    blockNumber: uint256

event SeedRevealed:
    round: indexed(uint256)
    committer: indexed(address)

event SeedBondForfeited:
    round: indexed(uint256)
    committer: indexed(address)
    bond: uint256

event SeedAnchored:
    round: indexed(uint256)
    anchorBlock: uint256

event SeedFixed:
    round: indexed(uint256)
    seed: bytes32
    reveals: uint256

event Ruled:
    market: indexed(uint256)
    upheld: bool
    reward: uint256

event OwnerChanged:
    owner: indexed(address)

event CourtChanged:
    court: indexed(address)

markets: public(immutable(IMarkets))
token: public(immutable(IERC20))
seedBond: public(immutable(uint256))
seedRevealPeriod: public(immutable(uint256))
owner: public(address)
court: public(address)

# the schedule anyone opens rounds by (roundLength 0: none yet)
roundLength: public(uint256)
scheduledRatePpm: public(uint256)
scheduledReward: public(uint256)

pool: public(uint256)      # rewards: market fees, funding, forfeited seed bonds
bonded: public(uint256)    # seed bonds held for unrevealed commitments
roundCount: public(uint256)
rounds: public(HashMap[uint256, Round])
seedCommit: public(HashMap[uint256, HashMap[address, bytes32]])
ruled: public(HashMap[uint256, bool])


@deploy
def __init__(_markets: address, _court: address, _seed_bond: uint256, _seed_reveal_period: uint256):
    """
    @param _court the court whose `rule` resolves sampled markets (Court.vy)
    @param _seed_bond tokens a seed committer bonds; forfeited in full if she
           does not reveal (it prices each withheld bit, see the @dev above)
    @param _seed_reveal_period seconds after a round's periodEnd to reveal
    """
    assert _seed_reveal_period > 0, "empty window"
    assert _seed_reveal_period <= MAX_WINDOW, "window too long"
    assert _seed_bond > 0, "zero seed bond"
    assert _court != empty(address), "court is the zero address"
    markets = IMarkets(_markets)
    token = IERC20(staticcall IMarkets(_markets).token())
    seedBond = _seed_bond
    seedRevealPeriod = _seed_reveal_period
    self.owner = msg.sender
    self.court = _court


@external
def setOwner(_owner: address):
    """
    @notice Hand the schedule, the court and one-off rounds to another address
            (e.g. the data DAO). Scheduled rounds keep opening whoever owns.
    """
    assert msg.sender == self.owner, "only owner"
    assert _owner != empty(address), "owner is the zero address"
    self.owner = _owner
    log OwnerChanged(owner=_owner)


@external
def setCourt(_court: address):
    """
    @notice Change the court that rules on sampled markets. A market the old
            court has not ruled on yet is ruled by the new one.
    """
    assert msg.sender == self.owner, "only owner"
    assert _court != empty(address), "court is the zero address"
    self.court = _court
    log CourtChanged(court=_court)


@external
def setSchedule(_round_length: uint256, _rate_ppm: uint256, _reward_per_market: uint256):
    """
    @notice The parameters `openNextRound` opens rounds with.
    """
    assert msg.sender == self.owner, "only owner"
    assert _round_length > 0, "empty round"
    assert _round_length <= MAX_ROUND_LENGTH, "round too long"
    assert _rate_ppm <= PPM, "rate above 100%"
    self.roundLength = _round_length
    self.scheduledRatePpm = _rate_ppm
    self.scheduledReward = _reward_per_market
    log ScheduleSet(
        roundLength=_round_length, ratePpm=_rate_ppm, rewardPerMarket=_reward_per_market
    )


# ------------------------------------------------------------------ fees

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


# ------------------------------------------------------------------ rounds

@internal
def _open(_start: uint256, _end: uint256, _rate_ppm: uint256, _reward: uint256) -> uint256:
    assert _rate_ppm <= PPM, "rate above 100%"
    # commits close at periodStart: it must lie ahead, or nobody could commit
    assert _start > block.timestamp, "period start not in the future"
    assert _start <= block.timestamp + MAX_LEAD, "period start too far ahead"
    assert _end > _start, "empty round"
    assert _end - _start <= MAX_ROUND_LENGTH, "round too long"
    n: uint256 = self.roundCount
    if n > 0:
        assert _start >= self.rounds[n].periodEnd, "period start before previous round's end"
    n += 1
    self.roundCount = n
    self.rounds[n] = Round(
        periodStart=_start,
        periodEnd=_end,
        ratePpm=_rate_ppm,
        rewardPerMarket=_reward,
        seedAcc=empty(bytes32),
        seedCommits=0,
        seedReveals=0,
        randao=empty(bytes32),
        randaoBlock=0,
        anchorBlock=0,
        seed=empty(bytes32),
        seedBlock=0,
    )
    log RoundOpened(
        round=n, periodStart=_start, periodEnd=_end, ratePpm=_rate_ppm, rewardPerMarket=_reward
    )
    return n


@external
def openRound(
    _period_start: uint256, _period_end: uint256, _rate_ppm: uint256, _reward_per_market: uint256
) -> uint256:
    """
    @notice Open a round of the owner's choice covering markets closing in
            [_period_start, _period_end), each sampled with probability
            _rate_ppm / 1e6. Rounds follow each other, with or without a gap.
    """
    assert msg.sender == self.owner, "only owner"
    return self._open(_period_start, _period_end, _rate_ppm, _reward_per_market)


@external
def openNextRound() -> uint256:
    """
    @notice Open the next round of the owner's schedule. Anyone may call, as
            soon as the latest round has started: it then follows that round
            without a gap, and its commits stay open until the latest round
            ends. The first round, or one opened after the latest ended, starts
            one round length from now, that long being its commit window (the
            markets closing before it settle by rule, `settleGap`).
    """
    length: uint256 = self.roundLength
    assert length > 0, "no schedule"
    n: uint256 = self.roundCount
    start: uint256 = block.timestamp + length
    if n > 0:
        last: Round = self.rounds[n]
        assert block.timestamp >= last.periodStart, "next round not due"
        if last.periodEnd > block.timestamp:
            start = last.periodEnd
    return self._open(start, start + length, self.scheduledRatePpm, self.scheduledReward)


@internal
@view
def _round(_round: uint256) -> Round:
    assert _round >= 1 and _round <= self.roundCount, "unknown round"
    return self.rounds[_round]


@internal
@view
def _round_of(_time: uint256) -> uint256:
    """The round whose period holds `_time`, 0 if none (a gap). Rounds are
    ordered and disjoint: a binary search on periodStart."""
    lo: uint256 = 1
    hi: uint256 = self.roundCount
    found: uint256 = 0
    for i: uint256 in range(64):
        if lo > hi:
            break
        mid: uint256 = (lo + hi) // 2
        if self.rounds[mid].periodStart <= _time:
            found = mid
            lo = mid + 1
        else:
            hi = mid - 1
    if found != 0 and _time < self.rounds[found].periodEnd:
        return found
    return 0


@external
@view
def roundOf(_market: uint256) -> uint256:
    """
    @notice The round a market closes in, 0 if it closes in a gap.
    """
    t: uint256 = staticcall markets.closeTime(_market)
    assert t != 0, "unknown market"
    return self._round_of(t)


# ------------------------------------------------------------------ seed

@external
def commitSeed(_round: uint256, _hash: bytes32):
    """
    @notice Commit keccak256(abi_encode(secret, committer, round)) before the
            round's periodStart, bonding `seedBond` tokens. Anyone may commit.
    """
    r: Round = self._round(_round)
    # before the first market of the round closes, and before prevrandao is drawn
    assert block.timestamp < r.periodStart and r.randaoBlock == 0, "seed commit window closed"
    assert self.seedCommit[_round][msg.sender] == empty(bytes32), "already committed"
    assert _hash != empty(bytes32), "empty commitment"
    assert extcall token.transferFrom(msg.sender, self, seedBond, default_return_value=True), \
        "bond transfer failed"
    self.seedCommit[_round][msg.sender] = _hash
    self.rounds[_round].seedCommits = r.seedCommits + 1
    self.bonded += seedBond
    log SeedCommitted(round=_round, committer=msg.sender)


@internal
def _close_commits(_round: uint256):
    r: Round = self.rounds[_round]
    if r.randaoBlock != 0:
        return
    assert block.timestamp >= r.periodStart, "seed commit window open"
    self.rounds[_round].randao = block.prevrandao
    self.rounds[_round].randaoBlock = block.number
    log CommitsClosed(round=_round, randao=block.prevrandao, blockNumber=block.number)


@external
def closeCommits(_round: uint256):
    """
    @notice Record the prevrandao of this block, the first at or after
            periodStart to touch the round. Anyone may call; the first reveal
            or `fixSeed` does it too.
    """
    r: Round = self._round(_round)
    assert r.randaoBlock == 0, "commits already closed"
    self._close_commits(_round)


@external
def revealSeed(_round: uint256, _secret: bytes32):
    """
    @notice Reveal a committed secret in [periodEnd, periodEnd + seedRevealPeriod);
            the bond comes back.
    """
    r: Round = self._round(_round)
    assert block.timestamp >= r.periodEnd, "seed reveal window not open"
    assert block.timestamp < r.periodEnd + seedRevealPeriod, "seed reveal window closed"
    c: bytes32 = self.seedCommit[_round][msg.sender]
    assert c != empty(bytes32), "no seed commitment"
    assert keccak256(abi_encode(_secret, msg.sender, _round)) == c, \
        "seed does not match commitment"
    self.seedCommit[_round][msg.sender] = empty(bytes32)
    self._close_commits(_round)
    # the secret, which nobody else knew; the commitment was public all along (C-1)
    self.rounds[_round].seedAcc = convert(
        convert(r.seedAcc, uint256) ^ convert(keccak256(abi_encode(_secret)), uint256), bytes32
    )
    self.rounds[_round].seedReveals = r.seedReveals + 1
    self.bonded -= seedBond
    assert extcall token.transfer(msg.sender, seedBond, default_return_value=True), \
        "bond transfer failed"
    log SeedRevealed(round=_round, committer=msg.sender)


@external
def slashSeed(_round: uint256, _committer: address):
    """
    @notice After the reveal window, move the whole bond of a committer who did
            not reveal into the reward pool. Anyone may call.
    """
    r: Round = self._round(_round)
    assert block.timestamp >= r.periodEnd + seedRevealPeriod, "seed reveal window open"
    assert self.seedCommit[_round][_committer] != empty(bytes32), "nothing to slash"
    self.seedCommit[_round][_committer] = empty(bytes32)
    self.bonded -= seedBond
    self.pool += seedBond
    log SeedBondForfeited(round=_round, committer=_committer, bond=seedBond)


@external
def fixSeed(_round: uint256) -> bytes32:
    """
    @notice Fix the round's seed once the reveal window has passed; returns it.
            With no reveal, the first call anchors the next block and returns
            zero; a call after that block fixes the seed from its hash (a call
            more than 256 blocks later re-anchors). Anyone may call.
    """
    r: Round = self._round(_round)
    assert r.seedBlock == 0, "seed already fixed"
    assert block.timestamp >= r.periodEnd + seedRevealPeriod, "seed reveal window open"
    self._close_commits(_round)
    r = self.rounds[_round]
    seed: bytes32 = empty(bytes32)
    if r.seedReveals > 0:
        seed = keccak256(abi_encode(r.seedAcc, r.randao, _round))
    else:
        # nobody revealed: prevrandao was known to whoever recorded it, so mix in
        # the hash of a block that did not exist when this was decided
        if r.anchorBlock == 0 or block.number > r.anchorBlock + BLOCKHASH_DEPTH:
            self.rounds[_round].anchorBlock = block.number + 1
            log SeedAnchored(round=_round, anchorBlock=block.number + 1)
            return empty(bytes32)
        assert block.number > r.anchorBlock, "anchor block not mined yet"
        seed = keccak256(abi_encode(r.seedAcc, r.randao, blockhash(r.anchorBlock), _round))
    self.rounds[_round].seed = seed
    self.rounds[_round].seedBlock = block.number
    log SeedFixed(round=_round, seed=seed, reveals=r.seedReveals)
    return seed


# ------------------------------------------------------------------ the sample

@internal
@view
def _is_sampled(_seed: bytes32, _market: uint256, _rate_ppm: uint256) -> bool:
    # The seed's draw, or a contested market: one whose price crossed 1/2 there and back
    # inside its closing window (two crossings, Markets.crossings) goes to the court
    # whatever the draw (audit H-2: against a re-flip answered by honest traders the
    # window alone cannot decide). One crossing is news, or a flip the window outweighs.
    if convert(keccak256(abi_encode(_seed, _market)), uint256) % PPM < _rate_ppm:
        return True
    return staticcall markets.crossings(_market) > 1


@internal
@view
def _sample(_round: uint256) -> Sample:
    return Sample(
        periodStart=self.rounds[_round].periodStart,
        periodEnd=self.rounds[_round].periodEnd,
        ratePpm=self.rounds[_round].ratePpm,
        seed=self.rounds[_round].seed,
        seedBlock=self.rounds[_round].seedBlock,
    )


@internal
@view
def _readable(r: Sample):
    """The sample may be read only in a block after the one that fixed it."""
    assert r.seedBlock != 0, "seed not fixed yet"
    assert block.number > r.seedBlock, "sample not readable in the fixing block"


@internal
@view
def _check_in_round(r: Sample, _market: uint256):
    t: uint256 = staticcall markets.closeTime(_market)
    assert t != 0, "unknown market"
    assert t >= r.periodStart and t < r.periodEnd, "market not in round"


@external
@view
def isSampled(_round: uint256, _market: uint256) -> bool:
    """
    @notice Whether the (fixed) seed of `_round` samples `_market`.
    """
    assert _round >= 1 and _round <= self.roundCount, "unknown round"
    r: Sample = self._sample(_round)
    self._readable(r)
    return self._is_sampled(r.seed, _market, r.ratePpm)


@internal
def _settle_unsampled(r: Sample, _market: uint256):
    self._check_in_round(r, _market)
    assert not self._is_sampled(r.seed, _market, r.ratePpm), "market sampled"
    extcall markets.settleByRule(_market)


@external
def settleUnsampled(_round: uint256, _market: uint256):
    """
    @notice Settle a market of the round that the seed did not sample, by its
            own rule. Anyone may call once the seed is fixed.
    """
    assert _round >= 1 and _round <= self.roundCount, "unknown round"
    r: Sample = self._sample(_round)
    self._readable(r)
    self._settle_unsampled(r, _market)


@external
def settleUnsampledMany(_round: uint256, _markets: DynArray[uint256, MAX_BATCH]):
    assert _round >= 1 and _round <= self.roundCount, "unknown round"
    r: Sample = self._sample(_round)
    self._readable(r)
    for m: uint256 in _markets:
        self._settle_unsampled(r, m)


@external
def settleGap(_market: uint256):
    """
    @notice Settle by its own rule a closed market that no round covers. A round
            opened later starts in the future, so such a market is never
            sampled. Anyone may call.
    """
    t: uint256 = staticcall markets.closeTime(_market)
    assert t != 0, "unknown market"
    assert t < block.timestamp, "market not closed"
    assert self._round_of(t) == 0, "market in a round"
    extcall markets.settleByRule(_market)


# ------------------------------------------------------------------ the court's side

@internal
@view
def _sampled_round(_market: uint256) -> uint256:
    """The round of a market its fixed seed sampled; reverts otherwise."""
    t: uint256 = staticcall markets.closeTime(_market)
    assert t != 0, "unknown market"
    n: uint256 = self._round_of(t)
    assert n != 0, "market in no round"
    r: Sample = self._sample(n)
    self._readable(r)
    assert self._is_sampled(r.seed, _market, r.ratePpm), "market not sampled"
    return n


@external
@view
def challenged(_market: uint256) -> bool:
    """
    @notice True while a sampled market of a round with a fixed seed awaits the
            court's verdict (the court opens a dispute on it).
    """
    t: uint256 = staticcall markets.closeTime(_market)
    if t == 0 or self.ruled[_market]:
        return False
    n: uint256 = self._round_of(t)
    if n == 0:
        return False
    r: Sample = self._sample(n)
    if r.seedBlock == 0 or block.number <= r.seedBlock:
        return False
    if not self._is_sampled(r.seed, _market, r.ratePpm):
        return False
    return staticcall markets.state(_market) == MARKET_OPEN


@external
def rule(_market: uint256, _upheld: bool):
    """
    @notice The court's verdict on a sampled market: YES if upheld, else NO.
            Pays the court min(rewardPerMarket, pool) for its jurors. A market
            that expired meanwhile (Markets.expire) is left as it is, unpaid, so
            that the court's finalization never reverts here.
    """
    assert msg.sender == self.court, "only court"
    assert not self.ruled[_market], "already ruled"
    n: uint256 = self._sampled_round(_market)
    self.ruled[_market] = True
    reward: uint256 = 0
    if staticcall markets.state(_market) == MARKET_OPEN:
        outcome: uint256 = NO
        if _upheld:
            outcome = YES
        extcall markets.resolve(_market, outcome)
        reward = min(self.rounds[n].rewardPerMarket, self.pool)
        if reward > 0:
            self.pool -= reward
            assert extcall token.transfer(msg.sender, reward, default_return_value=True), \
                "reward transfer failed"
    log Ruled(market=_market, upheld=_upheld, reward=reward)
