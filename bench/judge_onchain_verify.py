"""Gas of verifying an ``augury.proof`` proof fully on chain (``ProofVerifier.vy``), by stage.

For the judge's registered domain classifier (25-16-2, trained here exactly as
bench/judge.py does) and the 64-32-10 digits MLP of bench/proof_models.py:

* ``gas_used`` of the mined verification transaction on a fresh embedded chain (and, with
  ``--hardhat``, on a Hardhat node this script starts: the figure must be the same);
* the split of that gas: the transaction's intrinsic cost (21,000 + calldata), then the
  execution by stage, measured with ``msg.gas`` checkpoints in a twin of
  ``ProofVerifier.verify`` that calls the very same module functions (its total is
  reported next to the real one), and by module from titanoboa's line profiler;
* memory: the highest address the call touches and what its expansion costs;
* the proof and calldata sizes, and the Python verifier's time on the same proof;
* with ``--sweep N``: N random single-byte changes to the domain proof, each verified by
  the contract and by ``augury.proof.verify_quantized`` (the two must agree).

    .venv/bin/python bench/judge_onchain_verify.py [--sweep 200] [--hardhat] \\
        [--out docs/bench/judge_onchain_verify.json]
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from augury.chain import Chain, Contract
from augury.chain.embedded import BLOCK_GAS_LIMIT, calldata_floor, intrinsic_gas
from augury.contracts import CONTRACTS_DIR, compile_contract
from augury.errors import TransactionFailed
from augury.judge.onchain import check_onchain, deploy_verifier, encode_quantized_input
from augury.proof import (
    Commitment,
    InputError,
    MalformedCommitmentError,
    MalformedProofError,
    Proof,
    QuantizedModel,
    commit,
    load_model,
    prove_quantized,
    verify_quantized,
)
from augury.proof.files import read_calibration, read_input

# The body of ProofVerifier.verify with a gas checkpoint after each stage. Only the glue
# is repeated; every stage is the module function the contract itself calls.
TWIN = """
# pragma version ~=0.4.3
# pragma optimize gas
# pragma experimental-codegen
from proof import calldata
from proof import commitment
from proof import decode
from proof import field
from proof import layers
from proof import limits
from proof import merkle
from proof import pcs
from proof import rs
from proof import transcript

@internal
@view
def _arg(i: uint256) -> uint256:
    return 4 + calldata.word(4 + 32 * i) + 32

@external
@view
def verify(commitment_bytes: Bytes[256], x_q: Bytes[4096], proof: Bytes[limits.MAX_PROOF]
           ) -> (DynArray[uint256, 12], DynArray[int256, limits.MAX_OUT]):
    g: DynArray[uint256, 12] = [msg.gas]
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
    g.append(msg.gas)
    t: transcript.Transcript = transcript.start()
    t = transcript.absorb(t, b"commitment", c_off, len(commitment_bytes))
    t = transcript.absorb(t, b"input", x_off, len(x_q))
    for i: uint256 in range(nl, bound=limits.MAX_LAYERS):
        t = transcript.absorb(t, b"z", ls[i].z_off, 4 * ls[i].n_out)
    g.append(msg.gas)
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
    g.append(msg.gas)
    alpha: DynArray[uint256[4], limits.MAX_LAYERS] = []
    rho: DynArray[uint256[4], 32] = []
    final: uint256[4] = empty(uint256[4])
    t, alpha, rho, final = pcs.batch(t, values, prm.row_bits, o.rounds_off)
    t = transcript.absorb(t, b"pcs.u", o.u_off, 16 << prm.log_cols)
    g.append(msg.gas)
    log_code: uint256 = prm.log_cols + prm.log_blowup
    positions: DynArray[uint256, limits.MAX_QUERIES] = []
    t, positions = pcs._positions(t, prm.queries, log_code)
    assert o.n_opened == len(positions), "wrong number of opened columns"
    g.append(msg.gas)
    la: DynArray[uint256, limits.MAX_QUERIES] = []
    lb: DynArray[uint256, limits.MAX_QUERIES] = []
    la, lb = rs.column_sums(rho, prm.rows, o.cols_off, len(positions))
    g.append(msg.gas)
    inner: DynArray[uint256[4], 8] = rs.check_encoding(
        o.u_off, prm.log_cols, prm.log_blowup, positions, la, lb, points, num_vars, len(alpha)
    )
    total: uint256[4] = empty(uint256[4])
    for i: uint256 in range(len(alpha), bound=8):
        weight: uint256[4] = alpha[i]
        for v: uint256 in range(len(rho), bound=32):
            z: uint256[4] = points[i * num_vars + prm.log_cols + v]
            weight = field.mul(weight, field.eq_factor(z, rho[v]))
        total = field.add(total, field.mul(weight, inner[i]))
    assert field.equal(total, final), "opening sumcheck fails"
    g.append(msg.gas)
    ok: bool = merkle.verify(
        prm.root, log_code, positions, o.cols_off, prm.rows, o.nodes_off, o.n_nodes
    )
    assert ok, "Merkle proof fails"
    g.append(msg.gas)
    out: DynArray[int256, limits.MAX_OUT] = []
    for j: uint256 in range(ls[nl - 1].n_out, bound=limits.MAX_OUT):
        out.append(calldata.i32(ls[nl - 1].z_off + 4 * j))
    g.append(msg.gas)
    return g, out
