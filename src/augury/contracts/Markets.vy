# pragma version ~=0.4.3
# @title Markets
# @notice Many binary prediction markets in one contract, each priced by a
#         logarithmic market scoring rule (LMSR) with its own liquidity `b`.
#         A market is three storage words, so opening one is cheap enough for
#         questions too small for humans to trade ("is this domain phishing?").
# @dev    Accounting (docs/market.md has the proofs):
#         * `funds` of a market = subsidy + costs paid - returns owed. Costs are
#           padded up and returns down by twice the fixed-point error bound, so
#           funds >= C(q) >= max(q_no, q_yes): every outcome can be paid.
#         * Returns of sells are escrowed until settlement, not paid at once, so a
#           REFUND market can give every trader back exactly what they paid and
#           the creator exactly the subsidy: every trade is reverted.
#         * Collateral lives in internal balances (`balanceOf`); a function that
#           needs more than the caller's balance pulls the rest with
#           transferFrom. `withdraw` takes it out.
#         * An unsampled NEAREST market is settled by where its price stood over a
#           closing window, not by its last trade (audit H-2): YES iff the YES
#           price was above 1/2 for more than half of the window's seconds. Each
#           trade that moves the price across 1/2 starts or stops a YES clock
#           (`_tally`), so a trade in the last block moves the result by at most
#           one block's seconds, and pushing the price far past 1/2 buys no more
#           weight than pushing it just past (a time-weighted median, not mean).
#         Resolution comes only from the jury contract (`resolve`, `settleByRule`).
#         The collateral must be a plain ERC-20 (no fee on transfer); the token
#         is always called after this contract's own state is updated.

from ethereum.ercs import IERC20

# --- fixed-point constants (1e18 scale); augury/market/lmsr.py mirrors them ---
ONE: constant(uint256) = 10**18
LN2_36: constant(uint256) = 693147180559945309417232121458176568
EXP_ZERO_AT: constant(uint256) = 42 * 10**18
MAX_X: constant(uint256) = 40
MIN_B: constant(uint256) = 10**6
MAX_B: constant(uint256) = 2**100
MAX_SHARES: constant(uint256) = 2**128 - 1
LOW128: constant(uint256) = 2**128 - 1
LOW160: constant(uint256) = 2**160 - 1
LOW64: constant(uint256) = 2**64 - 1
MAX_BATCH: constant(uint256) = 256
# A market no jury settled this long after its close is settled by its own rule by
# anyone (`expire`): Jury.vy bounds a round to 30 days and each window to 7, so a
# working jury has always finished by then.
STUCK_GRACE: constant(uint256) = 90 * 86400
# The longest closing window a deployment may choose (it must fit the pool word's 27 bits).
MAX_WINDOW: constant(uint256) = 30 * 86400

# settlement rules, states, outcomes
REFUND: constant(uint256) = 0
NEAREST: constant(uint256) = 1
OPEN: constant(uint256) = 1
RESOLVED: constant(uint256) = 2
REFUNDED: constant(uint256) = 3
NO: constant(uint256) = 0
YES: constant(uint256) = 1

# meta word: creator | closeTime << 160 | rule << 224 | state << 232 | outcome << 240
#            | creatorClaimed << 248
CLOSE_SHIFT: constant(uint256) = 160
RULE_SHIFT: constant(uint256) = 224
STATE_SHIFT: constant(uint256) = 232
OUTCOME_SHIFT: constant(uint256) = 240
CLAIMED_BIT: constant(uint256) = 2**248
# pool word: b (101 bits: b <= 2**100) | window << 101 (27 bits) | funds << 128
B_MASK: constant(uint256) = 2**101 - 1
WINDOW_SHIFT: constant(uint256) = 101
WINDOW_MASK: constant(uint256) = 2**27 - 1

event MarketCreated:
    market: indexed(uint256)
    question: indexed(bytes32)
    creator: indexed(address)
    b: uint256
    closeTime: uint256
    rule: uint256

event Trade:
    market: indexed(uint256)
    trader: indexed(address)
    outcome: uint256
    isBuy: bool
    shares: uint256
    amount: uint256
    qNo: uint256
    qYes: uint256

event Settled:
    market: indexed(uint256)
    state: uint256
    outcome: uint256

