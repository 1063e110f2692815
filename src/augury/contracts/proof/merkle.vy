# pragma version ~=0.4.3
"""
@title Merkle multi-proof check (augury/proof/merkle.py verify_multi)
@notice Leaf j is BLAKE2b-256(0x00 || column j as little-endian u32), a node
        BLAKE2b-256(0x01 || left || right). At every level the known positions are walked
        in increasing order and a node is taken from the proof for each known position
        whose sibling is not known; every node must be used. The positions stay sorted
        in place: the parents of sorted, combined positions are sorted.
"""

from . import blake2b
from . import calldata
from . import limits

MAX_DEPTH: constant(uint256) = 32


@internal
@view
def verify(
    root: bytes32,
    depth: uint256,
    positions: DynArray[uint256, limits.MAX_QUERIES],
    cols_off: uint256,
    rows: uint256,
    nodes_off: uint256,
    n_nodes: uint256,
) -> bool:
    """True iff the opened columns (``rows`` u32 each, one per sorted, distinct position,
    at calldata ``cols_off``) sit at ``positions`` under ``root``, with exactly the
    ``n_nodes`` sibling hashes at calldata ``nodes_off``."""
    n: uint256 = len(positions)
    if n == 0:
        return False
    idx: DynArray[uint256, limits.MAX_QUERIES] = positions
    hs: DynArray[bytes32, limits.MAX_QUERIES] = []
    for i: uint256 in range(n, bound=limits.MAX_QUERIES):
        hs.append(blake2b.hash(b"\x00", cols_off + 4 * rows * i, 4 * rows, empty(bytes16)))
    used: uint256 = 0
    for _: uint256 in range(depth, bound=MAX_DEPTH):
        out: uint256 = 0
        i: uint256 = 0
        for __: uint256 in range(limits.MAX_QUERIES):
            if i >= n:
                break
            x: uint256 = idx[i]
            node: bytes32 = empty(bytes32)
            if x % 2 == 0 and i + 1 < n and idx[i + 1] == x + 1:
                node = blake2b.hash_node(hs[i], hs[i + 1])
                i += 2
            else:
                if used == n_nodes:
                    return False
                sibling: bytes32 = convert(calldata.word(nodes_off + 32 * used), bytes32)
                used += 1
                if x % 2 == 0:
                    node = blake2b.hash_node(hs[i], sibling)
                else:
                    node = blake2b.hash_node(sibling, hs[i])
                i += 1
            idx[out] = x >> 1
            hs[out] = node
            out += 1
        n = out
    return used == n_nodes and n == 1 and idx[0] == 0 and hs[0] == root
