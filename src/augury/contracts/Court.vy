# pragma version ~=0.4.3
# @title Court
# @notice The protocol's one court: a stake-weighted sortition court with appeals
#         (Kleros-style). Jurors stake the token; each case draws a panel from the
#         staked pool with probability proportional to stake, locks `lockPerDraw`
#         of a drawn juror's stake per draw, and counts each draw as one vote. The
#         panel commits and reveals; a ruling with a quorum can be appealed to a
#         larger panel for a fee; a panel that is silent or tied escalates by
#         itself. When the ruling is final the arbitrable is told, and every level's
#         jurors are paid or lose their lock by coherence with that final ruling.
# @dev    Why this shape (audit C-2, H-1, H-4):
#         * Sybils buy nothing. A juror's sortition weight is his free stake rounded
#           down to whole `lockPerDraw`s, so stake split below `lockPerDraw` weighs
#           zero and stake split above it weighs what it weighed whole: the chance
#           to be drawn is the stake's share, however it is split.
#         * Self-selection is gone: nobody chooses to sit on a case, the draw does.
#         * Voting is paid and abstaining costs: coherent draws share the level's
#           fees and the locks of the incoherent and the silent.
#         * No silent court upholds (H-4): low turnout or a tie escalates to the next
#           panel, and a final panel that is still silent or tied rules
#           `upheld = False`: the challenged answer or batch does not stand.
#         Randomness: a case's level is drawn from blockhash(seedBlock), where
#         seedBlock is the block after the one that asked for the draw (the opening,
#         the appeal or the escalation). Whoever asks cannot see that hash in his own
#         transaction, so he cannot grind the panel by retrying. Remaining trust: the
#         proposer of seedBlock (alone, or colluding with a party) can withhold or
#         reorder blocks to choose among panels, as with Kleros' blockhash RNG; the
#         cost is the block reward given up per try. Not yet closed: once seedBlock
#         is mined its hash is public before `draw` runs, and the tree can still change
#         in between (stake, unstake, settle, another case's draw), so a staker who
#         front-runs `draw` can shift the intervals and choose among a few panels; the
#         fix is Kleros' phases (stake changes queued while a draw is pending).
#         If blockhash(seedBlock) is no
#         longer available (more than 256 blocks later), the draw re-anchors to the
#         next block instead of drawing from a zero hash.
#         Cases should not decide more than `caseValueCap()`: beyond it, buying the
#         final panel's locks is cheaper than the case is worth.

from ethereum.ercs import IERC20

interface IArbitrable:
    def challenged(_case: uint256) -> bool: view
    def rule(_case: uint256, _upheld: bool): nonpayable

struct Dispute:
    arbitrable: address
    case: uint256
    level: uint256        # 0 .. FINAL_LEVEL, the level now being decided
    state: uint256        # UNKNOWN, DRAWING, VOTING, APPEALABLE, RESOLVED
    ruling: bool          # the provisional, then final ruling: upheld?
    seedBlock: uint256    # the block whose hash draws this level's panel
    appealEnd: uint256    # end of the appeal window of a provisional ruling

struct Level:
    panel: uint256           # draws this level makes
    drawnAt: uint256         # start of its commit window
    upheldWeight: uint256    # revealed draws that voted upheld
    rejectedWeight: uint256  # revealed draws that voted rejected
    draws: uint256           # draws made (= panel once drawn)
    coherentDraws: uint256   # draws that voted the final ruling (set at finalize)
    pot: uint256             # fees paid in; after finalize what is left to pay coherent draws
    rewardPerDraw: uint256   # what each coherent draw gets on top of its lock (set at finalize)

# dispute states: DRAWING waits for `draw` (once seedBlock is mined); VOTING is drawn
# (commit, then reveal, then `tally`); APPEALABLE has a ruling (appeal it, or `finalize`
# after the window); RESOLVED told the arbitrable, and its jurors settle.
UNKNOWN: constant(uint256) = 0
DRAWING: constant(uint256) = 1
VOTING: constant(uint256) = 2
APPEALABLE: constant(uint256) = 3
RESOLVED: constant(uint256) = 4

