"""``keras.losses`` for modelviz: losses that ``model.compile`` records.

A loss class keeps its arguments; a loss function (``losses.binary_crossentropy``)
called on tensors returns a constant of the per-sample shape Keras returns (the last
axis reduced), so code that computes a loss inside ``call()`` traces.

Example:
    >>> from modelviz import Input, losses
    >>> losses.SparseCategoricalCrossentropy(from_logits=True).get_config()
    {'from_logits': True}
    >>> y = Input((10,))
    >>> losses.categorical_crossentropy(y, y).shape
    (None,)
"""

from __future__ import annotations

from typing import Any

from modelviz.errors import ShapeError
from modelviz.layers.keras_objects import Recorded, lookup, serialize
from modelviz.layers.ops import shape_of
from modelviz.layers.tensors import Constant

__all__ = [
    "CTC", "BinaryCrossentropy", "BinaryFocalCrossentropy", "CategoricalCrossentropy",
    "CategoricalFocalCrossentropy", "CategoricalHinge", "Circle", "CosineSimilarity", "Dice",
    "Hinge", "Huber", "KLDivergence", "LogCosh", "Loss", "MeanAbsoluteError",
    "MeanAbsolutePercentageError", "MeanSquaredError", "MeanSquaredLogarithmicError",
    "Poisson", "SparseCategoricalCrossentropy", "SquaredHinge", "Tversky",
    "binary_crossentropy", "binary_focal_crossentropy", "categorical_crossentropy",
    "categorical_focal_crossentropy", "categorical_hinge", "cosine_similarity", "ctc",
    "deserialize", "get", "hinge", "huber", "kl_divergence", "log_cosh",
    "mean_absolute_error", "mean_absolute_percentage_error", "mean_squared_error",
    "mean_squared_logarithmic_error", "poisson", "serialize", "sparse_categorical_crossentropy",
    "squared_hinge",
]


class Loss(Recorded):
    """Base class (subclass it with ``call(y_true, y_pred)`` as in Keras)."""

    keras_module = "keras.losses"
    positional = ("name", "reduction", "dtype")

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Constant:
        return Constant((), "float32")  # reduced over the batch, as Keras's default


class _Probabilistic(Loss):
    positional = ("from_logits", "label_smoothing", "axis")


class BinaryCrossentropy(_Probabilistic):
    """Binary cross-entropy."""


class CategoricalCrossentropy(_Probabilistic):
    """Categorical cross-entropy (one-hot labels)."""


class SparseCategoricalCrossentropy(Loss):
    """Categorical cross-entropy (integer labels)."""

    positional = ("from_logits", "ignore_class")


class BinaryFocalCrossentropy(Loss):
    """Binary focal cross-entropy."""

    positional = ("apply_class_balancing", "alpha", "gamma", "from_logits")


class CategoricalFocalCrossentropy(Loss):
    """Categorical focal cross-entropy."""

    positional = ("alpha", "gamma", "from_logits")


class MeanSquaredError(Loss):
    """Mean squared error."""


class MeanAbsoluteError(Loss):
    """Mean absolute error."""


class MeanAbsolutePercentageError(Loss):
    """Mean absolute percentage error."""


class MeanSquaredLogarithmicError(Loss):
    """Mean squared logarithmic error."""


class Huber(Loss):
    """Huber loss."""

    positional = ("delta",)


class LogCosh(Loss):
    """Log-cosh."""


class KLDivergence(Loss):
    """Kullback-Leibler divergence."""


class Poisson(Loss):
    """Poisson loss."""


class CosineSimilarity(Loss):
    """Negative cosine similarity."""

    positional = ("axis",)


class Hinge(Loss):
    """Hinge loss."""


class SquaredHinge(Loss):
    """Squared hinge loss."""


class CategoricalHinge(Loss):
    """Categorical hinge loss."""


class CTC(Loss):
    """Connectionist temporal classification."""


class Dice(Loss):
    """Dice loss."""


class Tversky(Loss):
    """Tversky loss."""

    positional = ("alpha", "beta")


class Circle(Loss):
    """Circle loss."""


def _per_sample(y_true: Any, y_pred: Any) -> Constant:
    """Keras's loss functions reduce the last axis: one value per sample."""
    return Constant(shape_of(y_pred)[:-1], "float32")


def binary_crossentropy(y_true: Any, y_pred: Any, from_logits: bool = False,
                        label_smoothing: float = 0.0, axis: int = -1) -> Constant:
    """Per-sample binary cross-entropy.

    Example:
        >>> from modelviz import Input
        >>> binary_crossentropy(Input((1,)), Input((1,))).shape
        (None,)
    """
    return _per_sample(y_true, y_pred)


def categorical_crossentropy(y_true: Any, y_pred: Any, from_logits: bool = False,
                             label_smoothing: float = 0.0, axis: int = -1) -> Constant:
    """Per-sample categorical cross-entropy.

    Example:
        >>> from modelviz import Input
        >>> categorical_crossentropy(Input((5, 3)), Input((5, 3))).shape
        (None, 5)
    """
    return _per_sample(y_true, y_pred)


