"""Saving and loading the embedded chain, so CLI invocations can share one chain.

A node keeps its state between requests; the embedded EVM lives in one process.
``augury judge register`` followed by ``augury judge ask`` on the embedded chain
needs the second process to see what the first one did, so the embedded chain
can be written to a file and read back: the py-evm trie database, the block
context, the log index, the ABIs of known contracts and the deployment book.

Format (JSON, versioned): ``{"format": "augury-embedded-state/1", "chain_id",
"block", "timestamp", "head", "state_root", "db": {hex key: hex value}, "logs": [...],
"abis": {address: abi}, "deployment": {name: address}}``; ``head`` (the block id of
``head()``) is optional, files written before it was kept read back without it; so are
``heads`` (the ids of up to 256 latest blocks, what BLOCKHASH sees) and ``randao_salt``
(what the blocks' prevrandao derive from). The file is written
atomically (temporary file, then rename), so an interrupted save loses nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from augury.chain.abi import ContractABI
from augury.chain.types import Log
from augury.errors import ConfigError

if TYPE_CHECKING:
    from augury.chain.embedded import EmbeddedChain

FORMAT = "augury-embedded-state/1"


def save_state(chain: EmbeddedChain, path: Path) -> None:
    """Write ``chain`` to ``path`` (not supported for forks: their state is remote)."""
    if chain.forked:
        raise ConfigError("a forked embedded chain cannot be saved: its state lives on the node")
    state = chain.state
    state._account_db.persist()
    kv = state._db.wrapped_db.kv_store
    doc = {
        "format": FORMAT,
        "chain_id": chain.chain_id,
        "block": chain.block_number(),
        "timestamp": chain.timestamp(),
        "head": chain.head().hash,
        "heads": chain.recent_heads(),
        "randao_salt": hex(chain._randao_salt),
        "state_root": state.state_root.hex(),
        "db": {k.hex(): v.hex() for k, v in kv.items()},
        "logs": [
            {
                "address": log.address,
                "topics": [t.hex() for t in log.topics],
                "data": log.data.hex(),
                "block": log.block_number,
                "tx": log.tx_hash,
                "index": log.log_index,
            }
            for log in chain._logs
        ],
        "abis": {addr: cabi.abi for addr, cabi in chain._abis.items()},
        "deployment": dict(chain.deployment),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(doc))
    tmp.replace(path)


def load_state(chain: EmbeddedChain, path: Path) -> None:
    """Replace ``chain``'s state with the one saved at ``path``."""
    try:
        doc = json.loads(path.read_text())
    except OSError as exc:
        raise ConfigError(f"cannot read chain state {path}: {exc.strerror}") from None
    except ValueError:
        raise ConfigError(f"chain state {path} is not valid JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ConfigError(f"{path} is not an augury embedded-chain state ({FORMAT})")
    try:
        state = chain.state
        kv = state._db.wrapped_db.kv_store
        kv.clear()
        kv.update({bytes.fromhex(k): bytes.fromhex(v) for k, v in doc["db"].items()})
        state._account_db = type(state._account_db)(state._db, bytes.fromhex(doc["state_root"]))
        chain._patch.chain_id = int(doc["chain_id"])
        chain._patch.block_number = int(doc["block"])
        chain._patch.timestamp = int(doc["timestamp"])
        # files written before heads were kept get an id derived from their state
        from augury.chain.embedded import next_head

        root = "0x" + str(doc["state_root"])
        chain._head = str(
            doc.get("head") or next_head(root, chain.block_number(), chain.timestamp())
        )
        heads = [str(h) for h in doc.get("heads", ())]
        if heads and heads[-1] == chain._head:
            chain._restore_heads(heads)
        if "randao_salt" in doc:
            chain._randao_salt = int(str(doc["randao_salt"]), 16)
        chain._set_randao()
        logs = [
            Log(
                address=e["address"],
                topics=tuple(bytes.fromhex(t) for t in e["topics"]),
                data=bytes.fromhex(e["data"]),
                block_number=int(e["block"]),
                tx_hash=str(e["tx"]),
                log_index=int(e["index"]),
            )
            for e in doc["logs"]
        ]
        chain._logs = logs
        chain._log_blocks = [log.block_number for log in logs]
        chain._abis = {addr: ContractABI(abi) for addr, abi in doc["abis"].items()}
        chain.deployment = {str(k): str(v) for k, v in doc["deployment"].items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"chain state {path} is damaged: {type(exc).__name__}: {exc}") from None


def as_path(value: Any) -> Path:
    return value if isinstance(value, Path) else Path(str(value))
