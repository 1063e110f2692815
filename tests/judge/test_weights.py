from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from augury.judge.weights import WeightTree, verify, weight_word

weights = st.lists(st.integers(-(2**31), 2**31), min_size=1, max_size=40)


@given(weights, st.data())
def test_every_proof_verifies_and_tampering_fails(values: list[int], data: st.DataObject) -> None:
    tree = WeightTree.from_values(values)
    i = data.draw(st.integers(0, len(values) - 1))
    proof = tree.proof(i)
    assert verify(tree.root, tree.words[i], i, proof)
    other = weight_word(values[i] + 1)
    assert not verify(tree.root, other, i, proof)
    if proof:  # a changed sibling breaks the path
        bad = [bytes(b ^ 1 if k == 0 else b for k, b in enumerate(proof[0])), *proof[1:]]
        assert not verify(tree.root, tree.words[i], i, bad)


def test_word_encoding_is_twos_complement() -> None:
    assert weight_word(-1) == b"\xff" * 32
    assert weight_word(1) == bytes(31) + b"\x01"
    with pytest.raises(ValueError):
        weight_word(2**255)
    with pytest.raises(IndexError):
        WeightTree.from_values([1, 2]).proof(2)
    with pytest.raises(ValueError):
        WeightTree.from_values([])
