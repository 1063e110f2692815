"""The closing-window rule that settles an unsampled NEAREST market, in plain Python.

``Markets.vy`` does not settle a NEAREST market by its last trade (a trade in the last
block would decide it: audit H-2) but by where its price stood over a *closing window*,
the last ``closingWindow`` seconds before close (the whole life of a shorter market,
fixed at creation): it resolves YES iff the YES price was above 1/2 for more than half
of the window's seconds, i.e. iff the time-weighted median of the price is above 1/2.
Exactly half, or a price that never left 1/2, is NO.

Prices are piecewise constant between blocks, so a second "is YES" when the state left
by the last trade at or before it has ``q_yes > q_no``. A trade at time ``t`` changes
the price from ``t`` on; several trades in one block count only by the state the block
ends in. A last-block trade therefore moves the tally by at most one block's seconds,
and pushing the price far past 1/2 buys no more weight than pushing it just past
(which is what a time-weighted *mean* would sell).

:class:`ClosingWindow` replays a market's trades and gives the contract's numbers
integer for integer (``Markets.closingTally``), so tests compare the two and agents can
tell which side a market is on before it closes.

A market whose price crossed 1/2 there and back inside its window is *contested*
(``crossings`` > 1, ``Markets.crossings``) and the jury samples it whatever its seed
says (one crossing is news, or a flip the window outweighs): against an
attacker who flips the price back each time honest traders correct it, the window
alone is a race for the last slot of every block; the court is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from augury.market.lmsr import NO, YES


@dataclass
class ClosingWindow:
    """One NEAREST market's closing window and its YES clock (times in seconds)."""

    close: int
    window: int
    yes_seconds: int = 0  # finished YES stretches inside the window
    yes_since: int = 0  # start of the current YES stretch (>= start) while on the YES side
    yes_side: bool = False  # q_yes > q_no now
    crossings: int = 0  # trades that moved the price across 1/2 inside the window

    @classmethod
    def open(cls, created: int, close: int, closing_window: int) -> ClosingWindow:
        """The window a market created at ``created`` gets: ``min(closing_window, life)``."""
        return cls(close, min(closing_window, close - created))

    @property
    def start(self) -> int:
        return self.close - self.window

    def trade(self, at: int, q_no: int, q_yes: int) -> None:
        """Record the state ``(q_no, q_yes)`` a trade at time ``at`` (before close) left."""
        yes = q_yes > q_no
        if yes != self.yes_side and at >= self.start:
            self.crossings += 1
        if yes and not self.yes_side:
            self.yes_since = max(at, self.start)
        elif self.yes_side and not yes and at > self.yes_since:
            self.yes_seconds += at - self.yes_since
        self.yes_side = yes

    def yes_seconds_until(self, t: int) -> int:
        """Seconds of ``[start, min(t, close))`` the YES price stood above 1/2."""
        t = min(t, self.close)
        running = t - self.yes_since if self.yes_side and t > self.yes_since else 0
        return self.yes_seconds + running

    def outcome(self) -> int:
        """What settling by the rule at or after close gives: YES iff YES held > half."""
        return YES if 2 * self.yes_seconds_until(self.close) > self.window else NO
