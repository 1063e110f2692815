"""Reader for Seaport orders (OpenSea's marketplace protocol, versions 1.1 to 1.6).

A Seaport signature is an ``OrderComponents`` struct: the ``offer`` is what the offerer
gives, the ``consideration`` what must be paid out and *to whom* (each item names its
``recipient``). "Seaport farming" (a Blockaid reason code) is a listing whose consideration
pays the offerer nothing and the thief everything: the NFTs leave for ~0. ``BulkOrder``
signs a Merkle tree of orders at once; every leaf is read.

Item types (``ItemType`` in Seaport's ConsiderationEnums.sol): 0 native, 1 ERC-20,
2 ERC-721, 3 ERC-1155, 4 ERC-721 with criteria, 5 ERC-1155 with criteria.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from augury.guard.decode import TypedData, as_address, as_int
from augury.guard.errors import TypedDataError
from augury.guard.records import AssetKind, Order, OrderItem

ITEM_KINDS: tuple[AssetKind, ...] = (
    "native",
    "erc20",
    "erc721",
    "erc1155",
    "erc721_criteria",
    "erc1155_criteria",
)


def is_seaport(data: TypedData) -> bool:
    return data.primary_type in ("OrderComponents", "BulkOrder") and (
        data.domain.get("name") == "Seaport" or "OrderComponents" in data.types
    )


def _item(raw: Any, where: str, *, giving: bool) -> OrderItem:
    if not isinstance(raw, dict):
        raise TypedDataError(f"{where} must be an object")
    kind_ix = as_int(raw.get("itemType"), f"{where}.itemType")
    if not 0 <= kind_ix < len(ITEM_KINDS):
        raise TypedDataError(f"{where}.itemType {kind_ix} is not a Seaport item type")
    start = as_int(raw.get("startAmount"), f"{where}.startAmount")
    end = as_int(raw.get("endAmount", start), f"{where}.endAmount")
    recipient = raw.get("recipient")
    return OrderItem(
        kind=ITEM_KINDS[kind_ix],
        token=as_address(raw.get("token"), f"{where}.token"),
        identifier=as_int(raw.get("identifierOrCriteria", 0), f"{where}.identifierOrCriteria"),
        # a Dutch auction moves between start and end: assume the worst end for the user
        amount=max(start, end) if giving else min(start, end),
        recipient=None if recipient is None else as_address(recipient, f"{where}.recipient"),
    )


def read_components(raw: Any) -> Order:
    """One ``OrderComponents`` value as an :class:`Order`."""
    if not isinstance(raw, dict):
        raise TypedDataError("OrderComponents must be an object")
    maker = as_address(raw.get("offerer"), "OrderComponents.offerer")
    offer, consideration = raw.get("offer"), raw.get("consideration")
    if not isinstance(offer, list) or not isinstance(consideration, list):
        raise TypedDataError("OrderComponents needs 'offer' and 'consideration' arrays")
    gives = tuple(_item(o, f"offer[{i}]", giving=True) for i, o in enumerate(offer))
    paid = [_item(c, f"consideration[{i}]", giving=False) for i, c in enumerate(consideration)]
    receives = tuple(p for p in paid if p.recipient == maker)
    others = tuple(p for p in paid if p.recipient != maker)
    nft_out = any(g.kind not in ("native", "erc20") for g in gives)
    return Order(
        protocol="seaport",
        maker=maker,
        side="sell" if nft_out else "buy",
        gives=gives,
        receives=receives,
        others=others,
        start=as_int(raw.get("startTime", 0), "startTime"),
        end=as_int(raw.get("endTime", 0), "endTime"),
    )


def _leaves(tree: Any) -> Iterator[Any]:
    if isinstance(tree, list):
        for node in tree:
            yield from _leaves(node)
    else:
        yield tree


def read_seaport(data: TypedData) -> list[Order]:
    """The orders a Seaport signature authorises (one, or every leaf of a ``BulkOrder``)."""
    if not is_seaport(data):
        return []
    if data.primary_type == "OrderComponents":
        return [read_components(data.message)]
    leaves = [leaf for leaf in _leaves(data.message.get("tree")) if isinstance(leaf, dict)]
    # bulk trees are padded with empty orders; keep those that offer something
    return [read_components(leaf) for leaf in leaves if leaf.get("offer")]
