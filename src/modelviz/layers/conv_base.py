"""What every convolution shares: window arguments, channel axes and Keras's fit check.

Example:
    >>> from modelviz.layers import Conv2D
    >>> make_window(Conv2D(1, 1), 2, 3, 2, "same", None).output_lengths((28, 28))
    (14, 14)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from modelviz.layers.base import Layer, Shape, dims
from modelviz.layers.shape_utils import (
    conv_output_length,
    normalize_data_format,
    normalize_padding,
    normalize_tuple,
)

__all__ = ["Window", "join_channels", "make_window", "split_channels"]


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
    """(spatial axes, channel axis) of a ``rank``-D input; a ShapeError on another rank.

    Example:
        >>> from modelviz import layers
        >>> conv = layers.Conv2D(8, 3, name="c")
        >>> split_channels(conv, (None, 32, 32, 3), 2, "channels_last")
        ((32, 32), 3)
        >>> split_channels(conv, (None, 3, 32, 32), 2, "channels_first")
        ((32, 32), 3)
        >>> split_channels(conv, (None, 32, 3), 2, "channels_last")
        Traceback (most recent call last):
            ...
        modelviz.errors.ShapeError: c (Conv2D): expects a 4-D input (batch, height, width, ...
    """
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
    """The inverse of :func:`split_channels`.

    Example:
        >>> join_channels(None, (30, 30), 8, "channels_last")
        (None, 30, 30, 8)
        >>> join_channels(None, (30, 30), 8, "channels_first")
        (None, 8, 30, 30)
    """
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