# votes as stored in voteOf
VOTE_NONE: constant(uint256) = 0
VOTE_REJECTED: constant(uint256) = 1
VOTE_UPHELD: constant(uint256) = 2

FINAL_LEVEL: constant(uint256) = 3
MAX_PANEL: constant(uint256) = 31
PANEL_TOTAL: constant(uint256) = 56  # 3 + 7 + 15 + 31
CAP_BPS: constant(uint256) = 5_000
BPS: constant(uint256) = 10_000
MAX_WINDOW: constant(uint256) = 7 * 86400
# A power of two, so the Fenwick tree's top node holds the whole weight.
MAX_JURORS: constant(uint256) = 4096
TREE_STEPS: constant(uint256) = 13  # log2(MAX_JURORS) + 1
HASH_WINDOW: constant(uint256) = 256

event Staked:
    juror: indexed(address)
    amount: uint256
    weight: uint256

event Unstaked:
    juror: indexed(address)
    amount: uint256
    weight: uint256

event OwnerChanged:
    owner: indexed(address)

event CourtSet:
    arbitrable: indexed(address)
    allowed: bool

event PoolFunded:
    sender: indexed(address)
    amount: uint256

event DisputeOpened:
    dispute: indexed(uint256)
    arbitrable: indexed(address)
    case: indexed(uint256)
    seedBlock: uint256

event Reanchored:
    dispute: indexed(uint256)
    level: uint256
    seedBlock: uint256

event JurorDrawn:
    dispute: indexed(uint256)
    level: uint256
    juror: indexed(address)
    draw: uint256

event PanelDrawn:
    dispute: indexed(uint256)
    level: uint256
    panel: uint256
    commitEnd: uint256
    revealEnd: uint256

event VoteCommitted:
    dispute: indexed(uint256)
    level: uint256
    juror: indexed(address)

event VoteRevealed:
    dispute: indexed(uint256)
    level: uint256
    juror: indexed(address)
    upheld: bool
    weight: uint256

event Tallied:
    dispute: indexed(uint256)
    level: uint256
    upheldWeight: uint256
    rejectedWeight: uint256
    decided: bool
    upheld: bool

event Escalated:
    dispute: indexed(uint256)
    level: uint256
    seedBlock: uint256

event Appealed:
    dispute: indexed(uint256)
    level: uint256
    appellant: indexed(address)
    fee: uint256
    seedBlock: uint256

event Finalized:
    dispute: indexed(uint256)
    upheld: bool
    level: uint256
    fee: uint256

event LevelPaid:
    dispute: indexed(uint256)
    level: uint256
    coherentDraws: uint256
    rewardPerDraw: uint256
    toPool: uint256

event LockForfeited:
    dispute: indexed(uint256)
    level: uint256
    juror: indexed(address)
    amount: uint256

event JurorSettled:
    dispute: indexed(uint256)
    level: uint256
    juror: indexed(address)
    unlocked: uint256
    reward: uint256

token: public(immutable(IERC20))
lockPerDraw: public(immutable(uint256))
feePerDraw: public(immutable(uint256))
commitPeriod: public(immutable(uint256))
revealPeriod: public(immutable(uint256))
appealPeriod: public(immutable(uint256))
owner: public(address)
courts: public(HashMap[address, bool])

# stake and the sortition tree
stakeOf: public(HashMap[address, uint256])    # the juror's tokens here, locked included
lockedOf: public(HashMap[address, uint256])   # locked by draws of unresolved cases
weightOf: public(HashMap[address, uint256])   # sortition weight: whole lockPerDraws of free stake
jurorIndex: public(HashMap[address, uint256]) # 1-based slot in the tree, 0 = none
jurorAt: public(HashMap[uint256, address])
jurorSlots: public(uint256)                   # slots ever handed out
freeSlots: HashMap[uint256, uint256]          # a stack of released slots
freeSlotCount: public(uint256)
tree: HashMap[uint256, uint256]               # Fenwick tree over slots 1..MAX_JURORS
totalWeight: public(uint256)
pool: public(uint256)                         # reserve: dust and pots with no coherent draw

