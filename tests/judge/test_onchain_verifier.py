"""ProofVerifier.vy against augury.proof: the same bytes, the same verdicts.

Primitives first (BLAKE2b through the precompile, the transcript, extension arithmetic,
eq tables, Reed-Solomon positions, column sums, the Merkle multi-proof), each against
the Python code it mirrors; then whole proofs, honest and tampered, where the contract
must accept exactly what :func:`augury.proof.verify_quantized` accepts. The exhaustive
byte sweep lives in bench/judge_onchain_verify.py (each call is ~1 s of py-evm).
"""

from __future__ import annotations

import hashlib
import random
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from augury.chain import Chain, Contract
from augury.contracts import CONTRACTS_DIR
from augury.errors import TransactionFailed
from augury.judge.onchain import (
    check_onchain,
    deploy_verifier,
    encode_quantized_input,
    proven_output,
)
from augury.proof import (
    Commitment,
    InputError,
    MalformedCommitmentError,
    MalformedProofError,
    Proof,
    QuantizedModel,
    commit,
    prove,
    prove_quantized,
    reedsolomon,
    sumcheck,
    verify_quantized,
)
from augury.proof.field import EXT_ZERO, P, as_ext, ext_add, ext_mul, ext_scale
from augury.proof.merkle import MerkleTree
from augury.proof.reference import mle as ref_mle
from augury.proof.transcript import Transcript

from .conftest import make_model

HARNESS = """
# pragma version ~=0.4.3
from proof import blake2b
from proof import calldata
from proof import field
from proof import merkle
from proof import rs
from proof import transcript

@internal
@view
def _arg(i: uint256) -> uint256:
    return 4 + calldata.word(4 + 32 * i) + 32

@external
@view
def hash(prefix: Bytes[128], data: Bytes[2048], person: bytes16) -> bytes32:
    return blake2b.hash(prefix, self._arg(1), len(data), person)

@external
@view
def node(left: bytes32, right: bytes32) -> bytes32:
    return blake2b.hash_node(left, right)

@external
@view
def script(labels: DynArray[Bytes[32], 8], data: Bytes[2048], cuts: DynArray[uint256, 9],
           asks: DynArray[uint256, 8]) -> DynArray[uint256, 256]:
    t: transcript.Transcript = transcript.start()
    off: uint256 = self._arg(1)
    out: DynArray[uint256, 256] = []
    for i: uint256 in range(len(labels), bound=8):
        t = transcript.absorb(t, labels[i], off + cuts[i], cuts[i + 1] - cuts[i])
        if asks[i] > 0:
            xs: DynArray[uint256[4], 16] = []
            t, xs = transcript.challenge_ext(t, asks[i])
            for x: uint256[4] in xs:
                for k: uint256 in range(4):
                    out.append(x[k])
        else:
            ids: DynArray[uint256, 256] = []
            t, ids = transcript.challenge_indices(t, 9, 64)
            for v: uint256 in ids:
                out.append(v)
    return out

@external
@pure
def mul(a: uint256[4], b: uint256[4]) -> uint256[4]:
    return field.mul(a, b)

@external
@pure
def interpolate(h0: uint256[4], h1: uint256[4], h2: uint256[4], r: uint256[4]) -> uint256[4]:
    return field.interpolate(h0, h1, h2, r)

@external
@pure
def eq_table(point: DynArray[uint256[4], 32], start: uint256,
             count: uint256) -> DynArray[uint256[4], 64]:
    return field.eq_table(point, start, count)

@external
@view
def merkle_ok(root: bytes32, depth: uint256, positions: DynArray[uint256, 160], rows: uint256,
              columns: Bytes[8192], nodes: Bytes[8192]) -> bool:
    n: uint256 = len(nodes) // 32
    return merkle.verify(root, depth, positions, self._arg(4), rows, self._arg(5), n)

@external
@view
def column_sums(rho: DynArray[uint256[4], 32], rows: uint256, count: uint256,
                columns: Bytes[8192]) -> (DynArray[uint256, 160], DynArray[uint256, 160]):
    return rs.column_sums(rho, rows, self._arg(3), count)

@external
@view
def encoding(u: Bytes[8192], log_cols: uint256, log_blowup: uint256,
             positions: DynArray[uint256, 160], la: DynArray[uint256, 160],
             lb: DynArray[uint256, 160], points: DynArray[uint256[4], 136],
             stride: uint256, count: uint256) -> DynArray[uint256[4], 8]:
    return rs.check_encoding(
        self._arg(0), log_cols, log_blowup, positions, la, lb, points, stride, count
    )
"""


