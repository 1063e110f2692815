"""Regenerate ``detector_cases.json``: expected answers of the reference JavaScript detector.

The fixture pins :meth:`augury.data.PhishingList.check` to the behaviour of the npm package
``eth-phishing-detect@1.2.0`` (``src/detector.js``), run by node on the vendored config. It is
not collected by pytest; run it by hand when the vendored list changes::

    npm pack eth-phishing-detect@1.2.0 && tar xzf eth-phishing-detect-1.2.0.tgz
    (cd package && npm install --omit=dev)
    .venv/bin/python tests/data/make_detector_cases.py package > tests/data/detector_cases.json
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from augury.data import load_phishing_list, load_top_sites

NODE_SCRIPT = """
const Detector = require(process.argv[1] + '/src/detector.js');
const config = require(process.argv[1] + '/src/config.json');
const detector = new Detector(config);
const domains = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = domains.map((d) => {
  const r = detector.check(d);
  return {domain: d, result: r.result, type: r.type, match: r.match === undefined ? null : r.match};
});
process.stdout.write(JSON.stringify(out));
"""


def _mutate(rng: random.Random, word: str, edits: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz0123456789-"
    chars = list(word)
    for _ in range(edits):
        op = rng.randrange(3)
        pos = rng.randrange(len(chars) + (op == 1))
        if op == 0 and chars:
            chars[pos % len(chars)] = rng.choice(letters)
        elif op == 1:
            chars.insert(pos, rng.choice(letters))
        elif chars:
            del chars[pos % len(chars)]
    return "".join(chars)


def cases() -> list[str]:
    """Domains that exercise every branch: lists, parents, fuzzy distances, www and dots."""
    rng = random.Random(20240130)
    plist = load_phishing_list()
    out: list[str] = []
    out += rng.sample(list(plist.blacklist), 400)
    out += rng.sample(list(plist.whitelist), 200)
    out += ["app." + d for d in rng.sample(list(plist.blacklist), 100)]
    out += ["login.www." + d for d in rng.sample(list(plist.whitelist), 50)]
    out += [d + "." for d in rng.sample(list(plist.blacklist), 20)]
    tlds = ["com", "io", "xyz", "org", "net", "app", "co.uk"]
    for brand in plist.fuzzylist:
        stem = brand.rsplit(".", 1)[0]
        for edits in (0, 1, 2, 3, 4):
            for _ in range(4):
                out.append(_mutate(rng, stem, edits) + "." + rng.choice(tlds))
        out.append("www." + stem + "." + rng.choice(tlds))
        out.append("wallet." + stem + "." + rng.choice(tlds))
    out += [s.domain for s in load_top_sites()]
    out += ["com", "", "metamask", "MetaMask.io", "www.metamask.xyz", "wwwmetamask.xyz"]
    return sorted(set(out))


def main() -> None:
    package_dir = Path(sys.argv[1]).resolve()
    domains = cases()
    proc = subprocess.run(
        ["node", "-e", NODE_SCRIPT, str(package_dir)],
        input=json.dumps(domains),
        capture_output=True,
        text=True,
        check=True,
    )
    generator = "eth-phishing-detect@1.2.0 src/detector.js"
    json.dump(
        {"generator": generator, "cases": json.loads(proc.stdout)},
        sys.stdout,
        indent=0,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
