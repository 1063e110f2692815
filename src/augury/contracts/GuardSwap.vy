# pragma version ~=0.4.3
# @title GuardSwap
# @notice A fixed-rate exchange for the guard's benign scenarios: swap one token for
#         another at 1:1 (after transferFrom of the input), or buy tokens with ether.
from ethereum.ercs import IERC20


@external
def swap(_token_in: address, _amount_in: uint256, _token_out: address, _min_out: uint256):
    assert _amount_in >= _min_out, "slippage"
    assert extcall IERC20(_token_in).transferFrom(msg.sender, self, _amount_in), "pull failed"
    assert extcall IERC20(_token_out).transfer(msg.sender, _amount_in), "push failed"


@external
@payable
def buy(_token_out: address, _min_out: uint256):
    assert msg.value >= _min_out, "slippage"
    assert extcall IERC20(_token_out).transfer(msg.sender, msg.value), "push failed"
