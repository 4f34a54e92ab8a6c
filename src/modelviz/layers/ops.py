"""Keras 3 operations as graph nodes: ``x + y`` is ``add (Add)``, ``x[:, 0]`` is ``get_item``.

An :class:`Operation` is a weightless node kept out of ``model.layers`` (Keras's
``model.operations`` holds it; the summary lists it). One class per shape rule;
each instance carries Keras's class name (``Add``, ``Mean``, ``GetItem``) and is
named as Keras names it (``add``, ``add_1``, ...). :func:`call_op` is the one
entry point: :mod:`modelviz.ops`, tensor operators and the importers use it.

Example:
    >>> from modelviz.layers import Input
    >>> x = Input((5, 16))
    >>> call_op("not_equal", x, 0).shape, call_op("mean", x, axis=1).shape
    ((None, 5, 16), (None, 16))
"""

from __future__ import annotations

import math
from typing import Any

from modelviz.layers import op_shapes as rules
from modelviz.layers.base import Layer
from modelviz.layers.dims import resolve_reshape, static_value
from modelviz.layers.naming import auto_op_name, is_tracing, to_snake_case
from modelviz.layers.op_shapes_numpy import linspace_shape, tensordot_shape
from modelviz.layers.op_table import BOOL_RESULT, CLASS_NAMES, KINDS, class_name_of
from modelviz.layers.shape_utils import conv_output_length
from modelviz.layers.tensors import Constant, KerasTensor, Shape, flatten_tensors, plain

__all__ = ["Operation", "Spec", "any_mask", "call_op", "not_equal_mask", "operation_from_config",
           "shape_of"]

_SAVED_CONSTANTS = ("__tensor__", "__numpy__")


class Spec:
    """A tensor argument seen by a shape rule: its shape and dtype (its value is unknown)."""

    __slots__ = ("dtype", "shape")

    def __init__(self, shape: Shape, dtype: str) -> None:
        self.shape, self.dtype = tuple(shape), dtype

    def __repr__(self) -> str:
        return str(self.shape)


def shape_of(value: Any) -> Shape:
    """The shape of a tensor argument: a tensor's, a NumPy array's, or a nested list's.

    Example:
        >>> shape_of([[1, 2, 3], [4, 5, 6]]), shape_of(KerasTensor((None, 4))), shape_of(3.0)
        ((2, 3), (None, 4), ())
    """
    if hasattr(value, "shape"):
        return tuple(value.shape)
    if isinstance(value, (list, tuple)):
        return (len(value), *(shape_of(value[0]) if value else ()))
    return ()


def _spec(value: Any) -> Any:
    if isinstance(value, dict) and value.get("class_name") in _SAVED_CONSTANTS:
        config = value.get("config") or {}  # a constant array stored in a .keras config
        return Spec(shape_of(config.get("value")), str(config.get("dtype") or "float32"))
    if hasattr(value, "shape") and not isinstance(value, (str, bytes)):
        return Spec(shape_of(value), str(getattr(value, "dtype", "float32")))
    if isinstance(value, (list, tuple)) and any(hasattr(v, "shape") for v in value):
        return [_spec(v) for v in value]
    return value


class Operation(Layer):
    """A weightless operation node (``is_operation``: kept out of ``model.layers``)."""

    is_operation = True

    def __init__(self, class_name: str, kind: str, name: str | None = None,
                 **config: Any) -> None:
        super().__init__(name=name or auto_op_name(to_snake_case(class_name)))
        self.class_name = class_name
        self.kind = kind
        self.options = config
        self._config = {k: plain(v) for k, v in config.items()}
        self._result_dtype = "float32"

    def _call_input_shape(self, args: tuple, kwargs: dict) -> Any:
        """Every argument: tensors as :class:`Spec`, constants (keys, sizes) as they are."""
        return ([_spec(a) for a in args], {k: _spec(v) for k, v in kwargs.items()})

    def compute_output_shape(self, input_shape: Any) -> Any:
        """The shape rule of this operation's kind (see :mod:`modelviz.layers.op_shapes`)."""
        args, kwargs = input_shape
        shape, dtype = _RULES[self.kind](self, list(args), dict(kwargs))
        self._result_dtype = ("bool" if self.class_name in BOOL_RESULT
                              else "int32" if self.class_name in _INT_RESULT
                              else str(self.options.get("dtype") or dtype))
        return shape

    def _output_dtype(self) -> str:
        return self._result_dtype


