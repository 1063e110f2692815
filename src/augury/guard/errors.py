"""Errors the guard raises for requests it cannot read.

Each is an :class:`~augury.errors.AuguryError`, so the CLI prints it as one line and
the proxy turns it into a JSON-RPC error object with :attr:`GuardError.rpc_code`.
"""

from __future__ import annotations

from augury.errors import AuguryError, AuguryValueError


class GuardError(AuguryError):
    """Base of the guard's user-facing errors; ``rpc_code`` is the JSON-RPC error code."""

    rpc_code = -32602  # invalid params


class MalformedRequestError(GuardError, AuguryValueError):
    """The request is not a JSON-RPC call the guard can read (missing or mistyped params)."""


class UnsupportedMethodError(GuardError, AuguryValueError):
    """The method is not one the guard checks (and is not a read method the proxy passes on)."""

    rpc_code = -32601  # method not found


class RequestTooLargeError(GuardError, AuguryValueError):
    """Calldata or a message is larger than any legitimate wallet request."""


class TypedDataError(GuardError, AuguryValueError):
    """EIP-712 typed data that does not follow the spec (unknown type, bad value, cycle)."""