# cases
disputeCount: public(uint256)
disputes: public(HashMap[uint256, Dispute])
disputeOf: public(HashMap[address, HashMap[uint256, uint256]])
levels: public(HashMap[uint256, HashMap[uint256, Level]])
drawsOf: public(HashMap[uint256, HashMap[uint256, HashMap[address, uint256]]])
panels: HashMap[uint256, HashMap[uint256, DynArray[address, MAX_PANEL]]]
commitOf: public(HashMap[uint256, HashMap[uint256, HashMap[address, bytes32]]])
voteOf: public(HashMap[uint256, HashMap[uint256, HashMap[address, uint256]]])
settled: public(HashMap[uint256, HashMap[uint256, HashMap[address, bool]]])


@deploy
def __init__(
    _token: address,
    _lock_per_draw: uint256,
    _fee_per_draw: uint256,
    _commit_period: uint256,
    _reveal_period: uint256,
    _appeal_period: uint256,
):
    """
    @param _lock_per_draw stake locked per draw, and the unit of sortition weight
    @param _fee_per_draw what an appeal pays per draw of the panel it calls
    @param _commit_period, _reveal_period seconds of a level's two voting windows,
           counted from its draw
    @param _appeal_period seconds a provisional ruling can be appealed
    """
    assert _token != empty(address), "token is the zero address"
    assert _lock_per_draw > 0, "zero lock per draw"
    assert _commit_period > 0 and _reveal_period > 0 and _appeal_period > 0, "empty window"
    assert _commit_period <= MAX_WINDOW and _reveal_period <= MAX_WINDOW, "window too long"
    assert _appeal_period <= MAX_WINDOW, "window too long"
    token = IERC20(_token)
    lockPerDraw = _lock_per_draw
    feePerDraw = _fee_per_draw
    commitPeriod = _commit_period
    revealPeriod = _reveal_period
    appealPeriod = _appeal_period
    self.owner = msg.sender


@external
def setOwner(_owner: address):
    """
    @notice Hand the allowlist of arbitrables to another address (the data DAO).
    """
    assert msg.sender == self.owner, "only owner"
    assert _owner != empty(address), "owner is the zero address"
    self.owner = _owner
    log OwnerChanged(owner=_owner)


@external
def setCourt(_arbitrable: address, _allowed: bool):
    """
    @notice Allow (or stop) a contract to bring its challenged cases to this court.
            Only allowlisted arbitrables: `finalize` calls their `rule`.
    """
    assert msg.sender == self.owner, "only owner"
    assert _arbitrable != empty(address), "arbitrable is the zero address"
    self.courts[_arbitrable] = _allowed
    log CourtSet(arbitrable=_arbitrable, allowed=_allowed)


@external
@pure
def panelSize(_level: uint256) -> uint256:
    return self._panel(_level)


@external
@view
def caseValueCap() -> uint256:
    """
    @notice The most a case should decide: CAP_BPS of the stake the final panel
            locks. Above it a briber who pays the final panel more than its locks
            still profits, so arbitrables (Escrow) refuse cases worth more.
    """
    return lockPerDraw * MAX_PANEL * CAP_BPS // BPS


@external
@view
def panelOf(_id: uint256, _level: uint256) -> DynArray[address, MAX_PANEL]:
    """
    @notice The distinct jurors drawn for a level (see `drawsOf` for how often each).
    """
    return self.panels[_id][_level]


@internal
@pure
def _panel(_level: uint256) -> uint256:
    if _level == 0:
        return 3
    if _level == 1:
        return 7
    if _level == 2:
        return 15
    assert _level == FINAL_LEVEL, "no such level"
    return MAX_PANEL


# ------------------------------------------------------------------ stake and sortition

@internal
def _tree_add(_slot: uint256, _amount: uint256):
    i: uint256 = _slot
    for _: uint256 in range(TREE_STEPS):
        if i > MAX_JURORS:
            break
        self.tree[i] += _amount
        i += i & unsafe_sub(0, i)


@internal
def _tree_sub(_slot: uint256, _amount: uint256):
    i: uint256 = _slot
    for _: uint256 in range(TREE_STEPS):
        if i > MAX_JURORS:
            break
        self.tree[i] -= _amount
        i += i & unsafe_sub(0, i)


