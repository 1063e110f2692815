# pragma version ~=0.4.3
# @title NFT721
# @notice Minimal ERC-721 for the guard's scenarios: listings, approvals, drains.
# @dev    safeTransferFrom does not call onERC721Received (scenario receivers are EOAs
#         and the guard's simulated marketplaces); everything else follows EIP-721.

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    tokenId: indexed(uint256)

event Approval:
    owner: indexed(address)
    approved: indexed(address)
    tokenId: indexed(uint256)

event ApprovalForAll:
    owner: indexed(address)
    operator: indexed(address)
    approved: bool

name: public(String[64])
symbol: public(String[32])
ownerOf: public(HashMap[uint256, address])
balanceOf: public(HashMap[address, uint256])
getApproved: public(HashMap[uint256, address])
isApprovedForAll: public(HashMap[address, HashMap[address, bool]])
minter: public(address)


@deploy
def __init__(_name: String[64], _symbol: String[32]):
    self.name = _name
    self.symbol = _symbol
    self.minter = msg.sender


@external
def mint(_to: address, _token_id: uint256):
    assert msg.sender == self.minter, "only the minter"
    assert self.ownerOf[_token_id] == empty(address), "token exists"
    assert _to != empty(address), "mint to the zero address"
    self.ownerOf[_token_id] = _to
    self.balanceOf[_to] += 1
    log Transfer(sender=empty(address), receiver=_to, tokenId=_token_id)


@internal
def _transfer(_from: address, _to: address, _token_id: uint256):
    owner: address = self.ownerOf[_token_id]
    assert owner == _from, "not the owner"
    assert _to != empty(address), "transfer to the zero address"
    assert (
        msg.sender == owner
        or self.getApproved[_token_id] == msg.sender
        or self.isApprovedForAll[owner][msg.sender]
    ), "not approved"
    self.getApproved[_token_id] = empty(address)
    self.ownerOf[_token_id] = _to
    self.balanceOf[_from] -= 1
    self.balanceOf[_to] += 1
    log Transfer(sender=_from, receiver=_to, tokenId=_token_id)


@external
def transferFrom(_from: address, _to: address, _token_id: uint256):
    self._transfer(_from, _to, _token_id)


@external
def safeTransferFrom(_from: address, _to: address, _token_id: uint256):
    self._transfer(_from, _to, _token_id)


@external
def approve(_approved: address, _token_id: uint256):
    owner: address = self.ownerOf[_token_id]
    assert msg.sender == owner or self.isApprovedForAll[owner][msg.sender], "not approved"
    self.getApproved[_token_id] = _approved
    log Approval(owner=owner, approved=_approved, tokenId=_token_id)


@external
def setApprovalForAll(_operator: address, _approved: bool):
    self.isApprovedForAll[msg.sender][_operator] = _approved
    log ApprovalForAll(owner=msg.sender, operator=_operator, approved=_approved)
