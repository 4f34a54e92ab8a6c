"""Convolution layers: plain, transposed, depthwise and separable, in 1, 2 and 3 dimensions.

One base class per kind holds Keras's rule; the public classes only fix ``rank``.

Example:
    >>> Conv2D(32, 3).compute_output_shape((None, 28, 28, 3))
    (None, 26, 26, 32)
    >>> Conv2D(32, 3).explain((None, 28, 28, 3))
    'kernel 3×3×3×32 + bias 32 = 896'
"""
from __future__ import annotations

from typing import Any

from modelviz.layers.base import Shape, Weight
from modelviz.layers.conv_base import (
    _Convolutional,
    _known_channels,
    _no_dilated_strides,
    make_window,
)
from modelviz.layers.conv_separable import (
    DepthwiseConv1D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
)
from modelviz.layers.conv_transpose import Conv1DTranspose, Conv2DTranspose, Conv3DTranspose
from modelviz.layers.core import positive_int

__all__ = [
    "Conv1D",
    "Conv1DTranspose",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "Convolution1D",
    "Convolution1DTranspose",
    "Convolution2D",
    "Convolution2DTranspose",
    "Convolution3D",
    "Convolution3DTranspose",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution1D",
    "SeparableConvolution2D",
]

class BaseConv(_Convolutional):
    """N-D convolution: kernel (*kernel_size, in_channels / groups, filters), bias (filters,).

    Example:
        >>> Conv2D(64, 3, groups=2).weight_shapes((None, 8, 8, 32))[0].shape
        (3, 3, 16, 64)
    """

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str | None = None, dilation_rate: Any = 1, groups: int = 1,
                 activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, lora_rank: int | None = None,
                 lora_alpha: float | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.filters = positive_int(self, filters, "filters")
        self.groups = positive_int(self, groups, "groups")
        if self.filters % self.groups:
            raise self.config_error(f"filters={self.filters} must be divisible by "
                                    f"groups={self.groups}")
        paddings = ("valid", "same", "causal") if self.rank == 1 else ("valid", "same")
        self.window = make_window(self, self.rank, kernel_size, strides, padding, data_format,
                                  dilation_rate, paddings=paddings)
        _no_dilated_strides(self, self.window)
        self._keep_window_config()
        self.use_bias = bool(use_bias)
        self.lora_rank = positive_int(self, lora_rank, "lora_rank") if lora_rank else None
        if self.lora_rank and kernel_constraint is not None:
            raise self.config_error("LoRA cannot be combined with kernel_constraint; "
                                    "remove one of them")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Keras's ``compute_conv_output_shape``: spatial axes shrink, channels -> filters."""
        return self._conv_output(input_shape, self.filters)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """kernel, bias; with ``lora_rank`` a frozen kernel plus lora_kernel_a/_b."""
        _, channels = self._split(input_shape)
        channels = _known_channels(self, input_shape, channels)
        if channels % self.groups:
            raise self.shape_error(input_shape, f"{channels} input channels are not divisible "
                                   f"by groups={self.groups}", "choose groups dividing the "
                                   "channel count")
        self.compute_output_shape(input_shape)
        kernel = (*self.window.size, channels // self.groups, self.filters)
        weights = [Weight("kernel", kernel, trainable=not self.lora_rank)]
        if self.use_bias:
            weights.append(Weight("bias", (self.filters,)))
        if self.lora_rank:
            weights += [Weight("lora_kernel_a", (*kernel[:-1], self.lora_rank)),
                        Weight("lora_kernel_b", (self.lora_rank, self.filters))]
        return weights


class Conv1D(BaseConv):
    """1-D convolution over (batch, steps, channels); also ``padding="causal"``.

    Example:
        >>> Conv1D(8, 3, padding="causal", strides=2).compute_output_shape((None, 10, 4))
        (None, 5, 8)
    """

    rank = 1


class Conv2D(BaseConv):
    """2-D convolution over (batch, height, width, channels).

    Example:
        >>> Conv2D(16, (3, 5), strides=2).compute_output_shape((None, 32, 32, 3))
        (None, 15, 14, 16)
    """

    rank = 2


class Conv3D(BaseConv):
    """3-D convolution over (batch, depth, height, width, channels).

    Example:
        >>> Conv3D(4, 3, data_format="channels_first").compute_output_shape((None, 2, 8, 8, 8))
        (None, 4, 6, 6, 6)
    """

    rank = 3


# Keras exports the same classes under these names too.
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
