"""Shape rules of Keras 3 operations (``keras/src/ops/numpy.py``, ``nn.py``, ``core.py``).

Pure functions of shapes: no tensors, no layers. ``None`` is an unknown dimension.

Example:
    >>> broadcast_shapes((None, 1, 4), (3, 1))
    (None, 3, 4)
    >>> reduce_shape((None, 5, 3), axis=1), get_item_shape((None, 5, 3), (slice(None), 0))
    ((None, 3), (None, 3))
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from modelviz.layers.tensors import Shape

__all__ = [
    "broadcast_shapes",
    "canonical_axis",
    "concatenate_shape",
    "einsum_shape",
    "expand_dims_shape",
    "get_item_shape",
    "matmul_shape",
    "move_axis_shape",
    "pad_shape",
    "reduce_shape",
    "repeat_shape",
    "reshape_shape",
    "split_shapes",
    "squeeze_shape",
    "stack_shape",
    "swap_axes_shape",
    "take_shape",
    "transpose_shape",
]


def canonical_axis(axis: Any, rank: int) -> int:
    """A non-negative axis; ValueError when out of range.

    Example:
        >>> canonical_axis(-1, 3)
        2
        >>> canonical_axis(3, 3)
        Traceback (most recent call last):
            ...
        ValueError: axis 3 is out of range for rank 3
    """
    axis = int(axis)
    if not -rank <= axis < rank:
        raise ValueError(f"axis {axis} is out of range for rank {rank}")
    return axis % rank


def broadcast_shapes(a: Shape, b: Shape) -> Shape:
    """Keras's ``broadcast_shapes``: NumPy broadcasting, ``None`` kept unless the other is known.

    Example:
        >>> broadcast_shapes((2,), (3,))
        Traceback (most recent call last):
        ...
        ValueError: cannot broadcast shapes (2,) and (3,)
    """
    rank = max(len(a), len(b))
    x_dims = (1,) * (rank - len(a)) + tuple(a)
    y_dims = (1,) * (rank - len(b)) + tuple(b)
    out: list[int | None] = []
    for x, y in zip(x_dims, y_dims, strict=True):
        if x == 1:
            out.append(y)
        elif x is None:
            out.append(None if y == 1 else y)
        elif y in (1, None, x):
            out.append(x)
        else:
            raise ValueError(f"cannot broadcast shapes {tuple(a)} and {tuple(b)}")
    return tuple(out)


def reduce_shape(shape: Shape, axis: Any = None, keepdims: bool = False) -> Shape:
    """Keras's ``reduce_shape`` (mean, sum, max, any, ...)."""
    if axis is None:
        return (1,) * len(shape) if keepdims else ()
    axes = [canonical_axis(a, len(shape)) for a in (axis if isinstance(axis, (list, tuple))
                                                    else [axis])]
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def reshape_shape(shape: Shape, newshape: Any) -> Shape:
    """Keras's ``compute_reshape_output_shape`` (one ``-1`` allowed).

    Example:
        >>> reshape_shape((2, 6, 4), (-1, 8))
        (6, 8)
        >>> reshape_shape((2, 6, 4), (5, -1))
        Traceback (most recent call last):
            ...
        ValueError: cannot reshape (2, 6, 4) (48 values) into (5, -1)
    """
    newshape = (newshape,) if isinstance(newshape, int) else tuple(
        None if d is None else int(d) for d in newshape)
    if newshape.count(-1) > 1:
        raise ValueError(f"only one -1 is allowed in newshape {newshape}")
    if None in shape or None in newshape:
        return tuple(None if d == -1 else d for d in newshape)
    size = math.prod(shape)
    if -1 not in newshape:
        if math.prod(newshape) != size:
            raise ValueError(f"cannot reshape {shape} ({size} values) into {newshape}")
        return newshape
    known = math.prod(d for d in newshape if d != -1)
    if known == 0 or size % known:
        raise ValueError(f"cannot reshape {shape} ({size} values) into {newshape}")
    return tuple(size // known if d == -1 else d for d in newshape)


def get_item_shape(shape: Shape, key: Any) -> Shape:
    """Keras's ``GetItem.compute_output_spec``: ints drop an axis, slices cut one."""
    remaining = list(key) if isinstance(key, (tuple, list)) else [key]
    if remaining.count(Ellipsis) > 1:
        raise ValueError(f"an index may hold one ellipsis, got {key!r}")
    if Ellipsis not in remaining:
        remaining.append(Ellipsis)
    dims, out = list(shape), []
    while remaining:
        sub = remaining.pop(0)
        if sub is Ellipsis:
            needed = len(remaining) - sum(1 for k in remaining if k is None)
            consumed = len(dims) - needed
            out += dims[:consumed]
            dims = dims[consumed:]
        elif sub is None:
            out.append(1)
        elif not dims:
            raise ValueError(f"too many indices {key!r} for shape {shape}")
        else:
            _index_one(dims.pop(0), sub, out, shape)
    return tuple(out)


def _index_one(length: int | None, sub: Any, out: list, shape: Shape) -> None:
    if isinstance(sub, slice):
        out.append(None if length is None else len(range(*sub.indices(length))))
    elif hasattr(sub, "__index__") and not isinstance(sub, bool):
        index = int(sub)
        if length is not None and not -length <= index < length:
            raise ValueError(f"index {index} is out of bounds for shape {shape}")
    else:
        raise ValueError(f"unsupported index {sub!r}")


def matmul_shape(a: Shape, b: Shape) -> Shape:
    """Keras's ``compute_matmul_output_shape`` (1-D operands promoted, batch broadcast).

    Example:
        >>> matmul_shape((None, 4, 8), (8, 2)), matmul_shape((8,), (8, 2))
        ((None, 4, 2), (2,))
    """
    a_1d, b_1d = len(a) == 1, len(b) == 1
    a = (1, a[0]) if a_1d else tuple(a)
    b = (b[0], 1) if b_1d else tuple(b)
    if a[-1] is not None and b[-2] is not None and a[-1] != b[-2]:
        raise ValueError(f"inner dimensions differ: {a} @ {b}")
    out = [*broadcast_shapes(a[:-2], b[:-2]), a[-2], b[-1]]
    if a_1d:
        del out[-2]
    if b_1d:
        del out[-1]
    return tuple(out)


def concatenate_shape(shapes: list[Shape], axis: int = 0) -> Shape:
    """Sizes add up along ``axis``; every other axis must agree (None agrees with all).

    Example:
        >>> concatenate_shape([(None, 4, 3), (None, 2, 3)], axis=1)
        (None, 6, 3)
        >>> concatenate_shape([(None, 4, 3), (None, 4, 5)], axis=1)
        Traceback (most recent call last):
            ...
        ValueError: shapes (None, 4, 5) and (None, 4, 3) differ outside axis 1
    """
    first = shapes[0]
    axis = canonical_axis(axis, len(first))
    total: int | None = 0
    for shape in shapes:
        if len(shape) != len(first) or any(
                i != axis and x is not None and y is not None and x != y
                for i, (x, y) in enumerate(zip(shape, first, strict=True))):
            raise ValueError(f"shapes {shape} and {first} differ outside axis {axis}")
        total = None if total is None or shape[axis] is None else total + shape[axis]
    return (*first[:axis], total, *first[axis + 1:])


def stack_shape(shapes: list[Shape], axis: int = 0) -> Shape:
    """A new axis of length ``len(shapes)``.

    Example:
        >>> stack_shape([(None, 3), (None, 3)], axis=1)
        (None, 2, 3)
    """
    first = shapes[0]
    axis = canonical_axis(axis, len(first) + 1)
    return (*first[:axis], len(shapes), *first[axis:])


def split_shapes(shape: Shape, indices_or_sections: Any, axis: int = 0) -> list[Shape]:
    """Keras's ``_compute_split_output_spec``: n equal parts, or cut at indices.

    Example:
        >>> split_shapes((None, 6), 3, axis=1)
        [(None, 2), (None, 2), (None, 2)]
        >>> split_shapes((None, 6), [1, 4], axis=1)
        [(None, 1), (None, 3), (None, 2)]
    """
    axis = canonical_axis(axis, len(shape))
    length = shape[axis]
    if isinstance(indices_or_sections, int):
        if length is not None and length % indices_or_sections:
            raise ValueError(f"axis {axis} of {shape} does not split into "
                             f"{indices_or_sections} equal parts")
        size = None if length is None else length // indices_or_sections
        return [(*shape[:axis], size, *shape[axis + 1:])] * indices_or_sections
    cuts = [0, *indices_or_sections, length]
    return [(*shape[:axis], None if length is None else end - start, *shape[axis + 1:])
            for start, end in itertools.pairwise(cuts)]


def transpose_shape(shape: Shape, axes: Any = None) -> Shape:
    """Axes permuted (reversed when ``axes`` is None).

    Example:
        >>> transpose_shape((None, 3, 4)), transpose_shape((None, 3, 4), (0, 2, 1))
        ((4, 3, None), (None, 4, 3))
    """
    if axes is None:
        return tuple(reversed(shape))
    if len(axes) != len(shape):
        raise ValueError(f"axes {tuple(axes)} do not match rank {len(shape)}")
    return tuple(shape[canonical_axis(a, len(shape))] for a in axes)


def expand_dims_shape(shape: Shape, axis: Any) -> Shape:
    """New axes of length 1 at ``axis`` (an int or several).

    Example:
        >>> expand_dims_shape((None, 3), -1), expand_dims_shape((None, 3), (0, 1))
        ((None, 3, 1), (1, 1, None, 3))
    """
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    rank = len(shape) + len(axes)
    positions = sorted(canonical_axis(a, rank) for a in axes)
    dims = iter(shape)
    return tuple(1 if i in positions else next(dims) for i in range(rank))


def squeeze_shape(shape: Shape, axis: Any = None) -> Shape:
    """Axes of length 1 removed (all of them when ``axis`` is None).

    Example:
        >>> squeeze_shape((None, 1, 3, 1)), squeeze_shape((None, 1, 3, 1), axis=1)
        ((None, 3), (None, 3, 1))
    """
    if axis is None:
        return tuple(d for d in shape if d != 1)
    axes = [canonical_axis(a, len(shape)) for a in (axis if isinstance(axis, (list, tuple))
                                                    else [axis])]
    for a in axes:
        if shape[a] not in (1, None):
            raise ValueError(f"cannot squeeze axis {a} of size {shape[a]}")
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def einsum_shape(subscripts: str, shapes: list[Shape]) -> Shape:
    """``ops.einsum``: each output letter takes its size from an operand.

    Example:
        >>> einsum_shape("bij,bjk->bik", [(None, 4, 8), (None, 8, 2)])
        (None, 4, 2)
    """
    subscripts = subscripts.replace(" ", "")
    inputs, _, output = subscripts.partition("->")
    terms = inputs.split(",")
    if "..." in subscripts:
        raise ValueError("einsum with '...' is not supported by modelviz yet")
    sizes: dict[str, int | None] = {}
    for term, shape in zip(terms, shapes, strict=True):
        if len(term) != len(shape):
            raise ValueError(f"einsum term {term!r} does not match shape {shape}")
        for letter, dim in zip(term, shape, strict=True):
            if sizes.get(letter) is None or dim not in (None, 1):
                sizes[letter] = dim if sizes.get(letter) in (None, 1) else sizes[letter]
    if not _:
        output = "".join(sorted(c for c in set(inputs) - {","} if inputs.count(c) == 1))
    return tuple(sizes[c] for c in output)


def repeat_shape(shape: Shape, repeats: int, axis: Any = None) -> Shape:
    """``ops.repeat``: the axis (or the flattened tensor) grows ``repeats`` times.

    Example:
        >>> repeat_shape((None, 3), 2, axis=1), repeat_shape((2, 3), 2)
        ((None, 6), (12,))
    """
    if axis is None:
        size = None if None in shape else math.prod(shape) * repeats
        return (size,)
    axis = canonical_axis(axis, len(shape))
    length = shape[axis]
    return (*shape[:axis], None if length is None else length * repeats, *shape[axis + 1:])


def take_shape(shape: Shape, indices: Shape, axis: Any = None) -> Shape:
    """``ops.take``: the indices' shape replaces ``axis`` (the whole tensor when None).

    Example:
        >>> take_shape((10, 16), (None, 5), axis=0), take_shape((10, 16), (3,))
        ((None, 5, 16), (3,))
    """
    if axis is None:
        return tuple(indices)
    axis = canonical_axis(axis, len(shape))
    return (*shape[:axis], *indices, *shape[axis + 1:])


def pad_shape(shape: Shape, pad_width: Any) -> Shape:
    """``ops.pad``: each axis grows by its two paddings.

    Example:
        >>> pad_shape((None, 3, 4), [[0, 0], [1, 1], [2, 0]])
        (None, 5, 6)
    """
    widths = [pad_width] * len(shape) if isinstance(pad_width, int) else list(pad_width)
    if len(widths) == 1:
        widths = widths * len(shape)
    pairs = [(w, w) if isinstance(w, int) else tuple(w) for w in widths]
    return tuple(None if d is None else d + before + after
                 for d, (before, after) in zip(shape, pairs, strict=True))


def move_axis_shape(shape: Shape, source: int, destination: int) -> Shape:
    """``ops.moveaxis``: one axis moved to a new position.

    Example:
        >>> move_axis_shape((None, 3, 4, 5), 1, -1)
        (None, 4, 5, 3)
    """
    dims = list(shape)
    dims.insert(canonical_axis(destination, len(shape)),
                dims.pop(canonical_axis(source, len(shape))))
    return tuple(dims)


def swap_axes_shape(shape: Shape, axis1: int, axis2: int) -> Shape:
    """``ops.swapaxes``: two axes exchanged.

    Example:
        >>> swap_axes_shape((None, 3, 4), 1, 2)
        (None, 4, 3)
    """
    dims = list(shape)
    a, b = canonical_axis(axis1, len(shape)), canonical_axis(axis2, len(shape))
    dims[a], dims[b] = dims[b], dims[a]
    return tuple(dims)
