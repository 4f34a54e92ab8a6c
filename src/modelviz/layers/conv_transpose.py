"""Transposed convolutions: Conv1DTranspose, Conv2DTranspose, Conv3DTranspose.

Example:
    >>> Conv2DTranspose(8, 3, strides=2).compute_output_shape((None, 7, 7, 4))
    (None, 15, 15, 8)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Shape, Weight
from modelviz.layers.conv_base import (
    _Convolutional,
    _known_channels,
    _no_dilated_strides,
    join_channels,
    make_window,
)
from modelviz.layers.core import positive_int
from modelviz.layers.shape_utils import deconv_output_length, normalize_tuple

__all__ = ["BaseConvTranspose", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"]


class BaseConvTranspose(_Convolutional):
    """Transposed convolution: kernel (*kernel_size, filters, in_channels), bias (filters,).

    Example:
        >>> Conv2DTranspose(8, 3, strides=2).weight_shapes((None, 7, 7, 4))[0].shape
        (3, 3, 8, 4)
    """

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 output_padding: Any = None, data_format: str | None = None,
                 dilation_rate: Any = 1, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.filters = positive_int(self, filters, "filters")
        self.window = make_window(self, self.rank, kernel_size, strides, padding, data_format,
                                  dilation_rate)
        self.output_padding = self._output_padding(output_padding)
        _no_dilated_strides(self, self.window)
        self._keep_window_config()
        self.use_bias = bool(use_bias)

    def _output_padding(self, value: Any) -> tuple[int, ...] | None:
        """None, or one integer per axis in [0, stride)."""
        if value is None:
            return None
        try:
            padding = normalize_tuple(value, self.rank, "output_padding")
        except ValueError as err:
            raise self.config_error(str(err)) from err
        if any(not 0 <= p < s for p, s in zip(padding, self.window.strides, strict=True)):
            raise self.config_error(f"output_padding {padding} must be >= 0 and smaller than "
                                    f"strides {self.window.strides} on every axis")
        self._config["output_padding"] = list(padding)
        return padding

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Keras's ``compute_conv_transpose_output_shape``: spatial axes grow by the strides."""
        spatial, _ = self._split(input_shape)
        window = self.window
        pads = self.output_padding or (None,) * self.rank
        lengths = tuple(deconv_output_length(n, k, window.padding, s, p, d) for n, k, s, p, d in
                        zip(spatial, window.size, window.strides, pads, window.dilation_rate,
                            strict=True))
        return join_channels(input_shape[0], lengths, self.filters, window.data_format)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """kernel (*kernel_size, filters, in_channels), bias (filters,)."""
        _, channels = self._split(input_shape)
        channels = _known_channels(self, input_shape, channels)
        weights = [Weight("kernel", (*self.window.size, self.filters, channels))]
        if self.use_bias:
            weights.append(Weight("bias", (self.filters,)))
        return weights


class Conv1DTranspose(BaseConvTranspose):
    """1-D transposed convolution.

    Example:
        >>> Conv1DTranspose(4, 3, strides=2).compute_output_shape((None, 10, 8))
        (None, 21, 4)
    """

    rank = 1


class Conv2DTranspose(BaseConvTranspose):
    """2-D transposed convolution.

    Example:
        >>> Conv2DTranspose(8, 3, 2, "same").compute_output_shape((None, 7, 7, 4))
        (None, 14, 14, 8)
    """

    rank = 2


class Conv3DTranspose(BaseConvTranspose):
    """3-D transposed convolution (Keras puts ``data_format`` before ``output_padding`` here).

    Example:
        >>> Conv3DTranspose(2, 2, strides=2).compute_output_shape((None, 4, 4, 4, 8))
        (None, 8, 8, 8, 2)
    """

    rank = 3

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str | None = None, output_padding: Any = None,
                 dilation_rate: Any = 1, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, **kwargs: Any) -> None:
        super().__init__(
            filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate,
            activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
            bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint, **kwargs)

