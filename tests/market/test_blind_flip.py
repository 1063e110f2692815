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


def test_the_sustained_re_flip_loses_once_contested_markets_go_to_the_court() -> None:
    """Flipping back after every honest correction holds the window and beats the window
    rule alone; each correction is a crossing inside the window, so as deployed the jury
    samples every such market and the court resolves it by the truth."""
    cfg = FlipConfig(markets=6, rates=RATES, draws=50)
    results = play(cfg, (Strategy.SUSTAINED,))
    alone = _get(results, Strategy.SUSTAINED, SettleRule.CLOSING_WINDOW)
    deployed = _get(results, Strategy.SUSTAINED, SettleRule.CONTESTED)
    assert alone.at(0.10).expected > 0  # the window rule alone is raced and lost
    for rate in RATES:
        assert deployed.at(rate).expected == pytest.approx(-deployed.spent)
        assert deployed.at(rate).high < 0
