"""Token transfers on the embedded chain, for counting instructions instead of seconds.

Wall-clock throughput (``bench/chain.py``) moves with the machine's load; valgrind's
instruction count does not. Run this under callgrind at two sizes and take the
difference, which cancels start-up (imports, compilation, deployment)::

    for n in 100 400; do
      valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        .venv/bin/python bench/chain_instructions.py $n
    done

(instructions per transfer) = (count at 400 - count at 100) / 300, from each run's
``Collected :`` line.
"""

from __future__ import annotations

import sys

from augury.chain import Chain


def main(transfers: int) -> None:
    chain = Chain.embedded()
    token = chain.deploy("Token", "Bench", "B", 18, 10**30)
    accounts = chain.accounts
    for account in accounts:
        token.transfer(account, 10**24)
    for i in range(transfers):
        token.transfer(accounts[(i * 7 + 3) % 10], 1 + i % 5, sender=accounts[i % 10])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
