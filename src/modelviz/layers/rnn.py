"""Recurrent layers: SimpleRNN, LSTM, GRU, ConvLSTM1D/2D/3D and the wrappers.

A recurrent layer reads ``(batch, time, features)`` and returns its last output
``(batch, units)`` or, with ``return_sequences``, every step's; ``return_state``
appends the final states as a list, as Keras's ``RNN.compute_output_shape``.
Each gate owns an input kernel, a recurrent kernel and a bias.

Example:
    >>> LSTM(50).weight_shapes((None, 10, 1))[1]
    Weight(name='recurrent_kernel', shape=(50, 200), trainable=True)
    >>> LSTM(50).explain((None, 10, 1))
    '4 gates × ((1 input + 50 units) × 50 + 50 bias) = 10,400'
    >>> GRU(4, return_state=True).compute_output_shape((None, 7, 3))
    [(None, 4), (None, 4)]
"""

from __future__ import annotations

from typing import Any, ClassVar

from modelviz.layers.base import Layer, Shape, Weight, dims
from modelviz.layers.core import known_last_axis, positive_int
from modelviz.layers.shape_utils import (
    conv_output_length,
    normalize_data_format,
    normalize_padding,
    normalize_tuple,
)

__all__ = [
    "GRU",
    "LSTM",
    "Bidirectional",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "CuDNNGRU",
    "CuDNNLSTM",
    "SimpleRNN",
    "TimeDistributed",
]

_MERGE_MODES: tuple[str | None, ...] = ("concat", "sum", "mul", "ave", None)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def _without_total(explanation: str) -> str:
    """An explanation's formula without its ``= total``, bracketed if it is a sum."""
    formula = explanation.rsplit(" = ", 1)[0]
    depth = 0
    for i, char in enumerate(formula):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and formula.startswith(" + ", i):
            return f"({formula})"
    return formula


class _Recurrent(Layer):
    """Sequence handling shared by every recurrent layer: rank, statefulness, outputs."""

    supports_masking = True
    takes_mask = True

    _STATES: ClassVar[int] = 1

    def _setup_sequence(self, return_sequences: bool, return_state: bool, go_backwards: bool,
                        stateful: bool) -> None:
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)

    def _check_sequence(self, input_shape: Any, rank: int = 3) -> Shape:
        """The input must be (batch, time, ...) of ``rank`` axes; stateful needs a batch size."""
        if not isinstance(input_shape, tuple) or len(input_shape) != rank:
            got = len(input_shape) if isinstance(input_shape, tuple) else "a list of"
            raise self.shape_error(input_shape, f"expects a {rank}-D input (batch, time, ...), "
                                   f"got {got} axes", "reshape the input to (batch, time, "
                                   "features), e.g. with Reshape or TimeDistributed")
        if self.stateful and input_shape[0] is None:
            raise self.shape_error(input_shape, "stateful=True needs a static batch size",
                                   "give the input a batch size, e.g. Input(..., batch_size=32)")
        return input_shape

    def _outputs(self, input_shape: Shape, state: tuple[int | None, ...]) -> Any:
        """Output (every step or the last) plus the states when ``return_state``."""
        batch, steps = input_shape[0], input_shape[1]
        output = (batch, steps, *state) if self.return_sequences else (batch, *state)
        if not self.return_state:
            return output
        return [output] + [(batch, *state)] * self._STATES

    def compute_mask(self, inputs: Any, previous_mask: Any) -> Any:
        """Keras: the time-step mask survives only with ``return_sequences``."""
        masks = previous_mask if isinstance(previous_mask, list) else [previous_mask]
        return masks[0] if self.return_sequences else None


