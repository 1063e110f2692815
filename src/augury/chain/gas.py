"""Transaction gas rules the embedded chain applies around py-evm's execution.

titanoboa executes messages, not transactions: the intrinsic cost, the refund cap and
the EIP-7623 calldata floor are charged here, so a receipt (and a trace) shows the gas
a node would charge. Constants: yellow paper, EIP-2028, EIP-3529, EIP-3860, EIP-7623.
"""

from __future__ import annotations

G_TX = 21_000
G_TXCREATE = 32_000
G_TXDATA_ZERO = 4
G_TXDATA_NONZERO = 16
FLOOR_PER_TOKEN = 10  # EIP-7623 calldata floor, per token (zero byte 1, non-zero 4)
REFUND_QUOTIENT = 5  # EIP-3529: a refund is capped at a fifth of the gas used
BLOCK_GAS_LIMIT = 30_000_000


def intrinsic_gas(data: bytes, create: bool) -> int:
    """Gas charged before execution: base, calldata and contract creation."""
    zeros = data.count(0)
    return (
        G_TX
        + (G_TXCREATE if create else 0)
        + zeros * G_TXDATA_ZERO
        + (len(data) - zeros) * G_TXDATA_NONZERO
    )


def calldata_floor(data: bytes) -> int:
    """EIP-7623: the least a transaction pays for its calldata."""
    zeros = data.count(0)
    return G_TX + FLOOR_PER_TOKEN * (zeros + 4 * (len(data) - zeros))


def charged_gas(used: int, refund: int, data: bytes) -> int:
    """Gas a successful transaction is charged: ``used`` (intrinsic included) less the
    capped refund, and never below the calldata floor."""
    used -= min(refund, used // REFUND_QUOTIENT)
    return max(used, calldata_floor(data))