@internal
@view
def _find(_r: uint256) -> uint256:
    """
    @dev The slot whose weight interval contains `_r` (< totalWeight): the smallest
         slot whose prefix sum exceeds `_r`.
    """
    pos: uint256 = 0
    rem: uint256 = _r
    step: uint256 = MAX_JURORS
    for _: uint256 in range(TREE_STEPS):
        nxt: uint256 = pos + step
        if nxt <= MAX_JURORS:
            w: uint256 = self.tree[nxt]
            if w <= rem:
                pos = nxt
                rem -= w
        step = step // 2
    return pos + 1


@internal
def _sync(_juror: address) -> uint256:
    """
    @dev Set the juror's sortition weight to his free stake in whole lockPerDraws,
         so a drawn juror can always lock one more, and stake below one lock weighs
         nothing. Called after every change of stake or lock.
    """
    free: uint256 = self.stakeOf[_juror] - self.lockedOf[_juror]
    w: uint256 = free // lockPerDraw * lockPerDraw
    old: uint256 = self.weightOf[_juror]
    if w == old:
        return w
    slot: uint256 = self.jurorIndex[_juror]
    if w > old:
        self._tree_add(slot, w - old)
        self.totalWeight += w - old
    else:
        self._tree_sub(slot, old - w)
        self.totalWeight -= old - w
    self.weightOf[_juror] = w
    return w


@external
@nonreentrant
def stake(_amount: uint256):
    """
    @notice Stake `_amount` tokens. A new juror must bring at least one
            `lockPerDraw` (less could never be drawn, and would only take a slot).
    """
    assert _amount > 0, "zero stake"
    if self.jurorIndex[msg.sender] == 0:
        assert self.stakeOf[msg.sender] + _amount >= lockPerDraw, "stake below one draw"
        slot: uint256 = 0
        n: uint256 = self.freeSlotCount
        if n > 0:
            slot = self.freeSlots[n]
            self.freeSlotCount = n - 1
        else:
            slot = self.jurorSlots + 1
            assert slot <= MAX_JURORS, "juror registry full"
            self.jurorSlots = slot
        self.jurorIndex[msg.sender] = slot
        self.jurorAt[slot] = msg.sender
    assert extcall token.transferFrom(msg.sender, self, _amount, default_return_value=True), \
        "stake transfer failed"
    self.stakeOf[msg.sender] += _amount
    w: uint256 = self._sync(msg.sender)
    log Staked(juror=msg.sender, amount=_amount, weight=w)


@external
@nonreentrant
def unstake(_amount: uint256):
    """
    @notice Withdraw free stake (stake not locked by a draw of an unresolved case).
            Withdrawing everything frees the juror's slot in the tree.
    """
    assert _amount > 0, "zero amount"
    assert self.stakeOf[msg.sender] - self.lockedOf[msg.sender] >= _amount, \
        "insufficient free stake"
    self.stakeOf[msg.sender] -= _amount
    w: uint256 = self._sync(msg.sender)
    if self.stakeOf[msg.sender] == 0:
        slot: uint256 = self.jurorIndex[msg.sender]
        n: uint256 = self.freeSlotCount + 1
        self.freeSlots[n] = slot
        self.freeSlotCount = n
        self.jurorIndex[msg.sender] = 0
        self.jurorAt[slot] = empty(address)
    assert extcall token.transfer(msg.sender, _amount, default_return_value=True), \
        "stake transfer failed"
    log Unstaked(juror=msg.sender, amount=_amount, weight=w)


@external
@nonreentrant
def fund(_amount: uint256):
    """
    @notice Add to the pool, the court's reserve. The pool receives rounding dust and
            the pots of levels where no draw voted the final ruling; it pays nobody by
            itself (its use is for governance to decide).
    """
    assert _amount > 0, "zero amount"
    assert extcall token.transferFrom(msg.sender, self, _amount, default_return_value=True), \
        "fund transfer failed"
    self.pool += _amount
    log PoolFunded(sender=msg.sender, amount=_amount)


# ------------------------------------------------------------------ cases

@internal
@view
def _dispute(_id: uint256) -> Dispute:
    d: Dispute = self.disputes[_id]
    assert d.state != UNKNOWN, "unknown dispute"
    return d


