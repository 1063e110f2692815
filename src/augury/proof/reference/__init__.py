"""Plain reference implementations of :mod:`augury.proof`: Python ints and lists only.

Why: each module here has the name and the public functions of its fast counterpart
(``reference.protocol`` of ``protocol``, ``reference.ligero`` of ``ligero``,
``reference.sumcheck``, ``reference.mle``, ``reference.reedsolomon``) and computes the same
thing by the definition — no NTT, no BLAS limb tricks, no lazy reduction. The contract,
checked by the tests: for the same model and input, the reference prover's commitment
and proof are byte-identical to the fast ones, and one parametrized suite
(``tests/proof/conftest.py``, fixture ``impl``) runs against both.

Hashing (transcript, Merkle tree), the byte formats and the verifier are shared: they are
the specification both provers are held to, not arithmetic to cross-check. Slow by design
(quadratic in places): small models only.

This package imports nothing at import time so that its modules can be loaded one by one.
"""
