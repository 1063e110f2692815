# pragma version ~=0.4.3
"""
@title The Fiat-Shamir transcript of augury.proof (transcript.py), on chain
@notice A BLAKE2b-256 hash chain: seeded with the protocol tag (personalization
        "augury-fs"); absorb(label, data) hashes "A" || state || u32 len(label) || label
        || u64 len(data) || data; challenges read 8 little-endian u32 words per block
        BLAKE2b("S" || state || u64 counter). Base challenges take (word & 0x7FFFFFFF)
        when below p (exactly uniform), indices take word & (bound - 1).
@dev The state is passed by value (two words) rather than kept in storage: the
     verifier is a view function, and each challenge call consumes whole blocks, as
     in Python, so (state, counter) is all there is to it. Absorbed data is always a
     calldata slice (a piece of the proof, the input, the commitment).
"""

from . import blake2b
from . import calldata
from . import limits

struct Transcript:
    state: bytes32
    counter: uint256

P: constant(uint256) = 2013265921
PERSON: constant(bytes16) = 0x6175677572792d667300000000000000  # b"augury-fs"
TAG: constant(Bytes[15]) = b"augury.proof.v2"
MAX_EXT: constant(uint256) = 16


@internal
@view
def start() -> Transcript:
    return Transcript(state=blake2b.hash(TAG, 0, 0, PERSON), counter=0)


@internal
@view
def absorb(t: Transcript, label: Bytes[32], off: uint256, length: uint256) -> Transcript:
    """Bind ``calldata[off : off + length]`` under ``label``; the counter restarts."""
    ln: bytes4 = convert(convert(len(label) << 24, uint32), bytes4)  # u32 LE, len < 256
    prefix: Bytes[128] = concat(b"A", t.state, ln, label, blake2b.le64(length))
    return Transcript(state=blake2b.hash(prefix, off, length, empty(bytes16)), counter=0)


@internal
@view
def _block(t: Transcript) -> uint256:
    """The next 8 challenge words as big-endian 32-bit lanes (lane 0 first)."""
    squeeze: Bytes[128] = concat(b"S", t.state, blake2b.le64(t.counter))
    return calldata.swap_lanes(convert(blake2b.hash(squeeze, 0, 0, empty(bytes16)), uint256))


@internal
@view
def challenge_ext(t: Transcript, count: uint256) -> (Transcript, DynArray[uint256[4], MAX_EXT]):
    """``count`` uniform extension elements: 4 consecutive base challenges each
    (rejection sampling runs across block boundaries, as in Python)."""
    assert count <= MAX_EXT
    out: DynArray[uint256[4], MAX_EXT] = []
    cur: uint256[4] = empty(uint256[4])
    k: uint256 = 0
    st: Transcript = t
    for _: uint256 in range(4 * MAX_EXT):  # a block yields a value w.p. 1 - 2^-35 or so
        if len(out) == count:
            break
        blk: uint256 = self._block(st)
        st.counter += 1
        for i: uint256 in range(8):
            v: uint256 = (blk >> (224 - 32 * i)) & 2147483647
            if v < P and len(out) < count:
                cur[k] = v
                k += 1
                if k == 4:
                    out.append(cur)
                    k = 0
    assert len(out) == count, "transcript exhausted"
    return st, out


@internal
@view
def challenge_one(t: Transcript) -> (Transcript, uint256[4]):
    st: Transcript = t
    xs: DynArray[uint256[4], MAX_EXT] = []
    st, xs = self.challenge_ext(t, 1)
    return st, xs[0]


@internal
@view
def challenge_indices(
    t: Transcript, count: uint256, bound: uint256
) -> (Transcript, DynArray[uint256, limits.MAX_QUERIES]):
    """``count`` indices in ``[0, bound)``, ``bound`` a power of two."""
    assert count <= limits.MAX_QUERIES
    out: DynArray[uint256, limits.MAX_QUERIES] = []
    st: Transcript = t
    for _: uint256 in range(limits.MAX_QUERIES // 8):
        if len(out) >= count:
            break
        blk: uint256 = self._block(st)
        st.counter += 1
        for i: uint256 in range(8):
            if len(out) < count:
                out.append((blk >> (224 - 32 * i)) & (bound - 1))
    return st, out
