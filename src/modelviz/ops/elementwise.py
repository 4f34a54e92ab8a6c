"""Unary elementwise ``keras.ops`` (``keras/src/ops/numpy.py``): one value out per value in.

Each keeps the shape of its input; the predicates (``isnan``, ``isfinite``,
``logical_not``) return ``bool``.

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((5, 3))
    >>> ops.sqrt(x).shape, ops.isnan(x).dtype
    ((None, 5, 3), 'bool')
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.ops import call_op

__all__ = [
    "abs",
    "absolute",
    "arccos",
    "arcsin",
    "arctan",
    "ceil",
    "clip",
    "cos",
    "cosh",
    "exp",
    "expm1",
    "floor",
    "isfinite",
    "isnan",
    "log",
    "log1p",
    "logical_not",
    "nan_to_num",
    "negative",
    "reciprocal",
    "round",
    "rsqrt",
    "sign",
    "sin",
    "sinh",
    "sqrt",
    "square",
    "tan",
]


def abs(x: Any) -> Any:
    """``keras.ops.abs``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = abs(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Absolute')
    """
    return call_op("abs", x)


def absolute(x: Any) -> Any:
    """``keras.ops.absolute``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = absolute(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Absolute')
    """
    return call_op("absolute", x)


def negative(x: Any) -> Any:
    """``keras.ops.negative``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = negative(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Negative')
    """
    return call_op("negative", x)


def sign(x: Any) -> Any:
    """``keras.ops.sign``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = sign(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Sign')
    """
    return call_op("sign", x)


def floor(x: Any) -> Any:
    """``keras.ops.floor``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = floor(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Floor')
    """
    return call_op("floor", x)


def ceil(x: Any) -> Any:
    """``keras.ops.ceil``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = ceil(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Ceil')
    """
    return call_op("ceil", x)


def sqrt(x: Any) -> Any:
    """``keras.ops.sqrt``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = sqrt(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Sqrt')
    """
    return call_op("sqrt", x)


def rsqrt(x: Any) -> Any:
    """``keras.ops.rsqrt``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = rsqrt(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Rsqrt')
    """
    return call_op("rsqrt", x)


def square(x: Any) -> Any:
    """``keras.ops.square``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = square(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Square')
    """
    return call_op("square", x)


def exp(x: Any) -> Any:
    """``keras.ops.exp``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = exp(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Exp')
    """
    return call_op("exp", x)


def log(x: Any) -> Any:
    """``keras.ops.log``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = log(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Log')
    """
    return call_op("log", x)


def log1p(x: Any) -> Any:
    """``keras.ops.log1p``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = log1p(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Log1p')
    """
    return call_op("log1p", x)


def expm1(x: Any) -> Any:
    """``keras.ops.expm1``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = expm1(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Expm1')
    """
    return call_op("expm1", x)


def sin(x: Any) -> Any:
    """``keras.ops.sin``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = sin(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Sin')
    """
    return call_op("sin", x)


def cos(x: Any) -> Any:
    """``keras.ops.cos``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = cos(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Cos')
    """
    return call_op("cos", x)


def tan(x: Any) -> Any:
    """``keras.ops.tan``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = tan(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Tan')
    """
    return call_op("tan", x)


def arctan(x: Any) -> Any:
    """``keras.ops.arctan``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = arctan(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Arctan')
    """
    return call_op("arctan", x)


def sinh(x: Any) -> Any:
    """``keras.ops.sinh``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = sinh(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Sinh')
    """
    return call_op("sinh", x)


def cosh(x: Any) -> Any:
    """``keras.ops.cosh``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = cosh(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Cosh')
    """
    return call_op("cosh", x)


def arcsin(x: Any) -> Any:
    """``keras.ops.arcsin``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = arcsin(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Arcsin')
    """
    return call_op("arcsin", x)


def arccos(x: Any) -> Any:
    """``keras.ops.arccos``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = arccos(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Arccos')
    """
    return call_op("arccos", x)


def reciprocal(x: Any) -> Any:
    """``keras.ops.reciprocal``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = reciprocal(Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Reciprocal')
    """
    return call_op("reciprocal", x)


def logical_not(x: Any) -> Any:
    """``keras.ops.logical_not``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = logical_not(Input((5, 3)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'LogicalNot')
    """
    return call_op("logical_not", x)


def isnan(x: Any) -> Any:
    """``keras.ops.isnan``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = isnan(Input((5, 3)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'Isnan')
    """
    return call_op("isnan", x)


def isfinite(x: Any) -> Any:
    """``keras.ops.isfinite``: elementwise, the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = isfinite(Input((5, 3)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'Isfinite')
    """
    return call_op("isfinite", x)


def clip(x: Any, x_min: Any, x_max: Any) -> Any:
    """``keras.ops.clip``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = clip(Input((5, 3)), 0.0, 1.0)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Clip')
    """
    return call_op("clip", x, x_min, x_max)


def nan_to_num(x: Any, nan: float = 0.0, posinf: Any = None, neginf: Any = None) -> Any:
    """``keras.ops.nan_to_num``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = nan_to_num(Input((5, 3)), nan=0.0)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'NanToNum')
    """
    return call_op("nan_to_num", x, nan=nan, posinf=posinf, neginf=neginf)


def round(x: Any, decimals: int = 0) -> Any:
    """``keras.ops.round``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = round(Input((5, 3)), decimals=2)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Round')
    """
    return call_op("round", x, decimals=decimals)
