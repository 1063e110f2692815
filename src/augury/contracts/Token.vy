# pragma version ~=0.4.3
# @title Token
# @notice ERC-20 with EIP-2612 permit. augury uses it as market collateral,
#         DAO stake and the token of guard scenarios.
# @dev    Allowances of max(uint256) are treated as infinite and never
#         decrease, as in the common OpenZeppelin/Solmate behaviour wallets
#         expect. `permit` rejects high-s signatures (EIP-2) and the zero
#         address that ecrecover returns for invalid signatures.
#         The domain separator is recomputed when the chain id differs from
#         the one at deployment, so a fork cannot replay permits.

from ethereum.ercs import IERC20
from ethereum.ercs import IERC20Detailed

implements: IERC20
implements: IERC20Detailed

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

event MinterChanged:
    minter: indexed(address)

name: public(String[64])
symbol: public(String[32])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
nonces: public(HashMap[address, uint256])
minter: public(address)

EIP712_TYPEHASH: constant(bytes32) = keccak256(
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
PERMIT_TYPEHASH: constant(bytes32) = keccak256(
    "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
)
VERSION: constant(String[8]) = "1"
# secp256k1n / 2: signatures with a larger s are malleable copies (EIP-2).
HALF_CURVE_ORDER: constant(uint256) = (
    57896044618658097711785492504343953926418782139537452191302581570759080747168
)

_CACHED_CHAIN_ID: immutable(uint256)
_CACHED_DOMAIN_SEPARATOR: immutable(bytes32)


@deploy
def __init__(_name: String[64], _symbol: String[32], _decimals: uint8, _initial_supply: uint256):
    self.name = _name
    self.symbol = _symbol
    self.decimals = _decimals
    self.minter = msg.sender
    _CACHED_CHAIN_ID = chain.id
    _CACHED_DOMAIN_SEPARATOR = self._domain_separator(_name)
    if _initial_supply > 0:
        self._mint(msg.sender, _initial_supply)
    log MinterChanged(minter=msg.sender)


@internal
@view
def _domain_separator(_name: String[64]) -> bytes32:
    return keccak256(
        abi_encode(
            EIP712_TYPEHASH,
            keccak256(_name),
            keccak256(VERSION),
            chain.id,
            self,
        )
    )


@internal
@view
def _current_domain() -> bytes32:
    if chain.id == _CACHED_CHAIN_ID:
        return _CACHED_DOMAIN_SEPARATOR
    return self._domain_separator(self.name)


@external
@view
def DOMAIN_SEPARATOR() -> bytes32:
    """
    @notice The EIP-712 domain separator permits are signed against.
    """
    return self._current_domain()


@internal
def _mint(_to: address, _value: uint256):
    assert _to != empty(address), "mint to the zero address"
    self.totalSupply += _value
    self.balanceOf[_to] += _value
    log Transfer(sender=empty(address), receiver=_to, value=_value)


@internal
def _transfer(_from: address, _to: address, _value: uint256):
    assert _to != empty(address), "transfer to the zero address"
    assert self.balanceOf[_from] >= _value, "insufficient balance"
    self.balanceOf[_from] -= _value
    self.balanceOf[_to] += _value
    log Transfer(sender=_from, receiver=_to, value=_value)


@internal
def _approve(_owner: address, _spender: address, _value: uint256):
    assert _spender != empty(address), "approve to the zero address"
    self.allowance[_owner][_spender] = _value
    log Approval(owner=_owner, spender=_spender, value=_value)


@external
def transfer(_to: address, _value: uint256) -> bool:
    self._transfer(msg.sender, _to, _value)
    return True


@external
def transferFrom(_from: address, _to: address, _value: uint256) -> bool:
    allowed: uint256 = self.allowance[_from][msg.sender]
    if allowed != max_value(uint256):
        assert allowed >= _value, "insufficient allowance"
        self.allowance[_from][msg.sender] = allowed - _value
    self._transfer(_from, _to, _value)
    return True


@external
def approve(_spender: address, _value: uint256) -> bool:
    self._approve(msg.sender, _spender, _value)
    return True


@external
def permit(
    _owner: address,
    _spender: address,
    _value: uint256,
    _deadline: uint256,
    _v: uint8,
    _r: bytes32,
    _s: bytes32,
) -> bool:
    """
    @notice Approve by an EIP-712 signature of the owner (EIP-2612).
    """
    assert _owner != empty(address), "invalid owner"
    assert block.timestamp <= _deadline, "permit expired"
    assert convert(_s, uint256) <= HALF_CURVE_ORDER, "invalid signature s"
    nonce: uint256 = self.nonces[_owner]
    digest: bytes32 = keccak256(
        concat(
            b"\x19\x01",
            self._current_domain(),
            keccak256(abi_encode(PERMIT_TYPEHASH, _owner, _spender, _value, nonce, _deadline)),
        )
    )
    signer: address = ecrecover(digest, _v, _r, _s)
    assert signer != empty(address) and signer == _owner, "invalid signature"
    self.nonces[_owner] = nonce + 1
    self._approve(_owner, _spender, _value)
    return True


@external
def mint(_to: address, _value: uint256):
    """
    @notice Create tokens. Only the minter may: on dev chains it funds
            agents, jurors and contributors.
    """
    assert msg.sender == self.minter, "only minter"
    self._mint(_to, _value)


@external
def burn(_value: uint256):
    assert self.balanceOf[msg.sender] >= _value, "insufficient balance"
    self.balanceOf[msg.sender] -= _value
    self.totalSupply -= _value
    log Transfer(sender=msg.sender, receiver=empty(address), value=_value)


@external
def set_minter(_minter: address):
    """
    @notice Hand minting to another address (a DAO), or renounce it with the
            zero address.
    """
    assert msg.sender == self.minter, "only minter"
    self.minter = _minter
    log MinterChanged(minter=_minter)
