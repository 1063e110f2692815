# pragma version ~=0.4.3
"""
@title Sumcheck replay (augury/proof/sumcheck.py verify)
@notice Each round the prover sends h(0) and h(2) of a degree-2 round polynomial (two
        extension elements, 32 bytes); h(1) follows from the running claim. The round
        bytes are absorbed under ``label`` straight from calldata, one challenge is
        drawn, and the claim moves to h(r).
"""

from . import calldata
from . import field
from . import transcript

MAX_ROUNDS: constant(uint256) = 16


@internal
@view
def replay(
    t: transcript.Transcript, claim: uint256[4], rounds: uint256, off: uint256, label: Bytes[32]
) -> (transcript.Transcript, uint256[4], DynArray[uint256[4], 32]):
    """Replay ``rounds`` rounds read at calldata ``off``; returns the transcript, the
    final claim and the random point. The caller checks the final claim."""
    assert rounds <= MAX_ROUNDS, "exceeds on-chain limits"
    st: transcript.Transcript = t
    c: uint256[4] = claim
    point: DynArray[uint256[4], 32] = []
    for i: uint256 in range(MAX_ROUNDS):
        if i == rounds:
            break
        pos: uint256 = off + 32 * i
        h0: uint256[4] = calldata.ext(pos)
        h2: uint256[4] = calldata.ext(pos + 16)
        st = transcript.absorb(st, label, pos, 32)
        r: uint256[4] = empty(uint256[4])
        st, r = transcript.challenge_one(st)
        point.append(r)
        c = field.interpolate(h0, field.sub(c, h0), h2, r)
    return st, c, point
