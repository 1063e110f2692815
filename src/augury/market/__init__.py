"""AI as a player: micro prediction markets on "is this a scam?".

* :mod:`augury.market.lmsr` — the LMSR maths (exact reference, fixed-point port
  of ``Markets.vy``, float model for strategies);
* :mod:`augury.market.kelly` — log-optimal bet sizing with the bettor's own price impact;
* :mod:`augury.market.closing` — the closing-window rule that settles unsampled NEAREST
  markets (a Python reference of ``Markets.vy``'s tally);
* the contracts' typed bindings (``Markets.vy``, ``Jury.vy``) are in :mod:`augury.protocol`.

Submodules are imported on use, so ``import augury.market`` stays cheap.
"""
