"""Merge layers: element-wise (Add, Subtract, ...), Concatenate and Dot.

Each takes a list of input shapes. Element-wise merges broadcast the non-batch
axes from the right as Keras's ``Merge._compute_elemwise_op_output_shape`` does
(an axis of 1 stretches, None stays unknown); none of them has weights.

Example:
    >>> Add().compute_output_shape([(None, 4, 1), (None, 3)])
    (None, 4, 3)
    >>> Concatenate().compute_output_shape([(None, 8, 3), (None, 8, 5)])
    (None, 8, 8)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import KerasTensor, Layer, Shape

__all__ = [
    "Add",
    "Average",
    "Concatenate",
    "Dot",
    "Maximum",
    "Minimum",
    "Multiply",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
]


def check_shape_list(layer: Layer, input_shape: Any, count: int | None = None) -> list[Shape]:
    """The inputs must be a list of shapes (exactly ``count`` of them when given)."""
    if not isinstance(input_shape, list) or not input_shape or not all(
            isinstance(s, tuple) for s in input_shape):
        raise layer.shape_error(input_shape, "expects a list of inputs",
                                "call it on a list of tensors, e.g. layer([x, y])")
    if count is not None and len(input_shape) != count:
        raise layer.shape_error(input_shape, f"expects exactly {count} inputs, got "
                                f"{len(input_shape)}", f"pass a list of {count} tensors")
    return input_shape


def _mask_list(inputs: Any, previous_mask: Any) -> list[Any] | None:
    """The inputs' masks as a list, or None when no input has one."""
    if not isinstance(inputs, (list, tuple)) or not isinstance(previous_mask, (list, tuple)):
        return None
    if all(m is None for m in previous_mask) or len(previous_mask) != len(inputs):
        return None
    return list(previous_mask)


class _Merge(Layer):
    """Element-wise merge of a list of inputs (Keras's ``Merge`` base class)."""

    supports_masking = True
    _inputs_required: int | None = None

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """Keras: the OR of the inputs' masks, None when any input is unmasked."""
        from modelviz.layers.mask_ops import merge_masks

        masks = _mask_list(inputs, mask)
        return None if masks is None else merge_masks(masks)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def _broadcast(self, input_shape: list[Shape], shape1: Shape, shape2: Shape) -> Shape:
        """Keras's element-wise broadcast of two shapes without the batch axis."""
        if len(shape1) < len(shape2):
            shape1, shape2 = shape2, shape1
        if not shape2:
            return shape1
        out = list(shape1[: len(shape1) - len(shape2)])
        for i, j in zip(shape1[len(shape1) - len(shape2):], shape2, strict=True):
            if i is None or j is None:
                out.append(None)
            elif i == 1 or j == 1:
                out.append(j if i == 1 else i)
            elif i != j:
                raise self.shape_error(input_shape, f"shapes {shape1} and {shape2} are "
                                       "incompatible", "give the inputs equal shapes (or 1 "
                                       "on the axes to broadcast)")
            else:
                out.append(i)
        return tuple(out)

    def compute_output_shape(self, input_shape: Any) -> Shape:
        """Broadcast every input's non-batch axes; the batch axis is the one known batch size."""
        shapes = check_shape_list(self, input_shape, self._inputs_required)
        batch_sizes = sorted({s[0] for s in shapes if s} - {None})
        if len(batch_sizes) > 1:
            raise self.shape_error(input_shape, "inputs have different batch sizes",
                                   "merge tensors with the same batch size")
        out = shapes[0][1:]
        for shape in shapes[1:]:
            out = self._broadcast(shapes, out, shape[1:])
        return (batch_sizes[0] if batch_sizes else None, *out)


class Add(_Merge):
    """Sums a list of inputs element-wise.

    Example:
        >>> Add().compute_output_shape([(None, 16), (None, 16), (None, 16)])
        (None, 16)
    """


class Subtract(_Merge):
    """Subtracts the second of exactly two inputs from the first.

    Example:
        >>> Subtract().compute_output_shape([(None, 3), (None, 3)])
        (None, 3)
    """

    _inputs_required = 2


