"""``keras.constraints`` for modelviz: weight constraints that keep their arguments.

``kernel_constraint=constraints.MaxNorm(3)`` appears in the layer's config as Keras
serializes it; modelviz never applies it (there are no weight values).

Example:
    >>> from modelviz import constraints, layers
    >>> layers.Dense(2, kernel_constraint=constraints.MaxNorm(3)).get_config()[
    ...     "kernel_constraint"]["config"]
    {'max_value': 3, 'axis': 0}
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.keras_objects import KerasObject, lookup, serialize

__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "deserialize", "get",
           "serialize"]


class Constraint(KerasObject):
    """Base class: subclass it (``__call__(w)``, ``get_config()``) as in Keras."""

    keras_module = "keras.constraints"

    def __call__(self, w: Any) -> Any:
        return w


class MaxNorm(Constraint):
    """Norms along ``axis`` at most ``max_value``."""

    def __init__(self, max_value: float = 2, axis: Any = 0) -> None:
        self.max_value, self.axis = max_value, axis

    def get_config(self) -> dict[str, Any]:
        """Keras's keys and order."""
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """No negative weights."""


class UnitNorm(Constraint):
    """Norms along ``axis`` equal to 1."""

    def __init__(self, axis: Any = 0) -> None:
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        """``{"axis": ...}``."""
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Norms along ``axis`` between ``min_value`` and ``max_value``."""

    def __init__(self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0,
                 axis: Any = 0) -> None:
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def get_config(self) -> dict[str, Any]:
        """Keras's keys and order."""
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm
_TABLE: dict[str, Any] = {cls.__name__: cls for cls in (Constraint, MaxNorm, NonNeg, UnitNorm,
                                                        MinMaxNorm)}
_TABLE.update({"max_norm": MaxNorm, "non_neg": NonNeg, "unit_norm": UnitNorm,
               "min_max_norm": MinMaxNorm})


def get(identifier: Any) -> Any:
    """``keras.constraints.get``: a name (``"non_neg"``), a config dict, or a constraint.

    Example:
        >>> get("max_norm").get_config()
        {'max_value': 2, 'axis': 0}
    """
    return lookup("constraint", identifier, _TABLE)


def deserialize(config: dict[str, Any], custom_objects: Any = None) -> Any:
    """``keras.constraints.deserialize``.

    Example:
        >>> deserialize(serialize(MaxNorm(3))).max_value
        3
    """
    return lookup("constraint", config, {**_TABLE, **(custom_objects or {})})
