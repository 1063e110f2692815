"""Per-protocol readers of EIP-712 typed data: what a signature gives away.

Each module reads one protocol's typed data and returns nothing when the data is not
that protocol's: :mod:`~augury.guard.readers.permit` (EIP-2612 and DAI permits),
:mod:`~augury.guard.readers.permit2` (Uniswap Permit2), :mod:`~augury.guard.readers.seaport`,
:mod:`~augury.guard.readers.blur` and :mod:`~augury.guard.readers.looksrare` (marketplace
orders). A *grant reader* returns the :class:`~augury.guard.records.Grant` s a signature
gives (``reader(typed, owner)``), an *order reader* the :class:`~augury.guard.records.Order` s
it authorises (``reader(typed)``).

:func:`read_grants` and :func:`read_orders` run every registered reader in turn, in the
order of :data:`GRANT_READERS` and :data:`ORDER_READERS` (the report's order). To add a
protocol: one module with its reader, one entry in the tuple below, one test.
"""

from __future__ import annotations

from collections.abc import Callable

from augury.guard.decode import TypedData
from augury.guard.readers.blur import read_blur
from augury.guard.readers.looksrare import read_looksrare
from augury.guard.readers.permit import read_permit
from augury.guard.readers.permit2 import PERMIT2_ADDRESS, read_permit2
from augury.guard.readers.seaport import read_seaport
from augury.guard.records import Grant, Order

#: ``reader(typed, owner)``: the grants a signature gives (``owner``: the signer, if known).
GrantReader = Callable[[TypedData, str | None], list[Grant]]
#: ``reader(typed)``: the marketplace orders a signature authorises.
OrderReader = Callable[[TypedData], list[Order]]


def _permit(data: TypedData, owner: str | None) -> list[Grant]:
    """:func:`read_permit` as a grant reader (a permit names its own owner)."""
    grant = read_permit(data)
    return [grant] if grant else []


GRANT_READERS: tuple[GrantReader, ...] = (_permit, read_permit2)
ORDER_READERS: tuple[OrderReader, ...] = (read_seaport, read_blur, read_looksrare)


def read_grants(data: TypedData, owner: str | None = None) -> list[Grant]:
    """Every grant the registered readers find in ``data``, reader by reader."""
    return [grant for reader in GRANT_READERS for grant in reader(data, owner)]


def read_orders(data: TypedData) -> list[Order]:
    """Every order the registered readers find in ``data``, reader by reader."""
    return [order for reader in ORDER_READERS for order in reader(data)]


__all__ = [
    "GRANT_READERS",
    "ORDER_READERS",
    "PERMIT2_ADDRESS",
    "GrantReader",
    "OrderReader",
    "read_blur",
    "read_grants",
    "read_looksrare",
    "read_orders",
    "read_permit",
    "read_permit2",
    "read_seaport",
]
