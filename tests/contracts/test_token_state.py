"""A hypothesis state machine over Token.vy: a Python model of balances and
allowances must agree with the contract after every step, and no step may
create or destroy tokens except mint and burn."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from augury.chain import Chain
from augury.errors import TransactionFailed

N_ACCOUNTS = 4
MAX = 2**256 - 1
amounts = st.one_of(st.integers(0, 1000), st.integers(0, 2**96), st.just(MAX))
who = st.integers(0, N_ACCOUNTS - 1)


class TokenMachine(RuleBasedStateMachine):
    chain: Chain

    @initialize()
    def deploy(self) -> None:
        self.snap = self.chain.snapshot()
        self.accounts = self.chain.accounts[:N_ACCOUNTS]
        self.minter = self.accounts[0]
        self.token = self.chain.deploy("Token", "T", "T", 18, 10**6, sender=self.minter)
        self.balances = [10**6] + [0] * (N_ACCOUNTS - 1)
        self.allowances: dict[tuple[int, int], int] = {}
        self.supply = 10**6

    def teardown(self) -> None:
        if hasattr(self, "snap"):
            self.chain.revert(self.snap)

    def _expect(self, ok: bool, fn: Any, *args: Any, sender: Any) -> bool:
        if ok:
            fn(*args, sender=sender)
            return True
        with pytest.raises(TransactionFailed):
            fn(*args, sender=sender)
        return False

    @rule(src=who, dst=who, value=amounts)
    def transfer(self, src: int, dst: int, value: int) -> None:
        ok = value <= self.balances[src]
        if self._expect(
            ok, self.token.transfer, self.accounts[dst], value, sender=self.accounts[src]
        ):
            self.balances[src] -= value
            self.balances[dst] += value

    @rule(owner=who, spender=who, value=amounts)
    def approve(self, owner: int, spender: int, value: int) -> None:
        self.token.approve(self.accounts[spender], value, sender=self.accounts[owner])
        self.allowances[owner, spender] = value

    @rule(owner=who, spender=who, dst=who, value=amounts)
    def transfer_from(self, owner: int, spender: int, dst: int, value: int) -> None:
        allowed = self.allowances.get((owner, spender), 0)
        ok = value <= allowed and value <= self.balances[owner]
        acc = self.accounts
        if self._expect(
            ok, self.token.transferFrom, acc[owner], acc[dst], value, sender=acc[spender]
        ):
            if allowed != MAX:
                self.allowances[owner, spender] = allowed - value
            self.balances[owner] -= value
            self.balances[dst] += value

    @rule(caller=who, dst=who, value=st.integers(0, 2**100))
    def mint(self, caller: int, dst: int, value: int) -> None:
        ok = caller == 0
        if self._expect(
            ok, self.token.mint, self.accounts[dst], value, sender=self.accounts[caller]
        ):
            self.balances[dst] += value
            self.supply += value

    @rule(holder=who, value=amounts)
    def burn(self, holder: int, value: int) -> None:
        ok = value <= self.balances[holder]
        if self._expect(ok, self.token.burn, value, sender=self.accounts[holder]):
            self.balances[holder] -= value
            self.supply -= value

    @invariant()
    def balances_sum_to_total_supply(self) -> None:
        if not hasattr(self, "token"):
            return
        on_chain = [self.token.balanceOf(a) for a in self.accounts]
        assert on_chain == self.balances
        assert sum(on_chain) == self.token.totalSupply() == self.supply

    @invariant()
    def allowances_match(self) -> None:
        if not hasattr(self, "token"):
            return
        for (o, s), v in self.allowances.items():
            assert self.token.allowance(self.accounts[o], self.accounts[s]) == v


def run_machine(chain: Chain, examples: int, steps: int) -> None:
    machine = type("Bound", (TokenMachine,), {"chain": chain})
    test = machine.TestCase
    test.settings = settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    test().runTest()


def test_token_state_machine_embedded(embedded: Chain) -> None:
    run_machine(embedded, examples=40, steps=30)


@pytest.mark.integration
def test_token_state_machine_hardhat(hardhat_node: Any) -> None:
    run_machine(Chain.connect(hardhat_node.url), examples=5, steps=15)