def _compile_harness() -> tuple[list[dict[str, Any]], bytes]:
    import vyper
    from vyper.compiler.input_bundle import FilesystemInputBundle

    out = vyper.compile_code(
        HARNESS,
        contract_path=Path("VerifierHarness.vy"),
        input_bundle=FilesystemInputBundle([CONTRACTS_DIR]),
        output_formats=["abi", "bytecode"],
    )
    return out["abi"], bytes.fromhex(out["bytecode"].removeprefix("0x"))


@pytest.fixture(scope="module")
def evm() -> Chain:
    return Chain.embedded()


@pytest.fixture(scope="module")
def harness(evm: Chain) -> Contract:
    abi, code = _compile_harness()
    return evm.deploy_code(abi, code, name="VerifierHarness")


@pytest.fixture(scope="module")
def verifier(evm: Chain) -> Contract:
    return deploy_verifier(evm)


def _ext(rng: random.Random) -> tuple[int, int, int, int]:
    return (rng.randrange(P), rng.randrange(P), rng.randrange(P), rng.randrange(P))


def _pack(e: Any) -> tuple[int, int]:
    return int(e[0]) | int(e[2]) << 128, int(e[1]) | int(e[3]) << 128


# ---------------------------------------------------------------- primitives


@pytest.mark.parametrize("length", [0, 1, 31, 32, 33, 127, 128, 129, 255, 256, 1000])
@pytest.mark.parametrize("prefix_len", [0, 1, 45, 127, 128])
def test_blake2b_matches_hashlib_at_block_boundaries(
    harness: Contract, length: int, prefix_len: int
) -> None:
    rng = random.Random(length * 1000 + prefix_len)
    prefix, data = rng.randbytes(prefix_len), rng.randbytes(length)
    got = harness.hash(prefix, data, b"\0" * 16)
    assert got == hashlib.blake2b(prefix + data, digest_size=32).digest()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.binary(max_size=128),
    data=st.binary(max_size=700),
    person=st.sampled_from([b"", b"augury-fs", b"0123456789abcdef"]),
)
def test_blake2b_matches_hashlib(
    harness: Contract, prefix: bytes, data: bytes, person: bytes
) -> None:
    got = harness.hash(prefix, data, person.ljust(16, b"\0"))
    assert got == hashlib.blake2b(prefix + data, digest_size=32, person=person).digest()


def test_merkle_node_hash(harness: Contract) -> None:
    left, right = bytes(range(32)), bytes(range(32, 64))
    expected = hashlib.blake2b(b"\x01" + left + right, digest_size=32).digest()
    assert harness.node(left, right) == expected


def test_transcript_matches_python(harness: Contract) -> None:
    rng = random.Random(7)
    for _ in range(4):
        n = rng.randint(1, 6)
        names = [b"commitment", b"z", b"sumcheck.round", b"pcs.u", b""]
        labels = [rng.choice(names) for _ in range(n)]
        cuts = [0]
        for _ in range(n):
            cuts.append(cuts[-1] + rng.choice([0, 1, 16, 32, 83, 128, 300]))
        data = rng.randbytes(cuts[-1])
        asks = [rng.choice([0, 1, 2, 5, 10]) for _ in range(n)]
        t = Transcript()
        expected: list[int] = []
        for i in range(n):
            t.absorb(labels[i].decode(), data[cuts[i] : cuts[i + 1]])
            if asks[i]:
                for x in t.challenge_ext(asks[i]):
                    expected.extend(x)
            else:
                expected.extend(t.challenge_indices(9, 64))
        assert list(harness.script(labels, data, cuts, asks)) == expected


