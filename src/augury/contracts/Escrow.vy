# pragma version ~=0.4.3
# @title Escrow
# @notice An example consumer of the AI judge: "subjective contract
#         enforcement". A payer locks tokens for a payee and asks a judge model
#         whether the deal is a scam (for instance: is the payee's site a
#         phishing domain?). Once the judge's answer is final the escrow
#         releases the funds to the payee, unless the answer's label is SCAM,
#         in which case the payer is refunded. If no final answer arrives by
#         the deadline (paused model, overturned or expired request), the payer
#         is refunded: funds are never stuck.
#         The escrow asks the judge on behalf of its payer (`requestFor`), so
#         each payer uses his own quota (audit M-3), and it refuses deals worth
#         more than `maxAmount`, the value a court's verdict is trusted for.

from ethereum.ercs import IERC20

interface IJudge:
    def requestFor(_model_id: uint256, _input_hash: bytes32, _beneficiary: address) -> uint256: nonpayable
    def result(_request_id: uint256) -> (uint8, uint256): view
    def models(_model_id: uint256) -> (address, bytes32, bytes32, bytes32, bytes32, uint256, uint256, uint256, bool, bytes32, bool, bool): view

ANSWERED: constant(uint8) = 2
CHALLENGED: constant(uint8) = 3
FINAL: constant(uint8) = 4
OVERTURNED: constant(uint8) = 5
EXPIRED: constant(uint8) = 6
SCAM: constant(uint256) = 1

OPEN: constant(uint8) = 1
RELEASED: constant(uint8) = 2
REFUNDED: constant(uint8) = 3

struct Deal:
    payer: address
    payee: address
    amount: uint256
    requestId: uint256
    deadline: uint256
    state: uint8
    fee: uint256
    feeReturned: bool

event Opened:
    dealId: indexed(uint256)
    payer: indexed(address)
    payee: indexed(address)
    amount: uint256
    requestId: uint256
    deadline: uint256

event Released:
    dealId: indexed(uint256)
    amount: uint256

event FeeReturned:
    dealId: indexed(uint256)
    amount: uint256

event Refunded:
    dealId: indexed(uint256)
    amount: uint256
    reason: String[32]

token: public(immutable(IERC20))
judge: public(immutable(IJudge))
deals: public(HashMap[uint256, Deal])
dealCount: public(uint256)
# The largest deal: a dispute is decided by the judge's court, whose verdict is only as
# costly to buy as the stake its final panel locks, so a deal worth more than that cap
# would pay for buying the verdict.
maxAmount: public(immutable(uint256))


@deploy
def __init__(_token: IERC20, _judge: IJudge, _max_amount: uint256):
    assert _max_amount > 0, "max amount"
    token = _token
    judge = _judge
    maxAmount = _max_amount


@external
def open(_payee: address, _amount: uint256, _model_id: uint256, _input_hash: bytes32, _timeout: uint256) -> uint256:
    """
    @notice Lock `_amount` for `_payee` and ask model `_model_id` about the
            input. The payer also pays the judge's fee (the escrow forwards
            it), so the payer approves `_amount + fee`. The request uses the
            payer's quota, not a quota all escrow users share (audit M-3).
    """
    assert _payee != empty(address), "payee"
    assert _amount > 0, "amount"
    assert _amount <= maxAmount, "amount over the case cap"
    fee: uint256 = (staticcall judge.models(_model_id))[7]
    assert extcall token.transferFrom(msg.sender, self, _amount + fee, default_return_value=True), "transfer failed"
    if fee > 0:
        assert extcall token.approve(judge.address, fee, default_return_value=True), "approve failed"
    request_id: uint256 = extcall judge.requestFor(_model_id, _input_hash, msg.sender)
    deal_id: uint256 = self.dealCount + 1
    self.dealCount = deal_id
    self.deals[deal_id] = Deal(
        payer=msg.sender,
        payee=_payee,
        amount=_amount,
        requestId=request_id,
        deadline=block.timestamp + _timeout,
        state=OPEN,
        fee=fee,
        feeReturned=False,
    )
    log Opened(
        dealId=deal_id,
        payer=msg.sender,
        payee=_payee,
        amount=_amount,
        requestId=request_id,
        deadline=block.timestamp + _timeout,
    )
    return deal_id


@external
def settle(_deal_id: uint256):
    """
    @notice Anyone may settle: on a final answer, release (not a scam) or
            refund (scam); after the deadline without one, refund. An answer
            already posted (in its challenge window, or challenged) is waited
            for, deadline or not: otherwise a payer who set a short timeout
            could challenge an honest answer at the last second and take the
            refund however the answer is ruled (audit L-1).
    """
    d: Deal = self.deals[_deal_id]
    assert d.state == OPEN, "not open"
    status: uint8 = 0
    label: uint256 = 0
    status, label = staticcall judge.result(d.requestId)
    if status == FINAL:
        if label == SCAM:
            self.deals[_deal_id].state = REFUNDED
            assert extcall token.transfer(d.payer, d.amount, default_return_value=True), "transfer failed"
            log Refunded(dealId=_deal_id, amount=d.amount, reason="judged a scam")
        else:
            self.deals[_deal_id].state = RELEASED
            assert extcall token.transfer(d.payee, d.amount, default_return_value=True), "transfer failed"
            log Released(dealId=_deal_id, amount=d.amount)
        return
    assert status != ANSWERED and status != CHALLENGED, "answer not final yet"
    assert block.timestamp >= d.deadline, "no final answer yet"
    self.deals[_deal_id].state = REFUNDED
    assert extcall token.transfer(d.payer, d.amount, default_return_value=True), "transfer failed"
    log Refunded(dealId=_deal_id, amount=d.amount, reason="no final answer")
    self._return_fee(_deal_id, status)


@internal
def _return_fee(_deal_id: uint256, _status: uint8):
    # The judge refunds the fee to this contract when a request is overturned
    # or expires; it belongs to the payer.
    d: Deal = self.deals[_deal_id]
    if d.feeReturned or d.fee == 0:
        return
    if _status == OVERTURNED or _status == EXPIRED:
        self.deals[_deal_id].feeReturned = True
        assert extcall token.transfer(d.payer, d.fee, default_return_value=True), "transfer failed"
        log FeeReturned(dealId=_deal_id, amount=d.fee)


@external
def reclaimFee(_deal_id: uint256):
    """
    @notice Pass a judge fee refund that arrived after settlement on to the
            payer (an answer overturned, or a request expired, after the
            deal's deadline).
    """
    d: Deal = self.deals[_deal_id]
    assert d.state == REFUNDED, "not refunded"
    assert not d.feeReturned, "fee returned"
    status: uint8 = 0
    label: uint256 = 0
    status, label = staticcall judge.result(d.requestId)
    assert status == OVERTURNED or status == EXPIRED, "no fee refund"
    self._return_fee(_deal_id, status)