class Multiply(_Merge):
    """Multiplies a list of inputs element-wise.

    Example:
        >>> Multiply().compute_output_shape([(None, 10, 4), (None, 10, 1)])
        (None, 10, 4)
    """


class Average(_Merge):
    """Averages a list of inputs element-wise.

    Example:
        >>> Average().compute_output_shape([(None, 5), (None, 5)])
        (None, 5)
    """


class Maximum(_Merge):
    """Element-wise maximum of a list of inputs.

    Example:
        >>> Maximum().compute_output_shape([(None, 5), (None, 5)])
        (None, 5)
    """


class Minimum(_Merge):
    """Element-wise minimum of a list of inputs.

    Example:
        >>> Minimum().compute_output_shape([(None, 5), (None, 5)])
        (None, 5)
    """


class Concatenate(Layer):
    """Joins inputs along ``axis``; the other axes must match (None matches anything).

    Example:
        >>> Concatenate(axis=1).compute_output_shape([(None, 2, 3), (None, 4, 3)])
        (None, 6, 3)
        >>> Concatenate(name="cat").compute_output_shape(
        ...     [(None, 2, 3), (None, 4, 3)])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        modelviz.errors.ShapeError: cat (Concatenate): inputs differ on an axis other than...
    """

    supports_masking = True

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.axis = axis

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """Keras: masks widened to their inputs, concatenated, reduced with ``any``."""
        from modelviz.layers.mask_ops import concatenate_masks

        masks = _mask_list(inputs, mask)
        return None if masks is None else concatenate_masks(list(inputs), masks, self.axis)

    def _check_other_axes(self, shapes: list[Shape]) -> None:
        """Keras's build check: drop the concatenation axis, then compare the rest."""
        reduced = []
        for shape in shapes:
            dims_left = list(shape)
            # Keras deletes the axis only when len > axis, so a negative axis always goes.
            if len(dims_left) > self.axis:
                del dims_left[self.axis]
            reduced.append(dims_left)
        if len({len(r) for r in reduced}) != 1 or any(
                len({r[i] for r in reduced} - {None}) > 1 for i in range(len(reduced[0]))):
            raise self.shape_error(shapes, f"inputs differ on an axis other than axis "
                                   f"{self.axis}", "make every axis but the concatenation "
                                   "axis equal, or pick another axis")

    def compute_output_shape(self, input_shape: Any) -> Shape:
        """The first input's shape with the concatenation axis summed (None if any is None)."""
        shapes = check_shape_list(self, input_shape)
        rank = len(shapes[0])
        if not -rank <= self.axis < rank:
            raise self.shape_error(input_shape, f"axis {self.axis} is out of bounds for rank "
                                   f"{rank}", f"use an axis between {-rank} and {rank - 1}")
        self._check_other_axes(shapes)
        out = list(shapes[0])
        for shape in shapes[1:]:
            if out[self.axis] is None or shape[self.axis] is None:
                out[self.axis] = None
                break
            out[self.axis] += shape[self.axis]
        return tuple(out)


