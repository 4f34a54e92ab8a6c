"""Reducing ``keras.ops`` (``keras/src/ops/numpy.py``): sums, means, extremes, cumulative sums.

``axis`` goes away (kept as length 1 with ``keepdims=True``); ``axis=None`` reduces all axes.

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((5, 3))
    >>> ops.mean(x, axis=1).shape, ops.argmax(x, axis=-1).dtype
    ((None, 3), 'int32')
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.ops import call_op

__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "cumprod",
    "cumsum",
    "logsumexp",
    "max",
    "mean",
    "median",
    "min",
    "prod",
    "std",
    "sum",
    "var",
]


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.mean``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> mean(x, axis=1).shape, mean(x, axis=1, keepdims=True).shape, mean(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("mean", x, axis=axis, keepdims=keepdims)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.sum``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> sum(x, axis=1).shape, sum(x, axis=1, keepdims=True).shape, sum(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("sum", x, axis=axis, keepdims=keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.max``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> max(x, axis=1).shape, max(x, axis=1, keepdims=True).shape, max(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("max", x, axis=axis, keepdims=keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.min``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> min(x, axis=1).shape, min(x, axis=1, keepdims=True).shape, min(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("min", x, axis=axis, keepdims=keepdims)


def prod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.prod``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> prod(x, axis=1).shape, prod(x, axis=1, keepdims=True).shape, prod(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("prod", x, axis=axis, keepdims=keepdims)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.any``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> y = any(x, axis=1)
        >>> y.shape, y.dtype, any(x, axis=1, keepdims=True).shape, any(x).shape
        ((None, 3), 'bool', (None, 1, 3), ())
    """
    return call_op("any", x, axis=axis, keepdims=keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.all``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> y = all(x, axis=1)
        >>> y.shape, y.dtype, all(x, axis=1, keepdims=True).shape, all(x).shape
        ((None, 3), 'bool', (None, 1, 3), ())
    """
    return call_op("all", x, axis=axis, keepdims=keepdims)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.std``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> std(x, axis=1).shape, std(x, axis=1, keepdims=True).shape, std(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("std", x, axis=axis, keepdims=keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.var``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> var(x, axis=1).shape, var(x, axis=1, keepdims=True).shape, var(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("var", x, axis=axis, keepdims=keepdims)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.logsumexp``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> y = logsumexp(x, axis=1)
        >>> y.shape, logsumexp(x, axis=1, keepdims=True).shape, logsumexp(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("logsumexp", x, axis=axis, keepdims=keepdims)


def amax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.amax``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> amax(x, axis=1).shape, amax(x, axis=1, keepdims=True).shape, amax(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("amax", x, axis=axis, keepdims=keepdims)


def amin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.amin``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> amin(x, axis=1).shape, amin(x, axis=1, keepdims=True).shape, amin(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("amin", x, axis=axis, keepdims=keepdims)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.median``: reduces ``axis`` (all axes when None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> median(x, axis=1).shape, median(x, axis=1, keepdims=True).shape, median(x).shape
        ((None, 3), (None, 1, 3), ())
    """
    return call_op("median", x, axis=axis, keepdims=keepdims)


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.argmax``: index of the largest value along ``axis``.

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> y = argmax(x, axis=1)
        >>> y.shape, y.dtype, argmax(x, axis=1, keepdims=True).shape, argmax(x).shape
        ((None, 3), 'int32', (None, 1, 3), ())
    """
    return call_op("argmax", x, axis=axis, keepdims=keepdims)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.argmin``: index of the smallest value along ``axis``.

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> y = argmin(x, axis=1)
        >>> y.shape, y.dtype, argmin(x, axis=1, keepdims=True).shape, argmin(x).shape
        ((None, 3), 'int32', (None, 1, 3), ())
    """
    return call_op("argmin", x, axis=axis, keepdims=keepdims)


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    """``keras.ops.cumsum``: the shape of ``x`` (flattened when ``axis`` is None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3), batch_size=2)
        >>> cumsum(x, axis=1).shape, cumsum(x).shape
        ((2, 5, 3), (30,))
    """
    return call_op("cumsum", x, axis=axis, dtype=dtype)


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    """``keras.ops.cumprod``: the shape of ``x`` (flattened when ``axis`` is None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3), batch_size=2)
        >>> cumprod(x, axis=1).shape, cumprod(x).shape
        ((2, 5, 3), (30,))
    """
    return call_op("cumprod", x, axis=axis, dtype=dtype)
