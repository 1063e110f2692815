"""The reward distributor's Merkle tree: proofs verify, tampering fails, a Vyper port agrees."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest
from eth_abi import encode
from eth_utils import keccak, to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st

from augury.dao.errors import MerkleError
from augury.dao.merkle import (
    Claim,
    MerkleDistribution,
    hash_pair,
    leaf_hash,
    merkle_root,
    verify_proof,
)

addresses = st.binary(min_size=20, max_size=20).map(lambda b: to_checksum_address(b))
amounts = st.integers(0, 2**256 - 1)
claim_lists = st.lists(st.tuples(addresses, amounts), min_size=1, max_size=40).map(
    lambda rows: [Claim(i, a, v) for i, (a, v) in enumerate(rows)]
)


def test_leaf_is_openzeppelin_standard_double_hash() -> None:
    claim = Claim(3, "0x" + "ab" * 20, 10**18)
    inner = keccak(encode(["uint256", "address", "uint256"], [3, claim.account, 10**18]))
    assert leaf_hash(claim) == keccak(inner)
    a, b = b"\x01" * 32, b"\x02" * 32
    assert hash_pair(a, b) == hash_pair(b, a) == keccak(a + b)


@settings(max_examples=60, deadline=None)
@given(claim_lists)
def test_every_proof_verifies_and_root_matches_reference(claims: list[Claim]) -> None:
    tree = MerkleDistribution(claims)
    assert tree.root == merkle_root([leaf_hash(c) for c in claims])
    assert tree.total == sum(c.amount for c in claims)
    for c in claims:
        assert verify_proof(tree.root, c, tree.proof(c.index))


@settings(max_examples=60, deadline=None)
@given(claim_lists, st.data())
def test_tampered_claims_and_proofs_fail(claims: list[Claim], data: st.DataObject) -> None:
    tree = MerkleDistribution(claims)
    c = data.draw(st.sampled_from(claims))
    proof = tree.proof(c.index)
    field = data.draw(st.sampled_from(["index", "account", "amount"]))
    if field == "index":
        forged = Claim(
            data.draw(st.integers(0, 2**256 - 1).filter(lambda i: i != c.index)),
            c.account,
            c.amount,
        )
    elif field == "account":
        forged = Claim(c.index, data.draw(addresses.filter(lambda a: a != c.account)), c.amount)
    else:
        forged = Claim(c.index, c.account, data.draw(amounts.filter(lambda v: v != c.amount)))
    assert not verify_proof(tree.root, forged, proof)
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1))
        bit = data.draw(st.integers(0, 255))
        bad = list(proof)
        flipped = int.from_bytes(bad[i], "big") ^ (1 << bit)
        bad[i] = flipped.to_bytes(32, "big")
        assert not verify_proof(tree.root, c, bad)
        assert not verify_proof(tree.root, c, proof[:-1])
    # an inner node is never accepted as a leaf (double hashing)
    assert not verify_proof(tree.root, c, [*proof, b"\x00" * 32])


def test_bad_claims() -> None:
    with pytest.raises(MerkleError, match="at least one"):
        MerkleDistribution([])
    with pytest.raises(MerkleError, match="twice"):
        MerkleDistribution([Claim(1, "0x" + "11" * 20, 1), Claim(1, "0x" + "22" * 20, 2)])
    with pytest.raises(MerkleError, match="not an address"):
        MerkleDistribution([Claim(0, "0x1234", 1)])
    with pytest.raises(MerkleError, match="not a uint256"):
        MerkleDistribution([Claim(0, "0x" + "11" * 20, -1)])
    with pytest.raises(MerkleError, match="no claim"):
        MerkleDistribution([Claim(0, "0x" + "11" * 20, 1)]).proof(5)
    assert not verify_proof(b"\x00" * 32, Claim(0, "0xnope", 1), [])


def test_from_amounts_and_json() -> None:
    tree = MerkleDistribution.from_amounts([("0x" + "11" * 20, 5), ("0x" + "22" * 20, 0)])
    assert [c.index for c in tree.claims] == [0]
    doc = tree.to_json()
    assert doc["root"] == "0x" + tree.root.hex() and doc["total"] == "5"


VERIFIER = """
@external
@pure
def verify(proof: DynArray[bytes32, 64], root: bytes32, index: uint256, account: address,
           amount: uint256) -> bool:
    node: bytes32 = keccak256(keccak256(abi_encode(index, account, amount)))
    for sibling: bytes32 in proof:
        if convert(node, uint256) <= convert(sibling, uint256):
            node = keccak256(concat(node, sibling))
        else:
            node = keccak256(concat(sibling, node))
    return node == root
"""


@lru_cache(maxsize=1)
def _vyper_deployer() -> Any:
    boa = pytest.importorskip("boa")
    return boa.loads_partial(VERIFIER)


@settings(max_examples=10, deadline=None)
@given(claim_lists, st.data())
def test_a_vyper_port_of_merkleproof_accepts_exactly_the_same_claims(
    claims: list[Claim], data: st.DataObject
) -> None:
    # titanoboa's pytest plugin rolls the chain back between examples: deploy in each one
    contract = _vyper_deployer().deploy()
    tree = MerkleDistribution(claims)
    c = data.draw(st.sampled_from(claims))
    proof = tree.proof(c.index)
    assert contract.verify(proof, tree.root, c.index, c.account, c.amount)
    assert not contract.verify(proof, tree.root, c.index, c.account, (c.amount + 1) % 2**256)