event Redeemed:
    market: indexed(uint256)
    account: indexed(address)
    amount: uint256

event Deposit:
    account: indexed(address)
    amount: uint256

event Withdrawal:
    account: indexed(address)
    amount: uint256

event JurySet:
    jury: indexed(address)

token: public(immutable(IERC20))
creationFee: public(immutable(uint256))
# NEAREST settles by the last `closingWindow` seconds before close (the whole life of
# a market that is shorter).
closingWindow: public(immutable(uint256))
deployer: immutable(address)
jury: public(address)
marketCount: public(uint256)
balanceOf: public(HashMap[address, uint256])

_meta: HashMap[uint256, uint256]
_pool: HashMap[uint256, uint256]      # b | window << 101 | funds << 128
# q_no + 1 | (q_yes + 1) << 128: the LMSR is shift-invariant, and the offset makes the
# word non-zero at creation, so a market's first trade pays no zero-to-non-zero write.
_q: HashMap[uint256, uint256]
Q_INIT: constant(uint256) = 1 | (1 << 128)
_pos: HashMap[uint256, HashMap[address, uint256]]     # no shares | yes shares << 128
_escrow: HashMap[uint256, HashMap[address, uint256]]  # paid | returns << 128
# NEAREST only: yesSince | yesSeconds << 64. yesSeconds counts the window's seconds that
# ended with the YES price above 1/2; yesSince (>= the window's start) is when the
# current YES stretch began, meaningful only while q_yes > q_no. Written only by the
# trades that move the price across 1/2; zero until the first such trade.
_tally: HashMap[uint256, uint256]


@deploy
def __init__(_token: address, _creation_fee: uint256, _closing_window: uint256):
    """
    @param _token the collateral ERC-20
    @param _creation_fee paid by each market's creator to the jury (in
           collateral units), on top of the subsidy
    @param _closing_window seconds before close over which an unsampled
           NEAREST market's price is weighed (1 s .. 30 days); long enough that
           honest traders can trade a manipulated price back inside it
    """
    assert _closing_window > 0 and _closing_window <= MAX_WINDOW, "closing window out of range"
    token = IERC20(_token)
    creationFee = _creation_fee
    closingWindow = _closing_window
    deployer = msg.sender


@external
def setJury(_jury: address):
    """
    @notice Name the jury contract, once. Only it can resolve markets.
    """
    assert msg.sender == deployer, "only deployer"
    assert self.jury == empty(address), "jury already set"
    assert _jury != empty(address), "jury is the zero address"
    self.jury = _jury
    log JurySet(jury=_jury)


# ------------------------------------------------------------------ fixed point

@internal
@pure
def _exp_neg(x: uint256) -> uint256:
    # e^-x at 1e18 scale: x = k ln2 + r, Horner on the Taylor series of e^-r.
    if x >= EXP_ZERO_AT:
        return 0
    # x < 42e18 bounds every product below 2^256 and keeps r < ln 2 < 1, t <= 1:
    # unchecked arithmetic cannot overflow or underflow here.
    k: uint256 = unsafe_div(unsafe_mul(x, ONE), LN2_36)
    r: uint256 = unsafe_sub(x, unsafe_div(unsafe_mul(k, LN2_36), ONE))
    # Horner, unrolled (n = 18 .. 1): t = 1 - r t / n
    t: uint256 = unsafe_sub(ONE, unsafe_div(r, 18))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 17 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 16 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 15 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 14 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 13 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 12 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 11 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 10 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 9 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 8 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 7 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 6 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 5 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 4 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 3 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 2 * ONE))
    t = unsafe_sub(ONE, unsafe_div(unsafe_mul(r, t), 1 * ONE))
    return t >> k


