"""More shape rules of ``keras/src/ops/numpy.py``: ``Tensordot`` and ``Linspace``.

Pure functions of shapes, like :mod:`modelviz.layers.op_shapes`. ``None`` is unknown.

Example:
    >>> tensordot_shape((None, 5, 3), (5, 3, 7), 2), linspace_shape((), (), 10)
    ((None, 7), (10,))
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.op_shapes import broadcast_shapes, canonical_axis
from modelviz.layers.tensors import Shape

__all__ = ["linspace_shape", "tensordot_shape"]


def tensordot_shape(a: Shape, b: Shape, axes: Any = 2) -> Shape:
    """Keras's ``Tensordot.compute_output_spec``.

    An integer ``axes`` drops the last ``axes`` axes of ``a`` and the first of ``b``
    (0 or less: the outer product); a pair of axis lists drops those axes, whose sizes
    must agree (``None`` agrees with any size).

    Example:
        >>> tensordot_shape((None, 50), (None, 50), 2), tensordot_shape((4, 3), (3, 5), 1)
        ((), (4, 5))
        >>> tensordot_shape((4, 3, 2), (2, 3, 6), ([1, 2], [1, 0])), tensordot_shape((2,), (3,), 0)
        ((4, 6), (2, 3))
        >>> tensordot_shape((4, 3), (5, 6), ([1], [0]))
        Traceback (most recent call last):
            ...
        ValueError: Shape mismatch on `x1[axes[0]]` and `x2[axes[1]]`, received [3] and [5].
    """
    if isinstance(axes, int):
        return tuple(a) + tuple(b) if axes <= 0 else tuple(a[:-axes]) + tuple(b[axes:])
    first, second = ([ax] if isinstance(ax, int) else list(ax) for ax in axes)
    picked_a, picked_b = [a[ax] for ax in first], [b[ax] for ax in second]
    if len(picked_a) != len(picked_b) or any(
            x is not None and y is not None and x != y
            for x, y in zip(picked_a, picked_b, strict=False)):
        raise ValueError("Shape mismatch on `x1[axes[0]]` and `x2[axes[1]]`, "
                         f"received {picked_a} and {picked_b}.")
    drop_a = {canonical_axis(ax, len(a)) for ax in first}
    drop_b = {canonical_axis(ax, len(b)) for ax in second}
    return (tuple(d for i, d in enumerate(a) if i not in drop_a)
            + tuple(d for i, d in enumerate(b) if i not in drop_b))


def linspace_shape(start: Shape, stop: Shape, num: int = 50, axis: int = 0) -> Shape:
    """Keras's ``Linspace.compute_output_spec``: ``num`` samples inserted at ``axis``.

    Example:
        >>> linspace_shape((), (), 7), linspace_shape((None, 3), (3,), 5, axis=-1)
        ((7,), (None, 3, 5))
    """
    shape = list(broadcast_shapes(tuple(start), tuple(stop)))
    shape.insert(canonical_axis(axis, len(shape) + 1), int(num))
    return tuple(shape)
