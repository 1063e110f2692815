"""Settings that come from the environment: the one place ``AUGURY_*`` variables are read.

Every setting is a function, read when it is asked for, not when augury is imported:
a test, a long-lived proxy or a library caller may change the environment between
calls, and each call must see the value of the moment. A flag, where a command has
one, wins over its variable (``rpc_url(flag)``); a variable that is set but empty
counts as unset, as shells write ``VAR= cmd`` to switch one off.

=======================  ==============================================  ===================
variable                 meaning                                         default
=======================  ==============================================  ===================
``AUGURY_HOME``          directory of augury's files (state, stores)     ``.augury``
``AUGURY_RPC_URL``       JSON-RPC node to use                            the embedded chain
``AUGURY_PRIVATE_KEY``   hex key to sign with (never printed)            dev accounts
``AUGURY_STATE``         the embedded chain's state file                 ``$AUGURY_HOME/...``
``AUGURY_RDAP_URL``      RDAP service for domain ages (guard)            off
``AUGURY_LLM_URL``       OpenAI-style endpoint that rewords warnings     off
``AUGURY_LLM_MODEL``     model name sent to it                           ``default``
``AUGURY_LLM_KEY``       bearer token sent to it                         empty
``AUGURY_NO_CACHE``      ``1``: rebuild every cached artefact            off
=======================  ==============================================  ===================

(``AUGURY_HARDHAT_DIR``, where the test Hardhat project lives, is read by
:mod:`augury.chain.hardhat` itself: it concerns development, not users.)
"""

from __future__ import annotations

import os
from pathlib import Path

HOME = "AUGURY_HOME"
RPC_URL = "AUGURY_RPC_URL"
PRIVATE_KEY = "AUGURY_PRIVATE_KEY"
STATE = "AUGURY_STATE"
RDAP_URL = "AUGURY_RDAP_URL"
LLM_URL = "AUGURY_LLM_URL"
LLM_MODEL = "AUGURY_LLM_MODEL"
LLM_KEY = "AUGURY_LLM_KEY"
NO_CACHE = "AUGURY_NO_CACHE"

DEFAULT_HOME = Path(".augury")


def _env(name: str) -> str | None:
    """The variable's value; None when unset or empty."""
    return os.environ.get(name) or None


def home() -> Path:
    """``$AUGURY_HOME``, else ``.augury`` in the working directory."""
    value = _env(HOME)
    return Path(value) if value else DEFAULT_HOME


def rpc_url(flag: str | None = None) -> str | None:
    """The node to use: the flag, then ``AUGURY_RPC_URL``; None means the embedded chain."""
    return flag or _env(RPC_URL)


def private_key(flag: str | None = None) -> str | None:
    """The signing key: the flag, then ``AUGURY_PRIVATE_KEY``; None means dev accounts."""
    return flag or _env(PRIVATE_KEY)


def state_file(flag: Path | None = None) -> Path:
    """The embedded chain's state file: the flag, then ``AUGURY_STATE``, then
    ``$AUGURY_HOME/embedded-state.json``."""
    if flag is not None:
        return flag
    value = _env(STATE)
    return Path(value) if value else home() / "embedded-state.json"


def blob_dir() -> Path:
    """The judge's default blob store: ``$AUGURY_HOME/blobs``."""
    return home() / "blobs"


def batch_store_file() -> Path:
    """The data DAO's default batch store: ``$AUGURY_HOME/dao-batches.sqlite``."""
    return home() / "dao-batches.sqlite"


def deployment_file(chain_id: int) -> Path:
    """A node's deployment book: ``$AUGURY_HOME/deployments/<chain id>.json``."""
    return home() / "deployments" / f"{chain_id}.json"


def llm_url() -> str | None:
    """The LLM endpoint that rewords the guard's explanations; None: keep the templates."""
    return _env(LLM_URL)


def llm_model() -> str:
    return os.environ.get(LLM_MODEL, "default")


def llm_key() -> str:
    return os.environ.get(LLM_KEY, "")


def cache_disabled() -> bool:
    """``AUGURY_NO_CACHE=1``: build every cached artefact afresh."""
    return os.environ.get(NO_CACHE) == "1"
