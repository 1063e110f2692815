"""A Kelly bet placed on Markets.vy: the order passes its guard and moves the price toward,
not past, the bettor's belief."""

from __future__ import annotations

import pytest

from augury.chain import Chain
from augury.market.kelly import kelly_bet
from augury.market.lmsr import LMSR, ONE
from augury.protocol import Rule, deploy_markets


@pytest.mark.parametrize("belief", [0.05, 0.3, 0.62, 0.97])
def test_kelly_order_on_chain(belief: float) -> None:
    chain = Chain.embedded()
    s = deploy_markets(chain)
    agent = chain.accounts[1]
    for a in chain.accounts[:2]:
        s.fund(a, 10**24)
    c = s.markets_client(chain.accounts[0])
    m = c.create("is examp1e.xyz phishing?", 10 * ONE, chain.timestamp() + 3600, Rule.NEAREST)
    c.as_sender(agent).buy(m, 1, 3 * ONE, 10**30)  # someone moved the price first
    state = c.state(m)
    before = c.price_yes(m)
    lmsr = LMSR.from_wei(state.q_no, state.q_yes, state.b)
    bet = kelly_bet(belief, lmsr, bankroll=100.0, max_fraction=0.5)
    assert bet.is_trade
    paid = c.as_sender(agent).buy(m, *bet.wei_order()).event("Trade")["amount"]
    after = c.price_yes(m)
    assert after == pytest.approx(bet.price_after, abs=1e-12)
    assert paid == pytest.approx(bet.cost * ONE, rel=1e-9)
    lo, hi = sorted((before, belief))
    assert lo <= after <= hi
