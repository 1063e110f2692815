"""The registry of model families: name -> factory(random_state), in a fixed order.

Each module in this package defines one family (a :class:`~augury.models.DomainModel`)
and registers a factory for it with :func:`register`; the package imports every module
in it, so adding a family is one new module here (and its test in
``tests/models/families/``). Who reads the registry:

* :class:`~augury.models.families.ensemble.EnsembleAgent` pools the *pooled* families
  (every family but the ensemble itself);
* the market (:func:`augury.market.agents.default_agents`,
  :mod:`augury.market.players`) fields one trader per family, and ``augury agent run
  --strategy`` accepts any registered name.

``rank`` fixes the order (the order the market's traders move in, and the ensemble's
members): it is part of a simulation's outcome, so it is written down rather than
left to module names.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from augury.models.base import DomainModel, ModelError

Factory = Callable[[int], DomainModel]


@dataclass(frozen=True)
class Family:
    """A registered family: its name, its factory, where it sorts, and whether the
    ensemble pools it."""

    name: str
    factory: Factory
    rank: int
    pooled: bool = True


_REGISTRY: dict[str, Family] = {}


def register(name: str, *, rank: int, pooled: bool = True) -> Callable[[Factory], Factory]:
    """Decorator: register ``factory(random_state) -> DomainModel`` as family ``name``."""

    def add(factory: Factory) -> Factory:
        if name in _REGISTRY:
            raise ModelError(f"model family {name!r} is registered twice")
        _REGISTRY[name] = Family(name, factory, rank, pooled)
        return factory

    return add


def registered(*, pooled: bool | None = None) -> tuple[Family, ...]:
    """Every registered family by rank (only the pooled, or unpooled, ones if asked)."""
    every = sorted(_REGISTRY.values(), key=lambda f: (f.rank, f.name))
    return tuple(f for f in every if pooled is None or f.pooled == pooled)


def names(*, pooled: bool | None = None) -> tuple[str, ...]:
    """The registered names by rank (``augury agent run --strategy`` choices)."""
    return tuple(f.name for f in registered(pooled=pooled))


def build(name: str, random_state: int = 0) -> DomainModel:
    """A new, unfitted model of family ``name``; :class:`ModelError` for an unknown name."""
    family = _REGISTRY.get(name)
    if family is None:
        raise ModelError(f"unknown model family {name!r}: use {', '.join(names())}")
    return family.factory(random_state)


def pooled_models(random_state: int = 0) -> list[DomainModel]:
    """One new model of each pooled family, by rank: the ensemble's default members."""
    return [f.factory(random_state) for f in registered(pooled=True)]


# Import every family module so that each registers itself (after ``register`` exists).
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