class _GatedRNN(_Recurrent):
    """SimpleRNN/LSTM/GRU: kernel (in, gates×units), recurrent_kernel (units, gates×units)."""

    _GATES: ClassVar[int] = 1
    _BIASES: ClassVar[int] = 1

    def _setup_units(self, units: int, use_bias: bool) -> None:
        self.units = positive_int(self, units, "units")
        self.use_bias = bool(use_bias)
        self._biases = self._BIASES

    def _bias_shape(self) -> tuple[int, ...]:
        return (self._biases * self._GATES * self.units,)

    def compute_output_shape(self, input_shape: Any) -> Any:
        """(batch, units), (batch, time, units) with return_sequences, plus states."""
        return self._outputs(self._check_sequence(input_shape), (self.units,))

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """kernel, recurrent_kernel and bias, every gate side by side."""
        in_dim = known_last_axis(self, self._check_sequence(input_shape))
        width = self._GATES * self.units
        weights = [Weight("kernel", (in_dim, width)),
                   Weight("recurrent_kernel", (self.units, width))]
        if self.use_bias:
            weights.append(Weight("bias", self._bias_shape()))
        return weights

    def explain(self, input_shape: Any = None) -> str:
        """``4 gates × ((1 input + 50 units) × 50 + 50 bias) = 10,400``."""
        weights = self.weights if input_shape is None else self.weight_shapes(input_shape)
        if not weights:
            return f"{type(self).__name__} has no weights until it is called on an input"
        total = sum(w.size for w in weights)
        units = self.units
        body = f"({_plural(weights[0].shape[0], 'input')} + {units:,} units) × {units:,}"
        if self.use_bias and self._biases > 1:
            body += f" + {self._biases} × {units:,} biases"
        elif self.use_bias:
            body += f" + {units:,} bias"
        if self._GATES == 1:
            return f"{body} = {total:,}"
        return f"{self._GATES} gates × ({body}) = {total:,}"


