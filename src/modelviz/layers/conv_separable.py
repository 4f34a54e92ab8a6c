"""Depthwise and separable convolutions in 1 and 2 dimensions.

Example:
    >>> DepthwiseConv2D(3).compute_output_shape((None, 10, 10, 4))
    (None, 8, 8, 4)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Shape, Weight, explain_weights
from modelviz.layers.conv_base import _Convolutional, _known_channels, make_window
from modelviz.layers.core import positive_int

__all__ = [
    "BaseDepthwiseConv",
    "BaseSeparableConv",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "SeparableConv1D",
    "SeparableConv2D",
]


class BaseDepthwiseConv(_Convolutional):
    """Depthwise convolution: kernel (*kernel_size, in, depth_multiplier), bias (in × mult,).

    Keras 3 names the depthwise weight ``kernel``.

    Example:
        >>> DepthwiseConv2D(3, depth_multiplier=2).explain((None, 10, 10, 4))
        'kernel 3×3×4×2 + bias 8 = 80'
    """

    def __init__(self, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 depth_multiplier: int = 1, data_format: str | None = None,
                 dilation_rate: Any = 1, activation: Any = None, use_bias: bool = True,
                 depthwise_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 depthwise_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, depthwise_constraint: Any = None,
                 bias_constraint: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.depth_multiplier = positive_int(self, depth_multiplier, "depth_multiplier")
        self.window = make_window(self, self.rank, kernel_size, strides, padding, data_format,
                                  dilation_rate)
        self._keep_window_config()
        self.use_bias = bool(use_bias)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Each input channel gives ``depth_multiplier`` output channels."""
        _, channels = self._split(input_shape)
        channels = _known_channels(self, input_shape, channels)
        return self._conv_output(input_shape, channels * self.depth_multiplier)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """kernel (*kernel_size, in, depth_multiplier), bias (in × depth_multiplier,)."""
        self.compute_output_shape(input_shape)
        channels = _known_channels(self, input_shape, self._split(input_shape)[1])
        weights = [Weight("kernel", (*self.window.size, channels, self.depth_multiplier))]
        if self.use_bias:
            weights.append(Weight("bias", (channels * self.depth_multiplier,)))
        return weights


class DepthwiseConv1D(BaseDepthwiseConv):
    """1-D depthwise convolution.

    Example:
        >>> DepthwiseConv1D(3, depth_multiplier=2).compute_output_shape((None, 10, 4))
        (None, 8, 8)
    """

    rank = 1


class DepthwiseConv2D(BaseDepthwiseConv):
    """2-D depthwise convolution.

    Example:
        >>> DepthwiseConv2D(3, padding="same").compute_output_shape((None, 10, 10, 4))
        (None, 10, 10, 4)
    """

    rank = 2


_SHORT_NAMES = {"depthwise_kernel": "depthwise", "pointwise_kernel": "pointwise"}


class BaseSeparableConv(_Convolutional):
    """Depthwise then 1×1 pointwise convolution: depthwise_kernel, pointwise_kernel, bias.

    Example:
        >>> SeparableConv2D(64, 3).explain((None, 28, 28, 32))
        'depthwise 3×3×32×1 + pointwise 1×1×32×64 + bias 64 = 2,400'
    """

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str | None = None, dilation_rate: Any = 1,
                 depth_multiplier: int = 1, activation: Any = None, use_bias: bool = True,
                 depthwise_initializer: Any = "glorot_uniform",
                 pointwise_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 depthwise_regularizer: Any = None, pointwise_regularizer: Any = None,
                 bias_regularizer: Any = None, activity_regularizer: Any = None,
                 depthwise_constraint: Any = None, pointwise_constraint: Any = None,
                 bias_constraint: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.filters = positive_int(self, filters, "filters")
        self.depth_multiplier = positive_int(self, depth_multiplier, "depth_multiplier")
        self.window = make_window(self, self.rank, kernel_size, strides, padding, data_format,
                                  dilation_rate)
        self._keep_window_config()
        self.use_bias = bool(use_bias)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """As a plain convolution with ``filters`` outputs."""
        return self._conv_output(input_shape, self.filters)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """depthwise (*k, in, mult), pointwise (1, ..., in × mult, filters), bias (filters,)."""
        self.compute_output_shape(input_shape)
        channels = _known_channels(self, input_shape, self._split(input_shape)[1])
        mid = channels * self.depth_multiplier
        weights = [Weight("depthwise_kernel", (*self.window.size, channels,
                                               self.depth_multiplier)),
                   Weight("pointwise_kernel", (*(1,) * self.rank, mid, self.filters))]
        if self.use_bias:
            weights.append(Weight("bias", (self.filters,)))
        return weights

    def explain(self, input_shape: Any = None) -> str:
        """``depthwise 3×3×32×1 + pointwise 1×1×32×64 + bias 64 = 2,400``."""
        weights = self.weights if input_shape is None else self.weight_shapes(input_shape)
        short = [Weight(_SHORT_NAMES.get(w.name, w.name), w.shape, w.trainable)
                 for w in weights]
        return explain_weights(type(self).__name__, short)


class SeparableConv1D(BaseSeparableConv):
    """1-D separable convolution.

    Example:
        >>> SeparableConv1D(8, 3, depth_multiplier=2).explain((None, 10, 4))
        'depthwise 3×4×2 + pointwise 1×8×8 + bias 8 = 96'
    """

    rank = 1


class SeparableConv2D(BaseSeparableConv):
    """2-D separable convolution.

    Example:
        >>> SeparableConv2D(64, 3, strides=2).compute_output_shape((None, 28, 28, 32))
        (None, 13, 13, 64)
    """

    rank = 2