"""

STAGES = (
    ("decode", "parse and validate the commitment, the input and the proof's layout"),
    ("statement", "transcript: absorb commitment, x_q and every z"),
    ("layers", "per layer: r, z~(r), sumcheck replay, requantized a'~(s), weight_eval"),
    ("row_sumcheck", "opening: alpha, the row sumcheck (rho), absorb u"),
    ("positions", "query positions: challenge words, sorted and deduplicated"),
    ("column_sums", "sum_r eq(rho)[r] col_q[r] at every opened column"),
    ("reed_solomon", "Enc(u)[q] at every position, u~(z_lo) per layer, final claim"),
    ("merkle", "hash the opened columns, rebuild the root from the multi-proof"),
    ("output", "read z_L for the return value"),
)


def domain_judge() -> tuple[str, QuantizedModel, np.ndarray]:
    """The judge's domain classifier (as bench/judge.py and ``augury run`` train it)."""
    from augury.data.domains import load_domain_dataset
    from augury.data.splits import split
    from augury.judge.classifier import train_domain_judge

    parts = split(load_domain_dataset(), "random", random_state=0)
    trained = train_domain_judge(parts.train, random_state=0)
    return "domain_judge_25_16_2", trained.model, trained.features(parts.test.domains[:1])[0]


def digits_mlp(workdir: Path) -> tuple[str, QuantizedModel, np.ndarray]:
    """The 64-32-10 model of bench/proof_models.py and its test image."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from proof_models import build

    build(workdir)
    d = workdir / "mlp_64_32_10"
    model = load_model(d / "model.onnx", calibration=read_calibration(d / "calibration.json"))
    return "mlp_64_32_10", model, read_input(d / "input.json")


def _twin(chain: Chain) -> Contract:
    import vyper
    from vyper.compiler.input_bundle import FilesystemInputBundle

    out = vyper.compile_code(
        TWIN,
        contract_path=Path("ProofVerifierStages.vy"),
        input_bundle=FilesystemInputBundle([CONTRACTS_DIR]),
        output_formats=["abi", "bytecode"],
    )
    code = bytes.fromhex(out["bytecode"].removeprefix("0x"))
    return chain.deploy_code(out["abi"], code, name="ProofVerifierStages")


def _profile(args: tuple[bytes, bytes, bytes]) -> tuple[dict[str, int], int, int]:
    """Self gas by module (titanoboa's line profiler), memory bytes touched, and the
    call's execution gas, for the real contract loaded in a separate boa environment."""
    import boa
    from boa.profiling import global_profile

    boa.interpret.set_search_paths([str(CONTRACTS_DIR)])
    with boa.swap_env(boa.Env()):
        boa.env.enable_gas_profiling()
        contract = boa.load(str(CONTRACTS_DIR / "ProofVerifier.vy"))
        global_profile().line_profiles.clear()
        contract.verify(*args)
        comp = contract._computation
        by_module: collections.Counter[str] = collections.Counter()
        for line, gas in global_profile().line_profiles.items():
            by_module[Path(line.module_path).stem] += sum(gas)
        return dict(by_module.most_common()), len(comp._memory._bytes), comp.get_gas_used()


def _memory_gas(size: int) -> int:
    words = (size + 31) // 32
    return 3 * words + words * words // 512


def _python_time(
    commitment: Commitment, x_q: np.ndarray, z: np.ndarray, proof: Proof
) -> dict[str, float]:
    wall, cpu = [], []
    for _ in range(40):
        t0, c0 = time.perf_counter(), time.process_time()
        assert verify_quantized(commitment, x_q, z, proof)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {
        "wall_ms_median": 1e3 * statistics.median(wall),
        "cpu_ms_median": 1e3 * statistics.median(cpu),
    }


def measure(
    name: str, model: QuantizedModel, x: np.ndarray, hardhat_url: str | None
) -> dict[str, Any]:
    x_q = model.quantize_input(x)
    z, proof = prove_quantized(model, x_q)
    c = commit(model)
    args = (c.to_bytes(), encode_quantized_input(x_q), proof.to_bytes())
    chain = Chain.embedded()
    verifier = deploy_verifier(chain)
    verdict = check_onchain(chain, verifier, c, x_q, proof)
    assert verdict.accepted and verdict.output == tuple(int(v) for v in z), verdict
    assert verdict.gas is not None
    calldata = verifier.verify.calldata(*args)
    intrinsic = intrinsic_gas(calldata, create=False)
    twin = _twin(chain)
    marks, out = twin.verify(*args)
    assert tuple(out) == verdict.output
    stages = {s: marks[i] - marks[i + 1] for i, (s, _) in enumerate(STAGES)}
    by_module, memory, execution = _profile(args)
    result: dict[str, Any] = {
        "layers": [[layer.n_in, layer.n_out] for layer in model.layers],
        "weights": sum(layer.weight.size + layer.bias.size for layer in model.layers),
        "pcs": vars(c.pcs),
        "proof_bytes": len(args[2]),
        "opened_columns": int(proof.opening.columns.shape[0]),
        "calldata_bytes": len(calldata),
        "gas": {
            "transaction": verdict.gas,
            "intrinsic": intrinsic,
            "of_which_calldata": intrinsic - 21_000,
            "calldata_floor_eip7623": calldata_floor(calldata),
            "execution": execution,
            "stages": stages,
            "stages_total": marks[0] - marks[-1],
            "by_module_self_gas": by_module,
            "memory_bytes": memory,
            "memory_expansion_gas": _memory_gas(memory),
            "block_gas_limit": BLOCK_GAS_LIMIT,
        },
        "python_verify": _python_time(c, x_q, z, proof),
    }
    if hardhat_url is not None:
        node = Chain.connect(hardhat_url)
        v = deploy_verifier(node)
        on_node = check_onchain(node, v, c, x_q, proof)
        result["gas"]["hardhat_transaction"] = on_node.gas
    print(f"{name}: {verdict.gas:,} gas, proof {len(args[2]):,} B", file=sys.stderr)
    return result


def sweep(model: QuantizedModel, x: np.ndarray, count: int) -> dict[str, Any]:
    """Random single-byte changes: the contract and the Python verifier must agree."""
    x_q = model.quantize_input(x)
    _, proof = prove_quantized(model, x_q)
    c = commit(model).to_bytes()
    blob = proof.to_bytes()
    chain = Chain.embedded()
    verifier = deploy_verifier(chain)
    rng = random.Random(0)
    reasons: collections.Counter[str] = collections.Counter()
    agree = python_rejects = 0
    for _ in range(count):
        bad = bytearray(blob)
        bad[rng.randrange(len(bad))] ^= 1 << rng.randrange(8)
        try:
            p = Proof.from_bytes(bytes(bad))
            cm = Commitment.from_bytes(c)
            ok_py = bool(p.layers) and verify_quantized(cm, x_q, p.layers[-1].z, p)
        except (MalformedProofError, MalformedCommitmentError, InputError):
            ok_py = False
        try:
            verifier.verify.call(c, encode_quantized_input(x_q), bytes(bad))
            ok_chain = True
        except TransactionFailed as exc:
            ok_chain = False
            reasons[exc.reason] += 1
        agree += ok_py == ok_chain
        python_rejects += not ok_py
    return {
        "changes": count,
        "agree": agree,
        "python_rejects": python_rejects,
        "contract_reasons": dict(reasons),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweep", type=int, default=0, help="random single-byte changes to test")
    ap.add_argument("--hardhat", action="store_true", help="also measure on a Hardhat node")
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    compiled = compile_contract("ProofVerifier")
    deploy = deploy_verifier(Chain.embedded()).deploy_receipt
    from importlib.metadata import version

    report: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared)",
        "compiler": compiled.compiler + " (experimental-codegen, optimize gas)",
        "titanoboa": version("titanoboa"),
        "py-evm": version("py-evm"),
        "contract": {
            "runtime_bytes": len(compiled.runtime_bytecode),
            "deploy_gas": deploy.gas_used if deploy else None,
        },
        "stages": dict(STAGES),
        "models": {},
    }
    node = None
    if a.hardhat:
        from augury.chain.hardhat import HardhatNode

        node = HardhatNode().start()
    try:
        domain = domain_judge()
        with tempfile.TemporaryDirectory() as tmp:
            for name, model, x in (domain, digits_mlp(Path(tmp))):
                report["models"][name] = measure(name, model, x, node.url if node else None)
        if a.sweep:
            report["sweep_domain_judge"] = sweep(domain[1], domain[2], a.sweep)
    finally:
        if node is not None:
            node.stop()
    text = json.dumps(report, indent=2)
    if a.out:
        a.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