class SimpleRNN(_GatedRNN):
    """Fully connected recurrence: one tanh gate."""

    def __init__(self, units: int, activation: Any = "tanh", use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, recurrent_regularizer: Any = None,
                 bias_regularizer: Any = None, activity_regularizer: Any = None,
                 kernel_constraint: Any = None, recurrent_constraint: Any = None,
                 bias_constraint: Any = None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, return_sequences: bool = False,
                 return_state: bool = False, go_backwards: bool = False, stateful: bool = False,
                 unroll: bool = False, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self._setup_units(units, use_bias)
        self._setup_sequence(return_sequences, return_state, go_backwards, stateful)


class LSTM(_GatedRNN):
    """Long short-term memory: 4 gates (input, forget, cell, output), states [h, c]."""

    _GATES = 4
    _STATES = 2

    def __init__(self, units: int, activation: Any = "tanh",
                 recurrent_activation: Any = "sigmoid", use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 unit_forget_bias: bool = True, kernel_regularizer: Any = None,
                 recurrent_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 recurrent_constraint: Any = None, bias_constraint: Any = None,
                 dropout: float = 0.0, recurrent_dropout: float = 0.0, seed: int | None = None,
                 return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 use_cudnn: Any = "auto", **kwargs: Any) -> None:
        implementation = kwargs.pop("implementation", 2)  # Keras pops it the same way
        super().__init__(**kwargs)
        self._set_config(locals())
        self._setup_units(units, use_bias)
        self._setup_sequence(return_sequences, return_state, go_backwards, stateful)
        self.implementation = implementation


class GRU(_GatedRNN):
    """Gated recurrent unit: 3 gates; ``reset_after`` (default) keeps 2 bias vectors."""

    _GATES = 3

    def __init__(self, units: int, activation: Any = "tanh",
                 recurrent_activation: Any = "sigmoid", use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, recurrent_regularizer: Any = None,
                 bias_regularizer: Any = None, activity_regularizer: Any = None,
                 kernel_constraint: Any = None, recurrent_constraint: Any = None,
                 bias_constraint: Any = None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, seed: int | None = None,
                 return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 reset_after: bool = True, use_cudnn: Any = "auto", **kwargs: Any) -> None:
        implementation = kwargs.pop("implementation", 2)  # Keras pops it the same way
        super().__init__(**kwargs)
        self._set_config(locals())
        self._setup_units(units, use_bias)
        self._setup_sequence(return_sequences, return_state, go_backwards, stateful)
        self.reset_after = bool(reset_after)
        self._biases = 2 if self.reset_after else 1
        self.implementation = implementation

    def _bias_shape(self) -> tuple[int, ...]:
        """(2, 3×units) with reset_after (input and recurrent biases), else (3×units,)."""
        if self.reset_after:
            return (2, self._GATES * self.units)
        return (self._GATES * self.units,)


class CuDNNLSTM(_GatedRNN):
    """Keras 2's cuDNN LSTM: like LSTM, but two biases per gate, bias (8×units,)."""

    _GATES = 4
    _STATES = 2
    _BIASES = 2

    def __init__(self, units: int, kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 unit_forget_bias: bool = True, kernel_regularizer: Any = None,
                 recurrent_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 recurrent_constraint: Any = None, bias_constraint: Any = None,
                 return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self._setup_units(units, True)
        self._setup_sequence(return_sequences, return_state, go_backwards, stateful)


class CuDNNGRU(_GatedRNN):
    """Keras 2's cuDNN GRU: like GRU, but bias (6×units,)."""

    _GATES = 3
    _BIASES = 2

    def __init__(self, units: int, kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, recurrent_regularizer: Any = None,
                 bias_regularizer: Any = None, activity_regularizer: Any = None,
                 kernel_constraint: Any = None, recurrent_constraint: Any = None,
                 bias_constraint: Any = None, return_sequences: bool = False,
                 return_state: bool = False, go_backwards: bool = False, stateful: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self._setup_units(units, True)
        self._setup_sequence(return_sequences, return_state, go_backwards, stateful)


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


def _wrapped_config(layer: Layer) -> dict[str, Any]:
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def _as_trainable(weights: list[Weight], layer: Layer, prefix: str = "") -> list[Weight]:
    """An inner layer's weights under ``prefix``, frozen when that layer is."""
    return [Weight(prefix + w.name, w.shape, w.trainable and layer.trainable) for w in weights]


class Bidirectional(Layer):
    """Runs a recurrent layer forwards and a copy backwards, then merges the two outputs."""

    supports_masking = True
    takes_mask = True

    def __init__(self, layer: Layer, merge_mode: str | None = "concat", weights: Any = None,
                 backward_layer: Layer | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        del self._config["weights"]  # initial values, not part of Keras's config
        self._config["layer"] = _wrapped_config(layer) if isinstance(layer, Layer) else None
        if backward_layer is not None:
            self._config["backward_layer"] = _wrapped_config(backward_layer)
        if merge_mode not in _MERGE_MODES:
            raise self.config_error(f"merge_mode must be one of {list(_MERGE_MODES)}, "
                                    f"got {merge_mode!r}")
        self.merge_mode = merge_mode
        self.forward_layer = self._recurrent(layer, "layer")
        self.backward_layer = self._recurrent(backward_layer or layer, "backward_layer")
        self._forward_name = "forward_" + layer.name.removeprefix("forward_")
        self._backward_name = (backward_layer.name if backward_layer is not None
                               else "backward_" + layer.name.removeprefix("backward_"))
        if backward_layer is not None:
            self._check_pair(backward_layer)

    def _recurrent(self, layer: Any, what: str) -> _Recurrent:
        if not isinstance(layer, _Recurrent):
            raise self.config_error(f"{what} must be a recurrent layer instance (LSTM, GRU, "
                                    f"SimpleRNN, ...), got {layer!r}")
        return layer

    def _check_pair(self, backward: _Recurrent) -> None:
        """Keras's ``_verify_layer_config``: opposite directions, same output options."""
        forward = self.forward_layer
        if forward.go_backwards == backward.go_backwards:
            raise self.config_error("forward and backward layers need different go_backwards "
                                    "values; set go_backwards=True on backward_layer")
        for attr in ("stateful", "return_sequences", "return_state"):
            if getattr(forward, attr) != getattr(backward, attr):
                raise self.config_error(f"forward and backward layers need the same {attr}")

    @property
    def return_sequences(self) -> bool:
        """Taken from the wrapped layer."""
        return self.forward_layer.return_sequences

    @property
    def return_state(self) -> bool:
        """Taken from the wrapped layer."""
        return self.forward_layer.return_state

    def compute_output_shape(self, input_shape: Any) -> Any:
        """Keras's rule: concat doubles the forward size; None returns both outputs."""
        output = self.forward_layer.compute_output_shape(input_shape)
        states: list[Shape] = []
        if self.return_state:
            output, states = output[0], output[1:]
        if self.merge_mode == "concat":
            output = (*output[:-1], output[-1] * 2)
        outputs = [output, output] if self.merge_mode is None else [output]
        if not self.return_state and self.merge_mode is not None:
            return output
        return outputs + states + states

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """The forward copy's weights, then the backward copy's."""
        forward = self.forward_layer.weight_shapes(input_shape)
        backward = self.backward_layer.weight_shapes(input_shape)
        return (_as_trainable(forward, self.forward_layer, self._forward_name + "/")
                + _as_trainable(backward, self.backward_layer, self._backward_name + "/"))

    def explain(self, input_shape: Any = None) -> str:
        """``2 directions × 4 gates × ((8 inputs + 8 units) × 8 + 8 bias) = 1,088``."""
        shape = self._built_shape if input_shape is None else input_shape
        if shape is None:
            return "Bidirectional has no weights until it is called on an input"
        total = sum(w.size for w in self.weight_shapes(shape))
        forward = _without_total(self.forward_layer.explain(shape))
        if self.backward_layer is self.forward_layer:
            return f"2 directions × {forward} = {total:,}"
        backward = _without_total(self.backward_layer.explain(shape))
        return f"forward {forward} + backward {backward} = {total:,}"

    def compute_mask(self, inputs: Any, previous_mask: Any) -> Any:
        """Keras: the time-step mask survives only with ``return_sequences``."""
        masks = previous_mask if isinstance(previous_mask, list) else [previous_mask]
        return masks[0] if self.return_sequences else None


class TimeDistributed(Layer):
    """Applies ``layer`` to every time step: input (batch, time, ...) -> (batch, time, ...)."""

    supports_masking = True
    takes_mask = True

    def __init__(self, layer: Layer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if not isinstance(layer, Layer):
            raise self.config_error(f"layer must be a layer instance, got {layer!r}")
        self._config["layer"] = _wrapped_config(layer)
        self.layer = layer

    def _step_shape(self, input_shape: Any) -> Shape:
        if not isinstance(input_shape, tuple) or len(input_shape) < 3:
            raise self.shape_error(input_shape, "expects at least 3 axes (batch, time, ...)",
                                   "give the input a time axis after the batch axis")
        return (input_shape[0], *input_shape[2:])

    def compute_output_shape(self, input_shape: Any) -> Shape:
        """(batch, time, *inner output without its batch axis)."""
        inner = self.layer.compute_output_shape(self._step_shape(input_shape))
        return (inner[0], input_shape[1], *inner[1:])

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """The inner layer's weights for one time step."""
        step = self._step_shape(input_shape)
        return _as_trainable(self.layer.weight_shapes(step), self.layer)

    def build(self, input_shape: Any) -> None:
        """Build this wrapper and the inner layer on one time step's shape."""
        super().build(input_shape)
        if not self.layer.built:
            self.layer.build(self._step_shape(self._built_shape))

    def explain(self, input_shape: Any = None) -> str:
        """The inner layer's explanation, for one time step (weights are shared over time)."""
        shape = self._built_shape if input_shape is None else input_shape
        if shape is None:
            return "TimeDistributed has no weights until it is called on an input"
        return self.layer.explain(self._step_shape(shape))
