"""The embedded chain gives every block its own prevrandao and a real BLOCKHASH of the
last 256 blocks (the ids ``head()`` reports), through snapshots and state files."""

from __future__ import annotations

from pathlib import Path

import pytest
import vyper

from augury.chain import Chain, Contract

PROBE = """
# pragma version ~=0.4.3
last: public(bytes32)

@external
@view
def hashOf(n: uint256) -> bytes32:
    return blockhash(n)

@external
@view
def randao() -> bytes32:
    return block.prevrandao

@external
def record() -> bytes32:
    # the prevrandao of the block this transaction is mined in
    self.last = block.prevrandao
    return block.prevrandao
"""


def _probe(chain: Chain) -> Contract:
    out = vyper.compile_code(PROBE, output_formats=["abi", "bytecode"])
    return chain.deploy_code(out["abi"], bytes.fromhex(out["bytecode"][2:]), name="Probe")


@pytest.fixture
def chain() -> Chain:
    return Chain.embedded()


def _ids(chain: Chain, probe: Contract, first: int) -> dict[int, bytes]:
    return {n: bytes(probe.hashOf(n)) for n in range(first, chain.block_number())}


def test_each_block_has_its_own_prevrandao(chain: Chain) -> None:
    probe = _probe(chain)
    seen = []
    for _ in range(20):
        probe.record()
        seen.append(bytes(probe.last()))
        chain.advance_time(5)
    assert len(set(seen)) == len(seen) and bytes(32) not in seen
    # a view sees the head's value, the one its transaction saw
    probe.record()
    assert bytes(probe.randao()) == bytes(probe.last())


def test_blockhash_is_the_head_id_of_the_last_256_blocks(chain: Chain) -> None:
    probe = _probe(chain)
    heads = {}
    for i in range(300):
        if i % 3:
            chain.advance_time(1)
        else:
            probe.record()
        heads[chain.block_number()] = bytes.fromhex(chain.head().hash[2:])
    top = chain.block_number()
    # a view runs at the head: the 256 blocks before it are in reach (Vyper's
    # blockhash() refuses the others)
    for n in range(top - 256, top):
        assert bytes(probe.hashOf(n)) == heads[n], n


def test_blockhash_folds_pending_heads_only_when_read(chain: Chain) -> None:
    probe = _probe(chain)
    for _ in range(5):
        probe.record()
    assert chain._head_pending  # nothing folded by mining
    n = chain.block_number() - 1
    got = bytes(probe.hashOf(n))
    assert not chain._head_pending
    assert got != bytes(32)


def test_snapshots_and_state_files_keep_randomness(chain: Chain, tmp_path: Path) -> None:
    probe = _probe(chain)
    for _ in range(10):
        probe.record()
    sid = chain.snapshot()
    n = chain.block_number()
    before = {k: bytes(probe.hashOf(k)) for k in range(n - 8, n)}
    randao = bytes(probe.randao())
    for _ in range(7):
        probe.record()
    chain.revert(sid)
    assert {k: bytes(probe.hashOf(k)) for k in range(n - 8, n)} == before
    assert bytes(probe.randao()) == randao
    probe.record()  # a block n + 1 other than the reverted one
    assert bytes(probe.randao()) == bytes(probe.last())
    path = tmp_path / "chain.json"
    chain.save(path)
    m = chain.block_number()
    saved = {k: bytes(probe.hashOf(k)) for k in range(m - 8, m)}
    loaded = Chain.embedded(state=path)
    again = Contract(loaded, probe.address, probe.abi, "Probe")
    assert {k: bytes(again.hashOf(k)) for k in range(m - 8, m)} == saved
    assert bytes(again.randao()) == bytes(probe.randao())
    again.record()
    probe.record()
    assert bytes(again.last()) == bytes(probe.last())  # same block, same prevrandao
