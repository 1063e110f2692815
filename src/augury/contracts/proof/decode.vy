# pragma version ~=0.4.3
"""
@title Strict decoding of the statement's input and of the proof (format version 2)
@notice Proof.from_bytes accepts exactly one encoding per proof: magic, version, the
        statement kind, every count matching the commitment, z within (-p/2, p/2), no
        trailing bytes (field elements below p are checked where they are read). The
        contract refuses the same byte strings, and records where each part lies in
        calldata so that the later steps read and hash it in place:

        "AGPF" | u8 version=2 | u8 statement (0 integer) | u8 L
        | L x ( u32 n_out | n_out x i32 z | u8 k | k x (E h(0) | E h(2)) | E weight_eval )
        | u8 k_r | k_r x (E h(0) | E h(2)) | u32 2^c | 2^c x E u
        | u32 q | u32 R | q R x u32 columns | u32 n | n x 32-byte node
"""

from . import calldata
from . import layers
from . import limits
from . import pcs

PROOF_MAGIC: constant(uint256) = 1095192646  # b"AGPF"
PROOF_VERSION: constant(uint256) = 2
STATEMENT_INTEGER: constant(uint256) = 0
HALF: constant(int256) = 1006632960  # (p - 1) / 2
QMAX: constant(int256) = 127


@internal
@view
def _check_ints(off: uint256, n: uint256, bound: int256):
    """Every one of the ``n`` i32 at ``off`` lies in [-bound, bound]."""
    for j: uint256 in range(n, bound=limits.MAX_WIDTH):
        v: int256 = calldata.i32(off + 4 * j)
        assert v <= bound and v >= -bound, "bad proof encoding"


@internal
@pure
def _need(pos: uint256, size: uint256, length: uint256):
    assert pos + size <= length, "bad proof encoding"


@internal
@view
def check_input(off: uint256, length: uint256, n_in: uint256):
    """x_q: n_in little-endian i32, each in [-127, 127] (what quantize_input yields)."""
    assert length == 4 * n_in, "bad input"
    for j: uint256 in range(n_in, bound=limits.MAX_WIDTH):
        v: int256 = calldata.i32(off + 4 * j)
        assert v <= QMAX and v >= -QMAX, "bad input"


@internal
@view
def proof(
    p_off: uint256,
    plen: uint256,
    prm: pcs.Params,
    layers_in: DynArray[layers.Layer, limits.MAX_LAYERS],
) -> (DynArray[layers.Layer, limits.MAX_LAYERS], pcs.Opening):
    """The layers with their proof offsets filled in, and the opening's offsets."""
    ls: DynArray[layers.Layer, limits.MAX_LAYERS] = layers_in
    nl: uint256 = len(ls)
    self._need(0, 7, plen)
    assert calldata.word(p_off) >> 224 == PROOF_MAGIC, "bad proof encoding"
    assert calldata.u8(p_off + 4) == PROOF_VERSION, "unsupported proof format version"
    assert calldata.u8(p_off + 5) == STATEMENT_INTEGER, "not an integer-statement proof"
    fit: bool = calldata.u8(p_off + 6) == nl
    pos: uint256 = 7
    for i: uint256 in range(nl, bound=limits.MAX_LAYERS):
        self._need(pos, 4 * ls[i].n_out + 5, plen)
        fit = fit and calldata.u32(p_off + pos) == ls[i].n_out
        ls[i].z_off = p_off + pos + 4
        self._check_ints(ls[i].z_off, ls[i].n_out, HALF)
        pos += 4 + 4 * ls[i].n_out
        fit = fit and calldata.u8(p_off + pos) == ls[i].log_in
        ls[i].rounds_off = p_off + pos + 1
        ls[i].eval_off = ls[i].rounds_off + 32 * ls[i].log_in
        pos += 17 + 32 * ls[i].log_in
    o: pcs.Opening = empty(pcs.Opening)
    cols: uint256 = 1 << prm.log_cols
    self._need(pos, 1, plen)
    fit = fit and calldata.u8(p_off + pos) == prm.row_bits
    o.rounds_off = p_off + pos + 1
    pos += 1 + 32 * prm.row_bits
    self._need(pos, 4, plen)
    fit = fit and calldata.u32(p_off + pos) == cols
    o.u_off = p_off + pos + 4
    pos += 4 + 16 * cols
    self._need(pos, 8, plen)
    o.n_opened = calldata.u32(p_off + pos)
    fit = fit and o.n_opened <= prm.queries and calldata.u32(p_off + pos + 4) == prm.rows
    assert fit, "proof does not fit the commitment"
    o.cols_off = p_off + pos + 8
    pos += 8 + 4 * o.n_opened * prm.rows
    self._need(pos, 4, plen)
    o.n_nodes = calldata.u32(p_off + pos)
    o.nodes_off = p_off + pos + 4
    assert pos + 4 + 32 * o.n_nodes == plen, "bad proof encoding"
    return ls, o
