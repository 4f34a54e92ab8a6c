"""Same-shape array ``keras.ops`` (``keras/src/ops/numpy.py``): copies, sorts, ``*_like``.

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((4, 4))
    >>> ops.triu(x).shape, ops.zeros_like(x).shape
    ((None, 4, 4), (None, 4, 4))
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.ops import call_op

__all__ = [
    "argsort",
    "copy",
    "flip",
    "full_like",
    "ones_like",
    "sort",
    "tril",
    "triu",
    "zeros_like",
]


def copy(x: Any) -> Any:
    """``keras.ops.copy``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = copy(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Copy')
    """
    return call_op("copy", x)


def tril(x: Any) -> Any:
    """``keras.ops.tril``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = tril(Input((4, 4)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 4, 4), 'Tril')
    """
    return call_op("tril", x)


def triu(x: Any) -> Any:
    """``keras.ops.triu``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = triu(Input((4, 4)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 4, 4), 'Triu')
    """
    return call_op("triu", x)


def flip(x: Any) -> Any:
    """``keras.ops.flip``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = flip(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Flip')
    """
    return call_op("flip", x)


def sort(x: Any) -> Any:
    """``keras.ops.sort``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = sort(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Sort')
    """
    return call_op("sort", x)


def argsort(x: Any) -> Any:
    """``keras.ops.argsort``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = argsort(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Argsort')
    """
    return call_op("argsort", x)


def zeros_like(x: Any) -> Any:
    """``keras.ops.zeros_like``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = zeros_like(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'ZerosLike')
    """
    return call_op("zeros_like", x)


def ones_like(x: Any) -> Any:
    """``keras.ops.ones_like``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = ones_like(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'OnesLike')
    """
    return call_op("ones_like", x)


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Any:
    """``keras.ops.full_like``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = full_like(Input((5, 3)), 7)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'FullLike')
    """
    return call_op("full_like", x, fill_value, dtype=dtype)
