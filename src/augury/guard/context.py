"""What the rules know besides the request: the user's policy, the chain, the history.

:class:`Policy` holds the allowlists a wallet keeps (trusted contracts, NFT marketplaces,
EIP-7702 delegates) and the user's known contacts; :data:`MAINNET_KNOWN` seeds it with
well-known mainnet contracts (addresses from each project's documentation; checksums are
verified by a test). :class:`Facts` is everything decoded and simulated for one request.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from eth_utils import keccak, to_checksum_address

from augury.chain import Chain
from augury.errors import AuguryError
from augury.guard.decode import DecodedCall, WalletRequest
from augury.guard.records import Delegation, Grant, Order
from augury.guard.simulate import Simulation

#: Well-known mainnet contracts: name and role. A wallet ships a list like this (Rabby and
#: MetaMask do); the roles decide which rules trust them.
MAINNET_KNOWN: dict[str, tuple[str, str]] = {
    "0x000000000022D473030F116dDEE9F6B43aC78BA3": ("Uniswap Permit2", "router"),
    "0x3fC91A3afd70395Cd496C647d5a6CC9D4B2b7FAD": ("Uniswap Universal Router", "router"),
    "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D": ("Uniswap V2 Router 02", "router"),
    "0xE592427A0AEce92De3Edee1F18E0157C05861564": ("Uniswap V3 SwapRouter", "router"),
    "0x1111111254EEB25477B68fb85Ed929f73A960582": ("1inch Aggregation Router v5", "router"),
    "0xDef1C0ded9bec7F1a1670819833240f027b25EfF": ("0x Exchange Proxy", "router"),
    "0x00000000000000ADc04C56Bf30aC9d3c0aAF14dC": ("Seaport 1.5", "marketplace"),
    "0x0000000000000068F116a894984e2DB1123eB395": ("Seaport 1.6", "marketplace"),
    "0x1E0049783F008A0085193E00003D00cd54003c71": ("OpenSea Conduit", "marketplace"),
    "0x000000000000Ad05Ccc4F10045630fb830B95127": ("Blur Exchange", "marketplace"),
    "0x00000000000111AbE46ff893f3B2fdF1F759a8A8": ("Blur Execution Delegate", "marketplace"),
    "0x0000000000E655fAe4d56241588680F86E3b2377": ("LooksRare Exchange v2", "marketplace"),
    "0x000000000060C4Ca14CfC4325359062ace33Fe3D": ("LooksRare Transfer Manager", "marketplace"),
    "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2": ("WETH", "token"),
    "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48": ("USDC", "token"),
    "0xdAC17F958D2ee523a2206206994597C13D831ec7": ("USDT", "token"),
    "0x6B175474E89094C44Da98b954EedeAC495271d0F": ("DAI", "token"),
}


def _known() -> dict[str, tuple[str, str]]:
    return dict(MAINNET_KNOWN)


Role = Literal["router", "marketplace", "token", "delegate"]
Kind = Literal["trusted", "eoa", "contract", "unknown"]


@dataclass(frozen=True)
class Policy:
    """A wallet's allowlists. ``trusted`` maps address -> (name, role)."""

    trusted: dict[str, tuple[str, str]] = field(default_factory=_known)
    contacts: frozenset[str] = frozenset()
    large_amount: int = 10**30  # raw units above which a bounded approval is still "large"
    young_blocks: int = 7200  # a contract younger than this (about a day of mainnet) is young

    def with_trusted(self, entries: dict[str, tuple[str, str]]) -> Policy:
        merged: dict[str, tuple[str, str]] = dict(self.trusted)
        merged.update({str(to_checksum_address(k)): v for k, v in entries.items()})
        return dataclasses.replace(self, trusted=merged)

    def with_contacts(self, addresses: set[str] | frozenset[str]) -> Policy:
        contacts = self.contacts | {to_checksum_address(a) for a in addresses}
        return dataclasses.replace(self, contacts=contacts)

    def role(self, address: str | None) -> str | None:
        if address is None:
            return None
        entry = self.trusted.get(to_checksum_address(address))
        return None if entry is None else entry[1]

    def name(self, address: str | None) -> str | None:
        if address is None:
            return None
        entry = self.trusted.get(to_checksum_address(address))
        return None if entry is None else entry[0]


