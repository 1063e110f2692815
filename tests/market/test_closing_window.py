"""Markets.vy: unsampled NEAREST markets settle by a closing window, not the last trade (H-2).

The exploit of audit H-2 is the first test: an honest price of 0.2 all day, one YES buy
past parity in the last block before close. Before the fix that bought the outcome.
The rest pin the rule down against :class:`augury.market.closing.ClosingWindow`, the
Python reference, second for second.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from augury.chain import Chain
from augury.errors import TransactionFailed
from augury.market.closing import ClosingWindow
from augury.market.lmsr import NO, ONE, YES
from augury.protocol import ClosingTally, MarketSystem, Rule, State, deploy_markets

HOUR = 3600
B = 20 * ONE
HONEST_GAP = int(Decimal(B) * Decimal(4).ln())  # q_no - q_yes at a YES price of 0.2


@pytest.fixture(scope="module")
def system() -> MarketSystem:
    chain = Chain.embedded()
    s = deploy_markets(chain)  # the default closing window: one hour
    for acct in chain.accounts[:4]:
        s.fund(acct, 10**30)
    return s


@pytest.fixture
def s(system: MarketSystem) -> Iterator[MarketSystem]:
    with system.chain.anchor():
        yield system


def _land_at(s: MarketSystem, t: int) -> None:
    """The next transaction lands at ``t`` (each one is a block one second later)."""
    wait = t - 1 - s.chain.timestamp()
    assert wait >= 0
    if wait:
        s.chain.advance_time(wait)


def _settled(s: MarketSystem, m: int) -> tuple[State, int]:
    s.markets.settleByRule(m, sender=s.jury.address)
    st_ = s.markets_client().state(m)
    return st_.state, st_.outcome


def _market(s: MarketSystem, life: int) -> tuple[int, int]:
    close = s.chain.timestamp() + life
    m = s.markets_client(s.chain.accounts[0]).create(f"q{close}", B, close, Rule.NEAREST)
    return m, close


def test_a_last_block_flip_no_longer_decides_the_market(s: MarketSystem) -> None:
    """Audit H-2's PoC: the honest price sat at 0.2 for the whole day; the attacker buys
    YES just past parity in the last block before close. The old contract resolved YES
    (the last trade decided); now the window's 3,599 seconds at 0.2 decide: NO."""
    m, close = _market(s, 24 * HOUR)
    honest, attacker = s.markets_client(s.chain.accounts[1]), s.markets_client(s.chain.accounts[2])
    honest.buy(m, NO, HONEST_GAP, 10**30)
    assert abs(s.markets_client().price_yes(m) - 0.2) < 1e-9
    _land_at(s, close - 1)
    attacker.buy(m, YES, HONEST_GAP + B // 1000, 10**30)
    assert s.markets_client().price_yes(m) > 0.5  # the final price says YES
    s.chain.advance_time(1)
    assert _settled(s, m) == (State.RESOLVED, NO)


def test_the_window_excludes_time_before_its_start(s: MarketSystem) -> None:
    """YES from creation until 40% into the window (ended by a *sell*): 9.4 hours of YES
    in a 10-hour life, but only 0.4 of the window, so NO; until 60% into it, YES."""
    for fraction, outcome in ((0.4, NO), (0.6, YES)):
        with s.chain.anchor():
            m, close = _market(s, 10 * HOUR)
            trader = s.markets_client(s.chain.accounts[1])
            trader.buy(m, YES, B, 10**30)
            start = close - HOUR
            assert s.markets_client().closing_tally(m) == ClosingTally(start, HOUR, 0)
            _land_at(s, start + int(fraction * HOUR))
            trader.sell(m, YES, B, 0)
            tally = s.markets_client().closing_tally(m)
            assert tally.yes_seconds == int(fraction * HOUR)
            s.chain.advance_time(HOUR)
            assert _settled(s, m) == (State.RESOLVED, outcome)


def test_exactly_half_the_window_is_no(s: MarketSystem) -> None:
    m, close = _market(s, 2 * HOUR)
    trader = s.markets_client(s.chain.accounts[1])
    _land_at(s, close - HOUR // 2)
    trader.buy(m, YES, ONE, 10**30)  # YES for [close - W/2, close): exactly half
    s.chain.advance_time(HOUR)
    assert s.markets_client().closing_tally(m).yes_seconds == HOUR // 2
    assert _settled(s, m) == (State.RESOLVED, NO)


def test_a_short_market_is_weighed_over_its_whole_life(s: MarketSystem) -> None:
    m, close = _market(s, 600)
    tally = s.markets_client().closing_tally(m)
    assert (tally.window, tally.start + tally.window) == (599, close)  # created a second later
    s.markets_client(s.chain.accounts[1]).buy(m, YES, ONE, 10**30)
    s.chain.advance_time(600)
    assert s.markets_client().closing_tally(m).yes_seconds == 598
    assert _settled(s, m) == (State.RESOLVED, YES)


def test_bad_input() -> None:
    chain = Chain.embedded()
    token = chain.deploy("Token", "T", "T", 18, 0)
    for window in (0, 30 * 86400 + 1):
        with pytest.raises(TransactionFailed) as exc:
            chain.deploy("Markets", token, 0, window)
        assert exc.value.reason == "closing window out of range"
    s = deploy_markets(chain)
    with pytest.raises(TransactionFailed) as exc2:
        s.markets.closingTally(1)
    assert exc2.value.reason == "unknown market"


# -- the contract against the Python reference ------------------------------------------

STEP = st.tuples(
    st.integers(0, 400),  # seconds to wait first
    st.sampled_from([NO, YES]),
    st.booleans(),  # buy (True) or sell back what the trader holds
    st.integers(1, 3 * B),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(life=st.integers(300, 3 * HOUR), steps=st.lists(STEP, max_size=14))
def test_tally_and_outcome_match_the_reference(
    system: MarketSystem, life: int, steps: list[tuple[int, int, bool, int]]
) -> None:
    s = system
    with s.chain.anchor():
        m, close = _market(s, life)
        ref = ClosingWindow.open(s.chain.timestamp(), close, HOUR)
        c = s.markets_client(s.chain.accounts[1])
        for wait, outcome, buy, shares in steps:
            if s.chain.timestamp() + wait + 1 >= close:
                break
            if wait:
                s.chain.advance_time(wait)
            if buy:
                c.buy(m, outcome, shares, 10**30)
            else:
                held = c.position(m, s.chain.accounts[1]).shares(outcome)
                if held == 0:
                    continue
                c.sell(m, outcome, min(held, shares), 0)
            st_ = c.state(m)
            ref.trade(s.chain.timestamp(), st_.q_no, st_.q_yes)
            tally = c.closing_tally(m)
            assert (tally.start, tally.window) == (ref.start, ref.window)
            assert tally.yes_seconds == ref.yes_seconds_until(s.chain.timestamp())
            assert int(s.markets.crossings(m)) == ref.crossings
        s.chain.advance_time(life)
        assert c.closing_tally(m).yes_seconds == ref.yes_seconds_until(close)
        assert _settled(s, m) == (State.RESOLVED, ref.outcome())
