# pragma version ~=0.4.3
"""
@title BLAKE2b-256 through the EIP-152 BLAKE2F precompile
@notice The proof system hashes with BLAKE2b-256 (the Fiat-Shamir transcript and the
        column Merkle tree), so an on-chain verifier must too: keccak would give other
        challenges and other roots. The EVM offers only BLAKE2b's compression function
        (precompile 0x09; 12 rounds cost 12 gas); padding, the byte counter, the final
        flag and the parameter block are done here.
@dev Every message the verifier hashes is a short prefix built in memory (at most 128
     bytes: a transcript label and lengths, a Merkle domain byte) followed by a slice of
     calldata (a piece of the proof, the input or the commitment), hashed in place.
"""

from . import calldata

BLAKE2F: constant(address) = 0x0000000000000000000000000000000000000009
ROUNDS: constant(bytes4) = 0x0000000c
# The eight IV words as little-endian bytes, in two 32-byte halves.
IV_LO: constant(bytes32) = 0x08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5
IV_HI: constant(bytes32) = 0xd182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b
# Parameter block bytes 0..3: digest length 32, no key, fanout 1, depth 1.
PARAM_LO: constant(bytes32) = 0x2000010100000000000000000000000000000000000000000000000000000000
# IV_LO ^ PARAM_LO: the low half of the chaining value whenever there is no salt.
H_LO: constant(bytes32) = 0x28c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5
# A Merkle node's block: 65 bytes, as the precompile's little-endian byte counter.
NODE_COUNTER: constant(bytes8) = 0x4100000000000000
# Longest message in blocks: a prefix and a 64 KB proof slice.
MAX_BLOCKS: constant(uint256) = 520


@internal
@pure
def le64(n: uint256) -> bytes8:
    """``n < 2^32`` as 8 little-endian bytes (every length and byte counter here is far
    below 2^32)."""
    x: uint256 = ((n & 255) << 56) | (((n >> 8) & 255) << 48)
    x |= (((n >> 16) & 255) << 40) | ((n >> 24) << 32)
    return convert(convert(x, uint64), bytes8)


@internal
@view
def _cd128(pos: uint256) -> Bytes[128]:
    """128 calldata bytes from ``pos``, zero past the end of calldata."""
    if pos + 128 <= len(msg.data):
        return slice(msg.data, pos, 128)
    return concat(
        convert(calldata.word(pos), bytes32),
        convert(calldata.word(pos + 32), bytes32),
        convert(calldata.word(pos + 64), bytes32),
        convert(calldata.word(pos + 96), bytes32),
    )


@internal
@view
def hash(prefix: Bytes[128], off: uint256, length: uint256, person: bytes16) -> bytes32:
    """BLAKE2b-256 (personalization ``person``) of ``prefix || calldata[off : off + length]``.

    A block is 128 calldata bytes copied in one piece (the first one prefixed); only
    the last block is cut to the message and zero-padded. The chaining value stays in
    the precompile's format (64 bytes, little-endian words), so it is fed back
    without conversion; the digest is its first 32 bytes.
    """
    hi: uint256 = convert(IV_HI, uint256) ^ convert(person, uint256)
    h: Bytes[64] = concat(H_LO, convert(hi, bytes32))
    plen: uint256 = len(prefix)
    total: uint256 = plen + length
    blocks: uint256 = max((total + 127) // 128, 1)
    assert blocks <= MAX_BLOCKS, "message too long"
    for k: uint256 in range(MAX_BLOCKS):
        if k == blocks:
            break
        pos: uint256 = 128 * k
        m: Bytes[128] = b""
        if k == 0:
            m = slice(concat(prefix, self._cd128(off)), 0, 128)
        else:
            m = self._cd128(off + pos - plen)
        f: bytes1 = 0x00
        if k + 1 == blocks:
            f = 0x01
            if total < pos + 128:
                z: bytes32 = empty(bytes32)
                m = slice(concat(slice(m, 0, total - pos), z, z, z, z), 0, 128)
        h = raw_call(
            BLAKE2F,
            concat(ROUNDS, h, m, self.le64(min(pos + 128, total)), empty(bytes8), f),
            max_outsize=64,
            is_static_call=True,
        )
    assert len(h) == 64, "BLAKE2F precompile missing"
    return extract32(h, 0)


@internal
@view
def hash_node(left: bytes32, right: bytes32) -> bytes32:
    """BLAKE2b-256 of ``0x01 || left || right`` (a Merkle node): one fixed-shape block."""
    h: Bytes[64] = raw_call(
        BLAKE2F,
        concat(
            ROUNDS, H_LO, IV_HI, b"\x01", left, right, empty(bytes32), empty(bytes31),
            NODE_COUNTER, empty(bytes8), 0x01
        ),
        max_outsize=64,
        is_static_call=True,
    )
    assert len(h) == 64, "BLAKE2F precompile missing"
    return extract32(h, 0)