def sparse_categorical_crossentropy(y_true: Any, y_pred: Any, from_logits: bool = False,
                                    ignore_class: Any = None, axis: int = -1) -> Constant:
    """Per-sample cross-entropy with integer labels.

    Example:
        >>> from modelviz import Input
        >>> sparse_categorical_crossentropy(Input(()), Input((10,))).shape
        (None,)
    """
    return _per_sample(y_true, y_pred)


def _simple(y_true: Any, y_pred: Any) -> Constant:
    return _per_sample(y_true, y_pred)


def mean_squared_error(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample mean squared error.

    Example:
        >>> mean_squared_error([[1.0, 2.0]], [[1.0, 2.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def mean_absolute_error(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample mean absolute error.

    Example:
        >>> mean_absolute_error([[1.0, 2.0]], [[1.0, 2.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample MAPE.

    Example:
        >>> mean_absolute_percentage_error([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample MSLE.

    Example:
        >>> mean_squared_logarithmic_error([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> Constant:
    """Per-sample Huber loss.

    Example:
        >>> huber([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def log_cosh(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample log-cosh.

    Example:
        >>> log_cosh([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def kl_divergence(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample KL divergence.

    Example:
        >>> kl_divergence([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def poisson(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample Poisson loss.

    Example:
        >>> poisson([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Constant:
    """Per-sample negative cosine similarity.

    Example:
        >>> cosine_similarity([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def hinge(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample hinge loss.

    Example:
        >>> hinge([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def squared_hinge(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample squared hinge loss.

    Example:
        >>> squared_hinge([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def categorical_hinge(y_true: Any, y_pred: Any) -> Constant:
    """Per-sample categorical hinge loss.

    Example:
        >>> categorical_hinge([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def binary_focal_crossentropy(y_true: Any, y_pred: Any, **kwargs: Any) -> Constant:
    """Per-sample binary focal cross-entropy.

    Example:
        >>> binary_focal_crossentropy([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def categorical_focal_crossentropy(y_true: Any, y_pred: Any, **kwargs: Any) -> Constant:
    """Per-sample categorical focal cross-entropy.

    Example:
        >>> categorical_focal_crossentropy([[1.0]], [[1.0]]).shape
        (1,)
    """
    return _simple(y_true, y_pred)


def ctc(y_true: Any, y_pred: Any) -> Constant:
    """``keras.losses.ctc``: one loss per sample, shape ``(batch,)`` as Keras returns it.

    Keras requires labels ``(batch, max_length)`` and logits ``(batch, steps, classes)``.

    Example:
        >>> from modelviz import Input
        >>> ctc(Input((5,)), Input((50, 20))).shape
        (None,)
    """
    true_shape, pred_shape = shape_of(y_true), shape_of(y_pred)
    if len(true_shape) != 2 or len(pred_shape) != 3:
        raise ShapeError(f"losses.ctc: y_true must be (batch_size, max_length) and y_pred "
                         f"(batch_size, max_length, num_classes), as in Keras; got "
                         f"{true_shape} and {pred_shape}")
    return Constant(pred_shape[:1], "float32")


mse, mae, mape, msle = (mean_squared_error, mean_absolute_error,
                        mean_absolute_percentage_error, mean_squared_logarithmic_error)
_CLASSES = (BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
            BinaryFocalCrossentropy, CategoricalFocalCrossentropy, MeanSquaredError,
            MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Huber,
            LogCosh, KLDivergence, Poisson, CosineSimilarity, Hinge, SquaredHinge,
            CategoricalHinge, CTC, Dice, Tversky, Circle)
_TABLE: dict[str, Any] = {cls.__name__: cls for cls in _CLASSES}
_FUNCTIONS = (binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy,
              mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
              mean_squared_logarithmic_error, huber, log_cosh, kl_divergence, poisson,
              cosine_similarity, hinge, squared_hinge, categorical_hinge,
              binary_focal_crossentropy, categorical_focal_crossentropy, ctc)
_TABLE.update({fn.__name__: fn for fn in _FUNCTIONS})
_TABLE.update({"mse": mse, "mae": mae, "mape": mape, "msle": msle})


def get(identifier: Any) -> Any:
    """``keras.losses.get``: a name (``"mse"``), a config dict, a loss or a function.

    Example:
        >>> get("mse") is mean_squared_error
        True
    """
    return lookup("loss", identifier, _TABLE)


def deserialize(config: Any, custom_objects: Any = None) -> Any:
    """``keras.losses.deserialize``.

    Example:
        >>> deserialize(serialize(Huber(2.0))).delta
        2.0
    """
    return lookup("loss", config, {**_TABLE, **(custom_objects or {})})
