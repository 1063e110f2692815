# pragma version ~=0.4.3
# @title Multi1155
# @notice Minimal ERC-1155 for the guard's scenarios (no receiver hooks, no URI logic).

event TransferSingle:
    operator: indexed(address)
    sender: indexed(address)
    receiver: indexed(address)
    id: uint256
    value: uint256

event TransferBatch:
    operator: indexed(address)
    sender: indexed(address)
    receiver: indexed(address)
    ids: DynArray[uint256, 64]
    values: DynArray[uint256, 64]

event ApprovalForAll:
    owner: indexed(address)
    operator: indexed(address)
    approved: bool

balanceOf: public(HashMap[address, HashMap[uint256, uint256]])
isApprovedForAll: public(HashMap[address, HashMap[address, bool]])
minter: public(address)


@deploy
def __init__():
    self.minter = msg.sender


@external
def mint(_to: address, _id: uint256, _amount: uint256):
    assert msg.sender == self.minter, "only the minter"
    self.balanceOf[_to][_id] += _amount
    log TransferSingle(operator=msg.sender, sender=empty(address), receiver=_to, id=_id, value=_amount)


@internal
def _move(_from: address, _to: address, _id: uint256, _amount: uint256):
    assert self.balanceOf[_from][_id] >= _amount, "insufficient balance"
    self.balanceOf[_from][_id] -= _amount
    self.balanceOf[_to][_id] += _amount


@external
def safeTransferFrom(_from: address, _to: address, _id: uint256, _amount: uint256, _data: Bytes[1024]):
    assert msg.sender == _from or self.isApprovedForAll[_from][msg.sender], "not approved"
    assert _to != empty(address), "transfer to the zero address"
    self._move(_from, _to, _id, _amount)
    log TransferSingle(operator=msg.sender, sender=_from, receiver=_to, id=_id, value=_amount)


@external
def safeBatchTransferFrom(
    _from: address,
    _to: address,
    _ids: DynArray[uint256, 64],
    _amounts: DynArray[uint256, 64],
    _data: Bytes[1024],
):
    assert msg.sender == _from or self.isApprovedForAll[_from][msg.sender], "not approved"
    assert _to != empty(address), "transfer to the zero address"
    assert len(_ids) == len(_amounts), "length mismatch"
    for i: uint256 in range(64):
        if i >= len(_ids):
            break
        self._move(_from, _to, _ids[i], _amounts[i])
    log TransferBatch(operator=msg.sender, sender=_from, receiver=_to, ids=_ids, values=_amounts)


@external
def setApprovalForAll(_operator: address, _approved: bool):
    self.isApprovedForAll[msg.sender][_operator] = _approved
    log ApprovalForAll(owner=msg.sender, operator=_operator, approved=_approved)