@internal
@pure
def _ln1p(y: uint256) -> uint256:
    # ln(1+y) for y in [0, 1] at 1e18 scale: 2 atanh(y / (2 + y)), 19 terms.
    # y <= 1e18 gives s <= 1e18/3, s2 <= 1e18/9, t < 2e18: no overflow possible.
    s: uint256 = unsafe_div(unsafe_mul(y, ONE), unsafe_add(2 * ONE, y))
    s2: uint256 = unsafe_div(unsafe_mul(s, s), ONE)
    # Horner, unrolled (n = 18 .. 0): t = 1/(2n+1) + s^2 t
    t: uint256 = ONE // 39
    t = unsafe_add(ONE // 37, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 35, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 33, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 31, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 29, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 27, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 25, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 23, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 21, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 19, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 17, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 15, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 13, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 11, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 9, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 7, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 5, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 3, unsafe_div(unsafe_mul(s2, t), ONE))
    t = unsafe_add(ONE // 1, unsafe_div(unsafe_mul(s2, t), ONE))
    return unsafe_div(unsafe_mul(unsafe_mul(2, s), t), ONE)


@internal
@pure
def _cost(q_no: uint256, q_yes: uint256, b: uint256) -> uint256:
    m: uint256 = q_yes
    d: uint256 = 0
    if q_yes >= q_no:
        d = q_yes - q_no
    else:
        m = q_no
        d = q_no - q_yes
    return m + b * self._ln1p(self._exp_neg(d * ONE // b)) // ONE


@internal
@pure
def _price_yes(q_no: uint256, q_yes: uint256, b: uint256) -> uint256:
    if q_yes >= q_no:
        return ONE * ONE // (ONE + self._exp_neg((q_yes - q_no) * ONE // b))
    return ONE - ONE * ONE // (ONE + self._exp_neg((q_no - q_yes) * ONE // b))


@internal
@pure
def _pad(b: uint256) -> uint256:
    # Twice the documented bound |fixed-point C - exact C| <= b/1e17 + 2 wei.
    return 2 * (b // 10**17 + 2)


@internal
@pure
def _subsidy(b: uint256) -> uint256:
    # ceil(b ln 2) with ln 2 rounded up: at least the market maker's worst loss.
    return (b * (LN2_36 + 1) + 10**36 - 1) // 10**36


# ------------------------------------------------------------------ collateral

@internal
def _debit(_account: address, _amount: uint256):
    bal: uint256 = self.balanceOf[_account]
    if bal >= _amount:
        self.balanceOf[_account] = bal - _amount
        return
    if bal > 0:
        self.balanceOf[_account] = 0
    assert extcall token.transferFrom(_account, self, _amount - bal, default_return_value=True), \
        "collateral transfer failed"


@external
def deposit(_amount: uint256):
    """
    @notice Move collateral into this contract's internal balance, so trades
            need no token transfer each.
    """
    assert extcall token.transferFrom(msg.sender, self, _amount, default_return_value=True), \
        "collateral transfer failed"
    self.balanceOf[msg.sender] += _amount
    log Deposit(account=msg.sender, amount=_amount)


@external
def withdraw(_amount: uint256):
    bal: uint256 = self.balanceOf[msg.sender]
    assert bal >= _amount, "insufficient balance"
    self.balanceOf[msg.sender] = bal - _amount
    assert extcall token.transfer(msg.sender, _amount, default_return_value=True), \
        "collateral transfer failed"
    log Withdrawal(account=msg.sender, amount=_amount)


# ------------------------------------------------------------------ markets

@internal
def _create(_question: bytes32, _b: uint256, _close: uint256, _rule: uint256) -> uint256:
    market: uint256 = self.marketCount + 1
    self.marketCount = market
    self._meta[market] = convert(msg.sender, uint256) | (_close << CLOSE_SHIFT) \
        | (_rule << RULE_SHIFT) | (OPEN << STATE_SHIFT)
    sub: uint256 = self._subsidy(_b)
    # the window is fixed at creation, inside the market's life: [close - window, close)
    window: uint256 = min(closingWindow, _close - block.timestamp)
    self._pool[market] = _b | (window << WINDOW_SHIFT) | (sub << 128)
    self._q[market] = Q_INIT
    log MarketCreated(
        market=market, question=_question, creator=msg.sender, b=_b, closeTime=_close, rule=_rule
    )
    return market


@internal
@view
def _check_new(_b: uint256, _close: uint256, _rule: uint256):
    assert self.jury != empty(address), "jury not set"
    assert _b >= MIN_B and _b <= MAX_B, "liquidity out of range"
    assert _close > block.timestamp, "close time in the past"
    assert _close < 2**64, "close time too large"
    assert _rule <= NEAREST, "unknown settlement rule"


@external
def createMarket(_question: bytes32, _b: uint256, _close_time: uint256, _rule: uint256) -> uint256:
    """
    @notice Open a binary market on `_question` (hash of its off-chain text).
    @param _b LMSR liquidity in collateral units; the caller pays the subsidy
           ceil(b ln 2) plus the creation fee.
    @param _close_time trading stops at this timestamp; then the jury's round
           that covers it samples the market or settles it by `_rule`.
    @param _rule 0 = REFUND (unsampled: every trade reverted), 1 = NEAREST
           (unsampled: the outcome the final price is nearer to)
    @return the market id (1, 2, ...)
    """
    self._check_new(_b, _close_time, _rule)
    market: uint256 = self._create(_question, _b, _close_time, _rule)
    if creationFee > 0:
        self.balanceOf[self.jury] += creationFee
    self._debit(msg.sender, self._subsidy(_b) + creationFee)
    return market


@external
def createMarkets(
    _questions: DynArray[bytes32, MAX_BATCH], _b: uint256, _close_time: uint256, _rule: uint256
) -> uint256:
    """
    @notice Open one market per question with the same parameters, in one
            transaction. Returns the id of the first; the rest follow in order.
    """
    self._check_new(_b, _close_time, _rule)
    n: uint256 = len(_questions)
    assert n > 0, "no questions"
    first: uint256 = self.marketCount + 1
    for q: bytes32 in _questions:
        self._create(q, _b, _close_time, _rule)
    if creationFee > 0:
        self.balanceOf[self.jury] += creationFee * n
    self._debit(msg.sender, (self._subsidy(_b) + creationFee) * n)
    return first


@internal
@view
def _open_meta(_market: uint256) -> uint256:
    meta: uint256 = self._meta[_market]
    assert meta != 0, "unknown market"
    assert (meta >> STATE_SHIFT) & 255 == OPEN, "market settled"
    assert block.timestamp < (meta >> CLOSE_SHIFT) & (2**64 - 1), "market closed"
    return meta


@internal
def _buy(_market: uint256, _outcome: uint256, _shares: uint256, _max_cost: uint256) -> uint256:
    assert _outcome <= YES, "unknown outcome"
    assert _shares > 0, "zero shares"
    meta: uint256 = self._open_meta(_market)
    pool: uint256 = self._pool[_market]
    b: uint256 = pool & B_MASK
    qw: uint256 = self._q[_market]
    q_no: uint256 = (qw & LOW128) - 1
    q_yes: uint256 = (qw >> 128) - 1
    n_no: uint256 = q_no
    n_yes: uint256 = q_yes
    if _outcome == YES:
        n_yes += _shares
    else:
        n_no += _shares
    assert n_no < MAX_SHARES and n_yes < MAX_SHARES, "too many shares"
    if n_yes >= n_no:
        assert n_yes - n_no <= MAX_X * b, "trade moves price out of range"
    else:
        assert n_no - n_yes <= MAX_X * b, "trade moves price out of range"
    # C(q') + pad >= C(q) even for a 1-wei trade: the pad exceeds the rounding error.
    amount: uint256 = self._cost(n_no, n_yes, b) + self._pad(b) - self._cost(q_no, q_yes, b)
    assert amount <= _max_cost, "cost exceeds max cost"
    self._q[_market] = (n_no + 1) | ((n_yes + 1) << 128)
    self._pool[_market] = pool + (amount << 128)
    self._pos[_market][msg.sender] += _shares << (128 * _outcome)
    if (meta >> RULE_SHIFT) & 255 == REFUND:
        self._escrow[_market][msg.sender] += amount
    elif (n_yes > n_no) != (q_yes > q_no):
        self._cross(_market, meta, pool, n_yes > n_no)
    # effects before the interaction: the token is called last
    self._debit(msg.sender, amount)
    log Trade(
        market=_market, trader=msg.sender, outcome=_outcome, isBuy=True, shares=_shares,
        amount=amount, qNo=n_no, qYes=n_yes
    )
    return amount


@external
def buy(_market: uint256, _outcome: uint256, _shares: uint256, _max_cost: uint256) -> uint256:
    """
    @notice Buy `_shares` of `_outcome` (0 = NO, 1 = YES); reverts if the cost
            exceeds `_max_cost` (slippage guard). Returns the cost paid.
    """
    return self._buy(_market, _outcome, _shares, _max_cost)


@external
def buyMany(
    _markets: DynArray[uint256, MAX_BATCH],
    _outcomes: DynArray[uint256, MAX_BATCH],
    _shares: DynArray[uint256, MAX_BATCH],
    _max_costs: DynArray[uint256, MAX_BATCH],
) -> uint256:
    """
    @notice Several buys in one transaction (all or none); returns the total cost.
    """
    n: uint256 = len(_markets)
    assert len(_outcomes) == n and len(_shares) == n and len(_max_costs) == n, \
        "array lengths differ"
    total: uint256 = 0
    for i: uint256 in range(n, bound=MAX_BATCH):
        total += self._buy(_markets[i], _outcomes[i], _shares[i], _max_costs[i])
    return total


@external
def sell(_market: uint256, _outcome: uint256, _shares: uint256, _min_return: uint256) -> uint256:
    """
    @notice Sell `_shares` of `_outcome` back to the market maker; reverts if the
            return is below `_min_return`. The return is escrowed until the
            market settles (paid by `redeem`; voided with the whole trade
            history if the market is refunded).
    """
    assert _outcome <= YES, "unknown outcome"
    assert _shares > 0, "zero shares"
    meta: uint256 = self._open_meta(_market)
    side: uint256 = 128 * _outcome
    pos: uint256 = self._pos[_market][msg.sender]
    assert (pos >> side) & LOW128 >= _shares, "not enough shares"
    pool: uint256 = self._pool[_market]
    b: uint256 = pool & B_MASK
    qw: uint256 = self._q[_market]
    q_no: uint256 = (qw & LOW128) - 1
    q_yes: uint256 = (qw >> 128) - 1
    n_no: uint256 = q_no
    n_yes: uint256 = q_yes
    if _outcome == YES:
        n_yes -= _shares
    else:
        n_no -= _shares
    if n_yes >= n_no:
        assert n_yes - n_no <= MAX_X * b, "trade moves price out of range"
    else:
        assert n_no - n_yes <= MAX_X * b, "trade moves price out of range"
    before: uint256 = self._cost(q_no, q_yes, b)
    after: uint256 = self._cost(n_no, n_yes, b) + self._pad(b)
    amount: uint256 = 0
    if before > after:
        amount = before - after
    assert amount >= _min_return, "return below min return"
    self._q[_market] = (n_no + 1) | ((n_yes + 1) << 128)
    self._pool[_market] = pool - (amount << 128)
    self._pos[_market][msg.sender] = pos - (_shares << side)
    self._escrow[_market][msg.sender] += amount << 128
    if (meta >> RULE_SHIFT) & 255 == NEAREST and (n_yes > n_no) != (q_yes > q_no):
        self._cross(_market, meta, pool, n_yes > n_no)
    log Trade(
        market=_market, trader=msg.sender, outcome=_outcome, isBuy=False, shares=_shares,
        amount=amount, qNo=n_no, qYes=n_yes
    )
    return amount


@internal
def _cross(_market: uint256, _meta: uint256, _pool: uint256, _to_yes: bool):
    # A trade moved a NEAREST market's price across 1/2 at block.timestamp (< close).
    # Time before the window's start never counts: a YES stretch starts at the later
    # of now and the start, and a stretch that ends before the start adds nothing.
    # A crossing inside the window is counted (bits 128+): the jury always samples a
    # market that crossed there and back (two crossings), so a flip that honest traders
    # answer inside the window goes to the court whatever the seed says (audit H-2,
    # the sustained re-flip).
    tally: uint256 = self._tally[_market]
    close: uint256 = (_meta >> CLOSE_SHIFT) & LOW64
    start: uint256 = close - ((_pool >> WINDOW_SHIFT) & WINDOW_MASK)
    if block.timestamp >= start:
        tally += 1 << 128
    if _to_yes:
        self._tally[_market] = (tally & ~LOW64) | max(block.timestamp, start)
    elif block.timestamp > tally & LOW64:
        self._tally[_market] = tally + ((block.timestamp - (tally & LOW64)) << 64)
    else:
        self._tally[_market] = tally


@internal
@view
def _yes_seconds(_market: uint256, _until: uint256) -> uint256:
    # Seconds of the window up to `_until` (<= close) the YES price stood above 1/2.
    tally: uint256 = self._tally[_market]
    yes: uint256 = (tally >> 64) & LOW64
    qw: uint256 = self._q[_market]
    if qw >> 128 > qw & LOW128 and _until > tally & LOW64:
        yes += _until - (tally & LOW64)
    return yes


# ------------------------------------------------------------------ settlement

@internal
def _settle(_market: uint256, _state: uint256, _outcome: uint256):
    meta: uint256 = self._meta[_market]
    assert meta != 0, "unknown market"
    assert (meta >> STATE_SHIFT) & 255 == OPEN, "market settled"
    assert block.timestamp >= (meta >> CLOSE_SHIFT) & (2**64 - 1), "market not closed"
    # state bits hold OPEN and outcome bits zero: swap in the settled values
    self._meta[_market] = meta - (OPEN << STATE_SHIFT) + (_state << STATE_SHIFT) \
        + (_outcome << OUTCOME_SHIFT)
    log Settled(market=_market, state=_state, outcome=_outcome)


@external
def resolve(_market: uint256, _outcome: uint256):
    """
    @notice The jury's verdict on a sampled market: 0 = NO, 1 = YES.
    """
    assert msg.sender == self.jury, "only jury"
    assert _outcome <= YES, "unknown outcome"
    self._settle(_market, RESOLVED, _outcome)


@external
def settleByRule(_market: uint256):
    """
    @notice Settle a market the jury did not sample (or could not decide) by
            its own rule. NEAREST resolves to YES if the YES price stood above
            1/2 for more than half of the closing window's seconds, and to NO
            otherwise (exactly half, or a price that never left 1/2, is NO:
            with no evidence "is this a scam?" is answered no).
    """
    assert msg.sender == self.jury, "only jury"
    self._settle_by_rule(_market)


@external
def expire(_market: uint256):
    """
    @notice The exit of a market no jury settled: STUCK_GRACE after its close,
            anyone settles it by its own rule, as an unsampled market would be.
    """
    close: uint256 = (self._meta[_market] >> CLOSE_SHIFT) & (2**64 - 1)
    assert block.timestamp >= close + STUCK_GRACE, "not stuck"
    self._settle_by_rule(_market)


@internal
def _settle_by_rule(_market: uint256):
    meta: uint256 = self._meta[_market]
    if (meta >> RULE_SHIFT) & 255 == NEAREST:
        close: uint256 = (meta >> CLOSE_SHIFT) & LOW64
        window: uint256 = (self._pool[_market] >> WINDOW_SHIFT) & WINDOW_MASK
        if 2 * self._yes_seconds(_market, close) > window:
            self._settle(_market, RESOLVED, YES)
        else:
            self._settle(_market, RESOLVED, NO)
    else:
        self._settle(_market, REFUNDED, 0)


@internal
def _redeem(_market: uint256, _account: address) -> uint256:
    meta: uint256 = self._meta[_market]
    assert meta != 0, "unknown market"
    state: uint256 = (meta >> STATE_SHIFT) & 255
    assert state != OPEN, "market not settled"
    outcome: uint256 = (meta >> OUTCOME_SHIFT) & 255
    amount: uint256 = 0
    pos: uint256 = self._pos[_market][_account]
    esc: uint256 = self._escrow[_market][_account]
    if state == RESOLVED:
        amount = ((pos >> (128 * outcome)) & LOW128) + (esc >> 128)
    else:
        amount = esc & LOW128
    if pos != 0:
        self._pos[_market][_account] = 0
    if esc != 0:
        self._escrow[_market][_account] = 0
    if convert(meta & LOW160, address) == _account and meta & CLAIMED_BIT == 0:
        self._meta[_market] = meta | CLAIMED_BIT
        pool: uint256 = self._pool[_market]
        if state == RESOLVED:
            qw: uint256 = self._q[_market]
            amount += (pool >> 128) + 1 - ((qw >> (128 * outcome)) & LOW128)
        else:
            amount += self._subsidy(pool & B_MASK)
    if amount > 0:
        self.balanceOf[_account] += amount
    log Redeemed(market=_market, account=_account, amount=amount)
    return amount


@external
def redeem(_market: uint256) -> uint256:
    """
    @notice After settlement, credit the caller's internal balance with what
            the market owes them: winning shares plus escrowed returns
            (RESOLVED), or everything they paid (REFUNDED); the creator also
            gets the remaining funds (RESOLVED) or the subsidy (REFUNDED).
    """
    return self._redeem(_market, msg.sender)


@external
def redeemMany(_markets: DynArray[uint256, MAX_BATCH]) -> uint256:
    total: uint256 = 0
    for m: uint256 in _markets:
        total += self._redeem(m, msg.sender)
    return total


# ------------------------------------------------------------------ views

@external
@view
def market(_market: uint256) -> (address, uint256, uint256, uint256, uint256, uint256, uint256,
                                  uint256, uint256):
    """
    @notice (creator, closeTime, rule, state, outcome, b, funds, qNo, qYes);
            state 0 = unknown, 1 = open, 2 = resolved, 3 = refunded.
    """
    meta: uint256 = self._meta[_market]
    pool: uint256 = self._pool[_market]
    qw: uint256 = self._q[_market]
    return (
        convert(meta & LOW160, address),
        (meta >> CLOSE_SHIFT) & (2**64 - 1),
        (meta >> RULE_SHIFT) & 255,
        (meta >> STATE_SHIFT) & 255,
        (meta >> OUTCOME_SHIFT) & 255,
        pool & B_MASK,
        pool >> 128,
        (qw & LOW128) - 1,
        (qw >> 128) - 1,
    )


@external
@view
def closeTime(_market: uint256) -> uint256:
    return (self._meta[_market] >> CLOSE_SHIFT) & (2**64 - 1)


@external
@view
def state(_market: uint256) -> uint256:
    return (self._meta[_market] >> STATE_SHIFT) & 255


@external
@view
def position(_market: uint256, _account: address) -> (uint256, uint256, uint256, uint256):
    """
    @notice (no shares, yes shares, paid (REFUND markets), escrowed returns)
    """
    pos: uint256 = self._pos[_market][_account]
    esc: uint256 = self._escrow[_market][_account]
    return (pos & LOW128, pos >> 128, esc & LOW128, esc >> 128)


@external
@view
def priceYes(_market: uint256) -> uint256:
    """
    @notice Price of YES at 1e18 scale, in (0, 1e18); NO's is 1e18 minus it.
    """
    pool: uint256 = self._pool[_market]
    assert pool != 0, "unknown market"
    qw: uint256 = self._q[_market]
    return self._price_yes(qw & LOW128, qw >> 128, pool & B_MASK)


@external
@view
def closingTally(_market: uint256) -> (uint256, uint256, uint256):
    """
    @notice (window start, window length, YES seconds so far) of a market's
            closing window: the seconds in [start, min(now, close)) the YES
            price stood above 1/2. Unsampled, a NEAREST market resolves YES iff
            2 * YES seconds > window length at close. REFUND markets: 0 seconds.
    """
    meta: uint256 = self._meta[_market]
    assert meta != 0, "unknown market"
    close: uint256 = (meta >> CLOSE_SHIFT) & LOW64
    window: uint256 = (self._pool[_market] >> WINDOW_SHIFT) & WINDOW_MASK
    if (meta >> RULE_SHIFT) & 255 != NEAREST:
        return (close - window, window, 0)  # a REFUND market keeps no tally
    return (close - window, window, self._yes_seconds(_market, min(block.timestamp, close)))


@external
@view
def crossings(_market: uint256) -> uint256:
    """
    @notice How many trades moved a NEAREST market's price across 1/2 inside its
            closing window. The jury samples every market with two (there and back):
            there the window alone cannot tell an honest correction from a re-flip.
    """
    return self._tally[_market] >> 128


@external
@view
def costFunction(_q_no: uint256, _q_yes: uint256, _b: uint256) -> uint256:
    """
    @notice The fixed-point C(q) in collateral units, for tests and quotes.
    """
    assert _b >= MIN_B and _b <= MAX_B, "liquidity out of range"
    assert _q_no <= MAX_SHARES and _q_yes <= MAX_SHARES, "too many shares"
    return self._cost(_q_no, _q_yes, _b)


@external
@view
def subsidy(_b: uint256) -> uint256:
    return self._subsidy(_b)
