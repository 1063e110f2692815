"""The errors augury raises for problems a user can fix.

Every exception that derives from :class:`AuguryError` carries a message meant
for a person: the CLI prints it as one line on stderr and exits with status 2,
without a traceback. Anything else that escapes is a bug in augury.

Each concrete error is also the builtin exception of its kind (as web3.py does
with ``Web3ValueError``): a malformed value is an :class:`AuguryValueError`, so
also a :class:`ValueError`; a missing entry is an :class:`AuguryLookupError`; an
unreadable file an :class:`AuguryFileError`, so also an :class:`OSError`. Library
callers can then catch the builtin kind they already expect, the CLI catches
:class:`AuguryError` alone, and no command needs to re-validate or re-wrap what a
capability raised. The capability packages' own errors (``augury.judge.errors``,
``augury.dao.errors``, ...) derive from these.
"""

from __future__ import annotations


class AuguryError(Exception):
    """Base class of user-facing errors: bad input, unreachable services, reverts."""


class AuguryValueError(AuguryError, ValueError):
    """A value (flag, field, file content) that is malformed or out of range."""


class AuguryTypeError(AuguryError, TypeError):
    """A value of the wrong kind (a string where a list belongs, ...)."""


class AuguryLookupError(AuguryError, LookupError):
    """A name or id that does not exist (a contract, a request, a stored blob).

    A :class:`LookupError` rather than a :class:`KeyError`: ``str(KeyError(m))`` quotes
    the message, and these messages are printed as they are.
    """


class AuguryFileError(AuguryError, OSError):
    """A file that cannot be read or written (missing, no permission, a directory)."""


class ConfigError(AuguryValueError):
    """A flag, environment variable or file is malformed or inconsistent."""


class ChainError(AuguryError):
    """Something went wrong talking to a chain."""


class ChainConnectionError(ChainError, ConnectionError):
    """The JSON-RPC node cannot be reached or does not speak JSON-RPC."""


class ChainIdMismatch(ChainError, ValueError):
    """The node reports a different chain id than the one asked for."""


class InvalidPrivateKey(ConfigError):
    """A private key is not 32 bytes of hex. The key itself is never echoed."""


class UnknownContract(AuguryLookupError):
    """No protocol contract of that name exists in ``augury/contracts``."""


class CompilationError(AuguryValueError):
    """The Vyper compiler rejected a contract source."""


class RPCError(ChainError):
    """The node answered a JSON-RPC request with an error object."""

    def __init__(self, method: str, code: int, message: str, data: object = None) -> None:
        super().__init__(f"{method} failed: {message} (code {code})")
        self.method = method
        self.code = code
        self.rpc_message = message
        self.data = data


class TransactionFailed(ChainError):
    """A call or transaction reverted.

    ``reason`` is the decoded revert reason (``Error(string)``, ``Panic(uint256)``)
    or a description of the raw revert data; ``receipt`` is set when the failed
    transaction was mined (it then cost gas), and is ``None`` when it was caught
    in simulation and never sent.
    """

    def __init__(
        self, reason: str, *, function: str | None = None, receipt: object | None = None
    ) -> None:
        where = f"{function}: " if function else ""
        super().__init__(f"{where}reverted: {reason}")
        self.reason = reason
        self.function = function
        self.receipt = receipt
