"""``Lambda``: a Python function as a layer, its shape found by running it on symbolic tensors.

As Keras 3 does, ``Lambda(fn)`` runs ``fn`` on symbolic tensors of the input's shape to
learn the output shape; ``output_shape=`` (a shape without the batch axis, or a function
of the input shape) is used instead when given. It has no weights. A Lambda read from a
saved file is a different thing: its stored code is never run (see
:mod:`modelviz.importers.file_layers`).

Example:
    >>> from modelviz import Input, ops
    >>> x = Input((5,))
    >>> Lambda(lambda t: ops.concatenate([t, t * 2], axis=-1))(x).shape
    (None, 10)
    >>> Lambda(lambda t: t[:, :2], output_shape=(2,))(x).shape
    (None, 2)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer
from modelviz.layers.naming import hidden_names
from modelviz.layers.tensors import KerasTensor, map_shapes, plain

__all__ = ["Lambda"]


class Lambda(Layer):
    """Keras's ``Lambda(function, output_shape=None, mask=None, arguments=None)``."""

    def __init__(self, function: Any, output_shape: Any = None, mask: Any = None,
                 arguments: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not callable(function):
            raise self.config_error(f"function must be callable, got {function!r}")
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = output_shape
        self._config = {"function": plain(function), "arguments": plain(self.arguments)}
        if output_shape is not None:
            self._config["output_shape"] = plain(output_shape)

    def compute_output_shape(self, input_shape: Any) -> Any:
        """``output_shape`` (batch axis added) when given, else the traced function's shape."""
        if self._output_shape is None:
            return self._traced_shape(input_shape)
        if callable(self._output_shape):
            return _as_shape(self._output_shape(input_shape))
        batch = _first_shape(input_shape)[0]
        return _with_batch(batch, self._output_shape)

    def _traced_shape(self, input_shape: Any) -> Any:
        inputs = _tensors(input_shape, self.dtype)
        try:
            with hidden_names():
                outputs = self.function(inputs, **self.arguments)
        except Exception as err:  # the user's function may fail in any way; say where
            from modelviz.layers.subclassing import trace_error

            raise trace_error(self, err) from err
        if not isinstance(outputs, KerasTensor) and not hasattr(outputs, "shape") and not (
                isinstance(outputs, (list, tuple, dict))):
            raise self.config_error(f"the function returned {type(outputs).__name__}, not a "
                                    "tensor; return a tensor or pass output_shape=")
        return map_shapes(outputs)

    def compute_mask(self, inputs: Any, previous_mask: Any) -> Any:
        """``mask`` as given (a function of inputs and mask, or a fixed mask)."""
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask


def _tensors(shape: Any, dtype: str) -> Any:
    if isinstance(shape, tuple):
        return KerasTensor(shape, dtype)
    if isinstance(shape, dict):
        return {k: _tensors(v, dtype) for k, v in shape.items()}
    return [_tensors(s, dtype) for s in shape]


def _first_shape(shape: Any) -> tuple:
    while not isinstance(shape, tuple):
        shape = next(iter(shape.values())) if isinstance(shape, dict) else shape[0]
    return shape


def _is_shape(value: Any) -> bool:
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, int) for d in value)


def _with_batch(batch: Any, shape: Any) -> Any:
    if _is_shape(shape):
        return (batch, *shape)
    if isinstance(shape, dict):
        return {k: _with_batch(batch, v) for k, v in shape.items()}
    return [_with_batch(batch, s) for s in shape]


def _as_shape(shape: Any) -> Any:
    if _is_shape(shape):
        return tuple(shape)
    if isinstance(shape, dict):
        return {k: _as_shape(v) for k, v in shape.items()}
    return [_as_shape(s) for s in shape]
