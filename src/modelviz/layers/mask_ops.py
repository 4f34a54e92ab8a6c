"""The operations Keras 3 records while merge layers combine their inputs' masks.

``Merge.compute_mask`` joins masks with ``ops.logical_or``; ``Concatenate.compute_mask``
broadcasts each mask to its input (``expand_dims``, ``zeros_like``, ``logical_or``), uses
``ones_like`` for an unmasked input, concatenates and reduces with ``ops.any``. Each call
is a graph node in Keras's functional model, so each is one here, made by the same
operations as :mod:`modelviz.ops` (:func:`modelviz.layers.ops.call_op`).

Example:
    >>> from modelviz import Input
    >>> a, b = Input((7,)), Input((7,))
    >>> mask = merge_masks([a, b])
    >>> mask._keras_history[0].class_name, mask.shape
    ('LogicalOr', (None, 7))
    >>> merge_masks([a, None]) is None
    True
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import KerasTensor
from modelviz.layers.ops import call_op

__all__ = ["concatenate_masks", "convert_mask", "merge_masks"]


def merge_masks(masks: list[Any]) -> Any:
    """Keras's ``Merge.compute_mask``: None if any input is unmasked, else their OR."""
    if not masks or any(m is None for m in masks):
        return None
    output = masks[0]
    for mask in masks[1:]:
        output = call_op("logical_or", output, mask)
    return output


def concatenate_masks(inputs: list[KerasTensor], masks: list[Any], axis: int) -> Any:
    """Keras's ``Concatenate.compute_mask``: masks widened to their inputs, joined, reduced.

    Example:
        >>> from modelviz import Input
        >>> x, y = Input((5, 3)), Input((5, 2))
        >>> concatenate_masks([x, y], [Input((5,)), None], axis=-1).shape
        (None, 5)
    """
    if all(m is None for m in masks):
        return None
    full = []
    for tensor, mask in zip(inputs, masks, strict=True):
        if mask is None:
            full.append(call_op("ones_like", tensor))
        elif mask.ndim < tensor.ndim:
            full.append(call_op("logical_or", call_op("expand_dims", mask, axis=-1),
                                call_op("zeros_like", tensor)))
        else:
            full.append(mask)
    return call_op("any", call_op("concatenate", full, axis=axis), axis=-1)


def convert_mask(mask: Any) -> Any:
    """Keras's ``ops.convert_to_tensor(mask)``: one ``ConvertToTensor`` node.

    Example:
        >>> from modelviz import Input
        >>> convert_mask(Input((4,)))._keras_history[0].class_name
        'ConvertToTensor'
    """
    return call_op("convert_to_tensor", mask)
