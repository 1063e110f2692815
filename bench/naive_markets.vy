# pragma version ~=0.4.3
# @title NaiveMarkets (benchmark anchor, not a protocol contract)
# @notice The same LMSR markets as src/augury/contracts/Markets.vy written the
#         straightforward way: one storage slot per field of a market struct and
#         of a position struct, and a token transfer on every trade. bench/market_gas.py
#         deploys it beside Markets.vy to show what packing and internal balances buy.

from ethereum.ercs import IERC20

ONE: constant(uint256) = 10**18
LN2_36: constant(uint256) = 693147180559945309417232121458176568
EXP_ZERO_AT: constant(uint256) = 42 * 10**18

struct Market:
    creator: address
    question: bytes32
    b: uint256
    closeTime: uint256
    rule: uint256
    state: uint256
    outcome: uint256
    funds: uint256
    qNo: uint256
    qYes: uint256

struct Position:
    no: uint256
    yes: uint256
    paid: uint256
    returns: uint256

event Trade:
    market: indexed(uint256)
    trader: indexed(address)
    amount: uint256

token: public(immutable(IERC20))
marketCount: public(uint256)
markets: public(HashMap[uint256, Market])
positions: public(HashMap[uint256, HashMap[address, Position]])


@deploy
def __init__(_token: address):
    token = IERC20(_token)


@internal
@pure
def _exp_neg(x: uint256) -> uint256:
    if x >= EXP_ZERO_AT:
        return 0
    k: uint256 = x * ONE // LN2_36
    r: uint256 = x - k * LN2_36 // ONE
    t: uint256 = ONE
    for i: uint256 in range(18):
        t = ONE - r * t // ((18 - i) * ONE)
    return t >> k


@internal
@pure
def _ln1p(y: uint256) -> uint256:
    s: uint256 = y * ONE // (2 * ONE + y)
    s2: uint256 = s * s // ONE
    t: uint256 = ONE // 39
    for i: uint256 in range(19):
        t = ONE // (37 - 2 * i) + s2 * t // ONE
    return 2 * s * t // ONE


@internal
@pure
def _cost(q_no: uint256, q_yes: uint256, b: uint256) -> uint256:
    m: uint256 = max(q_no, q_yes)
    d: uint256 = m - min(q_no, q_yes)
    return m + b * self._ln1p(self._exp_neg(d * ONE // b)) // ONE


@external
def createMarket(_question: bytes32, _b: uint256, _close_time: uint256, _rule: uint256) -> uint256:
    sub: uint256 = (_b * (LN2_36 + 1) + 10**36 - 1) // 10**36
    extcall token.transferFrom(msg.sender, self, sub)
    self.marketCount += 1
    self.markets[self.marketCount] = Market(
        creator=msg.sender, question=_question, b=_b, closeTime=_close_time, rule=_rule,
        state=1, outcome=0, funds=sub, qNo=0, qYes=0
    )
    return self.marketCount


@external
def buy(_market: uint256, _outcome: uint256, _shares: uint256, _max_cost: uint256) -> uint256:
    m: Market = self.markets[_market]
    assert m.state == 1, "market not open"
    assert block.timestamp < m.closeTime, "market closed"
    n_no: uint256 = m.qNo
    n_yes: uint256 = m.qYes
    if _outcome == 1:
        n_yes += _shares
    else:
        n_no += _shares
    amount: uint256 = self._cost(n_no, n_yes, m.b) - self._cost(m.qNo, m.qYes, m.b) \
        + 2 * (m.b // 10**17 + 2)
    assert amount <= _max_cost, "cost exceeds max cost"
    extcall token.transferFrom(msg.sender, self, amount)
    self.markets[_market].qNo = n_no
    self.markets[_market].qYes = n_yes
    self.markets[_market].funds += amount
    if _outcome == 1:
        self.positions[_market][msg.sender].yes += _shares
    else:
        self.positions[_market][msg.sender].no += _shares
    self.positions[_market][msg.sender].paid += amount
    log Trade(market=_market, trader=msg.sender, amount=amount)
    return amount
