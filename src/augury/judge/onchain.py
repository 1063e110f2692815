"""Verifying an ``augury.proof`` proof on chain, in full: ``ProofVerifier.vy``.

The judge's answers are checked off chain (:mod:`augury.judge.checker`) and disputed
through the jury; this module is the other road, where a contract checks the proof
itself. ``ProofVerifier.verify(commitment, x_q, proof)`` takes the exact bytes of
:mod:`augury.proof` — ``Commitment.to_bytes()``, the quantized input as little-endian
i32, ``Proof.to_bytes()`` of a :func:`~augury.proof.prove_quantized` proof (format
version 2, integer statement) — redoes every step of
:func:`~augury.proof.verify_quantized` (transcript, activations, the layers' sumchecks,
the batched opening, the Reed-Solomon checks at the queried columns, the Merkle
multi-proof) and returns the proven output pre-activations ``z_L``, or reverts with
the reason. What it costs, and its limits: docs/judge.md, "Verifying a proof on chain".

The embedded chain and a Hardhat node (``Chain.connect(url)``) are driven alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from augury.chain import Chain, Contract
from augury.errors import TransactionFailed
from augury.judge.errors import JudgeInputError
from augury.proof import Commitment, Proof

VERIFIER = "ProofVerifier"
#: The contract's static bounds (ProofVerifier.vy and its modules); larger statements
#: revert with "exceeds on-chain limits" or fail ABI decoding.
MAX_PROOF_BYTES = 65536
MAX_INPUTS = 1024
MAX_LAYERS = 8
MAX_OUTPUTS = 256


@dataclass(frozen=True)
class OnchainVerdict:
    """One on-chain verification: accepted or not, the proven output when accepted, the
    revert reason when not, and the gas of the transaction (``None`` when the rejection
    was caught before anything was mined, as both backends do for a reverting call)."""

    accepted: bool
    output: tuple[int, ...] | None
    reason: str | None
    gas: int | None


def deploy_verifier(chain: Chain, *, sender: object | None = None) -> Contract:
    """Deploy ``ProofVerifier`` (stateless: one instance serves every model)."""
    return chain.deploy(VERIFIER, sender=sender)


def encode_quantized_input(x_q: npt.ArrayLike) -> bytes:
    """The statement's input as the contract and the transcript take it: little-endian i32.

    The values must be integers; the contract itself refuses any outside [-127, 127], as
    :func:`~augury.proof.verify_quantized` does.
    """
    arr = np.asarray(x_q)
    if arr.dtype.kind not in "iu" or arr.ndim > 1:
        raise JudgeInputError("the quantized input must be a vector of integers")
    if arr.size and (int(arr.min()) < -(2**31) or int(arr.max()) >= 2**31):
        raise JudgeInputError("the quantized input must fit in 32-bit integers")
    return arr.astype("<i4").tobytes()


def _args(
    commitment: Commitment | bytes, x_q: npt.ArrayLike, proof: Proof | bytes
) -> tuple[bytes, bytes, bytes]:
    c = commitment.to_bytes() if isinstance(commitment, Commitment) else bytes(commitment)
    p = proof.to_bytes() if isinstance(proof, Proof) else bytes(proof)
    if len(p) > MAX_PROOF_BYTES:
        raise JudgeInputError(
            f"proof of {len(p)} bytes exceeds the on-chain verifier's {MAX_PROOF_BYTES}"
        )
    return c, encode_quantized_input(x_q), p


def proven_output(
    verifier: Contract,
    commitment: Commitment | bytes,
    x_q: npt.ArrayLike,
    proof: Proof | bytes,
) -> tuple[int, ...]:
    """The output pre-activations ``z_L`` the contract accepts as proven (an ``eth_call``,
    no transaction); raises :class:`~augury.errors.TransactionFailed` with the reason
    when it rejects."""
    out = verifier.verify.call(*_args(commitment, x_q, proof))
    return tuple(int(v) for v in out)


def check_onchain(
    chain: Chain,
    verifier: Contract,
    commitment: Commitment | bytes,
    x_q: npt.ArrayLike,
    proof: Proof | bytes,
    *,
    sender: object | None = None,
) -> OnchainVerdict:
    """Verify in a mined transaction (so that its gas is the gas a node charges); the
    output comes from a call on the same state first. ``verifier`` must live on
    ``chain``."""
    if verifier.chain is not chain:
        raise JudgeInputError("the verifier handle belongs to another chain")
    args = _args(commitment, x_q, proof)
    try:
        out = verifier.verify.call(*args, sender=sender)
    except TransactionFailed as exc:
        return OnchainVerdict(False, None, exc.reason, None)
    receipt = verifier.verify.transact(*args, sender=sender)
    return OnchainVerdict(True, tuple(int(v) for v in out), None, receipt.gas_used)


__all__ = [
    "MAX_INPUTS",
    "MAX_LAYERS",
    "MAX_OUTPUTS",
    "MAX_PROOF_BYTES",
    "VERIFIER",
    "OnchainVerdict",
    "check_onchain",
    "deploy_verifier",
    "encode_quantized_input",
    "proven_output",
]