def test_extension_arithmetic_and_eq_tables(harness: Contract) -> None:
    rng = random.Random(3)
    for _ in range(10):
        a, b = _ext(rng), _ext(rng)
        assert tuple(harness.mul(list(a), list(b))) == ext_mul(a, b)
        h0, h1, h2, r = _ext(rng), _ext(rng), _ext(rng), _ext(rng)
        got = tuple(harness.interpolate(list(h0), list(h1), list(h2), list(r)))
        assert got == sumcheck.interpolate_012(h0, h1, h2, r)
    point = [_ext(rng) for _ in range(5)] + [(0, 0, 0, 0), (1, 0, 0, 0)]
    for start, count in [(0, 0), (0, 3), (2, 5), (1, 6)]:
        got_table = [tuple(x) for x in harness.eq_table([list(x) for x in point], start, count)]
        assert got_table == ref_mle.eq_table(point[start : start + count])


def test_merkle_multiproof(harness: Contract) -> None:
    rng = random.Random(11)
    for depth, rows, count in [(1, 1, 1), (3, 2, 5), (6, 9, 20), (8, 20, 60)]:
        columns = [
            struct.pack(f"<{rows}I", *(rng.randrange(P) for _ in range(rows)))
            for _ in range(1 << depth)
        ]
        tree = MerkleTree(columns)
        positions = sorted(rng.sample(range(1 << depth), min(count, 1 << depth)))
        opened = b"".join(columns[i] for i in positions)
        nodes = tree.open(positions)
        assert harness.merkle_ok(tree.root, depth, positions, rows, opened, b"".join(nodes))
        ok = harness.merkle_ok
        if nodes:  # a spare node, a missing node, a wrong node: each refused
            bad = bytes([nodes[0][0] ^ 1]) + nodes[0][1:]
            for wrong in (nodes + nodes[:1], nodes[:-1], [bad, *nodes[1:]]):
                assert not ok(tree.root, depth, positions, rows, opened, b"".join(wrong))
        flipped = bytes([opened[0] ^ 1]) + opened[1:]
        assert not ok(tree.root, depth, positions, rows, flipped, b"".join(nodes))


def test_reed_solomon_positions_and_column_sums(harness: Contract) -> None:
    rng = random.Random(5)
    for log_cols, log_blowup, rows in [(0, 1, 1), (3, 3, 5), (6, 3, 9), (5, 2, 17)]:
        cols = 1 << log_cols
        u = np.array([_ext(rng) for _ in range(cols)], dtype=np.uint64)
        code_len = cols << log_blowup
        positions = sorted(rng.sample(range(code_len), min(13, code_len)))
        enc = reedsolomon.encode_ext_at(u, 1 << log_blowup, positions)
        la, lb = zip(*(_pack(e) for e in enc), strict=True)
        u_bytes = u.astype("<u4").tobytes()
        # and u~(z_lo) at two points of 3 coordinates each, z_lo the first log_cols
        points = [_ext(rng) for _ in range(2 * max(3, log_cols))]
        stride = max(3, log_cols)
        args = ([list(x) for x in points], stride, 2)
        inner = harness.encoding(
            u_bytes, log_cols, log_blowup, positions, list(la), list(lb), *args
        )
        for i in range(2):
            table = ref_mle.eq_table(points[i * stride : i * stride + log_cols])
            acc = EXT_ZERO
            for j in range(cols):
                acc = ext_add(acc, ext_mul(as_ext(u[j]), table[j]))
            assert tuple(inner[i]) == acc
        wrong = [la[0] ^ 1, *la[1:]]
        with pytest.raises(TransactionFailed, match="column check fails"):
            harness.encoding(u_bytes, log_cols, log_blowup, positions, wrong, list(lb), *args)
        # sum_r eq(rho)[r] col[r] for random columns
        rho = [_ext(rng) for _ in range(max(0, (rows - 1).bit_length()))]
        columns = np.array(
            [[rng.randrange(P) for _ in range(rows)] for _ in range(7)], dtype=np.uint64
        )
        coeffs = ref_mle.eq_table(rho)[:rows]
        point = [list(x) for x in rho]
        got_a, got_b = harness.column_sums(point, rows, 7, columns.astype("<u4").tobytes())
        for q in range(7):
            acc = EXT_ZERO
            for r in range(rows):
                acc = ext_add(acc, ext_scale(coeffs[r], int(columns[q, r])))
            assert (got_a[q], got_b[q]) == _pack(acc)
        columns[3, rows - 1] = P  # not canonical
        with pytest.raises(TransactionFailed, match="bad proof encoding"):
            harness.column_sums(point, rows, 7, columns.astype("<u4").tobytes())


