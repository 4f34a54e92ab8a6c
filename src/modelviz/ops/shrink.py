"""More activation ``keras.ops`` (``keras/src/ops/nn.py``): tanh and shrink variants.

Example:
    >>> from modelviz import Input, ops
    >>> y = ops.hard_tanh(Input((4,)))
    >>> y.shape, y._keras_history[0].class_name
    ((None, 4), 'HardTanh')
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.ops import call_op

__all__ = ["hard_shrink", "hard_tanh", "soft_shrink", "sparse_sigmoid", "threshold"]


def hard_tanh(x: Any) -> Any:
    """``keras.ops.hard_tanh``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> hard_tanh(Input((3,))).shape
        (None, 3)
    """
    return call_op("hard_tanh", x)


def hard_shrink(x: Any, threshold: float = 0.5) -> Any:
    """``keras.ops.hard_shrink``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> hard_shrink(Input((3,))).shape
        (None, 3)
    """
    return call_op("hard_shrink", x, threshold=threshold)


def soft_shrink(x: Any, threshold: float = 0.5) -> Any:
    """``keras.ops.soft_shrink``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> soft_shrink(Input((3,))).shape
        (None, 3)
    """
    return call_op("soft_shrink", x, threshold=threshold)


def sparse_sigmoid(x: Any) -> Any:
    """``keras.ops.sparse_sigmoid``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> sparse_sigmoid(Input((3,))).shape
        (None, 3)
    """
    return call_op("sparse_sigmoid", x)


def threshold(x: Any, threshold: float, default_value: float) -> Any:
    """``keras.ops.threshold``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> threshold(Input((3,)), 0.5, 0.0).shape
        (None, 3)
    """
    return call_op("threshold", x, threshold=threshold, default_value=default_value)
