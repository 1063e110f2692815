# pragma version ~=0.4.3
"""
@title The commitment: parsing and validation (augury/proof/encoding.py Commitment)
@notice The commitment bytes are the statement's first part and are absorbed verbatim,
        so they are parsed exactly as Commitment.from_bytes + validate do (strict length,
        known activation codes, code parameters that give 100-bit soundness, consistent
        layer shapes, positive finite scales), then laid out as protocol.layout does:
        each layer's W' = [W | b] is a 2^log_in x 2^log_out block, blocks in descending
        size (stable), each aligned to its size.
"""

from . import calldata
from . import layers
from . import limits
from . import pcs

MAGIC: constant(uint256) = 1095189325  # b"AGCM"
VERSION: constant(uint256) = 1
MAX_DIM: constant(uint256) = 1048576  # 2^20, the Python validator's bound
# queries_for(log_blowup), log_blowup = 1..6
MIN_QUERIES: constant(uint256[6]) = [241, 148, 121, 110, 105, 103]


@internal
@view
def _le64(pos: uint256) -> uint256:
    w: uint256 = calldata.lanes(pos)  # two u32 lanes: low word first
    return ((w >> 192) & 4294967295) << 32 | (w >> 224)


@internal
@pure
def _log2_ceil(n: uint256) -> uint256:
    k: uint256 = 0
    for _: uint256 in range(32):
        if (1 << k) >= n:
            break
        k += 1
    return k


@internal
@view
def _positive_finite(pos: uint256) -> bool:
    """An f64 (little-endian) that is finite and > 0: sign clear, exponent not all ones,
    not zero."""
    bits: uint256 = self._le64(pos)
    return bits >> 63 == 0 and (bits >> 52) & 2047 != 2047 and bits != 0


@internal
@view
def parse(off: uint256, length: uint256) -> (pcs.Params, DynArray[layers.Layer, limits.MAX_LAYERS]):
    """Parse and validate; the layers come back with their block offsets (proof
    offsets are filled in by the caller). One verdict per kind of defect keeps the
    contract under the code size limit."""
    ok: bool = length >= 62
    ok = ok and calldata.word(off) >> 224 == MAGIC and calldata.u8(off + 4) == VERSION
    prm: pcs.Params = pcs.Params(
        root=convert(calldata.word(off + 5), bytes32),
        log_cols=calldata.u8(off + 37),
        rows=calldata.u32(off + 38),
        row_bits=0,
        log_blowup=calldata.u8(off + 42),
        queries=calldata.u16(off + 43),
    )
    prm.row_bits = self._log2_ceil(prm.rows)
    n: uint256 = calldata.u8(off + 61)
    ok = ok and length == 62 + 10 * n and n >= 1 and prm.log_cols <= 24
    ok = ok and 1 <= prm.log_blowup and prm.log_blowup <= 6
    ok = ok and 1 <= prm.rows and prm.rows <= 1 << 24
    ok = ok and prm.queries >= MIN_QUERIES[(prm.log_blowup + 5) % 6]
    ok = ok and self._positive_finite(off + 45) and self._positive_finite(off + 53)
    assert ok, "bad commitment"
    fits: bool = n <= limits.MAX_LAYERS and prm.log_cols <= limits.MAX_LOG_COLS
    fits = fits and prm.rows <= limits.MAX_ROWS and prm.queries <= limits.MAX_QUERIES
    fits = fits and prm.log_cols + prm.log_blowup <= limits.MAX_LOG_CODE
    assert fits, "exceeds on-chain limits"
    out: DynArray[layers.Layer, limits.MAX_LAYERS] = []
    for i: uint256 in range(limits.MAX_LAYERS):
        if i == n:
            break
        pos: uint256 = off + 62 + 10 * i
        act: uint256 = calldata.u8(pos + 9)
        layer: layers.Layer = empty(layers.Layer)
        layer.n_in = calldata.u32(pos)
        layer.n_out = calldata.u32(pos + 4)
        layer.shift = calldata.u8(pos + 8)
        layer.relu = act == 0
        ok = ok and act <= 1 and layer.shift <= 40
        ok = ok and 1 <= layer.n_in and layer.n_in <= MAX_DIM
        ok = ok and 1 <= layer.n_out and layer.n_out <= MAX_DIM
        if i > 0:
            ok = ok and layer.n_in == out[i - 1].n_out
        fits = fits and layer.n_in <= limits.MAX_WIDTH and layer.n_out <= limits.MAX_WIDTH
        layer.log_in = self._log2_ceil(layer.n_in + 1)
        layer.log_out = self._log2_ceil(layer.n_out)
        out.append(layer)
    assert ok, "bad commitment"
    assert fits and out[n - 1].n_out <= limits.MAX_OUT, "exceeds on-chain limits"
    # layout: descending block size, ties in layer order (Python's stable sort)
    total: uint256 = 0
    for k: uint256 in range(23):
        size: uint256 = 22 - k
        for i: uint256 in range(limits.MAX_LAYERS):
            if i == n:
                break
            if out[i].log_in + out[i].log_out == size:
                out[i].offset = total
                total += 1 << size
    cols: uint256 = 1 << prm.log_cols
    assert prm.rows * cols >= total and (prm.rows - 1) * cols < total, "commitment layout mismatch"
    return prm, out
