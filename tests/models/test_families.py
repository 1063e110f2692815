"""The registry of model families: order, factories, errors, one test file per family."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest

import augury.models.families as families_pkg
from augury.models import DomainModel, ModelError, build, names, pooled_models, register

TESTS = Path(__file__).parent / "families"


def test_names_are_in_rank_order_with_the_ensemble_last() -> None:
    assert names() == ("char-ngram", "lookalike-gbm", "neighbours", "list-lookup", "ensemble")
    assert names(pooled=True) == names()[:-1]
    assert names(pooled=False) == ("ensemble",)


def test_every_family_builds_an_unfitted_model_seeded_as_asked() -> None:
    for name in names():
        model = build(name, random_state=7)
        assert isinstance(model, DomainModel)
        assert not hasattr(model, "classes_")
        if "random_state" in model.get_params() and name != "ensemble":
            assert model.get_params()["random_state"] == 7
    assert [type(m) for m in pooled_models(3)] == [type(build(n)) for n in names(pooled=True)]


def test_unknown_and_duplicate_names_are_errors() -> None:
    with pytest.raises(ModelError, match=r"unknown model family 'forest'.*char-ngram"):
        build("forest")
    with pytest.raises(ModelError, match="registered twice"):
        register("char-ngram", rank=0)(lambda random_state: build("char-ngram"))


def test_every_family_module_has_its_own_test_file() -> None:
    modules = [m.name for m in pkgutil.iter_modules(families_pkg.__path__)]
    assert modules
    missing = [m for m in modules if not (TESTS / f"test_{m}.py").exists()]
    assert not missing, f"families without tests/models/families/test_<module>.py: {missing}"


def test_the_public_face_names_every_lazy_export() -> None:
    import augury.models as models

    assert sorted(models.__all__) == sorted(models._MODULE_OF)
    assert all(getattr(models, name) is not None for name in models.__all__)
