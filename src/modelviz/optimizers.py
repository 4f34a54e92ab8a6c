"""``keras.optimizers`` for modelviz: optimizers that ``model.compile`` records.

modelviz never trains, so an optimizer only keeps its arguments
(``Adam(learning_rate=1e-3).get_config()``); ``schedules`` holds Keras's learning-rate
schedules, recorded the same way.

Example:
    >>> from modelviz import optimizers
    >>> opt = optimizers.Adam(1e-3)
    >>> opt.learning_rate, optimizers.get("sgd")
    (0.001, <SGD()>)
"""

from __future__ import annotations

import types
from typing import Any

from modelviz.layers.keras_objects import Recorded, lookup, serialize

__all__ = ["SGD", "Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl", "Lamb",
           "Lion", "LossScaleOptimizer", "Muon", "Nadam", "Optimizer", "RMSprop",
           "deserialize", "get", "schedules", "serialize"]


class Optimizer(Recorded):
    """Base class: ``learning_rate`` first, as Keras's optimizers take it."""

    keras_module = "keras.optimizers"
    positional = ("learning_rate",)


class Adam(Optimizer):
    """Adam."""


class AdamW(Optimizer):
    """Adam with decoupled weight decay."""


class SGD(Optimizer):
    """Stochastic gradient descent (with momentum)."""


class RMSprop(Optimizer):
    """RMSprop."""


class Adagrad(Optimizer):
    """Adagrad."""


class Adadelta(Optimizer):
    """Adadelta."""


class Adamax(Optimizer):
    """Adamax."""


class Adafactor(Optimizer):
    """Adafactor."""


class Nadam(Optimizer):
    """Nesterov Adam."""


class Ftrl(Optimizer):
    """FTRL."""


class Lion(Optimizer):
    """Lion."""


class Lamb(Optimizer):
    """LAMB."""


class Muon(Optimizer):
    """Muon."""


class LossScaleOptimizer(Optimizer):
    """Loss scaling around an inner optimizer."""

    positional = ("inner_optimizer",)


class LearningRateSchedule(Recorded):
    """Base class of the schedules (subclass it as in Keras)."""

    keras_module = "keras.optimizers.schedules"

    def __call__(self, step: Any) -> Any:
        from modelviz.layers.tensors import Constant

        return Constant((), "float32")


class ExponentialDecay(LearningRateSchedule):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)``."""

    positional = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase")


class InverseTimeDecay(ExponentialDecay):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``."""


class PiecewiseConstantDecay(LearningRateSchedule):
    """Constant rates between boundaries."""

    positional = ("boundaries", "values")


class PolynomialDecay(LearningRateSchedule):
    """Polynomial decay to ``end_learning_rate``."""

    positional = ("initial_learning_rate", "decay_steps", "end_learning_rate", "power")


class CosineDecay(LearningRateSchedule):
    """Cosine decay (with optional warmup)."""

    positional = ("initial_learning_rate", "decay_steps", "alpha")


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with restarts."""

    positional = ("initial_learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha")


schedules = types.SimpleNamespace(
    LearningRateSchedule=LearningRateSchedule, ExponentialDecay=ExponentialDecay,
    InverseTimeDecay=InverseTimeDecay, PiecewiseConstantDecay=PiecewiseConstantDecay,
    PolynomialDecay=PolynomialDecay, CosineDecay=CosineDecay,
    CosineDecayRestarts=CosineDecayRestarts, serialize=serialize)

_TABLE: dict[str, Any] = {cls.__name__: cls for cls in (
    Adam, AdamW, SGD, RMSprop, Adagrad, Adadelta, Adamax, Adafactor, Nadam, Ftrl, Lion, Lamb,
    Muon, LossScaleOptimizer)}
_TABLE.update({name.lower(): cls for name, cls in list(_TABLE.items())})


def get(identifier: Any) -> Any:
    """``keras.optimizers.get``: a name (``"adam"``), a config dict or an optimizer.

    Example:
        >>> get("adamw")
        <AdamW()>
    """
    return lookup("optimizer", identifier, _TABLE)


def deserialize(config: dict[str, Any], custom_objects: Any = None) -> Any:
    """``keras.optimizers.deserialize``.

    Example:
        >>> deserialize(serialize(SGD(0.1, momentum=0.9))).momentum
        0.9
    """
    return lookup("optimizer", config, {**_TABLE, **(custom_objects or {})})