# ---------------------------------------------------------------- whole proofs


def python_accepts(commitment: bytes, x_q: np.ndarray, proof: bytes) -> bool:
    """What the reference verifier says of these bytes (decoding included)."""
    try:
        c = Commitment.from_bytes(commitment)
        p = Proof.from_bytes(proof)
        return bool(p.layers) and verify_quantized(c, x_q, p.layers[-1].z, p)
    except (MalformedCommitmentError, MalformedProofError, InputError):
        return False


def contract_accepts(verifier: Contract, commitment: bytes, x_q: np.ndarray, proof: bytes) -> bool:
    try:
        out = verifier.verify(commitment, encode_quantized_input(x_q), proof)
    except TransactionFailed:
        return False
    assert tuple(out) == tuple(int(v) for v in Proof.from_bytes(proof).layers[-1].z)
    return True


def sections(proof: bytes, n_layers: int) -> Iterator[tuple[str, int, int]]:
    """(name, start, end) of every part of a version-2 proof, in order."""
    pos = 7
    yield "header", 0, pos
    for i in range(n_layers):
        (n,) = struct.unpack_from("<I", proof, pos)
        yield f"z{i}", pos, pos + 4 + 4 * n
        pos += 4 + 4 * n
        k = proof[pos]
        yield f"rounds{i}", pos, pos + 1 + 32 * k
        pos += 1 + 32 * k
        yield f"weight_eval{i}", pos, pos + 16
        pos += 16
    k = proof[pos]
    yield "pcs.rounds", pos, pos + 1 + 32 * k
    pos += 1 + 32 * k
    (cols,) = struct.unpack_from("<I", proof, pos)
    yield "u", pos, pos + 4 + 16 * cols
    pos += 4 + 16 * cols
    nq, rows = struct.unpack_from("<II", proof, pos)
    yield "columns", pos, pos + 8 + 4 * nq * rows
    pos += 8 + 4 * nq * rows
    yield "nodes", pos, len(proof)


@pytest.fixture(scope="module")
def judge_case(model: QuantizedModel) -> tuple[bytes, np.ndarray, bytes]:
    x_q = np.array([5, -7, 127, -127, 0, 33])
    _, proof = prove_quantized(model, x_q)
    return commit(model).to_bytes(), x_q, proof.to_bytes()


