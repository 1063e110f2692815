"""Reader for LooksRare maker orders: v2 ``Maker`` and v1 ``MakerOrder``.

v2 (domain "LooksRareProtocol"): ``quoteType`` 1 is an ask (the signer sells
``itemIds``/``amounts`` of ``collection`` for ``price`` in ``currency``), 0 a bid;
``collectionType`` 0 is ERC-721, 1 ERC-1155. v1: ``isOrderAsk``, one ``tokenId``, and
``minPercentageToAsk`` (basis points of the price the seller must at least receive).
A zero ``currency`` is the native coin.
"""

from __future__ import annotations

from augury.guard.decode import TypedData, as_address, as_int
from augury.guard.errors import TypedDataError
from augury.guard.records import AssetKind, Order, OrderItem

NATIVE = "0x0000000000000000000000000000000000000000"


def is_looksrare(data: TypedData) -> bool:
    return data.primary_type in ("Maker", "MakerOrder") and (
        "LooksRare" in str(data.domain.get("name", "")) or data.primary_type == "Maker"
    )


def read_looksrare(data: TypedData) -> list[Order]:
    """The order a LooksRare maker signature authorises."""
    if not is_looksrare(data):
        return []
    msg = data.message
    maker = as_address(msg.get("signer"), "signer")
    currency = as_address(msg.get("currency"), "currency")
    pay_kind: AssetKind = "native" if currency == NATIVE else "erc20"
    price = as_int(msg.get("price"), "price")
    collection = as_address(msg.get("collection"), "collection")
    if data.primary_type == "Maker":
        ask = as_int(msg.get("quoteType"), "quoteType") == 1
        nft_kind: AssetKind = "erc1155" if as_int(msg.get("collectionType", 0)) == 1 else "erc721"
        ids, amounts = msg.get("itemIds", []), msg.get("amounts", [])
        if not isinstance(ids, list) or not isinstance(amounts, list) or len(ids) != len(amounts):
            raise TypedDataError("Maker.itemIds and Maker.amounts must be arrays of one length")
        nfts = tuple(
            OrderItem(nft_kind, collection, as_int(i, "itemId"), as_int(a, "amount"))
            for i, a in zip(ids, amounts, strict=True)
        )
        net = price
    else:
        ask = msg.get("isOrderAsk") in (True, "true", 1, "1")
        nfts = (
            OrderItem(
                "erc721", collection, as_int(msg.get("tokenId"), "tokenId"), as_int(msg["amount"])
            ),
        )
        net = price * as_int(msg.get("minPercentageToAsk", 10_000)) // 10_000
    start, end = as_int(msg.get("startTime", 0)), as_int(msg.get("endTime", 0))
    if ask:
        proceeds = OrderItem(pay_kind, currency, 0, net, maker)
        return [Order("looksrare", maker, "sell", nfts, (proceeds,), (), start, end)]
    return [
        Order(
            "looksrare",
            maker,
            "buy",
            (OrderItem(pay_kind, currency, 0, price),),
            nfts,
            (),
            start,
            end,
        )
    ]
