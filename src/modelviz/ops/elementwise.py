"""Elementwise ``keras.ops`` (``keras/src/ops/numpy.py``): one value out per value in.

Unary functions keep the shape; binary ones broadcast as Keras does.

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((5, 3))
    >>> ops.sqrt(x).shape, ops.add(x, ops.ones((1, 3))).shape
    ((None, 5, 3), (None, 5, 3))
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.ops import call_op

__all__ = [
    "abs",
    "absolute",
    "add",
    "arccos",
    "arcsin",
    "arctan",
    "arctan2",
    "argsort",
    "ceil",
    "clip",
    "copy",
    "cos",
    "cosh",
    "divide",
    "divide_no_nan",
    "equal",
    "exp",
    "expm1",
    "flip",
    "floor",
    "floor_divide",
    "full_like",
    "greater",
    "greater_equal",
    "hypot",
    "isfinite",
    "isnan",
    "less",
    "less_equal",
    "log",
    "log1p",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "nan_to_num",
    "negative",
    "not_equal",
    "ones_like",
    "power",
    "reciprocal",
    "round",
    "rsqrt",
    "sign",
    "sin",
    "sinh",
    "sort",
    "sqrt",
    "square",
    "subtract",
    "tan",
    "tril",
    "triu",
    "true_divide",
    "where",
    "zeros_like",
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


def add(x1: Any, x2: Any) -> Any:
    """``keras.ops.add``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = add(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Add')
    """
    return call_op("add", x1, x2)


def subtract(x1: Any, x2: Any) -> Any:
    """``keras.ops.subtract``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = subtract(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Subtract')
    """
    return call_op("subtract", x1, x2)


def multiply(x1: Any, x2: Any) -> Any:
    """``keras.ops.multiply``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = multiply(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Multiply')
    """
    return call_op("multiply", x1, x2)


def divide(x1: Any, x2: Any) -> Any:
    """``keras.ops.divide``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = divide(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Divide')
    """
    return call_op("divide", x1, x2)


def true_divide(x1: Any, x2: Any) -> Any:
    """``keras.ops.true_divide``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = true_divide(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'TrueDivide')
    """
    return call_op("true_divide", x1, x2)


def floor_divide(x1: Any, x2: Any) -> Any:
    """``keras.ops.floor_divide``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = floor_divide(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'FloorDivide')
    """
    return call_op("floor_divide", x1, x2)


def mod(x1: Any, x2: Any) -> Any:
    """``keras.ops.mod``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = mod(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Mod')
    """
    return call_op("mod", x1, x2)


def power(x1: Any, x2: Any) -> Any:
    """``keras.ops.power``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = power(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Power')
    """
    return call_op("power", x1, x2)


def maximum(x1: Any, x2: Any) -> Any:
    """``keras.ops.maximum``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = maximum(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Maximum')
    """
    return call_op("maximum", x1, x2)


def minimum(x1: Any, x2: Any) -> Any:
    """``keras.ops.minimum``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = minimum(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Minimum')
    """
    return call_op("minimum", x1, x2)


def equal(x1: Any, x2: Any) -> Any:
    """``keras.ops.equal``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = equal(Input((5, 1)), Input((3,)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'Equal')
    """
    return call_op("equal", x1, x2)


def not_equal(x1: Any, x2: Any) -> Any:
    """``keras.ops.not_equal``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = not_equal(Input((5, 1)), Input((3,)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'NotEqual')
    """
    return call_op("not_equal", x1, x2)


def less(x1: Any, x2: Any) -> Any:
    """``keras.ops.less``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = less(Input((5, 1)), Input((3,)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'Less')
    """
    return call_op("less", x1, x2)


def less_equal(x1: Any, x2: Any) -> Any:
    """``keras.ops.less_equal``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = less_equal(Input((5, 1)), Input((3,)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'LessEqual')
    """
    return call_op("less_equal", x1, x2)


def greater(x1: Any, x2: Any) -> Any:
    """``keras.ops.greater``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = greater(Input((5, 1)), Input((3,)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'Greater')
    """
    return call_op("greater", x1, x2)


def greater_equal(x1: Any, x2: Any) -> Any:
    """``keras.ops.greater_equal``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = greater_equal(Input((5, 1)), Input((3,)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'GreaterEqual')
    """
    return call_op("greater_equal", x1, x2)


def logical_and(x1: Any, x2: Any) -> Any:
    """``keras.ops.logical_and``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = logical_and(Input((5, 1)), Input((3,)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'LogicalAnd')
    """
    return call_op("logical_and", x1, x2)


def logical_or(x1: Any, x2: Any) -> Any:
    """``keras.ops.logical_or``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = logical_or(Input((5, 1)), Input((3,)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'LogicalOr')
    """
    return call_op("logical_or", x1, x2)


def logical_xor(x1: Any, x2: Any) -> Any:
    """``keras.ops.logical_xor``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = logical_xor(Input((5, 1)), Input((3,)))
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 5, 3), 'bool', 'LogicalXor')
    """
    return call_op("logical_xor", x1, x2)


def divide_no_nan(x1: Any, x2: Any) -> Any:
    """``keras.ops.divide_no_nan``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = divide_no_nan(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'DivideNoNan')
    """
    return call_op("divide_no_nan", x1, x2)


def arctan2(x1: Any, x2: Any) -> Any:
    """``keras.ops.arctan2``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = arctan2(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Arctan2')
    """
    return call_op("arctan2", x1, x2)


def hypot(x1: Any, x2: Any) -> Any:
    """``keras.ops.hypot``: the broadcast shape of ``x1`` and ``x2``.

    Example:
        >>> from modelviz import Input
        >>> y = hypot(Input((5, 1)), Input((3,)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Hypot')
    """
    return call_op("hypot", x1, x2)


def clip(x: Any, x_min: Any, x_max: Any) -> Any:
    """``keras.ops.clip``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = clip(Input((5, 3)), 0.0, 1.0)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Clip')
    """
    return call_op("clip", x, x_min, x_max)


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    """``keras.ops.where``: the broadcast shape of its three arguments.

    Example:
        >>> from modelviz import Input
        >>> y = where(Input((5, 1), dtype="bool"), Input((3,)), Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Where')
    """
    return call_op("where", condition, x1, x2)


def nan_to_num(x: Any, nan: float = 0.0, posinf: Any = None, neginf: Any = None) -> Any:
    """``keras.ops.nan_to_num``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = nan_to_num(Input((5, 3)), nan=0.0)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'NanToNum')
    """
    return call_op("nan_to_num", x, nan=nan, posinf=posinf, neginf=neginf)


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Any:
    """``keras.ops.full_like``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = full_like(Input((5, 3)), 7)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'FullLike')
    """
    return call_op("full_like", x, fill_value, dtype=dtype)


def round(x: Any, decimals: int = 0) -> Any:
    """``keras.ops.round``: the shape of ``x``.

    Example:
        >>> from modelviz import Input
        >>> y = round(Input((5, 3)), decimals=2)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Round')
    """
    return call_op("round", x, decimals=decimals)
