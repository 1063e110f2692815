"""AI as an interface: a wallet guard that simulates, decodes, checks and explains.

>>> from augury.guard import check
>>> report = check({"method": "eth_sign", "params": ["0x" + "11" * 20, "0x" + "ab" * 32]})
>>> report.verdict
'block'

``check(request, origin=, sender=, chain=)`` judges one EIP-1193 request;
``check_site(url)`` judges a dapp's origin. See ``docs/guard.md``.
"""

from augury.guard.check import GuardReport, check
from augury.guard.context import Policy
from augury.guard.errors import (
    GuardError,
    MalformedRequestError,
    RequestTooLargeError,
    TypedDataError,
    UnsupportedMethodError,
)
from augury.guard.records import ApprovalChange, AssetChange, Finding, Grant, Order
from augury.guard.site import SiteReport, check_site

__all__ = [
    "ApprovalChange",
    "AssetChange",
    "Finding",
    "Grant",
    "GuardError",
    "GuardReport",
    "MalformedRequestError",
    "Order",
    "Policy",
    "RequestTooLargeError",
    "SiteReport",
    "TypedDataError",
    "UnsupportedMethodError",
    "check",
    "check_site",
]
