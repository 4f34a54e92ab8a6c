"""Convolution layers: plain, transposed, depthwise and separable, in 1, 2 and 3 dimensions.

One base class per kind holds Keras's rule; the public classes only fix ``rank``.

Example:
    >>> Conv2D(32, 3).compute_output_shape((None, 28, 28, 3))
    (None, 26, 26, 32)
    >>> Conv2D(32, 3).explain((None, 28, 28, 3))
    'kernel 3×3×3×32 + bias 32 = 896'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from modelviz.layers.base import Layer, Shape, Weight, dims, explain_weights
from modelviz.layers.core import positive_int
from modelviz.layers.shape_utils import (
    conv_output_length,
    deconv_output_length,
    normalize_data_format,
    normalize_padding,
    normalize_tuple,
)

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


@dataclass(frozen=True)
class Window:
    """A sliding window's geometry, normalized as Keras's ``standardize_*`` helpers do."""

    size: tuple[int, ...]
    strides: tuple[int, ...]
    padding: str
    data_format: str
    dilation_rate: tuple[int, ...]

    def output_lengths(self, spatial: tuple[int | None, ...]) -> tuple[int | None, ...]:
        """Keras's ``compute_conv_output_shape`` rule on each spatial axis."""
        return tuple(conv_output_length(n, k, self.padding, s, d) for n, k, s, d in
                     zip(spatial, self.size, self.strides, self.dilation_rate, strict=True))


def make_window(layer: Layer, rank: int, size: Any, strides: Any, padding: Any,
                data_format: Any, dilation_rate: Any = 1, size_name: str = "kernel_size",
                paddings: tuple[str, ...] = ("valid", "same")) -> Window:
    """Check and normalize window arguments; a LayerConfigError names the layer."""
    try:
        window = Window(normalize_tuple(size, rank, size_name),
                        normalize_tuple(strides, rank, "strides"),
                        normalize_padding(padding, paddings), normalize_data_format(data_format),
                        normalize_tuple(dilation_rate, rank, "dilation_rate"))
    except ValueError as err:
        raise layer.config_error(str(err)) from err
    named = {size_name: window.size, "strides": window.strides,
             "dilation_rate": window.dilation_rate}
    for name, value in named.items():
        if min(value) <= 0:
            raise layer.config_error(f"{name} must hold positive integers, got {value}")
    return window


def split_channels(layer: Layer, input_shape: Shape, rank: int,
                   data_format: str) -> tuple[tuple[int | None, ...], int | None]:
    """(spatial axes, channel axis) of a ``rank``-D input; a ShapeError on another rank."""
    if not isinstance(input_shape, tuple) or len(input_shape) != rank + 2:
        axes = "steps" if rank == 1 else ", ".join(("depth", "height", "width")[3 - rank:])
        raise layer.shape_error(input_shape, f"expects a {rank + 2}-D input (batch, {axes}, "
                                "channels)", "give the input exactly that rank, e.g. with "
                                "Reshape")
    if data_format == "channels_first":
        return tuple(input_shape[2:]), input_shape[1]
    return tuple(input_shape[1:-1]), input_shape[-1]


def join_channels(batch: int | None, spatial: tuple[int | None, ...], channels: int | None,
                  data_format: str) -> Shape:
    """The inverse of :func:`split_channels`."""
    if data_format == "channels_first":
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


def _known_channels(layer: Layer, input_shape: Shape, channels: int | None) -> int:
    if channels is None:
        raise layer.shape_error(input_shape, "the channel axis is undefined (None), so the "
                                "kernel size is unknown", "give the channel axis a size")
    return channels


def _fitting(layer: Layer, input_shape: Shape, window: Window, what: str,
             lengths: tuple[int | None, ...]) -> tuple[int | None, ...]:
    """Keras raises when a valid-padded window leaves a length <= 0."""
    if all(n is None or n > 0 for n in lengths):
        return lengths
    span = tuple((k - 1) * d + 1 for k, d in zip(window.size, window.dilation_rate, strict=True))
    dilated = f" (dilated to {dims(span)})" if span != window.size else ""
    raise layer.shape_error(input_shape, f"{dims(window.size)} {what}{dilated} does not fit",
                            'use padding="same", a smaller window or a larger input')


class _Convolutional(Layer):
    """What every convolution shares: a window over the spatial axes of a known rank."""

    rank: ClassVar[int] = 2
    window: Window

    def _split(self, input_shape: Shape) -> tuple[tuple[int | None, ...], int | None]:
        return split_channels(self, input_shape, self.rank, self.window.data_format)

    def _conv_output(self, input_shape: Shape, channels_out: int | None) -> Shape:
        spatial, _ = self._split(input_shape)
        lengths = _fitting(self, input_shape, self.window, "kernel",
                           self.window.output_lengths(spatial))
        return join_channels(input_shape[0], lengths, channels_out, self.window.data_format)

    def _keep_window_config(self) -> None:
        """Report normalized window arguments, as Keras's ``get_config`` does."""
        self._config.update(kernel_size=list(self.window.size),
                            strides=list(self.window.strides), padding=self.window.padding,
                            data_format=self.window.data_format,
                            dilation_rate=list(self.window.dilation_rate))


def _no_dilated_strides(layer: Layer, window: Window) -> None:
    if max(window.strides) > 1 and max(window.dilation_rate) > 1:
        raise layer.config_error(f"strides > 1 cannot be combined with dilation_rate > 1 "
                                 f"(got strides={window.strides}, "
                                 f"dilation_rate={window.dilation_rate}); set one of them to 1")


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


# Keras exports the same classes under these names too.
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
