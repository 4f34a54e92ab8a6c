"""Adaptive pooling: pool to a fixed ``output_size`` whatever the input size, in 1-3 D.

Example:
    >>> AdaptiveAveragePooling2D((4, 5)).compute_output_shape((None, 32, 32, 3))
    (None, 4, 5, 3)
    >>> AdaptiveMaxPooling1D(7, data_format="channels_first").compute_output_shape((None, 3, 20))
    (None, 3, 7)
"""

from __future__ import annotations

from typing import Any, ClassVar

from modelviz.layers.base import Layer, Shape
from modelviz.layers.conv_base import join_channels, split_channels
from modelviz.layers.shape_utils import normalize_data_format, normalize_tuple

__all__ = [
    "AdaptiveAveragePooling1D",
    "AdaptiveAveragePooling2D",
    "AdaptiveAveragePooling3D",
    "AdaptiveMaxPooling1D",
    "AdaptiveMaxPooling2D",
    "AdaptiveMaxPooling3D",
]


class _AdaptivePooling(Layer):
    """The spatial axes become ``output_size``; channels stay."""

    rank: ClassVar[int] = 2

    def __init__(self, output_size: Any, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        try:
            self.output_size = normalize_tuple(output_size, self.rank, "output_size")
            self.data_format = normalize_data_format(data_format)
        except ValueError as err:
            raise self.config_error(str(err)) from err
        if min(self.output_size) <= 0:
            raise self.config_error(f"output_size must hold positive integers, got "
                                    f"{self.output_size}")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """(batch, *output_size, channels), channels first when asked."""
        _, channels = split_channels(self, input_shape, self.rank, self.data_format)
        return join_channels(input_shape[0], self.output_size, channels, self.data_format)


class AdaptiveAveragePooling1D(_AdaptivePooling):
    """Average pooling to ``output_size`` steps."""

    rank = 1


class AdaptiveAveragePooling2D(_AdaptivePooling):
    """Average pooling to ``output_size`` rows and columns."""

    rank = 2


class AdaptiveAveragePooling3D(_AdaptivePooling):
    """Average pooling to ``output_size`` in three dimensions."""

    rank = 3


class AdaptiveMaxPooling1D(_AdaptivePooling):
    """Max pooling to ``output_size`` steps."""

    rank = 1


class AdaptiveMaxPooling2D(_AdaptivePooling):
    """Max pooling to ``output_size`` rows and columns."""

    rank = 2


class AdaptiveMaxPooling3D(_AdaptivePooling):
    """Max pooling to ``output_size`` in three dimensions."""

    rank = 3
