"""Layers modelviz cannot map: custom classes, Lambda, TF and Keras operations.

A saved model may hold layers that modelviz has no class for (a user's
``CustomScaleLayer``, ``LayerScale``, a ``Lambda``, ``TFOpLambda`` nodes, or
Keras 3 operations such as ``NotEqual``). They are drawn as
:class:`UnknownLayer` nodes with their own class name; shapes and weights come
from what the file says, else from the input with a :class:`ModelvizWarning`.
Stored code (Lambda bytecode) is never run.

:func:`register_layer` teaches the importer a class name.

Example:
    >>> from modelviz.layers import Input
    >>> layer = UnknownLayer("Scale", name="scale", output_shape=lambda c, s: s,
    ...                      weights=[Weight("gamma", (8,))])
    >>> layer(Input((8,))).shape, layer.count_params(), layer.class_name
    ((None, 8), 8, 'Scale')
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from modelviz.errors import LayerConfigError, ModelvizWarning
from modelviz.layers import op_shapes
from modelviz.layers.base import KerasTensor, Layer, Shape, Weight, flatten_tensors, format_shape

__all__ = [
    "REGISTRY",
    "Registration",
    "UnknownLayer",
    "UnknownShapeTensor",
    "broadcast_shapes",
    "op_output_shape",
    "register_layer",
    "unknown_dims",
]

OutputShapeFn = Callable[[dict[str, Any], Any], Any]
WeightsFn = Callable[[dict[str, Any], Any], list[tuple[str, tuple[int, ...], bool]]]

# Operations whose result has the broadcast shape of their tensor arguments.
_BINARY: Final = frozenset(
    {
        "add",
        "subtract",
        "sub",
        "multiply",
        "mul",
        "divide",
        "truediv",
        "true_divide",
        "div",
        "floordiv",
        "floor_divide",
        "mod",
        "pow",
        "power",
        "maximum",
        "minimum",
        "equal",
        "not_equal",
        "less",
        "less_equal",
        "greater",
        "greater_equal",
        "logical_and",
        "logical_or",
        "logical_xor",
        "squared_difference",
        "radd",
        "rsub",
        "rmul",
        "rtruediv",
        "and",
        "or",
        "xor",
        "where",
        "divide_no_nan",
    }
)
# Operations that keep their input's shape.
_UNARY: Final = frozenset(
    {
        "cast",
        "relu",
        "relu6",
        "sigmoid",
        "tanh",
        "exp",
        "log",
        "sqrt",
        "rsqrt",
        "square",
        "abs",
        "negative",
        "neg",
        "logical_not",
        "invert",
        "stop_gradient",
        "identity",
        "erf",
        "sign",
        "floor",
        "ceil",
        "round",
        "clip",
        "clip_by_value",
        "softplus",
        "softmax",
        "gelu",
        "silu",
        "swish",
        "elu",
        "selu",
        "log_softmax",
        "reciprocal",
        "convert_to_tensor",
        "nan_to_num",
        "copy",
        "hard_sigmoid",
        "hard_swish",
        "leaky_relu",
        "sin",
        "cos",
    }
)


@dataclass(frozen=True)
class Registration:
    """How the importer builds one class name: a Layer subclass, or two callables."""

    layer_class: type[Layer] | None = None
    output_shape: OutputShapeFn | None = None
    weights: WeightsFn | None = None


REGISTRY: dict[str, Registration] = {}


def register_layer(
    class_name: Any, output_shape: OutputShapeFn | None = None, weights: WeightsFn | None = None
) -> None:
    """Teach the importer a custom layer class name found in saved files.

    Args:
        class_name: the ``class_name`` in the file, or a modelviz ``Layer`` subclass
            (registered under its own name and built from the layer's config).
        output_shape: ``f(config, input_shape) -> shape`` (batch axis included).
        weights: ``f(config, input_shape) -> [(name, shape, trainable), ...]``.

    Example:
        >>> register_layer("Scale", output_shape=lambda config, shape: shape,
        ...                weights=lambda config, shape: [("gamma", (shape[-1],), True)])
        >>> REGISTRY["Scale"].output_shape({}, (None, 3))
        (None, 3)
        >>> register_layer(3)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        modelviz.errors.LayerConfigError: register_layer: give a class name (str) or a ... got int
    """
    if isinstance(class_name, type) and issubclass(class_name, Layer):
        REGISTRY[class_name.__name__] = Registration(layer_class=class_name)
        return
    if not isinstance(class_name, str):
        raise LayerConfigError(
            "register_layer: give a class name (str) or a modelviz Layer "
            f"subclass, got {type(class_name).__name__}"
        )
    if isinstance(output_shape, type) and issubclass(output_shape, Layer):
        REGISTRY[class_name] = Registration(layer_class=output_shape)
        return
    REGISTRY[class_name] = Registration(output_shape=output_shape, weights=weights)


class UnknownShapeTensor(KerasTensor):
    """The output of an unknown layer whose shape nothing records: shown as ``?``.

    Its ``shape`` (the input's rank, every dimension ``None``) only lets the graph be
    built; :mod:`modelviz.graph` reports no output shape for it.
    """

    __slots__ = ()
    shape_known = False


class UnknownLayer(Layer):
    """A layer modelviz has no class for, drawn under its own class name.

    ``output_shape`` is a shape without the batch axis (from the file), a callable
    ``f(config, input_shape)`` (returning None when the file records no shape: the
    output is then unknown, ``?``), or None (the input shape, with a warning).
    ``weights`` is a list of :class:`Weight`, a callable like :func:`register_layer`'s,
    or None: the parameter count is then unknown (drawn as ``?``).
    """

    def __init__(
        self,
        class_name: str,
        *,
        name: str | None = None,
        config: dict[str, Any] | None = None,
        output_shape: Any = None,
        weights: Any = None,
        op: str | None = None,
        trainable: bool = True,
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, trainable=trainable, dtype=dtype)
        self.class_name = class_name
        self.op = op
        self._file_config = dict(config or {})
        self._output_rule = output_shape
        self._weight_rule = weights
        self.params_unknown = weights is None
        # True when the file stores the weights but not which are trainable (Keras keeps
        # no flag): the trainable / non-trainable split is then unknown.
        self.split_unknown = False
        self._output_unknown = False
        self._config = {"class_name": class_name, **({"function": op} if op else {})}

    def _call_input_shape(self, args: tuple, kwargs: dict) -> Any:
        """Operations take tensors anywhere in their arguments; use them all."""
        tensors = flatten_tensors((args, kwargs))
        if self.op is not None and tensors:
            return tensors[0].shape if len(tensors) == 1 else [t.shape for t in tensors]
        return super()._call_input_shape(args, kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._output_unknown = False
        outputs = super().__call__(*args, **kwargs)
        if self._output_unknown:
            for tensor in flatten_tensors(outputs):
                tensor.__class__ = UnknownShapeTensor
        return outputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        """From the registered rule, the file's output shape, the op, else the input."""
        rule = self._output_rule
        if callable(rule):
            shape = rule(self._file_config, input_shape)
            if shape is None:  # nothing recorded: unknown, never a guess
                self._output_unknown = True
                return unknown_dims(input_shape)
            return _as_shape(shape)
        if rule is not None:
            batch = _first_shape(input_shape)[:1] or (None,)
            return (*batch, *(None if d is None else int(d) for d in rule))
        if self.op is not None:
            shape, sure = op_output_shape(self.op, input_shape)
            if not sure:
                self._warn_shape(input_shape)
            return shape
        self._warn_shape(input_shape)
        return _first_shape(input_shape)

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """Weights from the file or the registered rule; none when unknown."""
        rule = self._weight_rule
        if callable(rule):
            return [
                Weight(str(n), tuple(s), bool(t))
                for n, s, t in rule(self._file_config, input_shape)
            ]
        return list(rule or [])

    def explain(self, input_shape: Any = None) -> str:
        """Where the count comes from, or why it is unknown."""
        if self.params_unknown:
            return f"{self.class_name} is not a Keras layer modelviz knows; parameters unknown"
        return super().explain(input_shape).replace("UnknownLayer", self.class_name)

    def _warn_shape(self, input_shape: Any) -> None:
        warnings.warn(
            f"{self.name} ({self.class_name}): output shape unknown, drawn as its "
            f"input shape {format_shape(_first_shape(input_shape))}; register the "
            "class with modelviz.importers.register_layer(...) to fix it",
            ModelvizWarning,
            stacklevel=2,
        )


def op_output_shape(op: str, input_shape: Any) -> tuple[Shape, bool]:
    """(output shape, sure?) of a TF / Keras operation called on ``input_shape``.

    Example:
        >>> op_output_shape("__operators__.add", [(None, 1, 4), (None, 3, 4)])
        ((None, 3, 4), True)
        >>> op_output_shape("math.reduce_sum", (None, 4))
        ((None, 4), False)
    """
    key = op.rsplit(".", 1)[-1].strip("_").lower()
    shapes = _all_shapes(input_shape)
    if key in _BINARY and shapes:
        result: Shape | None = shapes[0]
        for shape in shapes[1:]:
            result = broadcast_shapes(result, shape) if result is not None else None
        if result is not None:
            return result, True
    if key in _UNARY and shapes:
        return shapes[0], True
    return (shapes[0] if shapes else ()), False


def broadcast_shapes(a: Shape, b: Shape) -> Shape | None:
    """NumPy broadcasting with Keras's rule for None; None when incompatible.

    Example:
        >>> broadcast_shapes((None, 1, 4), (3, 1)), broadcast_shapes((2,), (3,))
        ((None, 3, 4), None)
    """
    try:
        return op_shapes.broadcast_shapes(a, b)
    except ValueError:  # incompatible: the caller falls back to the first input's shape
        return None


def _all_shapes(input_shape: Any) -> list[Shape]:
    if isinstance(input_shape, tuple):
        return [input_shape]
    found: list[Shape] = []
    stack = [input_shape]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def unknown_dims(input_shape: Any) -> Shape:
    """Rank of the first input, every dimension unknown: the stand-in of an unknown output.

    Example:
        >>> unknown_dims([(None, 50), (None, 50, 21)])
        (None, None)
    """
    first = _first_shape(input_shape)
    return (None,) * (len(first) or 2)


def _first_shape(input_shape: Any) -> Shape:
    shapes = _all_shapes(input_shape)
    return shapes[0] if shapes else ()


def _as_shape(shape: Any) -> Any:
    if isinstance(shape, list) and shape and all(isinstance(s, (list, tuple)) for s in shape):
        return [tuple(s) for s in shape]
    return tuple(shape)


def _layer_scale_weights(
    config: dict[str, Any], input_shape: Any
) -> list[tuple[str, tuple[int, ...], bool]]:
    dim = config.get("projection_dim") or _first_shape(input_shape)[-1]
    return [("gamma", (int(dim),), True)]


# keras.applications' own custom layers (ConvNeXt, InceptionResNetV2), exactly as Keras builds them.
register_layer(
    "LayerScale",
    output_shape=lambda config, shape: _first_shape(shape),
    weights=_layer_scale_weights,
)
register_layer(
    "CustomScaleLayer",
    output_shape=lambda config, shape: _first_shape(shape),
    weights=lambda config, shape: [],
)