@external
def openDispute(_arbitrable: address, _case: uint256) -> uint256:
    """
    @notice Bring a challenged case of an allowlisted arbitrable before the court.
            Anyone may call; the panel is drawn from the hash of the next block, which
            the caller cannot see now.
    """
    assert self.courts[_arbitrable], "unknown arbitrable"
    assert self.disputeOf[_arbitrable][_case] == 0, "dispute already open"
    assert staticcall IArbitrable(_arbitrable).challenged(_case), "case not challenged"
    d: uint256 = self.disputeCount + 1
    self.disputeCount = d
    seed_block: uint256 = block.number + 1
    self.disputes[d] = Dispute(
        arbitrable=_arbitrable, case=_case, level=0, state=DRAWING, ruling=False,
        seedBlock=seed_block, appealEnd=0
    )
    self.levels[d][0].panel = self._panel(0)
    self.disputeOf[_arbitrable][_case] = d
    log DisputeOpened(dispute=d, arbitrable=_arbitrable, case=_case, seedBlock=seed_block)
    return d


@external
@nonreentrant
def draw(_id: uint256) -> uint256:
    """
    @notice Draw the current level's panel: each draw picks a juror with probability
            weight / totalWeight and locks `lockPerDraw` of his stake (his weight drops
            by as much). A juror may be drawn several times: several votes. Anyone may
            call once seedBlock is mined. Returns the draws made (0 when re-anchored).
    """
    d: Dispute = self._dispute(_id)
    assert d.state == DRAWING, "not awaiting a draw"
    assert block.number > d.seedBlock, "seed block not mined yet"
    if block.number - d.seedBlock > HASH_WINDOW:
        # blockhash is zero (or reverts) that far back: never draw from a known value
        seed_block: uint256 = block.number + 1
        self.disputes[_id].seedBlock = seed_block
        log Reanchored(dispute=_id, level=d.level, seedBlock=seed_block)
        return 0
    level: uint256 = d.level
    panel: uint256 = self._panel(level)
    assert self.totalWeight >= panel * lockPerDraw, "pool cannot supply the panel"
    seed: bytes32 = blockhash(d.seedBlock)
    for i: uint256 in range(panel, bound=MAX_PANEL):
        r: uint256 = convert(keccak256(abi_encode(seed, _id, level, i)), uint256) \
            % self.totalWeight
        juror: address = self.jurorAt[self._find(r)]
        n: uint256 = self.drawsOf[_id][level][juror]
        if n == 0:
            self.panels[_id][level].append(juror)
        self.drawsOf[_id][level][juror] = n + 1
        self.lockedOf[juror] += lockPerDraw
        self._sync(juror)
        log JurorDrawn(dispute=_id, level=level, juror=juror, draw=i)
    self.levels[_id][level].panel = panel
    self.levels[_id][level].draws = panel
    self.levels[_id][level].drawnAt = block.timestamp
    self.disputes[_id].state = VOTING
    log PanelDrawn(
        dispute=_id, level=level, panel=panel, commitEnd=block.timestamp + commitPeriod,
        revealEnd=block.timestamp + commitPeriod + revealPeriod
    )
    return panel


@external
def commitVote(_id: uint256, _hash: bytes32):
    """
    @notice A drawn juror commits keccak256(abi_encode(dispute, level, upheld, salt,
            juror)) in the level's commit window. Only drawn jurors: who judges is the
            draw's choice, not the juror's.
    """
    d: Dispute = self._dispute(_id)
    assert d.state == VOTING, "not voting"
    lv: Level = self.levels[_id][d.level]
    assert block.timestamp < lv.drawnAt + commitPeriod, "commit window closed"
    assert self.drawsOf[_id][d.level][msg.sender] > 0, "not drawn"
    assert self.commitOf[_id][d.level][msg.sender] == empty(bytes32), "already committed"
    assert _hash != empty(bytes32), "empty commitment"
    self.commitOf[_id][d.level][msg.sender] = _hash
    log VoteCommitted(dispute=_id, level=d.level, juror=msg.sender)


