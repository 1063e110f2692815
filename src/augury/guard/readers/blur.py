"""Reader for Blur exchange (v1) orders and Blur's bulk ``Root`` signatures.

A Blur ``Order`` (domain "Blur Exchange") has a ``side`` (0 buy, 1 sell), one NFT
(``collection``, ``tokenId``, ``amount``), a ``price`` in ``paymentToken`` and ``fees``
(basis-point rates to recipients) taken out of the price. "Blur farming" signs a sell at
price ~0. A ``Root`` signature (``Root(bytes32 root)``) approves a Merkle tree of orders
that the wallet cannot show: it is blind.
"""

from __future__ import annotations

from augury.guard.decode import TypedData, as_address, as_int
from augury.guard.errors import TypedDataError
from augury.guard.records import AssetKind, Order, OrderItem

NATIVE = "0x0000000000000000000000000000000000000000"


def is_blur(data: TypedData) -> bool:
    return str(data.domain.get("name", "")).startswith("Blur") and data.primary_type in (
        "Order",
        "Root",
    )


def read_blur(data: TypedData) -> list[Order]:
    """The order of a Blur signature; a ``Root`` gives an order with ``side="bulk"``."""
    if not is_blur(data):
        return []
    msg = data.message
    if data.primary_type == "Root":
        return [Order("blur", NATIVE, "bulk", (), (), ())]
    maker = as_address(msg.get("trader"), "Order.trader")
    side = as_int(msg.get("side"), "Order.side")
    if side not in (0, 1):
        raise TypedDataError(f"Order.side is {side}, expected 0 (buy) or 1 (sell)")
    price = as_int(msg.get("price"), "Order.price")
    payment = as_address(msg.get("paymentToken"), "Order.paymentToken")
    pay_kind: AssetKind = "native" if payment == NATIVE else "erc20"
    nft = OrderItem(
        kind="erc721",
        token=as_address(msg.get("collection"), "Order.collection"),
        identifier=as_int(msg.get("tokenId"), "Order.tokenId"),
        amount=as_int(msg.get("amount", 1), "Order.amount"),
    )
    fees = msg.get("fees", [])
    if not isinstance(fees, list):
        raise TypedDataError("Order.fees must be an array")
    others = []
    for i, fee in enumerate(fees):
        if not isinstance(fee, dict):
            raise TypedDataError(f"Order.fees[{i}] must be an object")
        rate = as_int(fee.get("rate"), f"fees[{i}].rate")
        recipient = as_address(fee.get("recipient"), f"fees[{i}].recipient")
        others.append(OrderItem(pay_kind, payment, 0, price * rate // 10_000, recipient))
    net = price - sum(o.amount for o in others)
    start, end = as_int(msg.get("listingTime", 0)), as_int(msg.get("expirationTime", 0))
    if side == 1:
        proceeds = OrderItem(pay_kind, payment, 0, max(net, 0), maker)
        return [Order("blur", maker, "sell", (nft,), (proceeds,), tuple(others), start, end)]
    paid = OrderItem(pay_kind, payment, 0, price)
    return [Order("blur", maker, "buy", (paid,), (nft,), tuple(others), start, end)]
