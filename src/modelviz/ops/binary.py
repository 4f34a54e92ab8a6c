"""Binary elementwise ``keras.ops`` (``keras/src/ops/numpy.py``): arithmetic and comparisons.

Both operands broadcast as Keras does; comparisons and logical operations return ``bool``.

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((5, 3))
    >>> ops.add(x, ops.ones((1, 3))).shape, ops.less(x, Input((5, 1))).dtype
    ((None, 5, 3), 'bool')
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.ops import call_op

__all__ = [
    "add",
    "arctan2",
    "divide",
    "divide_no_nan",
    "equal",
    "floor_divide",
    "greater",
    "greater_equal",
    "hypot",
    "less",
    "less_equal",
    "logical_and",
    "logical_or",
    "logical_xor",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "not_equal",
    "power",
    "subtract",
    "true_divide",
    "where",
]


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


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    """``keras.ops.where``: the broadcast shape of its three arguments.

    Example:
        >>> from modelviz import Input
        >>> y = where(Input((5, 1), dtype="bool"), Input((3,)), Input((5, 3)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Where')
    """
    return call_op("where", condition, x1, x2)
