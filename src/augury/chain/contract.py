"""Handles on deployed contracts: ``token.balanceOf(a)``, ``token.transfer(b, 1)``.

Attribute access dispatches on the ABI: ``view``/``pure`` functions are called
and return their decoded value; state-changing ones send a transaction and
return its :class:`~augury.chain.types.Receipt`. ``.call`` and ``.transact``
force either path (e.g. to dry-run a state-changing function).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from augury.chain.abi import ContractABI
from augury.chain.types import Event, Receipt

if TYPE_CHECKING:
    from augury.chain.base import Chain


class BoundFunction:
    """A contract function name bound to an address; the overload is chosen by arity."""

    def __init__(self, contract: Contract, name: str) -> None:
        self._contract = contract
        self._name = name

    def __call__(
        self, *args: Any, sender: object | None = None, value: int = 0, gas: int | None = None
    ) -> Any:
        fn = self._contract.abi.function(self._name, len(args))
        if fn.is_view:
            return self.call(*args, sender=sender, value=value)
        return self.transact(*args, sender=sender, value=value, gas=gas)

    def call(self, *args: Any, sender: object | None = None, value: int = 0) -> Any:
        c = self._contract
        fn = c.abi.function(self._name, len(args))
        return c.chain.call(c.address, fn, args, sender=sender, value=value)

    def transact(
        self, *args: Any, sender: object | None = None, value: int = 0, gas: int | None = None
    ) -> Receipt:
        c = self._contract
        fn = c.abi.function(self._name, len(args))
        return c.chain.transact(c.address, fn, args, sender=sender, value=value, gas=gas)

    def calldata(self, *args: Any) -> bytes:
        """The ABI-encoded calldata, e.g. to build a request for the guard."""
        return self._contract.abi.function(self._name, len(args)).encode(args)


class Contract:
    """A deployed contract on a :class:`~augury.chain.base.Chain`."""

    deploy_receipt: Receipt | None = None

    def __init__(self, chain: Chain, address: str, abi: ContractABI, name: str) -> None:
        self.chain = chain
        self.address = address
        self.abi = abi
        self.contract_name = name

    def __repr__(self) -> str:
        return f"<{self.contract_name} at {self.address} on {self.chain.backend}>"

    def __getattr__(self, name: str) -> BoundFunction:
        if name.startswith("__") or name not in self.abi.functions:
            raise AttributeError(f"{self.contract_name} has no function {name!r}")
        return BoundFunction(self, name)

    def fn(self, name: str) -> BoundFunction:
        """The function ``name`` (for names that clash with this class's attributes)."""
        if name not in self.abi.functions:
            raise AttributeError(f"{self.contract_name} has no function {name!r}")
        return BoundFunction(self, name)

    def events(
        self,
        name: str,
        *,
        from_block: int = 0,
        to_block: int | None = None,
        **where: Any,
    ) -> list[Event]:
        """Past events ``name`` of this contract, filtered on indexed arguments.

        ``token.events("Transfer", receiver=alice)`` asks the node for matching
        topics, so filtering happens where the logs are.
        """
        ev = self.abi.event(name)
        topics: list[bytes | None] = [ev.topic]
        for arg, indexed in zip(ev.names, ev.indexed, strict=True):
            if indexed:
                topics.append(ev.topic_for(arg, where.pop(arg)) if arg in where else None)
        if where:
            unknown = ", ".join(sorted(where))
            raise ValueError(f"{name} has no indexed argument(s) {unknown}")
        while topics and topics[-1] is None:
            topics.pop()
        logs = self.chain.get_logs(
            address=self.address, topics=topics, from_block=from_block, to_block=to_block
        )
        return self.chain.decode_logs(logs)
