"""Regenerate ``src/augury/data/files/ccxt-exchanges/exchange-sites.json``.

Extracts the web sites of crypto exchanges from the npm package ``ccxt@4.5.84`` (MIT): for
each exchange the library supports, the hosts of its ``urls.www``, ``urls.doc``,
``urls.fees`` and ``urls.referral`` (not API endpoints or logos), lower-cased, each host kept
once at its first exchange (node constructs each exchange to read them; the package bundles
what it needs). Not collected by pytest; run by hand::

    npm pack ccxt@4.5.84 && tar xzf ccxt-4.5.84.tgz
    .venv/bin/python tests/data/make_exchange_sites.py package \\
        > src/augury/data/files/ccxt-exchanges/exchange-sites.json
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

NODE_SCRIPT = r"""
const ccxt = require(process.argv[1] + '/dist/ccxt.cjs');
const seen = new Set();
const out = [];
const hosts = (v, acc) => {
  if (!v) return;
  if (typeof v === 'string') {
    try { acc.push(new URL(v).hostname.toLowerCase()); } catch (e) {}
  } else if (typeof v === 'object') {
    Object.values(v).forEach((x) => hosts(x, acc));
  }
};
for (const id of ccxt.exchanges) {
  const ex = new ccxt[id]();
  for (const kind of ['www', 'doc', 'fees', 'referral']) {
    const acc = [];
    hosts((ex.urls || {})[kind], acc);
    for (const h of acc) {
      if (seen.has(h) || !h.includes('.')) continue;
      seen.add(h);
      out.push({host: h, kind: kind, exchange: id, name: ex.name});
    }
  }
}
process.stdout.write(JSON.stringify(out));
"""


def main() -> None:
    package_dir = Path(sys.argv[1]).resolve()
    proc = subprocess.run(
        ["node", "-e", NODE_SCRIPT, str(package_dir)], capture_output=True, text=True, check=True
    )
    body = {"source": "npm ccxt@4.5.84 Exchange.urls", "sites": json.loads(proc.stdout)}
    sys.stdout.write(json.dumps(body, indent=0) + "\n")


if __name__ == "__main__":
    main()