class Dot(Layer):
    """Dot product of two inputs along ``axes`` (an int, or one axis per input).

    Example:
        >>> Dot(axes=(2, 2)).compute_output_shape([(None, 5, 8), (None, 7, 8)])
        (None, 5, 7)
        >>> Dot(axes=1).compute_output_shape([(None, 8), (None, 8)])
        (None, 1)
    """

    def __init__(self, axes: Any, normalize: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if isinstance(axes, (list, tuple)):
            if len(axes) != 2 or not all(isinstance(a, int) for a in axes):
                raise self.config_error(f"axes must be an int or two ints, got {axes!r}")
            self.axes: Any = tuple(axes)
        elif isinstance(axes, int) and not isinstance(axes, bool):
            self.axes = axes
        else:
            raise self.config_error(f"axes must be an int or a list of two ints, got {axes!r}")
        self.normalize = bool(normalize)

    def _resolve_axes(self, shape1: Shape, shape2: Shape) -> tuple[int, int]:
        if isinstance(self.axes, int):
            if self.axes < 0:
                return self.axes % len(shape1), self.axes % len(shape2)
            return self.axes, self.axes
        return self.axes

    def compute_output_shape(self, input_shape: Any) -> Shape:
        """Drop the summed axis of each input and the second input's batch axis."""
        shape1, shape2 = check_shape_list(self, input_shape, 2)
        ax1, ax2 = self._resolve_axes(shape1, shape2)
        if shape1[ax1] != shape2[ax2]:  # Keras refuses None against a known size too
            raise self.shape_error(input_shape, f"axis {ax1} of the first input "
                                   f"({shape1[ax1]}) differs from axis {ax2} of the second "
                                   f"({shape2[ax2]})", "choose axes of equal size")
        first, second = list(shape1), list(shape2)
        first.pop(ax1)
        second.pop(ax2)
        second.pop(0)
        out = first + second
        return tuple([*out, 1] if len(out) == 1 else out)


def add(inputs: list[KerasTensor], **kwargs: Any) -> Any:
    """Functional form of :class:`Add`, as ``keras.layers.add``.

    Example:
        >>> from modelviz import Input
        >>> add([Input((4, 1)), Input((3,))]).shape  # broadcast as NumPy: (4, 1) + (3,)
        (None, 4, 3)
        >>> add([Input((4,)), Input((3,))], name="sum")
        Traceback (most recent call last):
            ...
        modelviz.errors.ShapeError: sum (Add): shapes (4,) and (3,) are incompatible ...
    """
    return Add(**kwargs)(inputs)


def subtract(inputs: list[KerasTensor], **kwargs: Any) -> Any:
    """Functional form of :class:`Subtract`.

    Example:
        >>> from modelviz import Input
        >>> subtract([Input((8,)), Input((8,))]).shape
        (None, 8)
        >>> subtract([Input((8,)), Input((8,)), Input((8,))], name="diff")
        Traceback (most recent call last):
            ...
        modelviz.errors.ShapeError: diff (Subtract): expects exactly 2 inputs, got 3 ...
    """
    return Subtract(**kwargs)(inputs)


def multiply(inputs: list[KerasTensor], **kwargs: Any) -> Any:
    """Functional form of :class:`Multiply`.

    Example:
        >>> from modelviz import Input
        >>> multiply([Input((6,)), Input((1,))]).shape  # a size-1 axis stretches
        (None, 6)
    """
    return Multiply(**kwargs)(inputs)


def average(inputs: list[KerasTensor], **kwargs: Any) -> Any:
    """Functional form of :class:`Average`.

    Example:
        >>> from modelviz import Input
        >>> average([Input((6,)), Input((6,)), Input((6,))]).shape
        (None, 6)
    """
    return Average(**kwargs)(inputs)


def maximum(inputs: list[KerasTensor], **kwargs: Any) -> Any:
    """Functional form of :class:`Maximum`.

    Example:
        >>> from modelviz import Input
        >>> maximum([Input((2, 5)), Input((1, 5))]).shape
        (None, 2, 5)
    """
    return Maximum(**kwargs)(inputs)


def minimum(inputs: list[KerasTensor], **kwargs: Any) -> Any:
    """Functional form of :class:`Minimum`.

    Example:
        >>> from modelviz import Input
        >>> minimum([Input((None, 5)), Input((7, 5))]).shape  # an unknown axis stays unknown
        (None, None, 5)
    """
    return Minimum(**kwargs)(inputs)


def concatenate(inputs: list[KerasTensor], axis: int = -1, **kwargs: Any) -> Any:
    """Functional form of :class:`Concatenate`.

    Example:
        >>> from modelviz import Input
        >>> concatenate([Input((3,)), Input((5,))]).shape
        (None, 8)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs: list[KerasTensor], axes: Any = -1, **kwargs: Any) -> Any:
    """Functional form of :class:`Dot`.

    Example:
        >>> from modelviz import Input
        >>> dot([Input((8,)), Input((8,))], axes=1).shape  # one score per sample
        (None, 1)
        >>> dot([Input((3, 4)), Input((3, 5))], axes=1).shape
        (None, 4, 5)
    """
    return Dot(axes=axes, **kwargs)(inputs)