@external
def revealVote(_id: uint256, _upheld: bool, _salt: bytes32):
    """
    @notice Reveal a committed vote; it weighs the juror's draws on this level.
    """
    d: Dispute = self._dispute(_id)
    assert d.state == VOTING, "not voting"
    level: uint256 = d.level
    lv: Level = self.levels[_id][level]
    start: uint256 = lv.drawnAt + commitPeriod
    assert block.timestamp >= start, "reveal window not open"
    assert block.timestamp < start + revealPeriod, "reveal window closed"
    c: bytes32 = self.commitOf[_id][level][msg.sender]
    assert c != empty(bytes32), "no vote commitment"
    assert self.voteOf[_id][level][msg.sender] == VOTE_NONE, "already revealed"
    assert keccak256(abi_encode(_id, level, _upheld, _salt, msg.sender)) == c, \
        "vote does not match commitment"
    weight: uint256 = self.drawsOf[_id][level][msg.sender]
    if _upheld:
        self.voteOf[_id][level][msg.sender] = VOTE_UPHELD
        self.levels[_id][level].upheldWeight = lv.upheldWeight + weight
    else:
        self.voteOf[_id][level][msg.sender] = VOTE_REJECTED
        self.levels[_id][level].rejectedWeight = lv.rejectedWeight + weight
    log VoteRevealed(dispute=_id, level=level, juror=msg.sender, upheld=_upheld, weight=weight)


@internal
def _next_level(_id: uint256, _level: uint256) -> uint256:
    nxt: uint256 = _level + 1
    seed_block: uint256 = block.number + 1
    self.disputes[_id].level = nxt
    self.disputes[_id].state = DRAWING
    self.disputes[_id].seedBlock = seed_block
    self.levels[_id][nxt].panel = self._panel(nxt)
    return seed_block


@external
def tally(_id: uint256) -> bool:
    """
    @notice After the reveal window, count the level. A strict majority of the panel
            revealed and no tie: a provisional ruling, open to appeal (final at the last
            level). Low turnout or a tie: escalate to the next, larger panel at no fee;
            at the last level rule `upheld = False`, because a court that did not
            decide must not let the challenged thing stand by default (audit H-4).
            Returns whether the level decided.
    """
    d: Dispute = self._dispute(_id)
    assert d.state == VOTING, "not voting"
    level: uint256 = d.level
    lv: Level = self.levels[_id][level]
    assert block.timestamp >= lv.drawnAt + commitPeriod + revealPeriod, "reveal window open"
    up: uint256 = lv.upheldWeight
    rej: uint256 = lv.rejectedWeight
    decided: bool = (up + rej) * 2 > lv.panel and up != rej
    if decided:
        self.disputes[_id].ruling = up > rej
        self.disputes[_id].state = APPEALABLE
        if level < FINAL_LEVEL:
            self.disputes[_id].appealEnd = block.timestamp + appealPeriod
        else:
            self.disputes[_id].appealEnd = block.timestamp
    elif level < FINAL_LEVEL:
        seed_block: uint256 = self._next_level(_id, level)
        log Escalated(dispute=_id, level=level + 1, seedBlock=seed_block)
    else:
        self.disputes[_id].ruling = False
        self.disputes[_id].state = APPEALABLE
        self.disputes[_id].appealEnd = block.timestamp
    log Tallied(
        dispute=_id, level=level, upheldWeight=up, rejectedWeight=rej, decided=decided,
        upheld=self.disputes[_id].ruling
    )
    return decided


@external
@nonreentrant
def appeal(_id: uint256):
    """
    @notice Appeal a provisional ruling to the next level's larger panel, paying
            feePerDraw per draw of that panel. Anyone may appeal; the fee goes to the
            new level's coherent jurors.
    """
    d: Dispute = self._dispute(_id)
    assert d.state == APPEALABLE, "no ruling to appeal"
    assert d.level < FINAL_LEVEL, "final level: no appeal"
    assert block.timestamp < d.appealEnd, "appeal window closed"
    fee: uint256 = feePerDraw * self._panel(d.level + 1)
    if fee > 0:
        assert extcall token.transferFrom(msg.sender, self, fee, default_return_value=True), \
            "appeal fee transfer failed"
    seed_block: uint256 = self._next_level(_id, d.level)
    self.levels[_id][d.level + 1].pot = fee
    log Appealed(dispute=_id, level=d.level + 1, appellant=msg.sender, fee=fee, seedBlock=seed_block)