@dataclass
class Facts:
    """Everything known about one request, handed to every rule."""

    request: WalletRequest
    user: str | None
    origin: str | None
    policy: Policy
    chain: Chain | None
    call: DecodedCall | None = None
    grants: list[Grant] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    delegations: list[Delegation] = field(default_factory=list)
    simulation: Simulation | None = None
    _kinds: dict[str, Kind] = field(default_factory=dict)
    _history: set[str] | None = None
    _ages: dict[str, int | None] = field(default_factory=dict)

    def kind(self, address: str) -> Kind:
        """trusted (on the policy), eoa / contract (by code on the chain), or unknown."""
        address = to_checksum_address(address)
        if address not in self._kinds:
            if self.policy.role(address) is not None:
                self._kinds[address] = "trusted"
            elif self.chain is None:
                self._kinds[address] = "unknown"
            else:
                code = self.chain.code(address)
                # an EIP-7702 delegated EOA carries 0xef0100 || address: still an EOA
                is_eoa = not code or code[:3] == b"\xef\x01\x00"
                self._kinds[address] = "eoa" if is_eoa else "contract"
        return self._kinds[address]

    def contract_age(self, address: str) -> int | None:
        """Blocks since ``address`` got its code, found by bisection over ``eth_getCode`` at
        past blocks (about log2(head) calls, cached); None on an embedded chain or a node
        without the history (a non-archive node answers only for recent blocks)."""
        address = to_checksum_address(address)
        if address in self._ages:
            return self._ages[address]
        rpc = getattr(self.chain, "rpc", None)
        age: int | None = None
        if rpc is not None and self.chain is not None:
            try:
                head = self.chain.block_number()

                def has_code(block: int) -> bool:
                    code = rpc.request("eth_getCode", [address, hex(block)])
                    return isinstance(code, str) and code not in ("0x", "0x0")

                if has_code(head):
                    lo, hi = -1, head  # code at hi, none at lo (block -1: before genesis)
                    while hi - lo > 1:
                        mid = (lo + hi) // 2
                        if has_code(mid):
                            hi = mid
                        else:
                            lo = mid
                    age = head - hi
            except AuguryError:
                age = None
        self._ages[address] = age
        return age

    def counterparties(self) -> set[str]:
        """Known contacts, plus addresses the user sent tokens to before according to the
        chain's ``Transfer`` logs (on chains of at most :data:`MAX_SCAN_BLOCKS` blocks)."""
        if self._history is None:
            found = set(self.policy.contacts)
            # scanning a production chain's whole history is the wallet's job (its contacts);
            # on a development or local chain the logs are small enough to read here
            small = self.chain is not None and self.chain.block_number() <= MAX_SCAN_BLOCKS
            if self.chain is not None and self.user is not None and small:
                topic = bytes(12) + bytes.fromhex(self.user[2:])
                try:
                    logs = self.chain.get_logs(topics=[TRANSFER_TOPIC, topic])
                except Exception:  # a node without log history must not break the check
                    logs = []
                found |= {
                    to_checksum_address(log.topics[2][-20:]) for log in logs if len(log.topics) >= 3
                }
            self._history = found
        return self._history


TRANSFER_TOPIC = keccak(text="Transfer(address,address,uint256)")
#: Chains longer than this are not scanned for the user's past counterparties.
MAX_SCAN_BLOCKS = 100_000


@lru_cache(maxsize=1)
def scam_labels() -> dict[str, str]:
    """Lower-case address -> label, from the vendored forta malicious-address lists."""
    from augury.data import labels_by_address

    return {
        address.lower(): f"{labels[0].tag or 'malicious'} ({labels[0].dataset})"
        for address, labels in labels_by_address().items()
        if labels
    }
