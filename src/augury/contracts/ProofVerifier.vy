# pragma version ~=0.4.3
# pragma optimize gas
# pragma experimental-codegen
"""
@title On-chain verifier of augury.proof proofs (proof format 2, integer statement)
@notice verify(commitment, x_q, proof) checks, entirely on chain, that the model
        committed to in `commitment` maps the quantized input `x_q` (n_in little-endian
        i32 in [-127, 127]) to the output pre-activations it returns, z_L. The bytes are
        exactly those of augury.proof: Commitment.to_bytes(), x_q as "<i4", and
        Proof.to_bytes() of a prove_quantized proof. It reverts with a reason on any
        defect, so a caller (a dispute, an escrow) can use the returned z_L as proven.
        Every check of augury.proof.verify_quantized is made here: strict decoding, the
        Fiat-Shamir transcript, the activations, each layer's sumcheck, the batched
        opening, Reed-Solomon consistency at the queried columns, the Merkle multi-proof.
@dev Bounds in proof/limits.vy (8 layers, widths up to 1024, a committed matrix of
     2^9 columns by 256 rows, 160 queries, 64 KiB proofs). Vyper's venom code generator
     (experimental-codegen) is used: the legacy one's output is 27.6 KB, over the
     24,576-byte limit, venom's 22.0 KB, and it also cost about a fifth more gas when
     both were measured on an earlier revision.
"""

from proof import calldata
from proof import commitment
from proof import decode
from proof import layers
from proof import limits
from proof import pcs
from proof import transcript


@internal
@view
def _arg(i: uint256) -> uint256:
    """Calldata offset of the bytes of dynamic argument ``i`` (after its length word)."""
    return 4 + calldata.word(4 + 32 * i) + 32


@external
@view
def verify(
    commitment_bytes: Bytes[256], x_q: Bytes[4096], proof: Bytes[limits.MAX_PROOF]
) -> DynArray[int256, limits.MAX_OUT]:
    """The output pre-activations z_L proven for (commitment, x_q); reverts otherwise."""
    c_off: uint256 = self._arg(0)
    x_off: uint256 = self._arg(1)
    p_off: uint256 = self._arg(2)
    prm: pcs.Params = empty(pcs.Params)
    ls: DynArray[layers.Layer, limits.MAX_LAYERS] = []
    prm, ls = commitment.parse(c_off, len(commitment_bytes))
    nl: uint256 = len(ls)
    decode.check_input(x_off, len(x_q), ls[0].n_in)
    o: pcs.Opening = empty(pcs.Opening)
    ls, o = decode.proof(p_off, len(proof), prm, ls)

    # the transcript binds the commitment, x_q and every z before any challenge
    t: transcript.Transcript = transcript.start()
    t = transcript.absorb(t, b"commitment", c_off, len(commitment_bytes))
    t = transcript.absorb(t, b"input", x_off, len(x_q))
    for i: uint256 in range(nl, bound=limits.MAX_LAYERS):
        t = transcript.absorb(t, b"z", ls[i].z_off, 4 * ls[i].n_out)

    # each layer: its sumcheck, leaving a claim on the committed weights
    num_vars: uint256 = prm.log_cols + prm.row_bits
    points: DynArray[uint256[4], limits.MAX_POINTS] = []
    values: DynArray[uint256[4], limits.MAX_LAYERS] = []
    for i: uint256 in range(nl, bound=limits.MAX_LAYERS):
        pt: DynArray[uint256[4], 32] = []
        v: uint256[4] = empty(uint256[4])
        t, pt, v = layers.check(t, ls[i], layers.source(ls, i, x_off), num_vars)
        for x: uint256[4] in pt:
            points.append(x)
        values.append(v)

    # the batched opening of all those claims
    alpha: DynArray[uint256[4], limits.MAX_LAYERS] = []
    rho: DynArray[uint256[4], 32] = []
    final: uint256[4] = empty(uint256[4])
    t, alpha, rho, final = pcs.batch(t, values, prm.row_bits, o.rounds_off)
    t = transcript.absorb(t, b"pcs.u", o.u_off, 16 << prm.log_cols)
    t = pcs.queries(t, prm, o, points, num_vars, alpha, rho, final)

    out: DynArray[int256, limits.MAX_OUT] = []
    for j: uint256 in range(ls[nl - 1].n_out, bound=limits.MAX_OUT):
        out.append(calldata.i32(ls[nl - 1].z_off + 4 * j))
    return out