@external
@nonreentrant
def finalize(_id: uint256) -> bool:
    """
    @notice Make the ruling final and tell the arbitrable: after the appeal window of a
            provisional ruling, or right after the last level's tally. Tokens the
            arbitrable pays the court inside `rule` (the jurors' fee) go to level 0's
            pot. Then every level is paid by coherence with the final ruling: the locks
            of draws that voted otherwise or did not reveal are forfeited into their
            level's pot, which coherent draws share. Anyone may call.
    """
    d: Dispute = self._dispute(_id)
    assert d.state == APPEALABLE, "no ruling to finalize"
    assert d.level == FINAL_LEVEL or block.timestamp >= d.appealEnd, "appeal window open"
    self.disputes[_id].state = RESOLVED
    before: uint256 = staticcall token.balanceOf(self)
    extcall IArbitrable(d.arbitrable).rule(d.case, d.ruling)
    after: uint256 = staticcall token.balanceOf(self)
    fee: uint256 = 0
    if after > before:
        fee = after - before
        self.levels[_id][0].pot += fee
    log Finalized(dispute=_id, upheld=d.ruling, level=d.level, fee=fee)
    coherent_vote: uint256 = VOTE_REJECTED
    if d.ruling:
        coherent_vote = VOTE_UPHELD
    for level: uint256 in range(FINAL_LEVEL + 1):
        if level > d.level:
            break
        self._pay_level(_id, level, coherent_vote)
    return d.ruling


@internal
def _pay_level(_id: uint256, _level: uint256, _coherent_vote: uint256):
    """
    @dev Forfeit the incoherent draws' locks (their free stake, hence weight, does not
         change: stake and lock drop together) and fix each coherent draw's reward.
         The rounding remainder and a pot nobody earned go to the pool.
    """
    lv: Level = self.levels[_id][_level]
    penalties: uint256 = 0
    for juror: address in self.panels[_id][_level]:
        if self.voteOf[_id][_level][juror] == _coherent_vote:
            continue
        amount: uint256 = self.drawsOf[_id][_level][juror] * lockPerDraw
        self.stakeOf[juror] -= amount
        self.lockedOf[juror] -= amount
        self.settled[_id][_level][juror] = True
        penalties += amount
        log LockForfeited(dispute=_id, level=_level, juror=juror, amount=amount)
    coherent: uint256 = lv.upheldWeight
    if _coherent_vote == VOTE_REJECTED:
        coherent = lv.rejectedWeight
    total: uint256 = lv.pot + penalties
    each: uint256 = 0
    to_pool: uint256 = total
    if coherent > 0:
        each = total // coherent
        to_pool = total - each * coherent
    self.pool += to_pool
    self.levels[_id][_level].pot = total - to_pool
    self.levels[_id][_level].coherentDraws = coherent
    self.levels[_id][_level].rewardPerDraw = each
    log LevelPaid(
        dispute=_id, level=_level, coherentDraws=coherent, rewardPerDraw=each, toPool=to_pool
    )


@external
@nonreentrant
def settle(_id: uint256, _level: uint256, _juror: address) -> uint256:
    """
    @notice After finalize, release a coherent juror's locks on a level and pay him
            his draws' share of the level's pot, into his stake. (Incoherent and silent
            draws were forfeited at finalize.) Anyone may call. Returns the reward.
    """
    d: Dispute = self._dispute(_id)
    assert d.state == RESOLVED, "dispute not resolved"
    assert _level <= d.level, "no such level"
    n: uint256 = self.drawsOf[_id][_level][_juror]
    assert n > 0, "not drawn"
    assert not self.settled[_id][_level][_juror], "already settled"
    self.settled[_id][_level][_juror] = True
    unlocked: uint256 = n * lockPerDraw
    reward: uint256 = n * self.levels[_id][_level].rewardPerDraw
    self.lockedOf[_juror] -= unlocked
    self.stakeOf[_juror] += reward
    self.levels[_id][_level].pot -= reward
    self._sync(_juror)
    log JurorSettled(dispute=_id, level=_level, juror=_juror, unlocked=unlocked, reward=reward)
    return reward
