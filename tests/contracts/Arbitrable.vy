# pragma version ~=0.4.3
# @title Arbitrable (tests only)
# @notice The smallest real arbitrable of Court.vy: cases are challenged by anyone,
#         ruled once by the court, and each ruling pays the court a juror fee from
#         this contract's balance, pushed inside `rule` as Judge/DataDAO will.

from ethereum.ercs import IERC20

token: public(immutable(IERC20))
court: public(immutable(address))
fee: public(uint256)
challenged: public(HashMap[uint256, bool])
ruled: public(HashMap[uint256, bool])
upheld: public(HashMap[uint256, bool])


@deploy
def __init__(_token: address, _court: address, _fee: uint256):
    token = IERC20(_token)
    court = _court
    self.fee = _fee


@external
def challenge(_case: uint256):
    assert not self.ruled[_case], "already ruled"
    self.challenged[_case] = True


@external
def rule(_case: uint256, _upheld: bool):
    assert msg.sender == court, "only court"
    assert self.challenged[_case], "not challenged"
    self.challenged[_case] = False
    self.ruled[_case] = True
    self.upheld[_case] = _upheld
    f: uint256 = min(self.fee, staticcall token.balanceOf(self))
    if f > 0:
        assert extcall token.transfer(court, f, default_return_value=True), "fee transfer failed"
