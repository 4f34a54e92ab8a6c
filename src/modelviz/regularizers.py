"""``keras.regularizers`` for modelviz: regularizers that keep their factors.

``kernel_regularizer=regularizers.l2(1e-4)`` appears in the layer's config (and the
HTML details panel) as Keras serializes it. Subclass :class:`Regularizer` for your own,
as in Keras (give it ``get_config``). modelviz never computes a penalty.

Example:
    >>> from modelviz import layers, regularizers
    >>> dense = layers.Dense(2, kernel_regularizer=regularizers.l2(1e-4))
    >>> dense.get_config()["kernel_regularizer"]  # doctest: +NORMALIZE_WHITESPACE
    {'module': 'keras.regularizers', 'class_name': 'L2', 'config': {'l2': 0.0001},
     'registered_name': None}
"""

from __future__ import annotations

import math
from typing import Any

from modelviz.errors import LayerConfigError
from modelviz.layers.keras_objects import KerasObject, float32, lookup, serialize

__all__ = ["L1", "L1L2", "L2", "OrthogonalRegularizer", "Regularizer", "deserialize", "get",
           "serialize"]


class Regularizer(KerasObject):
    """Base class: subclass it (``__call__(x)`` and ``get_config()``) as in Keras."""

    keras_module = "keras.regularizers"

    def __call__(self, x: Any) -> float:
        return 0.0  # modelviz has no values to penalize


def _factor(value: Any, name: str) -> float:
    """Keras's ``validate_float_arg``: a finite, non-negative number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isinf(
            value) or math.isnan(value) or value < 0:
        raise LayerConfigError(f"invalid value for argument {name}: expected a non-negative "
                               f"float, received {name}={value!r}")
    return float(value)


class L1L2(Regularizer):
    """L1 and L2 penalties."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1, self.l2 = _factor(l1, "l1"), _factor(l2, "l2")

    def get_config(self) -> dict[str, Any]:
        """``{"l1": ..., "l2": ...}``."""
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """L1 penalty (Keras keeps the factor as a float32 tensor)."""

    def __init__(self, l1: float = 0.01) -> None:
        self.l1 = float32(_factor(l1, "l1"))

    def get_config(self) -> dict[str, Any]:
        """``{"l1": ...}``."""
        return {"l1": self.l1}


class L2(Regularizer):
    """L2 penalty."""

    def __init__(self, l2: float = 0.01) -> None:
        self.l2 = _factor(l2, "l2")

    def get_config(self) -> dict[str, Any]:
        """``{"l2": ...}``."""
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Pushes rows (or columns) towards orthogonality."""

    def __init__(self, factor: float = 0.01, mode: str = "rows") -> None:
        if mode not in ("rows", "columns"):
            raise LayerConfigError(f"invalid value for argument mode: expected 'rows' or "
                                   f"'columns', received mode={mode!r}")
        self.factor, self.mode = float32(_factor(factor, "factor")), mode

    def get_config(self) -> dict[str, Any]:
        """``{"factor": ..., "mode": ...}``."""
        return {"factor": self.factor, "mode": self.mode}


# Keras's lower-case names are the classes themselves: l2(1e-4) is L2(1e-4).
l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer
_TABLE: dict[str, Any] = {cls.__name__: cls for cls in (Regularizer, L1, L2, L1L2,
                                                        OrthogonalRegularizer)}
_TABLE.update({"l1": L1, "l2": L2, "l1_l2": L1L2, "orthogonal_regularizer":
               OrthogonalRegularizer, "regularizer": Regularizer})


def get(identifier: Any) -> Any:
    """``keras.regularizers.get``: a name (``"l2"``), a config dict, or a regularizer.

    Example:
        >>> get("l2").get_config()
        {'l2': 0.01}
    """
    return lookup("regularizer", identifier, _TABLE)


def deserialize(config: dict[str, Any], custom_objects: Any = None) -> Any:
    """``keras.regularizers.deserialize``.

    Example:
        >>> deserialize(serialize(L1L2(l1=0.1))).l1
        0.1
    """
    return lookup("regularizer", config, {**_TABLE, **(custom_objects or {})})
