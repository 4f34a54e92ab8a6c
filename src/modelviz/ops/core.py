"""Core ``keras.ops`` (``keras/src/ops/core.py``): casts, shapes and constant tensors.

``ops.shape(x)`` is the tuple of ``x``'s dimensions (``None`` where unknown), as
Keras returns it for a symbolic tensor. ``ops.ones`` and friends make constants:
modelviz only needs their shapes.

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((5, 3))
    >>> ops.shape(x), ops.cast(x, "int32").dtype, ops.ones((3, 4)).shape
    ((None, 5, 3), 'int32', (3, 4))
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.dims import UNKNOWN, UnknownDim, static_dims
from modelviz.layers.ops import call_op, shape_of
from modelviz.layers.tensors import Constant

__all__ = [
    "arange",
    "cast",
    "convert_to_tensor",
    "eye",
    "full",
    "ones",
    "shape",
    "stop_gradient",
    "zeros",
]


def cast(x: Any, dtype: Any) -> Any:
    """``keras.ops.cast``: the shape of ``x``, the new dtype.

    Example:
        >>> from modelviz import Input
        >>> y = cast(Input((4,)), "int32")
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 4), 'int32', 'Cast')
    """
    return call_op("cast", x, dtype=str(getattr(dtype, "name", dtype)))


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None, ragged: Any = None) -> Any:
    """``keras.ops.convert_to_tensor``: a symbolic tensor stays itself; values become constants.

    Example:
        >>> from modelviz import Input
        >>> x = Input((4,))
        >>> convert_to_tensor(x).shape, convert_to_tensor([[1, 2, 3]]).shape
        ((None, 4), (1, 3))
    """
    if hasattr(x, "_keras_history"):
        return x
    return Constant(shape_of(x), str(dtype or getattr(x, "dtype", "float32")))


def stop_gradient(variable: Any) -> Any:
    """``keras.ops.stop_gradient``: the shape of ``variable``.

    Example:
        >>> from modelviz import Input
        >>> y = stop_gradient(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'StopGradient')
    """
    return call_op("stop_gradient", variable)


def shape(x: Any) -> tuple:
    """``keras.ops.shape``: a tuple of ints; unknown dimensions print as ``None``.

    An unknown dimension is a :class:`~modelviz.layers.dims.UnknownDim`, as Keras 3
    traces ``call()`` with a symbolic size: code may compute with it
    (``ops.ones((batch, 1))``, ``batch * heads``) and it is recorded as ``None``.

    Example:
        >>> from modelviz import Input
        >>> dims = shape(Input((5, 3)))
        >>> dims, ones((dims[0] * 2, dims[1])).shape
        ((None, 5, 3), (None, 5))
    """
    return tuple(UNKNOWN if d is None else d for d in shape_of(x))


def ones(shape: Any, dtype: Any = None) -> Constant:
    """``keras.ops.ones``: a constant of that shape.

    Example:
        >>> ones(4).shape, ones((2, 3), dtype="int32").dtype
        ((4,), 'int32')
    """
    return Constant(_dims(shape), str(dtype or "float32"))


def zeros(shape: Any, dtype: Any = None) -> Constant:
    """``keras.ops.zeros``: a constant of that shape.

    Example:
        >>> z = zeros((2, 3))
        >>> z.shape, z.dtype
        ((2, 3), 'float32')
    """
    return Constant(_dims(shape), str(dtype or "float32"))


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Constant:
    """``keras.ops.full``: a constant of that shape.

    Example:
        >>> full((2, 3), 7.0).shape, full(4, 0, dtype="int32").dtype
        ((2, 3), 'int32')
    """
    return Constant(_dims(shape), str(dtype or "float32"))


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> Constant:  # noqa: N803
    """``keras.ops.eye``: an ``N`` × ``M`` constant.

    Example:
        >>> eye(3).shape, eye(3, 5).shape
        ((3, 3), (3, 5))
    """
    return Constant(static_dims((N, N if M is None else M)), str(dtype or "float32"))


def arange(start: Any, stop: Any = None, step: int = 1, dtype: Any = None) -> Constant:
    """``keras.ops.arange``: a 1-D constant.

    Example:
        >>> a = arange(2, 10, 3)
        >>> a.shape, a.dtype
        ((3,), 'int32')
    """
    begin, end = (0, start) if stop is None else (start, stop)
    if any(isinstance(v, UnknownDim) for v in (begin, end, step)):
        return Constant((None,), str(dtype or "int32"))
    if any(isinstance(v, float) for v in (begin, end, step)):
        import math  # Keras: ceil((stop - start) / step), float32

        return Constant((max(0, math.ceil((end - begin) / step)),), str(dtype or "float32"))
    return Constant((len(range(int(begin), int(end), int(step))),), str(dtype or "int32"))


def _dims(shape: Any) -> tuple[int | None, ...]:
    return static_dims(shape)