def test_honest_proofs_are_accepted_with_their_output(
    evm: Chain, verifier: Contract, model: QuantizedModel
) -> None:
    three_layers = make_model(3, (5, 7, 6, 4))[1]
    rng = np.random.default_rng(1)
    for m in (model, three_layers):
        x_q = rng.integers(-127, 128, m.n_in)
        z, proof = prove_quantized(m, x_q)
        c = commit(m)
        assert verify_quantized(c, x_q, z, proof)
        assert proven_output(verifier, c, x_q, proof) == tuple(int(v) for v in z)
        verdict = check_onchain(evm, verifier, c, x_q, proof)
        assert verdict.accepted and verdict.gas is not None and 500_000 < verdict.gas < 30_000_000


def test_tampered_bytes_are_refused_like_python(
    verifier: Contract, judge_case: tuple[bytes, np.ndarray, bytes]
) -> None:
    """One byte changed at the start, middle and end of every section of the proof."""
    c, x_q, proof = judge_case
    rng = random.Random(2)
    for name, start, end in sections(proof, 2):
        for pos in sorted({start, (start + end) // 2, end - 1}):
            bad = bytearray(proof)
            bad[pos] ^= 1 << rng.randrange(8)
            expected = python_accepts(c, x_q, bytes(bad))
            assert not expected, (name, pos)
            assert contract_accepts(verifier, c, x_q, bytes(bad)) == expected, (name, pos)


def test_changed_statement_or_commitment_is_refused(
    verifier: Contract, judge_case: tuple[bytes, np.ndarray, bytes], other_model: QuantizedModel
) -> None:
    c, x_q, proof = judge_case
    assert contract_accepts(verifier, c, x_q, proof)
    other_input = x_q.copy()
    other_input[2] -= 1
    assert not python_accepts(c, other_input, proof)
    assert not contract_accepts(verifier, c, other_input, proof)
    out_of_range = x_q.copy()
    out_of_range[0] = 128
    assert not contract_accepts(verifier, c, out_of_range, proof)
    other = commit(other_model).to_bytes()  # same architecture, other weights
    assert not python_accepts(other, x_q, proof)
    assert not contract_accepts(verifier, other, x_q, proof)
    for pos in (0, 4, 5, 20, 37, 38, 42, 43, 45, 61, 62, 70, 71):
        bad = bytearray(c)
        bad[pos] ^= 1
        expected = python_accepts(bytes(bad), x_q, proof)
        assert contract_accepts(verifier, bytes(bad), x_q, proof) == expected, pos


def test_float_statements_and_limits_are_refused_with_reasons(
    verifier: Contract, model: QuantizedModel, judge_case: tuple[bytes, np.ndarray, bytes]
) -> None:
    c, x_q, proof = judge_case
    _, float_proof = prove(model, np.linspace(-1, 1, model.n_in))
    with pytest.raises(TransactionFailed, match="not an integer-statement proof"):
        proven_output(verifier, c, x_q, float_proof)
    with pytest.raises(TransactionFailed, match="bad proof encoding"):
        proven_output(verifier, c, x_q, proof + b"\0")
    nine = make_model(4, (3,) * 10)[1]  # nine layers: more than the contract takes
    z, nine_proof = prove_quantized(nine, np.array([1, 2, 3]))
    assert verify_quantized(commit(nine), np.array([1, 2, 3]), z, nine_proof)
    with pytest.raises(TransactionFailed, match="exceeds on-chain limits"):
        proven_output(verifier, commit(nine), np.array([1, 2, 3]), nine_proof)


def test_verification_on_either_backend(chain: Chain, model: QuantizedModel) -> None:
    """The same transaction on the embedded EVM and on a Hardhat node (integration)."""
    v = deploy_verifier(chain)
    x_q = np.array([1, 2, 3, -4, -5, 6])
    _, proof = prove_quantized(model, x_q)
    verdict = check_onchain(chain, v, commit(model), x_q, proof)
    assert verdict.accepted and verdict.gas and verdict.output is not None
    bad = bytearray(proof.to_bytes())
    bad[-1] ^= 1
    rejected = check_onchain(chain, v, commit(model), x_q, bytes(bad))
    assert not rejected.accepted and rejected.reason == "Merkle proof fails"
