"""The typed binding of ``Token.vy`` (ERC-20 + EIP-2612): the one allowance helper.

Stakes, bonds, fees and locked votes are all pulled by a protocol contract with
``transferFrom``; every caller first makes sure the allowance covers the amount.
Approving only when it is short keeps repeated stakes to one transaction each.
"""

from __future__ import annotations

from augury.chain import Contract


def ensure_allowance(token: Contract, owner: object, spender: object, amount: int) -> None:
    """Approve ``spender`` for exactly ``amount`` if ``owner``'s allowance is short of it.

    ``spender`` is an address or a contract handle. Nothing is sent when the allowance
    already covers ``amount`` (or ``amount`` is not positive).
    """
    address = getattr(spender, "address", spender)
    if amount > 0 and int(token.allowance(owner, address)) < amount:
        token.approve(address, amount, sender=owner)


def token_of(contract: Contract) -> Contract:
    """The ERC-20 a protocol contract takes its stakes and fees in (its ``token()`` view)."""
    return contract.chain.at("Token", contract.token())


def allow_payment(contract: Contract, owner: object, amount: int) -> None:
    """Let ``contract`` pull ``amount`` of its own token (:func:`token_of`) from ``owner``:
    what a bond, a fee or a challenge to a protocol contract needs first."""
    ensure_allowance(token_of(contract), owner, contract, amount)
