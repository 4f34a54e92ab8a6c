"""Convolutional LSTM layers: ConvLSTM1D, ConvLSTM2D, ConvLSTM3D.

Example:
    >>> ConvLSTM2D(4, 3).compute_output_shape((None, 5, 10, 10, 2))
    (None, 8, 8, 4)
"""

from __future__ import annotations

from typing import Any, ClassVar

from modelviz.layers.base import Weight, dims
from modelviz.layers.core import positive_int
from modelviz.layers.recurrent import _Recurrent
from modelviz.layers.shape_utils import (
    conv_output_length,
    normalize_data_format,
    normalize_padding,
    normalize_tuple,
)

__all__ = ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"]


class _ConvLSTM(_Recurrent):
    """Convolutional LSTM over (batch, time, *spatial, channels); rank set by the subclass."""

    _RANK: ClassVar[int] = 2
    _STATES = 2

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str | None = None, dilation_rate: Any = 1,
                 activation: Any = "tanh", recurrent_activation: Any = "sigmoid",
                 use_bias: bool = True, kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 unit_forget_bias: bool = True, kernel_regularizer: Any = None,
                 recurrent_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 recurrent_constraint: Any = None, bias_constraint: Any = None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0, seed: int | None = None,
                 return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.filters = positive_int(self, filters, "filters")
        self.use_bias = bool(use_bias)
        self._setup_sequence(return_sequences, return_state, go_backwards, stateful)
        try:
            self.kernel_size = normalize_tuple(kernel_size, self._RANK, "kernel_size")
            self.strides = normalize_tuple(strides, self._RANK, "strides")
            self.dilation_rate = normalize_tuple(dilation_rate, self._RANK, "dilation_rate")
            self.padding = normalize_padding(padding)
            self.data_format = normalize_data_format(data_format)
        except ValueError as err:
            raise self.config_error(str(err)) from err
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise self.config_error(f"strides > 1 cannot be combined with dilation_rate > 1 "
                                    f"(got strides={self.strides}, dilation_rate="
                                    f"{self.dilation_rate}); set one of them to 1")

    def _step_parts(self, input_shape: Any) -> tuple[tuple[int, ...], int]:
        """Spatial axes and channels of one time step; both must be known, as Keras."""
        step = self._check_sequence(input_shape, self._RANK + 3)[2:]
        first = self.data_format == "channels_first"
        spatial, channels = (step[1:], step[0]) if first else (step[:-1], step[-1])
        if channels is None or None in spatial:
            raise self.shape_error(input_shape, "ConvLSTM needs known spatial and channel axes",
                                   "give every axis but batch and time a size")
        return spatial, channels

    def _state_shape(self, input_shape: Any) -> tuple[int, ...]:
        spatial, _ = self._step_parts(input_shape)
        out = tuple(conv_output_length(n, k, self.padding, s, d) for n, k, s, d in
                    zip(spatial, self.kernel_size, self.strides, self.dilation_rate, strict=True))
        if any(n is not None and n <= 0 for n in out):
            raise self.shape_error(input_shape, f"{dims(self.kernel_size)} kernel does not fit",
                                   'use padding="same" or a smaller kernel')
        if self.data_format == "channels_first":
            return (self.filters, *out)
        return (*out, self.filters)

    def compute_output_shape(self, input_shape: Any) -> Any:
        """Convolution arithmetic on each step; (batch, [time,] *spatial', filters)."""
        return self._outputs(input_shape, self._state_shape(input_shape))

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """kernel (k..., in, 4f), recurrent_kernel (k..., f, 4f), bias (4f,)."""
        _, channels = self._step_parts(input_shape)
        width = 4 * self.filters
        weights = [Weight("kernel", (*self.kernel_size, channels, width)),
                   Weight("recurrent_kernel", (*self.kernel_size, self.filters, width))]
        if self.use_bias:
            weights.append(Weight("bias", (width,)))
        return weights

    def explain(self, input_shape: Any = None) -> str:
        """``4 gates × (kernel 3×3 × (2 in + 4 filters) × 4 + 4 bias) = 880``."""
        weights = self.weights if input_shape is None else self.weight_shapes(input_shape)
        if not weights:
            return f"{type(self).__name__} has no weights until it is called on an input"
        total = sum(w.size for w in weights)
        channels, f = weights[0].shape[-2], self.filters
        bias = f" + {f:,} bias" if self.use_bias else ""
        return (f"4 gates × (kernel {dims(self.kernel_size)} × ({channels:,} in + {f:,} filters)"
                f" × {f:,}{bias}) = {total:,}")


class ConvLSTM1D(_ConvLSTM):
    """1-D convolutional LSTM: input (batch, time, length, channels)."""

    _RANK = 1


class ConvLSTM2D(_ConvLSTM):
    """2-D convolutional LSTM: input (batch, time, rows, cols, channels)."""

    _RANK = 2


class ConvLSTM3D(_ConvLSTM):
    """3-D convolutional LSTM: input (batch, time, dim1, dim2, dim3, channels)."""

    _RANK = 3

