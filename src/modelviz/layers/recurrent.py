"""Recurrent layers over (batch, time, features): SimpleRNN, LSTM, GRU and Keras 2's cuDNN ones.

A recurrent layer returns its last output ``(batch, units)`` or, with
``return_sequences``, every step's; ``return_state`` appends the final states as a
list, as Keras's ``RNN.compute_output_shape``. Each gate owns an input kernel, a
recurrent kernel and a bias.

Example:
    >>> LSTM(50).weight_shapes((None, 10, 1))[1]
    Weight(name='recurrent_kernel', shape=(50, 200), trainable=True)
    >>> GRU(4, return_state=True).compute_output_shape((None, 7, 3))
    [(None, 4), (None, 4)]
"""

from __future__ import annotations

from typing import Any, ClassVar

from modelviz.layers.base import Layer, Shape, Weight
from modelviz.layers.core import known_last_axis, positive_int

__all__ = ["GRU", "LSTM", "CuDNNGRU", "CuDNNLSTM", "SimpleRNN"]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"



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

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """Keras: the time-step mask survives only with ``return_sequences``."""
        masks = mask if isinstance(mask, list) else [mask]
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

