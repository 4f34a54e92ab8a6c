"""Layers that wrap another layer: Bidirectional and TimeDistributed.

Example:
    >>> from modelviz.layers import LSTM, Dense
    >>> Bidirectional(LSTM(8)).compute_output_shape((None, 5, 3))
    (None, 16)
    >>> TimeDistributed(Dense(4)).compute_output_shape((None, 5, 3))
    (None, 5, 4)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer, Shape, Weight
from modelviz.layers.recurrent import _Recurrent

__all__ = ["Bidirectional", "SpectralNormalization", "TimeDistributed", "Wrapper"]

_MERGE_MODES: tuple[str | None, ...] = ("concat", "sum", "mul", "ave", None)


def _without_total(explanation: str) -> str:
    """An explanation's formula without its ``= total``, bracketed if it is a sum."""
    formula = explanation.rsplit(" = ", 1)[0]
    depth = 0
    for i, char in enumerate(formula):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and formula.startswith(" + ", i):
            return f"({formula})"
    return formula


def _wrapped_config(layer: Layer) -> dict[str, Any]:
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def _as_trainable(weights: list[Weight], layer: Layer, prefix: str = "") -> list[Weight]:
    """An inner layer's weights under ``prefix``, frozen when that layer is."""
    return [Weight(prefix + w.name, w.shape, w.trainable and layer.trainable) for w in weights]


class Wrapper(Layer):
    """Keras's ``Wrapper`` base: holds ``layer``; shapes and weights are the inner layer's.

    Example:
        >>> from modelviz.layers import Dense
        >>> Wrapper(Dense(3)).weight_shapes((None, 4))[0]
        Weight(name='kernel', shape=(4, 3), trainable=True)
    """

    def __init__(self, layer: Layer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise self.config_error(f"layer must be a layer instance, got {layer!r}; wrap a "
                                    "Keras layer such as Dense(...)")
        self._config["layer"] = _wrapped_config(layer)
        self.layer = layer

    def compute_output_shape(self, input_shape: Any) -> Any:
        """The inner layer's output shape."""
        return self.layer.compute_output_shape(input_shape)

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """The inner layer's weights, frozen when it is."""
        return _as_trainable(self.layer.weight_shapes(input_shape), self.layer)

    def build(self, input_shape: Any = None) -> None:
        """Build the inner layer too, as Keras's ``Wrapper.build``."""
        if input_shape is None:
            return
        super().build(input_shape)
        if not self.layer.built:
            self.layer.build(input_shape)


class SpectralNormalization(Wrapper):
    """Normalizes the wrapped layer's kernel by its spectral norm; adds ``vector_u``.

    Example:
        >>> from modelviz.layers import Dense
        >>> SpectralNormalization(Dense(6)).explain((None, 4))
        'kernel 4×6 + vector_u 1×6 + bias 6 = 36'
    """

    def __init__(self, layer: Layer, power_iterations: int = 1, **kwargs: Any) -> None:
        super().__init__(layer, **kwargs)
        self._config["power_iterations"] = power_iterations
        if not isinstance(power_iterations, int) or power_iterations <= 0:
            raise self.config_error(f"power_iterations must be a positive integer, got "
                                    f"{power_iterations!r}")

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """The inner weights with the frozen ``vector_u`` (1, kernel's last axis) after kernel."""
        inner = super().weight_shapes(input_shape)
        kernels = [i for i, w in enumerate(inner) if w.name.endswith("kernel")]
        if not kernels:
            raise self.config_error(f"{type(self.layer).__name__} has no kernel to normalize; "
                                    "wrap a layer with a kernel such as Dense or Conv2D")
        at = kernels[0]
        vector = Weight("vector_u", (1, inner[at].shape[-1]), trainable=False)
        return [*inner[:at + 1], vector, *inner[at + 1:]]


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

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """Keras: the time-step mask survives only with ``return_sequences``."""
        masks = mask if isinstance(mask, list) else [mask]
        return masks[0] if self.return_sequences else None


class TimeDistributed(Wrapper):
    """Applies ``layer`` to every time step: input (batch, time, ...) -> (batch, time, ...)."""

    supports_masking = True
    takes_mask = True

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

    def build(self, input_shape: Any = None) -> None:
        """Build this wrapper and the inner layer on one time step's shape."""
        if input_shape is None:
            return
        Layer.build(self, input_shape)
        if not self.layer.built:
            self.layer.build(self._step_shape(self._built_shape))

    def explain(self, input_shape: Any = None) -> str:
        """The inner layer's explanation, for one time step (weights are shared over time)."""
        shape = self._built_shape if input_shape is None else input_shape
        if shape is None:
            return "TimeDistributed has no weights until it is called on an input"
        return self.layer.explain(self._step_shape(shape))
