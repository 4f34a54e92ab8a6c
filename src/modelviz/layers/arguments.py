"""Keras's common layer arguments as modelviz keeps them: shapes, dtypes, first-layer shapes.

Example:
    >>> normalize_shape([None, 3]), dtype_name({"config": {"name": "mixed_float16"}})
    ((None, 3), 'mixed_float16')
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.tensors import KerasTensor, Shape

__all__ = ["batch_input_shape", "dtype_name", "normalize_shape", "weight_dim"]


def normalize_shape(shape: Any) -> Any:
    """Shapes as tuples of int/None (lists and NumPy integers accepted)."""
    if isinstance(shape, tuple) and all(d is None or type(d) is int for d in shape):
        return shape
    if isinstance(shape, (tuple, list)) and (shape or isinstance(shape, tuple)) and all(
            d is None or (hasattr(d, "__index__") and not isinstance(d, (KerasTensor, bool)))
            for d in shape):
        return tuple(None if d is None else int(d) for d in shape)
    if isinstance(shape, dict):
        return {k: normalize_shape(v) for k, v in shape.items()}
    if isinstance(shape, list):
        return [normalize_shape(s) for s in shape]
    return shape


def weight_dim(layer: Any, value: Any) -> int:
    """A weight dimension: a Python or NumPy integer, positive.

    Example:
        >>> import numpy as np
        >>> from modelviz import layers
        >>> dense = layers.Dense(2, name="d")
        >>> weight_dim(dense, 3), weight_dim(dense, np.int64(4))
        (3, 4)
        >>> weight_dim(dense, -1)
        Traceback (most recent call last):
            ...
        modelviz.errors.LayerConfigError: d (Dense): add_weight: shape dimension -1 is not ...
    """
    if isinstance(value, KerasTensor) or not hasattr(value, "__index__") or int(value) < 0:
        raise layer.config_error(f"add_weight: shape dimension {value!r} is not a non-negative "
                                 "integer; use input_shape[-1] and other known sizes")
    return int(value)


def dtype_name(dtype: Any) -> str:
    if dtype is None:
        return "float32"
    if isinstance(dtype, dict):  # a serialized DTypePolicy
        config = dtype.get("config")
        return str(config.get("name", "float32")) if isinstance(config, dict) else "float32"
    return str(getattr(dtype, "name", dtype))


def batch_input_shape(layer: Any, kwargs: dict[str, Any]) -> Shape | None:
    """The Keras 2 first-layer arguments input_shape / input_dim / batch_input_shape.

    Example:
        >>> from modelviz import layers
        >>> dense = layers.Dense(2)
        >>> batch_input_shape(dense, {"input_shape": (28, 28)})
        (None, 28, 28)
        >>> batch_input_shape(dense, {"input_dim": 8, "batch_size": 32})
        (32, 8)
        >>> batch_input_shape(dense, {}) is None
        True
    """
    if kwargs.get("batch_input_shape") is not None:
        return tuple(kwargs["batch_input_shape"])
    batch = kwargs.get("batch_size")
    if kwargs.get("input_shape") is not None:
        shape = kwargs["input_shape"]
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        return (batch, *shape)
    if kwargs.get("input_dim") is not None:
        return (batch, int(kwargs["input_dim"]))
    return None
