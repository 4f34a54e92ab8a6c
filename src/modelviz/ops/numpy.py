"""Shape-changing ``keras.ops`` (``keras/src/ops/numpy.py``): reductions, reshapes, joins.

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((5, 3))
    >>> ops.mean(x, axis=1).shape, ops.concatenate([x, x], axis=-1).shape
    ((None, 3), (None, 5, 6))
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
    "broadcast_to",
    "concatenate",
    "cumprod",
    "cumsum",
    "einsum",
    "expand_dims",
    "get_item",
    "logsumexp",
    "matmul",
    "max",
    "mean",
    "median",
    "min",
    "moveaxis",
    "pad",
    "prod",
    "repeat",
    "reshape",
    "slice",
    "split",
    "squeeze",
    "stack",
    "std",
    "sum",
    "swapaxes",
    "take",
    "tile",
    "transpose",
    "var",
]


def matmul(x1: Any, x2: Any) -> Any:
    """``keras.ops.matmul``: matrix product (batch axes broadcast)."""
    return call_op("matmul", x1, x2)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.mean``: reduces ``axis`` (all axes when None)."""
    return call_op("mean", x, axis=axis, keepdims=keepdims)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.sum``: reduces ``axis`` (all axes when None)."""
    return call_op("sum", x, axis=axis, keepdims=keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.max``: reduces ``axis`` (all axes when None)."""
    return call_op("max", x, axis=axis, keepdims=keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.min``: reduces ``axis`` (all axes when None)."""
    return call_op("min", x, axis=axis, keepdims=keepdims)


def prod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.prod``: reduces ``axis`` (all axes when None)."""
    return call_op("prod", x, axis=axis, keepdims=keepdims)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.any``: reduces ``axis`` (all axes when None)."""
    return call_op("any", x, axis=axis, keepdims=keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.all``: reduces ``axis`` (all axes when None)."""
    return call_op("all", x, axis=axis, keepdims=keepdims)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.std``: reduces ``axis`` (all axes when None)."""
    return call_op("std", x, axis=axis, keepdims=keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.var``: reduces ``axis`` (all axes when None)."""
    return call_op("var", x, axis=axis, keepdims=keepdims)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.logsumexp``: reduces ``axis`` (all axes when None)."""
    return call_op("logsumexp", x, axis=axis, keepdims=keepdims)


def amax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.amax``: reduces ``axis`` (all axes when None)."""
    return call_op("amax", x, axis=axis, keepdims=keepdims)


def amin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.amin``: reduces ``axis`` (all axes when None)."""
    return call_op("amin", x, axis=axis, keepdims=keepdims)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.median``: reduces ``axis`` (all axes when None)."""
    return call_op("median", x, axis=axis, keepdims=keepdims)


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.argmax``: index of the largest value along ``axis``."""
    return call_op("argmax", x, axis=axis, keepdims=keepdims)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``keras.ops.argmin``: index of the smallest value along ``axis``."""
    return call_op("argmin", x, axis=axis, keepdims=keepdims)


def reshape(x: Any, newshape: Any) -> Any:
    """``keras.ops.reshape``: one ``-1`` takes the remaining size."""
    return call_op("reshape", x, newshape=newshape)


def transpose(x: Any, axes: Any = None) -> Any:
    """``keras.ops.transpose``: axes permuted (reversed by default)."""
    return call_op("transpose", x, axes=axes)


def expand_dims(x: Any, axis: Any) -> Any:
    """``keras.ops.expand_dims``: a new axis of length 1."""
    return call_op("expand_dims", x, axis=axis)


def squeeze(x: Any, axis: Any = None) -> Any:
    """``keras.ops.squeeze``: axes of length 1 removed."""
    return call_op("squeeze", x, axis=axis)


def concatenate(xs: Any, axis: int = 0) -> Any:
    """``keras.ops.concatenate``: sizes add up along ``axis`` (default 0, as in Keras)."""
    return call_op("concatenate", list(xs), axis=axis)


def stack(x: Any, axis: int = 0) -> Any:
    """``keras.ops.stack``: a new axis of length ``len(x)``."""
    return call_op("stack", list(x), axis=axis)


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    """``keras.ops.split``: a list of tensors."""
    return call_op("split", x, indices_or_sections=indices_or_sections, axis=axis)


def einsum(subscripts: str, *operands: Any) -> Any:
    """``keras.ops.einsum``: each output letter takes an operand's size."""
    return call_op("einsum", *operands, subscripts=subscripts)


def tile(x: Any, repeats: Any) -> Any:
    """``keras.ops.tile``: each axis times its repeat."""
    return call_op("tile", x, repeats=repeats)


def get_item(x: Any, key: Any) -> Any:
    """``keras.ops.get_item``: ``x[key]``."""
    return call_op("get_item", x, key)


def repeat(x: Any, repeats: int, axis: Any = None) -> Any:
    """``keras.ops.repeat``: each element ``repeats`` times along ``axis`` (flattened if None)."""
    return call_op("repeat", x, repeats=repeats, axis=axis)


def take(x: Any, indices: Any, axis: Any = None) -> Any:
    """``keras.ops.take``: the indices' shape replaces ``axis``."""
    return call_op("take", x, indices, axis=axis)


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> Any:
    """``keras.ops.pad``: each axis grows by its two paddings."""
    return call_op("pad", x, pad_width=pad_width, mode=mode)


def slice(inputs: Any, start_indices: Any, shape: Any) -> Any:
    """``keras.ops.slice``: a block of ``shape`` starting at ``start_indices``."""
    return call_op("slice", inputs, start_indices, shape=tuple(shape))


def broadcast_to(x: Any, shape: Any) -> Any:
    """``keras.ops.broadcast_to``: the given shape."""
    return call_op("broadcast_to", x, shape=tuple(shape))


def swapaxes(x: Any, axis1: int, axis2: int) -> Any:
    """``keras.ops.swapaxes``: two axes exchanged."""
    return call_op("swapaxes", x, axis1=axis1, axis2=axis2)


def moveaxis(x: Any, source: int, destination: int) -> Any:
    """``keras.ops.moveaxis``: one axis moved."""
    return call_op("moveaxis", x, source=source, destination=destination)


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    """``keras.ops.cumsum``: the shape of ``x`` (flattened when ``axis`` is None)."""
    return call_op("cumsum", x, axis=axis, dtype=dtype)


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    """``keras.ops.cumprod``: the shape of ``x`` (flattened when ``axis`` is None)."""
    return call_op("cumprod", x, axis=axis, dtype=dtype)
