"""The guard's rules: small, named, each with a severity and its own tests.

A rule reads :class:`~augury.guard.context.Facts` and returns findings. Names follow the
reason codes of MetaMask's security alerts (Blockaid) where one exists:

==============================  =======================================================
rule                            fires on
==============================  =======================================================
approval_farming                an approval/permit/Permit2 to an EOA (block), or an
                                unlimited or large one to an untrusted contract, or any
                                to a contract younger than a day (warn; node history)
permit_farming                  a signed permit (EIP-2612, DAI, Permit2) to an untrusted
                                spender (warn; block if the spender is an EOA)
set_approval_for_all            ``setApprovalForAll(op, true)`` to a non-marketplace
seaport_farming / blur_farming  a listing whose proceeds to the seller are ~0 or go to
/ looksrare_farming             someone else (block); a blind bulk signature (warn)
raw_signature_farming           ``eth_sign`` of a 32-byte hash (block), of anything (warn)
personal_sign_hash              ``personal_sign`` of a hash or a transaction
address_poisoning               recipient shares the first and last 4 hex characters
                                with a past counterparty but is another address
first_time_recipient            a transfer to an address never paid before (info)
transfer_to_token_contract      tokens sent to a token contract (lost forever)
known_scam_address              an involved address is on the forta malicious lists
transfer_farming                a drainer lure: ``claim()``-like call paying the coin
                                on to an EOA, or assets leaving for an EOA via a contract
delegation_not_allowlisted      an EIP-7702 delegation to a contract not on the allowlist
malicious_domain                the origin is a phishing site (see ``check_site``)
simulation_failed               the transaction reverts in simulation: could not verify
==============================  =======================================================
"""

from __future__ import annotations

from augury.guard.context import Facts
from augury.guard.records import UNLIMITED, Finding
from augury.guard.rules.base import Rule
from augury.guard.rules.grants import approval_farming, permit_farming, set_approval_for_all
from augury.guard.rules.outcomes import simulation_failed, site_findings
from augury.guard.rules.signatures import (
    marketplace_farming,
    personal_sign_hash,
    raw_signature_farming,
)
from augury.guard.rules.transfers import (
    address_poisoning,
    delegation_not_allowlisted,
    first_time_recipient,
    known_scam_address,
    transfer_farming,
    transfer_to_token_contract,
)

#: Every rule over :class:`~augury.guard.context.Facts`, in the order findings are reported.
RULES: tuple[Rule, ...] = (
    approval_farming,
    permit_farming,
    set_approval_for_all,
    marketplace_farming,
    raw_signature_farming,
    personal_sign_hash,
    address_poisoning,
    first_time_recipient,
    transfer_to_token_contract,
    known_scam_address,
    transfer_farming,
    delegation_not_allowlisted,
    simulation_failed,
)


def run_rules(f: Facts) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(f))
    return findings


__all__ = ["RULES", "UNLIMITED", "Rule", "run_rules", "site_findings"]
