"""Keras 3 operations that appear as graph nodes without being layers.

Keras records ``ops.not_equal`` and ``ops.any`` in a functional model when a
``Masking`` or ``Embedding(mask_zero=True)`` layer computes its mask; the summary
lists them (``not_equal (NotEqual)``), ``model.layers`` does not.

Example:
    >>> NotEqual().compute_output_shape((None, 5, 16))
    (None, 5, 16)
    >>> Any(axis=-1).compute_output_shape((None, 5, 16))
    (None, 5)
"""

from __future__ import annotations

from typing import Any as AnyType

from modelviz.layers.base import KerasTensor, Layer, Shape

__all__ = ["Any", "NotEqual", "Operation"]


class Operation(Layer):
    """A weightless operation node (``is_operation``: kept out of ``model.layers``)."""

    is_operation = True

    def _output_dtype(self) -> str:
        return "bool"


class NotEqual(Operation):
    """``ops.not_equal(x, value)``: elementwise, the shape of ``x``."""

    def __init__(self, **kwargs: AnyType) -> None:
        super().__init__(**kwargs)


class Any(Operation):
    """``ops.any(x, axis, keepdims)``: reduces ``axis``."""

    def __init__(self, axis: int | None = None, keepdims: bool = False, **kwargs: AnyType) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.axis = axis
        self.keepdims = keepdims

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Drop (or keep as 1) the reduced axis."""
        if self.axis is None:
            return (1,) * len(input_shape) if self.keepdims else ()
        axis = self.axis % len(input_shape)
        if self.keepdims:
            return (*input_shape[:axis], 1, *input_shape[axis + 1:])
        return (*input_shape[:axis], *input_shape[axis + 1:])


def not_equal_mask(inputs: KerasTensor, value: float) -> KerasTensor:
    """The graph nodes of ``ops.not_equal(inputs, value)``."""
    return NotEqual()(inputs, value)


def any_mask(inputs: KerasTensor, axis: int = -1) -> KerasTensor:
    """The graph nodes of ``ops.any(inputs, axis=axis)``."""
    return Any(axis=axis)(inputs)
