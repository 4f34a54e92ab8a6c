"""The custom layers ``keras.applications`` defines for its own models.

``CustomScaleLayer`` (InceptionResNetV2: ``inputs[0] + inputs[1] * scale``),
``LayerScale`` (ConvNeXt: a trainable per-channel ``gamma``) and
``StochasticDepth`` (ConvNeXt with ``drop_path_rate``: identity at inference),
with Keras's class names and arguments, so rows read as Keras's do.

Example:
    >>> from modelviz import layers
    >>> x = layers.Input((7, 7, 96))
    >>> scale = LayerScale(1e-6, 96)
    >>> scale(x).shape, scale.count_params()
    ((None, 7, 7, 96), 96)
    >>> CustomScaleLayer(0.1)([x, x]).shape
    (None, 7, 7, 96)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer
from modelviz.layers.tensors import Weight

__all__ = ["CustomScaleLayer", "LayerScale", "StochasticDepth"]


class CustomScaleLayer(Layer):
    """``inputs[0] + inputs[1] * scale`` for two tensors of one shape; no weights.

    Example:
        >>> CustomScaleLayer(0.17).compute_output_shape([(None, 8, 8, 3), (None, 8, 8, 3)])
        (None, 8, 8, 3)
    """

    def __init__(self, scale: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())

    def compute_output_shape(self, input_shape: Any) -> Any:
        """The shape of the first input."""
        return tuple(input_shape[0])


class LayerScale(Layer):
    """Multiplies by a trainable ``gamma`` of ``projection_dim`` values.

    Example:
        >>> [w.shape for w in LayerScale(1e-6, 4).weight_shapes((None, 2, 2, 4))]
        [(4,)]
    """

    def __init__(self, init_values: float, projection_dim: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.projection_dim = projection_dim

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """gamma (projection_dim,), trainable."""
        return [Weight("gamma", (self.projection_dim,))]


class StochasticDepth(Layer):
    """Drops the residual path at random while training; the identity otherwise.

    Example:
        >>> StochasticDepth(0.1).compute_output_shape((None, 7, 7, 96))
        (None, 7, 7, 96)
    """

    def __init__(self, drop_path_rate: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
