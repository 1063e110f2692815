"""The scam-domain classifier that the judge serves.

The market's agents judge domains with several model families; the judge needs one
the proof system can prove: a small scikit-learn ``MLPClassifier`` (ReLU hidden
layers) over the market's lexical domain features
(:func:`augury.models.features.lexical_features`, with a :class:`LureVocabulary`
learned from the training data only).

Two details make it a judge model:

* **Inputs.** Features are standardized with the training mean and deviation and
  clipped to ``±clip`` (:class:`DomainFeaturizer`). The judge's input — what is
  hashed on chain and proven — is that standardized vector, so one int8 input scale
  suits every feature.
* **Two logits.** For two classes scikit-learn keeps a single logit ``z`` (scam iff
  ``z > 0``); ``Judge.vy`` takes the label as the argmax of the posted outputs, so
  :func:`two_logit_layers` replaces the last layer by the equivalent pair
  ``(0, z)``: argmax 1 (scam) exactly when ``z > 0``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from augury.data.domains import DomainDataset
from augury.judge.errors import JudgeInputError
from augury.models import LureVocabulary, lexical_features
from augury.proof import FloatDense, QuantizedModel, float_forward, quantize, read_sklearn

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class DomainFeaturizer:
    """Domain → standardized lexical features (the judge model's input)."""

    vocab: LureVocabulary
    mean: F64
    scale: F64
    clip: float = 4.0

    @classmethod
    def fit(
        cls,
        vocab_domains: Sequence[str],
        vocab_labels: npt.ArrayLike,
        domains: Sequence[str],
        clip: float = 4.0,
    ) -> DomainFeaturizer:
        """Learn the vocabulary on one part of the data and the standardization on another.

        The learned features count how often a suffix or registered domain occurs in
        the vocabulary's data; computed on those same domains they would always be
        "seen", unlike any new domain's, so the model trains on domains the
        vocabulary never saw (cross-fitting).
        """
        y = np.asarray(vocab_labels, dtype=np.int64)
        vocab = LureVocabulary.fit(list(vocab_domains), y)
        raw = lexical_features(list(domains), vocab)
        std = raw.std(axis=0)
        return cls(vocab, raw.mean(axis=0), np.where(std > 0, std, 1.0), clip)

    def transform(self, domains: Sequence[str]) -> F64:
        raw = lexical_features(list(domains), self.vocab)
        return np.clip((raw - self.mean) / self.scale, -self.clip, self.clip)


def two_logit_layers(estimator: Any) -> list[FloatDense]:
    """The layers of a fitted binary ``MLPClassifier`` with outputs ``(0, z)``."""
    layers = read_sklearn(estimator)
    last = layers[-1]
    if last.weight.shape[0] == 2:
        return layers
    if last.weight.shape[0] != 1:
        raise JudgeInputError("a domain judge has two classes (benign, scam)")
    pair = FloatDense(
        np.vstack([np.zeros_like(last.weight), last.weight]),
        np.concatenate([[0.0], last.bias]),
        last.activation,
    )
    return [*layers[:-1], pair]


@dataclass(frozen=True)
class DomainJudgeModel:
    """A trained domain classifier: features, the float layers and the quantized model.

    ``calibration`` holds the training inputs that fixed the quantization; with the
    float layers (as ONNX) it reproduces ``model`` exactly through ``load_model``.
    """

    featurizer: DomainFeaturizer
    layers: list[FloatDense]
    model: QuantizedModel
    calibration: F64

    def features(self, domains: Sequence[str]) -> F64:
        return self.featurizer.transform(domains)

    def float_labels(self, X: npt.ArrayLike) -> npt.NDArray[np.int64]:
        return np.asarray(float_forward(self.layers, X).argmax(axis=1), dtype=np.int64)

    def labels(self, X: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """The labels the judge posts (argmax of the quantized outputs; ties → 0)."""
        return np.asarray(self.model.predict_batch(X).argmax(axis=1), dtype=np.int64)


def train_domain_judge(
    data: DomainDataset,
    *,
    hidden: tuple[int, ...] = (16,),
    max_examples: int = 4000,
    random_state: int = 0,
) -> DomainJudgeModel:
    """Fit the featurizer and an MLP on (a class-balanced sample of) ``data``.

    The sample takes up to ``max_examples // 2`` of each class, chosen with
    ``random_state``, so the blacklist's majority does not set the prior; half of it
    teaches the vocabulary, the other half the MLP (see :meth:`DomainFeaturizer.fit`).
    """
    labels = data.labels
    rng = np.random.default_rng(random_state)
    idx: list[int] = []
    for cls in (0, 1):
        members = np.flatnonzero(labels == cls)
        if members.size == 0:
            raise JudgeInputError("training data needs both benign and scam domains")
        take = min(members.size, max_examples // 2)
        idx.extend(int(i) for i in rng.choice(members, take, replace=False))
    rng.shuffle(idx)
    half = len(idx) // 2
    vocab_part, fit_part = data.subset(idx[:half]), data.subset(idx[half:])
    featurizer = DomainFeaturizer.fit(vocab_part.domains, vocab_part.labels, fit_part.domains)
    X = featurizer.transform(fit_part.domains)
    mlp = MLPClassifier(hidden, activation="relu", max_iter=400, random_state=random_state)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(X, fit_part.labels)
    # ONNX stores float32: round now, so the exported file is exactly this model
    layers = [FloatDense(_f32(x.weight), _f32(x.bias), x.activation) for x in two_logit_layers(mlp)]
    return DomainJudgeModel(featurizer, layers, quantize(layers, X), X)


def _f32(a: F64) -> F64:
    return np.asarray(a, dtype=np.float32).astype(np.float64)
