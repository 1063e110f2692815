"""Reed–Solomon encoding by the definition (oracle of :mod:`augury.proof.reedsolomon`)."""

from __future__ import annotations

from augury.proof.field import P, root_of_unity


def encode(message: list[int], blowup: int) -> list[int]:
    """One message's codeword, ``c_j = sum_i m_i w^(i j)`` with ``w`` of order
    ``len(message) * blowup`` (the fast ``encode`` does many rows at once)."""
    n = len(message) * blowup
    w = root_of_unity(n)
    out = []
    for j in range(n):
        wj = pow(w, j, P)
        acc = 0
        power = 1
        for coeff in message:
            acc += coeff * power
            power = power * wj % P
        out.append(acc % P)
    return out
