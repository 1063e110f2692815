"""Forking a node into the embedded EVM: titanoboa reads state lazily over our RPC client.

:func:`fork_env` does what titanoboa's ``Env.fork_rpc(rpc, block_identifier=...,
cache_dir=None)`` does, with two differences that matter on development nodes:

* the block is pinned by number *and* its hash is kept, so the fork knows which
  block it holds (``head()``), and a cache keyed by the hash notices ``evm_revert``;
* titanoboa keeps one caching RPC per ``(rpc.identifier, chain id, cache dir)`` for the
  life of the process, keyed by method and params (the block *number* included). Two
  forks of one URL would share it: the second would reset the first's cache and take
  over its client, and a disk cache would serve block N's old state after
  ``evm_revert`` or a node restart. So each fork's adapter has an identifier of its
  own and no disk cache.

Requests go through :class:`~augury.chain.jsonrpc.JSONRPCClient`, so a fork's node
errors are the same :class:`~augury.errors.ChainConnectionError`/``RPCError`` as the
RPC backend's.
"""

from __future__ import annotations

import itertools
from typing import Any

from boa.rpc import RPC

from augury.chain.jsonrpc import JSONRPCClient, redact
from augury.chain.types import BlockId, BlockRef
from augury.errors import ChainConnectionError

_FORK_IDS = itertools.count()
_TAGS = ("latest", "earliest", "pending", "safe", "finalized")


class BoaRPC(RPC):  # type: ignore[misc]
    """A :class:`JSONRPCClient` as titanoboa's ``RPC``, under an identifier unique to it."""

    def __init__(self, client: JSONRPCClient) -> None:
        self.client = client
        self._tag = next(_FORK_IDS)

    @property
    def identifier(self) -> str:
        return f"{self.client.url}#augury-fork-{self._tag}"

    @property
    def name(self) -> str:
        return redact(self.client.url)

    def fetch(self, method: str, params: Any) -> Any:
        return self.client.request(method, params)

    def fetch_multi(self, payloads: list[tuple[str, Any]]) -> list[Any]:
        results = self.client.batch(payloads)
        for result in results:
            if isinstance(result, Exception):
                raise result
        return results


def as_client(rpc: JSONRPCClient | str) -> JSONRPCClient:
    """``rpc`` itself, or a new client for a URL."""
    return rpc if isinstance(rpc, JSONRPCClient) else JSONRPCClient(rpc)


def block_ref(raw: Any) -> BlockRef:
    """A :class:`BlockRef` from an ``eth_getBlockBy*`` answer."""
    if not isinstance(raw, dict):
        raise ChainConnectionError("the node has no such block")
    return BlockRef(int(raw["number"], 16), str(raw["hash"]), int(raw["timestamp"], 16))


def fetch_block(client: JSONRPCClient, block: BlockId) -> BlockRef:
    """The block ``block`` names: a number, a 0x hash or a tag such as ``"latest"``."""
    if isinstance(block, int):
        return block_ref(client.request("eth_getBlockByNumber", [hex(block), False]))
    if block in _TAGS:
        return block_ref(client.request("eth_getBlockByNumber", [block, False]))
    return block_ref(client.request("eth_getBlockByHash", [block, False]))


def fork_env(env: Any, rpc: JSONRPCClient | str, block: BlockId = "latest") -> BlockRef:
    """Point titanoboa's ``env`` at the node's state at ``block``, read lazily and
    cached in memory for this fork only; returns the block forked.

    Raises :class:`ChainConnectionError` when the node cannot be forked."""
    client = as_client(rpc)
    adapter = BoaRPC(client)
    try:
        ref = fetch_block(client, block)
        env.fork_rpc(adapter, block_identifier=ref.number, cache_dir=None)
    except Exception as exc:  # requests, JSON and RPC errors alike
        where = redact(client.url)
        raise ChainConnectionError(f"cannot fork {where}: {type(exc).__name__}: {exc}") from exc
    return ref
