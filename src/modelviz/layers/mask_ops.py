"""The operations Keras 3 records while merge layers combine their inputs' masks.

``Merge.compute_mask`` joins masks with ``ops.logical_or``; ``Concatenate.compute_mask``
broadcasts each mask to its input (``expand_dims``, ``zeros_like``, ``logical_or``), uses
``ones_like`` for an unmasked input, concatenates and reduces with ``ops.any``. Each call
is a graph node in Keras's functional model, so each is one here.

Example:
    >>> LogicalOr().compute_output_shape([(None, 7, 1), (None, 7, 8)])
    (None, 7, 8)
    >>> ExpandDims(axis=-1).compute_output_shape((None, 7))
    (None, 7, 1)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import KerasTensor, Shape, map_shapes
from modelviz.layers.ops import Operation, any_mask

__all__ = ["Concatenate", "ConvertToTensor", "ExpandDims", "LogicalOr", "OnesLike", "ZerosLike",
           "concatenate_masks", "merge_masks"]


def broadcast_shapes(first: Shape, second: Shape) -> Shape:
    """NumPy broadcasting; an unknown axis takes the other's size."""
    rank = max(len(first), len(second))
    a = (1,) * (rank - len(first)) + tuple(first)
    b = (1,) * (rank - len(second)) + tuple(second)
    out: list[int | None] = []
    for i, j in zip(a, b, strict=True):
        if i == 1 or i is None:
            out.append(j if i == 1 or j not in (1, None) else i)
        else:
            out.append(i)
    return tuple(out)


class _MaskOperation(Operation):
    """A boolean mask operation; its class name is its Keras class name (``LogicalOr``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(type(self).__name__, "mask", **kwargs)
        self._result_dtype = "bool"

    def _call_input_shape(self, args: tuple, kwargs: dict) -> Any:
        """Every positional tensor argument's shape (one shape when there is one)."""
        shapes = [map_shapes(a) for a in args if isinstance(a, (KerasTensor, list))]
        return shapes[0] if len(shapes) == 1 else shapes

    def compute_output_shape(self, input_shape: Any) -> Any:
        """The input's shape (``zeros_like``, ``ones_like``, ``convert_to_tensor``)."""
        return input_shape


class LogicalOr(_MaskOperation):
    """``ops.logical_or(a, b)``: the broadcast shape."""

    def compute_output_shape(self, input_shape: Any) -> Shape:
        """Broadcast the two shapes."""
        return broadcast_shapes(input_shape[0], input_shape[1])


class ExpandDims(_MaskOperation):
    """``ops.expand_dims(x, axis)``: a new axis of 1."""

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.axis = axis

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Insert the axis (counted as in the output, as NumPy)."""
        axis = self.axis if self.axis >= 0 else len(input_shape) + 1 + self.axis
        return (*input_shape[:axis], 1, *input_shape[axis:])


class ZerosLike(_MaskOperation):
    """``ops.zeros_like(x, dtype="bool")``: the shape of ``x``."""


class ConvertToTensor(_MaskOperation):
    """``ops.convert_to_tensor(x)``: the shape of ``x``."""


class OnesLike(_MaskOperation):
    """``ops.ones_like(x, dtype="bool")``: the shape of ``x``."""


class Concatenate(_MaskOperation):
    """``ops.concatenate(masks, axis)`` (the operation, not the layer of the same name)."""

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.axis = axis

    def compute_output_shape(self, input_shape: Any) -> Shape:
        """Sum the axis (None if any is None)."""
        out = list(input_shape[0])
        for shape in input_shape[1:]:
            both = out[self.axis] is not None and shape[self.axis] is not None
            out[self.axis] = out[self.axis] + shape[self.axis] if both else None
        return tuple(out)


def merge_masks(masks: list[Any]) -> Any:
    """Keras's ``Merge.compute_mask``: None if any input is unmasked, else their OR.

    Example:
        >>> from modelviz.layers import Embedding, Input
        >>> tokens = Input((5,), dtype="int32")
        >>> a = Embedding(10, 4, mask_zero=True)(tokens)._keras_mask
        >>> b = Embedding(10, 4, mask_zero=True)(tokens)._keras_mask
        >>> mask = merge_masks([a, b])
        >>> mask.shape, mask.dtype, mask._keras_history[0].name
        ((None, 5), 'bool', 'logical_or')
        >>> merge_masks([a, None]) is None  # one unmasked input: no mask
        True
    """
    if not masks or any(m is None for m in masks):
        return None
    output = masks[0]
    for mask in masks[1:]:
        output = LogicalOr()(output, mask)
    return output


def concatenate_masks(inputs: list[KerasTensor], masks: list[Any], axis: int) -> Any:
    """Keras's ``Concatenate.compute_mask``: masks widened to their inputs, joined, reduced.

    Example:
        >>> from modelviz.layers import Embedding, Input
        >>> tokens = Input((5,), dtype="int32")
        >>> x = Embedding(10, 4, mask_zero=True)(tokens)
        >>> y = Embedding(10, 4)(tokens)  # no mask: ones_like(y) stands in for it
        >>> mask = concatenate_masks([x, y], [x._keras_mask, None], axis=-1)
        >>> mask.shape, mask._keras_history[0].class_name
        ((None, 5), 'Any')
        >>> concatenate_masks([x, y], [None, None], axis=-1) is None
        True
    """
    if all(m is None for m in masks):
        return None
    full = []
    for tensor, mask in zip(inputs, masks, strict=True):
        if mask is None:
            full.append(OnesLike()(tensor))
        elif mask.ndim < tensor.ndim:
            full.append(LogicalOr()(ExpandDims(axis=-1)(mask), ZerosLike()(tensor)))
        else:
            full.append(mask)
    return any_mask(Concatenate(axis=axis)(full), axis=-1)
