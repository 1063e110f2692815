"""How one process gets its chain: a node if a URL is given, else the embedded EVM.

Separate processes (one ``augury`` command after another) share a chain in two ways.
On a node the chain itself is shared, and only the protocol's deployment book (which
contract lives where) is kept in ``$AUGURY_HOME/deployments``. The embedded chain
lives inside the process, so :func:`chain_session` loads the whole chain from a
state file and saves it back when the work succeeds; :func:`open_chain` gives a
fresh one for jobs that need no history (``augury run``, ``market simulate``).

A private key, if given, becomes the default account; on the embedded chain it is
funded, since nobody else can fund it there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from augury.chain import Chain
from augury.errors import ChainIdMismatch

DEV_FUNDS = 10**22


def _embedded(state: Path | None, private_key: str | None, chain_id: int | None) -> Chain:
    from augury.chain import load_private_key

    chain = Chain.embedded(state=state)
    if private_key is not None:
        account = chain.add_account(load_private_key(private_key), default=True)
        if chain.balance(account.address) == 0:
            chain.set_balance(account.address, DEV_FUNDS)
    if chain_id is not None and chain_id != chain.chain_id:
        raise ChainIdMismatch(f"wrong chain id: chain is {chain.chain_id}, expected {chain_id}")
    return chain


def open_chain(
    url: str | None, private_key: str | None = None, chain_id: int | None = None
) -> Chain:
    """A chain without saved state: the node at ``url``, else a fresh embedded chain."""
    if url is None:
        return _embedded(None, private_key, chain_id)
    return Chain.connect(url, private_key=private_key, chain_id=chain_id)


@contextlib.contextmanager
def chain_session(
    url: str | None,
    private_key: str | None,
    state: Path,
    chain_id: int | None = None,
) -> Iterator[Chain]:
    """A chain whose protocol deployment persists across processes.

    Without ``url``, the embedded chain is loaded from and saved to ``state``; with
    one, the node's deployment book is (see :mod:`augury.protocol`). Nothing is saved
    when the body raises: a failed command leaves the shared state as it found it.
    """
    from augury.protocol import load_deployment, save_deployment

    if url is None:
        chain = _embedded(state, private_key, chain_id)
        yield chain
        chain.save(state)  # type: ignore[attr-defined]
        return
    chain = open_chain(url, private_key, chain_id)
    load_deployment(chain)
    before = dict(chain.deployment)
    yield chain
    if chain.deployment != before:
        save_deployment(chain)
