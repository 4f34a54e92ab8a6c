"""``keras.metrics`` for modelviz: metrics that ``model.compile`` records.

A metric keeps its arguments; ``update_state`` is accepted and ``result()`` is a
scalar constant, so a custom ``train_step`` that tracks ``metrics.Mean(name="loss")``
still defines. Metrics hold no weights Keras counts in ``model.weights``.

Example:
    >>> from modelviz import metrics
    >>> tracker = metrics.Mean(name="total_loss")
    >>> tracker.name, tracker.result().shape
    ('total_loss', ())
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.keras_objects import Recorded, lookup, serialize
from modelviz.layers.tensors import Constant

__all__ = [
    "AUC", "Accuracy", "BinaryAccuracy", "BinaryCrossentropy", "BinaryIoU",
    "CategoricalAccuracy", "CategoricalCrossentropy", "CosineSimilarity", "F1Score",
    "FBetaScore", "FalseNegatives", "FalsePositives", "Hinge", "IoU", "KLDivergence",
    "LogCoshError", "Mean", "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanIoU",
    "MeanMetricWrapper", "MeanSquaredError", "Metric", "OneHotIoU", "Poisson", "Precision",
    "PrecisionAtRecall", "R2Score", "Recall", "RecallAtPrecision", "RootMeanSquaredError",
    "SensitivityAtSpecificity", "SparseCategoricalAccuracy", "SparseCategoricalCrossentropy",
    "SparseTopKCategoricalAccuracy", "SpecificityAtSensitivity", "Sum",
    "TopKCategoricalAccuracy", "TrueNegatives", "TruePositives", "deserialize", "get",
    "serialize",
]


class Metric(Recorded):
    """Base class (subclass it with ``update_state``/``result`` as in Keras)."""

    keras_module = "keras.metrics"
    positional = ("name", "dtype")

    def update_state(self, *args: Any, **kwargs: Any) -> None:
        """Accepted and ignored (there are no values)."""

    def reset_state(self) -> None:
        """Accepted and ignored."""

    def result(self) -> Constant:
        """A scalar constant (the value is unknown)."""
        return Constant((), "float32")

    def __call__(self, *args: Any, **kwargs: Any) -> Constant:
        return self.result()


class Mean(Metric):
    """Running mean."""


class Sum(Metric):
    """Running sum."""


class Accuracy(Metric):
    """Exact-match accuracy."""


class BinaryAccuracy(Metric):
    """Binary accuracy."""

    positional = ("name", "dtype", "threshold")


class CategoricalAccuracy(Metric):
    """Accuracy with one-hot labels."""


class SparseCategoricalAccuracy(Metric):
    """Accuracy with integer labels."""


class TopKCategoricalAccuracy(Metric):
    """Top-k accuracy with one-hot labels."""

    positional = ("k", "name", "dtype")


class SparseTopKCategoricalAccuracy(TopKCategoricalAccuracy):
    """Top-k accuracy with integer labels."""


class AUC(Metric):
    """Area under the ROC or PR curve."""

    positional = ("num_thresholds", "curve", "summation_method", "name")


class Precision(Metric):
    """Precision."""

    positional = ("thresholds", "top_k", "class_id", "name")


class Recall(Precision):
    """Recall."""


class _Confusion(Metric):
    positional = ("thresholds", "name", "dtype")


class TruePositives(_Confusion):
    """True positives."""


class TrueNegatives(_Confusion):
    """True negatives."""


class FalsePositives(_Confusion):
    """False positives."""


class FalseNegatives(_Confusion):
    """False negatives."""


class _AtValue(Metric):
    positional = ("value", "num_thresholds", "class_id", "name")


class PrecisionAtRecall(_AtValue):
    """Best precision at a given recall."""


class RecallAtPrecision(_AtValue):
    """Best recall at a given precision."""


class SensitivityAtSpecificity(_AtValue):
    """Best sensitivity at a given specificity."""


class SpecificityAtSensitivity(_AtValue):
    """Best specificity at a given sensitivity."""


class MeanSquaredError(Metric):
    """Mean squared error."""


class RootMeanSquaredError(Metric):
    """Root mean squared error."""


class MeanAbsoluteError(Metric):
    """Mean absolute error."""


class MeanAbsolutePercentageError(Metric):
    """Mean absolute percentage error."""


class LogCoshError(Metric):
    """Log-cosh error."""


class CosineSimilarity(Metric):
    """Cosine similarity."""


class BinaryCrossentropy(Metric):
    """Binary cross-entropy."""


class CategoricalCrossentropy(Metric):
    """Categorical cross-entropy."""


class SparseCategoricalCrossentropy(Metric):
    """Sparse categorical cross-entropy."""


class KLDivergence(Metric):
    """KL divergence."""


class Poisson(Metric):
    """Poisson."""


class Hinge(Metric):
    """Hinge."""


class _IoU(Metric):
    positional = ("num_classes", "target_class_ids", "name")


class IoU(_IoU):
    """Intersection over union for given classes."""


class MeanIoU(Metric):
    """Mean intersection over union."""

    positional = ("num_classes", "name")


class OneHotIoU(_IoU):
    """IoU with one-hot labels."""


class BinaryIoU(Metric):
    """IoU for binary labels."""

    positional = ("target_class_ids", "threshold", "name")


class F1Score(Metric):
    """F1 score."""

    positional = ("average", "threshold", "name")


class FBetaScore(Metric):
    """F-beta score."""

    positional = ("average", "beta", "threshold", "name")


class R2Score(Metric):
    """Coefficient of determination."""

    positional = ("class_aggregation", "num_regressors", "name")


class MeanMetricWrapper(Metric):
    """A function's mean, as a metric."""

    positional = ("fn", "name", "dtype")


_CLASSES = (Mean, Sum, Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
            TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, AUC, Precision, Recall,
            TruePositives, TrueNegatives, FalsePositives, FalseNegatives, PrecisionAtRecall,
            RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity,
            MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError,
            MeanAbsolutePercentageError, LogCoshError, CosineSimilarity, BinaryCrossentropy,
            CategoricalCrossentropy, SparseCategoricalCrossentropy, KLDivergence, Poisson,
            Hinge, IoU, MeanIoU, OneHotIoU, BinaryIoU, F1Score, FBetaScore, R2Score)
_TABLE: dict[str, Any] = {cls.__name__: cls for cls in _CLASSES}
_TABLE.update({"accuracy": Accuracy, "acc": Accuracy, "auc": AUC, "mse": MeanSquaredError,
               "mae": MeanAbsoluteError, "mape": MeanAbsolutePercentageError,
               "precision": Precision, "recall": Recall,
               "binary_accuracy": BinaryAccuracy, "categorical_accuracy": CategoricalAccuracy,
               "sparse_categorical_accuracy": SparseCategoricalAccuracy})


def get(identifier: Any) -> Any:
    """``keras.metrics.get``: a name (``"accuracy"``), a config dict or a metric.

    Example:
        >>> get("auc")
        <AUC()>
    """
    return lookup("metric", identifier, _TABLE)


def deserialize(config: Any, custom_objects: Any = None) -> Any:
    """``keras.metrics.deserialize``.

    Example:
        >>> deserialize(serialize(AUC(name="auc"))).name
        'auc'
    """
    return lookup("metric", config, {**_TABLE, **(custom_objects or {})})
