from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from augury.proof.field import P
from augury.proof.merkle import MerkleTree, verify_multi
from augury.proof.transcript import Transcript


def test_challenges_depend_on_labels_and_data() -> None:
    a, b, c = Transcript(), Transcript(), Transcript()
    a.absorb("x", b"12")
    b.absorb("x1", b"2")  # same concatenation, different framing
    c.absorb("x", b"12")
    assert a.challenge_ext(2) != b.challenge_ext(2)
    assert Transcript().challenge_base(3) != a.challenge_base(3)
    c2 = Transcript()
    c2.absorb("x", b"12")
    assert c.challenge_ext(3) == c2.challenge_ext(3)


def test_challenges_in_range() -> None:
    t = Transcript()
    assert all(0 <= v < P for v in t.challenge_base(1000))
    assert all(0 <= v < 64 for v in t.challenge_indices(500, 64))


@given(st.integers(0, 6), st.sets(st.integers(0, 63), min_size=1), st.data())
def test_multiproof_accepts_honest_and_rejects_changes(
    depth: int, raw: set[int], data: st.DataObject
) -> None:
    leaves = [bytes([i % 256, 7]) for i in range(1 << depth)]
    tree = MerkleTree(leaves)
    idx = sorted({i % (1 << depth) for i in raw})
    nodes = tree.open(idx)
    opened = [leaves[i] for i in idx]
    assert verify_multi(tree.root, depth, idx, opened, nodes)
    k = data.draw(st.integers(0, len(idx) - 1))
    bad = list(opened)
    bad[k] = bad[k] + b"!"
    assert not verify_multi(tree.root, depth, idx, bad, nodes)
    if nodes:
        j = data.draw(st.integers(0, len(nodes) - 1))
        tampered = list(nodes)
        tampered[j] = bytes(32)
        assert not verify_multi(tree.root, depth, idx, opened, tampered)
    assert not verify_multi(tree.root, depth, idx, opened, [*nodes, bytes(32)])
