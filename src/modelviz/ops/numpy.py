"""Shape-changing ``keras.ops`` (``keras/src/ops/numpy.py``): reshapes, joins, products.

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((5, 3))
    >>> ops.reshape(x, (-1, 15)).shape, ops.concatenate([x, x], axis=-1).shape
    ((None, 15), (None, 5, 6))
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.ops import call_op
from modelviz.layers.tensors import Constant

__all__ = [
    "broadcast_to",
    "concatenate",
    "einsum",
    "expand_dims",
    "get_item",
    "linspace",
    "matmul",
    "moveaxis",
    "pad",
    "repeat",
    "reshape",
    "slice",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "take",
    "take_along_axis",
    "tensordot",
    "tile",
    "transpose",
]


def matmul(x1: Any, x2: Any) -> Any:
    """``keras.ops.matmul``: matrix product (batch axes broadcast).

    Example:
        >>> from modelviz import Input
        >>> y = matmul(Input((4, 5, 3)), Input((3, 7)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 4, 5, 7), 'Matmul')
    """
    return call_op("matmul", x1, x2)


def reshape(x: Any, newshape: Any) -> Any:
    """``keras.ops.reshape``: one ``-1`` takes the remaining size.

    Example:
        >>> from modelviz import Input
        >>> y = reshape(Input((6, 4)), (-1, 3, 2))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 3, 2), 'Reshape')
    """
    return call_op("reshape", x, newshape=newshape)


def transpose(x: Any, axes: Any = None) -> Any:
    """``keras.ops.transpose``: axes permuted (reversed by default).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> transpose(x).shape, transpose(x, axes=(0, 2, 1)).shape
        ((3, 5, None), (None, 3, 5))
    """
    return call_op("transpose", x, axes=axes)


def expand_dims(x: Any, axis: Any) -> Any:
    """``keras.ops.expand_dims``: a new axis of length 1.

    Example:
        >>> from modelviz import Input
        >>> y = expand_dims(Input((5, 3)), axis=1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 1, 5, 3), 'ExpandDims')
    """
    return call_op("expand_dims", x, axis=axis)


def squeeze(x: Any, axis: Any = None) -> Any:
    """``keras.ops.squeeze``: axes of length 1 removed.

    Example:
        >>> from modelviz import Input
        >>> y = squeeze(Input((5, 1, 3)), axis=2)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 3), 'Squeeze')
    """
    return call_op("squeeze", x, axis=axis)


def concatenate(xs: Any, axis: int = 0) -> Any:
    """``keras.ops.concatenate``: sizes add up along ``axis`` (default 0, as in Keras).

    Example:
        >>> from modelviz import Input
        >>> y = concatenate([Input((5, 3)), Input((5, 4))], axis=-1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 7), 'Concatenate')
    """
    return call_op("concatenate", list(xs), axis=axis)


def stack(x: Any, axis: int = 0) -> Any:
    """``keras.ops.stack``: a new axis of length ``len(x)``.

    Example:
        >>> from modelviz import Input
        >>> y = stack([Input((5, 3)), Input((5, 3))], axis=1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 2, 5, 3), 'Stack')
    """
    return call_op("stack", list(x), axis=axis)


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    """``keras.ops.split``: a list of tensors.

    Example:
        >>> from modelviz import Input
        >>> parts = split(Input((6, 4)), 3, axis=1)
        >>> [p.shape for p in parts]
        [(None, 2, 4), (None, 2, 4), (None, 2, 4)]
    """
    return call_op("split", x, indices_or_sections=indices_or_sections, axis=axis)


def einsum(subscripts: str, *operands: Any) -> Any:
    """``keras.ops.einsum``: each output letter takes an operand's size.

    Example:
        >>> from modelviz import Input
        >>> y = einsum("bij,bjk->bik", Input((5, 3)), Input((3, 7)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5, 7), 'Einsum')
    """
    return call_op("einsum", *operands, subscripts=subscripts)


def tile(x: Any, repeats: Any) -> Any:
    """``keras.ops.tile``: each axis times its repeat.

    Example:
        >>> from modelviz import Input
        >>> y = tile(Input((5, 3)), (1, 2, 3))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 10, 9), 'Tile')
    """
    return call_op("tile", x, repeats=repeats)


def get_item(x: Any, key: Any) -> Any:
    """``keras.ops.get_item``: ``x[key]``.

    Example:
        >>> from modelviz import Input
        >>> y = get_item(Input((5, 3)), (Ellipsis, 0))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 5), 'GetItem')
    """
    return call_op("get_item", x, key)


def repeat(x: Any, repeats: int, axis: Any = None) -> Any:
    """``keras.ops.repeat``: each element ``repeats`` times along ``axis`` (flattened if None).

    Example:
        >>> from modelviz import Input
        >>> x = Input((5, 3))
        >>> repeat(x, 2, axis=1).shape, repeat(Input((2, 3), batch_size=4), 2).shape
        ((None, 10, 3), (48,))
    """
    return call_op("repeat", x, repeats=repeats, axis=axis)


def take(x: Any, indices: Any, axis: Any = None) -> Any:
    """``keras.ops.take``: the indices' shape replaces ``axis``.

    Example:
        >>> from modelviz import Input
        >>> y = take(Input((10, 3)), Input((4,), dtype="int32"), axis=1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, None, 4, 3), 'Take')
    """
    return call_op("take", x, indices, axis=axis)


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> Any:
    """``keras.ops.take_along_axis``: the indices' size on ``axis``, broadcast with them.

    Example:
        >>> from modelviz import Input
        >>> y = take_along_axis(Input((16, 8)), Input((4, 1), dtype="int32"), axis=1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 4, 8), 'TakeAlongAxis')
    """
    return call_op("take_along_axis", x, indices, axis=axis)


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> Any:
    """``keras.ops.pad``: each axis grows by its two paddings.

    Example:
        >>> from modelviz import Input
        >>> y = pad(Input((5, 3)), ((0, 0), (1, 2), (0, 0)))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 8, 3), 'Pad')
    """
    return call_op("pad", x, pad_width=pad_width, mode=mode)


def slice(inputs: Any, start_indices: Any, shape: Any) -> Any:
    """``keras.ops.slice``: a block of ``shape`` starting at ``start_indices``.

    Example:
        >>> from modelviz import Input
        >>> y = slice(Input((5, 3), batch_size=2), (0, 1, 0), (2, 3, 3))
        >>> y.shape, y._keras_history[0].class_name
        ((2, 3, 3), 'Slice')
    """
    return call_op("slice", inputs, start_indices, shape=tuple(shape))


def broadcast_to(x: Any, shape: Any) -> Any:
    """``keras.ops.broadcast_to``: the given shape.

    Example:
        >>> from modelviz import Input
        >>> y = broadcast_to(Input((1, 3), batch_size=2), (2, 5, 3))
        >>> y.shape, y._keras_history[0].class_name
        ((2, 5, 3), 'BroadcastTo')
    """
    return call_op("broadcast_to", x, shape=tuple(shape))


def swapaxes(x: Any, axis1: int, axis2: int) -> Any:
    """``keras.ops.swapaxes``: two axes exchanged.

    Example:
        >>> from modelviz import Input
        >>> y = swapaxes(Input((5, 3, 2)), 1, 3)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 2, 3, 5), 'Swapaxes')
    """
    return call_op("swapaxes", x, axis1=axis1, axis2=axis2)


def moveaxis(x: Any, source: int, destination: int) -> Any:
    """``keras.ops.moveaxis``: one axis moved.

    Example:
        >>> from modelviz import Input
        >>> y = moveaxis(Input((5, 3, 2)), 1, -1)
        >>> y.shape, y._keras_history[0].class_name
        ((None, 3, 2, 5), 'Moveaxis')
    """
    return call_op("moveaxis", x, source=source, destination=destination)


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> Any:
    """``keras.ops.tensordot``: the contracted axes removed, the others joined.

    Example:
        >>> from modelviz import Input
        >>> y = tensordot(Input((5, 3), batch_size=4), Input((5, 3), batch_size=4), 2)
        >>> y.shape, y._keras_history[0].class_name
        ((4, 3), 'Tensordot')
        >>> tensordot(Input((5, 3)), [[0.0] * 7] * 3, axes=([2], [0])).shape
        (None, 5, 7)
    """
    return call_op("tensordot", x1, x2, axes=axes)


def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True,
             retstep: bool = False, dtype: Any = None, axis: int = 0) -> Any:
    """``keras.ops.linspace``: ``num`` samples, inserted at ``axis`` (a float dtype).

    With plain numbers the result is a constant, which a loop may iterate over (its
    values are not computed); with ``retstep`` a symbolic result's step is ``None``,
    as in Keras.

    Example:
        >>> from modelviz import Input
        >>> [x.shape for x in linspace(0, 0.1, 3)]
        [(), (), ()]
        >>> y = linspace(Input((3,)), 1.0, num=5, axis=-1)
        >>> y.shape, y.dtype, y._keras_history[0].class_name
        ((None, 3, 5), 'float32', 'Linspace')
    """
    kind = str(getattr(dtype, "name", dtype or "float32"))
    if not any(hasattr(v, "shape") for v in (start, stop)):  # plain numbers: a constant
        result: Any = Samples((int(num),), kind if kind.startswith(("float", "bf")) else "float32")
        return (result, Constant((), result.dtype)) if retstep else result
    result = call_op("linspace", start, stop, num=num, endpoint=endpoint, retstep=False,
                     dtype=kind if kind.startswith(("float", "bfloat")) else "float32",
                     axis=axis)
    return (result, None) if retstep else result


class Samples(Constant):
    """A 1-D constant computed from plain numbers: a loop may iterate over its elements."""

    __slots__ = ()

    def __iter__(self) -> Any:
        return iter([Constant((), self.dtype) for _ in range(len(self))])

    def __len__(self) -> int:
        return int(self.shape[0] or 0)
