"""The economics of audit H-2 on the real contract: flipping every market blind used to pay
at the 10% sampling rate and now loses at every rate, with honest traders active in the
closing window (augury.market.blind_flip states the model; bench/blind_flip.py prints it)."""

from __future__ import annotations

import pytest

from augury.market.blind_flip import FlipConfig, FlipResult, SettleRule, Strategy, play

# the protocol's sampling rates: `augury market` samples 5%, `augury run` 10%
RATES = (0.0, 0.05, 0.10, 0.20)
BLIND = (Strategy.LAST_BLOCK, Strategy.WINDOW_START, Strategy.BEFORE_WINDOW)


@pytest.fixture(scope="module")
def results() -> list[FlipResult]:
    return play(FlipConfig(rates=RATES, draws=200), BLIND)


def _get(results: list[FlipResult], strategy: Strategy, rule: SettleRule) -> FlipResult:
    return next(r for r in results if r.strategy is strategy and r.rule is rule)


def test_the_last_block_flip_paid_under_the_old_rule(results: list[FlipResult]) -> None:
    old = _get(results, Strategy.LAST_BLOCK, SettleRule.LAST_TRADE)
    assert old.flips == 60 and old.resolved_yes == 60  # every unsampled market bought
    assert old.at(0.10).expected > 800  # the audit measured +933 .. +1,044 tokens
    assert old.at(0.20).expected > 0


@pytest.mark.parametrize("strategy", BLIND)
def test_every_blind_flip_loses_under_the_closing_window(
    results: list[FlipResult], strategy: Strategy
) -> None:
    new = _get(results, strategy, SettleRule.CLOSING_WINDOW)
    assert new.flips == 60
    assert new.resolved_yes == 0  # no market's outcome moved
    for rate in RATES:  # so the flips' cost is lost whatever the jury samples
        assert new.at(rate).expected == pytest.approx(-new.spent)
        assert new.at(rate).high < 0
