# pragma version ~=0.4.3
"""
@title Little-endian reads from calldata
@notice The proof, the input and the commitment arrive as raw bytes in the proof
        system's own little-endian format (docs/proof.md), so that the contract hashes
        exactly the bytes the Python prover hashed. These helpers read them in place:
        Vyper copies a Bytes argument to memory, but an internal function cannot see
        the external function's arguments, and passing 64 KB down every call would copy
        it each time.
@dev Offsets are absolute calldata positions. slice(msg.data) reverts when it would
     read past calldatasize, which the last word of the last argument often does, so
     `word` shifts in zeros instead.
"""

P: constant(uint256) = 2013265921
# Byte-swap masks (decimal: Vyper reads 0x00FF... literals as bytes, not integers).
LANE8: constant(uint256) = 450552876409790643671482431940419874915447411150352389258589821042463539455
LANE16: constant(uint256) = 1766820105243087041267848467410591083712559083657179364930612997358944255
MASK32: constant(uint256) = 4294967295


@internal
@view
def word(pos: uint256) -> uint256:
    """32 calldata bytes from ``pos`` as a big-endian integer, zero past the end."""
    size: uint256 = len(msg.data)
    if pos + 32 <= size:
        return convert(convert(slice(msg.data, pos, 32), bytes32), uint256)
    if pos >= size:
        return 0
    w: uint256 = convert(convert(slice(msg.data, size - 32, 32), bytes32), uint256)
    return w << (8 * (pos + 32 - size))


@internal
@pure
def swap_lanes(w: uint256) -> uint256:
    """Reverse the bytes inside each 32-bit lane: eight little-endian u32 become
    eight big-endian lanes, lane ``i`` at bits ``[224 - 32 i, 256 - 32 i)``."""
    x: uint256 = ((w & LANE8) << 8) | ((w >> 8) & LANE8)
    return ((x & LANE16) << 16) | ((x >> 16) & LANE16)


@internal
@view
def lanes(pos: uint256) -> uint256:
    """The eight little-endian u32 at ``pos`` as big-endian lanes."""
    return self.swap_lanes(self.word(pos))


@internal
@view
def u8(pos: uint256) -> uint256:
    return self.word(pos) >> 248


@internal
@view
def u16(pos: uint256) -> uint256:
    w: uint256 = self.word(pos) >> 240
    return ((w & 255) << 8) | (w >> 8)


@internal
@view
def u32(pos: uint256) -> uint256:
    return self.lanes(pos) >> 224


@internal
@pure
def signed32(v: uint256) -> int256:
    """A u32 read as two's-complement i32."""
    if v >= 2147483648:
        return convert(v, int256) - 4294967296
    return convert(v, int256)


@internal
@view
def i32(pos: uint256) -> int256:
    return self.signed32(self.u32(pos))


@internal
@view
def ext(pos: uint256) -> uint256[4]:
    """An extension element (4 little-endian u32); non-canonical coefficients are refused
    as the Python decoder refuses them."""
    w: uint256 = self.lanes(pos)
    e: uint256[4] = [w >> 224, (w >> 192) & MASK32, (w >> 160) & MASK32, (w >> 128) & MASK32]
    assert e[0] < P and e[1] < P and e[2] < P and e[3] < P, "bad proof encoding"
    return e
