"""Keras's ``Layer.get_weights`` / ``set_weights`` on weights that have shapes, not values.

``set_weights`` checks what Keras checks (one value per weight, equal shapes) and keeps
nothing; ``get_weights`` raises for a layer with weights, as ``Variable.numpy()`` does.

Example:
    >>> from modelviz.layers import Dense
    >>> Dense(2).get_weights()  # not built: no weights, as in Keras
    []
"""

from __future__ import annotations

from typing import Any

from modelviz.errors import ShapeError

__all__ = ["WeightValues"]


class WeightValues:
    """Keras's ``get_weights`` / ``set_weights``: shapes checked, values never kept.

    Example:
        >>> from modelviz.layers import Embedding
        >>> layer = Embedding(10, 4)
        >>> layer.build((1,))
        >>> layer.set_weights([[[0.0] * 4] * 10])  # accepted: the shapes agree
        >>> layer.set_weights([[[0.0] * 3] * 10])
        Traceback (most recent call last):
            ...
        modelviz.errors.ShapeError: embedding: set_weights(): weight embeddings has shape \
(10, 4), the value given has shape (10, 3)
    """

    def get_weights(self) -> list[Any]:
        """Raises (when there are weights): modelviz knows their shapes, not their values."""
        for weight in self.weights:  # type: ignore[attr-defined]
            raise ShapeError(f"{weight.name}: modelviz knows only the shape {weight.shape} of "
                             "this weight, not its values; use Keras to read or set weights")
        return []

    def set_weights(self, weights: Any) -> None:
        """Keras's checks (one value per weight, same shapes); the values are not kept."""
        own, name = self.weights, self.name  # type: ignore[attr-defined]
        if len(own) != len(weights):
            raise ShapeError(f"{name}: set_weights() got {len(weights)} values, but the layer "
                             f"has {len(own)} weights; build the layer first, as in Keras")
        for weight, value in zip(own, weights, strict=True):
            shape = _value_shape(value)
            if tuple(weight.shape) != shape:
                raise ShapeError(f"{name}: set_weights(): weight {weight.name} has shape "
                                 f"{weight.shape}, the value given has shape {shape}")


def _value_shape(value: Any) -> tuple:
    if hasattr(value, "shape"):
        return tuple(int(d) for d in value.shape)
    if isinstance(value, (list, tuple)):
        return (len(value), *(_value_shape(value[0]) if value else ()))
    return ()
