# pragma version ~=0.4.3
# @title Delegate7702
# @notice A benign EIP-7702 delegate: only the account itself may execute calls through
#         it (batching from the EOA's own transactions). The guard's allowlisted delegate.


@external
@payable
def execute(_target: address, _value: uint256, _data: Bytes[4096]) -> Bytes[4096]:
    assert msg.sender == self, "only the account itself"
    return raw_call(_target, _data, value=_value, max_outsize=4096)


@external
@payable
def __default__():
    pass
