# pragma version ~=0.4.3
"""
@title One dense layer's check (augury/proof/protocol.py, the loop of _verify)
@notice For layer l with pre-activations z (in the proof) and input a (the quantized
        input for the first layer, else requantize(z_{l-1})), with the bias folded in as
        an input column (a' = [a; 1]): draw r, compute the claim z~(r), replay the
        sumcheck to a point s and its final claim, and check it equals
        weight_eval * a'~(s). The weight evaluation is then a claim on the committed
        weights at (s, r, block bits), which the batched opening settles.
@dev Vectors are never copied into memory: z and x_q are read from calldata eight values
     per word, requantized on the fly, and the multilinear extension is taken with two
     small eq tables (low and high halves of the point), so a value costs four unchecked
     multiply-adds and a table of 2^k entries is never built.
"""

from . import calldata
from . import field
from . import limits
from . import sumcheck
from . import transcript

struct Layer:
    n_in: uint256
    n_out: uint256
    shift: uint256
    relu: bool
    log_in: uint256
    log_out: uint256
    offset: uint256  # of the block in the committed vector
    z_off: uint256  # calldata offsets into the proof
    rounds_off: uint256
    eval_off: uint256

# Where a layer's input comes from: raw i32 values (x_q) or a previous z to requantize.
struct Source:
    off: uint256
    n: uint256
    requantize: bool
    shift: uint256
    relu: bool

P: constant(uint256) = 2013265921
MAX_VALUES: constant(uint256) = limits.MAX_WIDTH + 1  # the bias column
QMAX: constant(int256) = 127


@internal
@pure
def _to_field(v: int256) -> uint256:
    if v < 0:
        return P - convert(-v, uint256)
    return convert(v, uint256)


@internal
@view
def mle(src: Source, one: bool, point: DynArray[uint256[4], 32], k: uint256) -> uint256[4]:
    """The multilinear extension over ``k`` variables at ``point[0:k]`` of the vector
    ``src`` (followed by a 1 when ``one``, zero-padded to 2^k).

    eq(x, j) = eq(x_lo, j_lo) eq(x_hi, j_hi): the inner sums over j_lo are lazy
    base-by-extension products (no reduction until the 2^k1 terms are in), then each is
    multiplied by its high-half weight.
    """
    k1: uint256 = (k + 1) // 2
    lo_tab: DynArray[uint256[4], 64] = field.eq_table(point, 0, k1)
    hi_tab: DynArray[uint256[4], 64] = field.eq_table(point, k1, k - k1)
    total: uint256 = src.n
    if one:
        total += 1
    assert total <= (1 << k), "bad proof encoding"
    mask: uint256 = (1 << k1) - 1
    res: uint256[4] = empty(uint256[4])
    acc: uint256[4] = empty(uint256[4])
    cur: uint256 = 0
    w: uint256 = 0
    for j: uint256 in range(MAX_VALUES):
        if j == total:
            break
        if (j >> k1) != cur:
            res = field.add(res, field.mul(hi_tab[cur], field.reduce(acc)))
            acc = empty(uint256[4])
            cur = j >> k1
        fv: uint256 = 1
        if j < src.n:
            if j % 8 == 0:
                w = calldata.lanes(src.off + 4 * j)
            v: int256 = calldata.signed32((w >> (224 - 32 * (j % 8))) & 4294967295)
            if src.requantize:
                v = min(v >> src.shift, QMAX)
                if src.relu:
                    v = max(v, 0)
                else:
                    v = max(v, -QMAX)
            fv = self._to_field(v)
        t: uint256[4] = lo_tab[j & mask]
        acc = [
            unsafe_add(acc[0], unsafe_mul(t[0], fv)),
            unsafe_add(acc[1], unsafe_mul(t[1], fv)),
            unsafe_add(acc[2], unsafe_mul(t[2], fv)),
            unsafe_add(acc[3], unsafe_mul(t[3], fv)),
        ]
    if total > 0:
        res = field.add(res, field.mul(hi_tab[cur], field.reduce(acc)))
    return res


@internal
@pure
def source(ls: DynArray[Layer, limits.MAX_LAYERS], i: uint256, x_off: uint256) -> Source:
    """Layer i's input: x_q for the first layer, else requantize(z_{i-1})."""
    if i == 0:
        return Source(off=x_off, n=ls[0].n_in, requantize=False, shift=0, relu=False)
    prev: Layer = ls[i - 1]
    return Source(off=prev.z_off, n=prev.n_out, requantize=True, shift=prev.shift, relu=prev.relu)


@internal
@view
def check(
    t: transcript.Transcript, layer: Layer, src: Source, num_vars: uint256
) -> (transcript.Transcript, DynArray[uint256[4], 32], uint256[4]):
    """Verify one layer; returns the transcript, the claim point in the committed
    vector and the claimed value (weight_eval) there."""
    st: transcript.Transcript = t
    r: DynArray[uint256[4], 16] = []
    st, r = transcript.challenge_ext(st, layer.log_out)
    rr: DynArray[uint256[4], 32] = []
    for x: uint256[4] in r:
        rr.append(x)
    claim: uint256[4] = self.mle(
        Source(off=layer.z_off, n=layer.n_out, requantize=False, shift=0, relu=False),
        False, rr, layer.log_out,
    )
    final: uint256[4] = empty(uint256[4])
    s: DynArray[uint256[4], 32] = []
    st, final, s = sumcheck.replay(st, claim, layer.log_in, layer.rounds_off, b"sumcheck.round")
    weight: uint256[4] = calldata.ext(layer.eval_off)
    got: uint256[4] = field.mul(weight, self.mle(src, True, s, layer.log_in))
    assert field.equal(got, final), "layer sumcheck fails"
    st = transcript.absorb(st, b"weight_eval", layer.eval_off, 16)
    # the point (s, r, block bits) of W'_l~(r, s) in the committed vector
    point: DynArray[uint256[4], 32] = s
    for x: uint256[4] in r:
        point.append(x)
    size: uint256 = layer.log_in + layer.log_out
    high: uint256 = layer.offset >> size
    for i: uint256 in range(32):
        if size + i >= num_vars:
            break
        point.append([(high >> i) & 1, 0, 0, 0])
    return st, point, weight