_INT_RESULT = frozenset({"Argsort"})  # indices, as Keras 3 returns them


def _first(args: list, kwargs: dict) -> Spec:
    value = args[0] if args else next(iter(kwargs.values()))
    return value if isinstance(value, Spec) else Spec(shape_of(value), "float32")


def _dtype(values: list) -> str:
    dtypes = [v.dtype for v in values if isinstance(v, Spec)]
    floats = [d for d in dtypes if d.startswith(("float", "bfloat"))]
    return (floats or dtypes or ["float32"])[0]


def _elementwise(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    return x.shape, x.dtype


def _broadcast(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    values = [*args, *kwargs.values()]
    shape: Shape = shape_of(values[0])
    for value in values[1:]:
        shape = rules.broadcast_shapes(shape, shape_of(value))
    return shape, _dtype(values)


def _reduce(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    shape = rules.reduce_shape(x.shape, op.options.get("axis"), op.options.get("keepdims", False))
    return shape, "int32" if op.class_name in ("Argmax", "Argmin") else x.dtype


def _get_item(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    key = args[1] if len(args) > 1 else kwargs.get("key")
    return rules.get_item_shape(x.shape, _decode_key(key)), x.dtype


def _decode_key(key: Any) -> Any:
    """Keys as Python gives them, also from a saved file (``__slice__``, ``__ellipsis__``)."""
    if isinstance(key, dict) and key.get("class_name") == "__slice__":
        config = key.get("config") or {}
        return slice(config.get("start"), config.get("stop"), config.get("step"))
    if isinstance(key, dict) and key.get("class_name") == "__ellipsis__":
        return Ellipsis
    if isinstance(key, (list, tuple)):
        return tuple(_decode_key(k) for k in key)
    return key


def _reshape(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    return rules.reshape_shape(x.shape, op.options["newshape"]), x.dtype


def _transpose(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    return rules.transpose_shape(x.shape, op.options.get("axes")), x.dtype


def _expand_dims(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    return rules.expand_dims_shape(x.shape, op.options["axis"]), x.dtype


def _squeeze(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    return rules.squeeze_shape(x.shape, op.options.get("axis")), x.dtype


def _sequence(args: list, kwargs: dict) -> list[Spec]:
    xs = args[0] if args else next(iter(kwargs.values()))
    return [x if isinstance(x, Spec) else Spec(shape_of(x), "float32") for x in xs]


def _concatenate(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    xs = _sequence(args, kwargs)
    return rules.concatenate_shape([x.shape for x in xs], op.options.get("axis", 0)), _dtype(xs)


def _stack(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    xs = _sequence(args, kwargs)
    return rules.stack_shape([x.shape for x in xs], op.options.get("axis", 0)), _dtype(xs)


def _split(op: Operation, args: list, kwargs: dict) -> tuple[list[Shape], str]:
    x = _first(args, kwargs)
    return rules.split_shapes(x.shape, op.options["indices_or_sections"],
                              op.options.get("axis", 0)), x.dtype


def _matmul(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    values = [*args, *kwargs.values()]
    return rules.matmul_shape(shape_of(values[0]), shape_of(values[1])), _dtype(values)


def _einsum(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    return rules.einsum_shape(op.options["subscripts"], [shape_of(a) for a in args]), _dtype(args)


def _cast(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    return _first(args, kwargs).shape, str(op.options["dtype"])


def _tile(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    repeats = op.options["repeats"]
    if hasattr(repeats, "shape"):  # a tensor of repeats (TF-style code): sizes unknown
        count = shape_of(repeats)[0] if shape_of(repeats) else 1
        return (None,) * max(len(x.shape), count or 0), x.dtype
    repeats = list(repeats) if isinstance(repeats, (list, tuple)) else [repeats]
    shape = (1,) * (len(repeats) - len(x.shape)) + x.shape
    repeats = [1] * (len(shape) - len(repeats)) + repeats
    return tuple(None if d is None or r is None else d * r
                 for d, r in zip(shape, repeats, strict=True)), x.dtype


def _one_hot(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    axis = op.options.get("axis", -1)
    shape = list(x.shape)
    shape.insert(len(shape) + 1 + axis if axis < 0 else axis, int(op.options["num_classes"]))
    return tuple(shape), str(op.options.get("dtype") or "float32")


def _top_k(op: Operation, args: list, kwargs: dict) -> tuple[list[Shape], str]:
    x = _first(args, kwargs)
    shape = (*x.shape[:-1], int(op.options["k"]))
    return [shape, shape], x.dtype


def _repeat(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    return rules.repeat_shape(x.shape, int(op.options["repeats"]), op.options.get("axis")), x.dtype


def _take(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    indices = shape_of(args[1] if len(args) > 1 else kwargs["indices"])
    return rules.take_shape(x.shape, indices, op.options.get("axis")), x.dtype


def _take_along_axis(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    """Keras's ``compute_take_along_axis_output_shape``: ``axis`` from the indices, then
    broadcast with them."""
    x = _first(args, kwargs)
    indices = list(shape_of(args[1] if len(args) > 1 else kwargs["indices"]))
    axis = op.options.get("axis")
    shape = list(x.shape) if axis is not None else (
        [None] if None in x.shape else [math.prod(x.shape)])
    if len(shape) != len(indices):
        raise ValueError(f"x and indices must have the same rank, got {tuple(shape)} and "
                         f"{tuple(indices)}")
    position = 0 if axis is None else axis % len(shape)
    shape[position] = indices[position]
    return rules.broadcast_shapes(tuple(shape), tuple(indices)), x.dtype


def _pad(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    return rules.pad_shape(x.shape, op.options["pad_width"]), x.dtype


def _given_shape(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    """``ops.slice`` and ``ops.broadcast_to``: the shape argument is the result."""
    x = _first(args, kwargs)
    return tuple(None if d is None else int(d) for d in op.options["shape"]), x.dtype


def _swapaxes(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    return rules.swap_axes_shape(x.shape, op.options["axis1"], op.options["axis2"]), x.dtype


def _moveaxis(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    return rules.move_axis_shape(x.shape, op.options["source"],
                                 op.options["destination"]), x.dtype


def _cumulative(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    if op.options.get("axis") is None:  # Keras flattens first
        return (None if None in x.shape else math.prod(x.shape),), x.dtype
    return x.shape, x.dtype


def _resize(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    x = _first(args, kwargs)
    height, width = (int(d) for d in op.options["size"])
    dims = list(x.shape)
    first = len(dims) - 3 if op.options.get("data_format") != "channels_first" else len(dims) - 2
    dims[first:first + 2] = [height, width]
    return tuple(dims), x.dtype


def _extract_patches(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    """2-D patches, channels last: a convolution's output grid, size × size × C features."""
    x = _first(args, kwargs)
    size = op.options["size"]
    size = (size, size) if isinstance(size, int) else tuple(size)
    strides = op.options.get("strides") or size
    strides = (strides, strides) if isinstance(strides, int) else tuple(strides)
    rate = int(op.options.get("dilation_rate") or 1)
    padding = str(op.options.get("padding") or "valid").lower()
    *batch, height, width, channels = x.shape
    grid = [conv_output_length(d, k, padding, s, rate)
            for d, k, s in zip((height, width), size, strides, strict=True)]
    return (*batch, *grid, size[0] * size[1] * channels), x.dtype


def _tensordot(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    values = [*args, *kwargs.values()]
    return tensordot_shape(shape_of(values[0]), shape_of(values[1]),
                           op.options.get("axes", 2)), _dtype(values)


def _linspace(op: Operation, args: list, kwargs: dict) -> tuple[Shape, str]:
    values = [*args, *kwargs.values()]
    return linspace_shape(shape_of(values[0]), shape_of(values[1]), op.options.get("num", 50),
                          op.options.get("axis", 0)), "float32"


_RULES = {
    "elementwise": _elementwise, "broadcast": _broadcast, "reduce": _reduce,
    "get_item": _get_item, "reshape": _reshape, "transpose": _transpose,
    "expand_dims": _expand_dims, "squeeze": _squeeze, "concatenate": _concatenate,
    "stack": _stack, "split": _split, "matmul": _matmul, "einsum": _einsum, "cast": _cast,
    "tile": _tile, "one_hot": _one_hot, "top_k": _top_k, "repeat": _repeat, "take": _take,
    "pad": _pad, "slice": _given_shape, "broadcast_to": _given_shape, "swapaxes": _swapaxes,
    "moveaxis": _moveaxis, "cumulative": _cumulative, "resize": _resize,
    "extract_patches": _extract_patches, "take_along_axis": _take_along_axis,
    "tensordot": _tensordot, "linspace": _linspace,
}


def call_op(function: str, *args: Any, **options: Any) -> Any:
    """Apply the Keras operation ``function`` (``"add"``, ``"mean"``...) to its arguments.

    Tensor arguments are positional; keyword ``options`` are the operation's
    configuration (``axis=1``). Without a symbolic tensor among the arguments the
    result is a :class:`~modelviz.layers.tensors.Constant` and no node is made.
    """
    class_name = class_name_of(function)
    if function == "reshape" and args and is_tracing():  # Keras's trace solves -1 symbolically
        options["newshape"] = resolve_reshape(shape_of(args[0]), options.get("newshape"))
    options = {k: static_value(v) for k, v in options.items()}  # unknown sizes: None
    op = Operation(class_name, KINDS[function], **options) if flatten_tensors(args) else None
    if op is None:
        probe = Operation.__new__(Operation)
        probe.class_name, probe.kind, probe.options = class_name, KINDS[function], options
        shape, dtype = _RULES[probe.kind](probe, [_spec(a) for a in args], {})
        if isinstance(shape, list):
            return [Constant(s, dtype) for s in shape]
        return Constant(shape, "bool" if class_name in BOOL_RESULT else dtype)
    return op(*args)


def operation_from_config(class_name: str, config: dict[str, Any]) -> Operation | None:
    """The operation a saved ``keras.src.ops`` entry describes; None for a class modelviz lacks.

    Example:
        >>> op = operation_from_config("Mean", {"name": "mean_3", "axis": 1, "keepdims": False})
        >>> op.name, op.compute_output_shape(([Spec((None, 5, 3), "float32")], {}))
        ('mean_3', (None, 3))
    """
    function = _FUNCTION_OF_CLASS.get(class_name)
    if function is None:
        return None
    options = {k: v for k, v in config.items() if k != "name"}
    return Operation(class_name, KINDS[function], name=config.get("name"), **options)


_FUNCTION_OF_CLASS = {cls: fn for fn, cls in reversed(list(CLASS_NAMES.items()))}


def not_equal_mask(inputs: KerasTensor, value: float) -> KerasTensor:
    """The graph nodes of ``ops.not_equal(inputs, value)``.

    Example:
        >>> mask = not_equal_mask(KerasTensor((None, 5)), 0.0)
        >>> mask.shape, mask.dtype
        ((None, 5), 'bool')
    """
    return call_op("not_equal", inputs, value)


def any_mask(inputs: KerasTensor, axis: int = -1) -> KerasTensor:
    """The graph nodes of ``ops.any(inputs, axis=axis)``.

    Example:
        >>> mask = any_mask(KerasTensor((None, 5, 3), "bool"))
        >>> mask.shape, mask.dtype
        ((None, 5), 'bool')
    """
    return call_op("any", inputs, axis=axis, keepdims=False)
