"""NumPy values of the small ONNX operators that compute shapes (for :mod:`onnx_shapes`).

:func:`evaluate` returns an operator's first output when every input it needs is known
(``Shape`` needs only its input's static shape), else ``None``. Integer division
truncates as ONNX's ``Div`` does.

Example:
    >>> import importlib.util
    >>> if importlib.util.find_spec("onnx"):  # an optional extra: CI installs it
    ...     import numpy as np
    ...     import onnx
    ...     node = onnx.helper.make_node("Div", ["a", "b"], ["c"])
    ...     values = {"a": np.array([-7, 56]), "b": np.array([2, 7])}
    ...     print(evaluate(np, onnx, node, values, {}).tolist())
    ... else:  # what NumPy gives
    ...     print([-3, 8])
    [-3, 8]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from modelviz.limits import SHAPE_VALUE_ELEMENTS

__all__ = ["evaluate"]

_BINARY: Final = {"Add": "add", "Sub": "subtract", "Mul": "multiply", "Equal": "equal",
                  "Less": "less", "Greater": "greater", "LessOrEqual": "less_equal",
                  "GreaterOrEqual": "greater_equal", "And": "logical_and",
                  "Or": "logical_or", "Min": "minimum", "Max": "maximum", "Pow": "power"}
_LARGEST: Final = SHAPE_VALUE_ELEMENTS
_UNARY: Final = {"Neg": "negative", "Abs": "absolute", "Floor": "floor", "Ceil": "ceil",
                 "Sqrt": "sqrt", "Not": "logical_not", "Identity": "asarray"}


def evaluate(np: Any, onnx: Any, node: Any, values: dict[str, Any],
             types: dict[str, Any]) -> Any:
    """The value of ``node``'s first output, or None when it cannot be known here."""
    op = node.op_type
    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    if op == "Constant":
        return _constant(np, onnx, attrs)
    if op in ("Shape", "Size"):
        return _shape(np, node, attrs, types)
    names = [n for n in node.input if n]
    if len(node.output) != 1 or any(n not in values for n in names):
        return None
    args = [values[n] for n in names]
    if op in _BINARY:
        return getattr(np, _BINARY[op])(args[0], args[1])
    if op in _UNARY:
        return getattr(np, _UNARY[op])(args[0])
    rule = _RULES.get(op)
    return None if rule is None else rule(np, onnx, args, attrs)


def _constant(np: Any, onnx: Any, attrs: dict[str, Any]) -> Any:
    if "value" in attrs:
        if int(np.prod(list(attrs["value"].dims))) > _LARGEST:
            return None  # weights stored as a constant: data, not shape arithmetic
        return onnx.numpy_helper.to_array(attrs["value"])
    for key, kind in (("value_int", np.int64), ("value_ints", np.int64),
                      ("value_float", np.float32), ("value_floats", np.float32)):
        if key in attrs:
            return np.array(attrs[key], dtype=kind)
    return None


def _shape(np: Any, node: Any, attrs: dict[str, Any], types: dict[str, Any]) -> Any:
    kind = types.get(node.input[0])
    if kind is None or not kind.tensor_type.HasField("shape"):
        return None
    dims = kind.tensor_type.shape.dim
    if any(not d.HasField("dim_value") for d in dims):
        return None
    shape = [d.dim_value for d in dims]
    if node.op_type == "Size":
        return np.array(int(np.prod(shape)), dtype=np.int64)
    return np.array(shape[attrs.get("start", 0):attrs.get("end", len(shape))], dtype=np.int64)


def _div(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    a, b = args
    if np.issubdtype(a.dtype, np.integer):
        return (np.trunc(a / b)).astype(a.dtype)
    return a / b


def _mod(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    a, b = args
    return np.fmod(a, b) if attrs.get("fmod") else np.mod(a, b)


def _gather(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    return np.take(args[0], args[1], axis=attrs.get("axis", 0))


def _concat(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    return np.concatenate([np.atleast_1d(a) for a in args], axis=attrs.get("axis", 0))


def _axes(args: list[Any], attrs: dict[str, Any]) -> list[int]:
    axes = args[1] if len(args) > 1 else attrs.get("axes", [])
    return [int(a) for a in list(axes)]


def _unsqueeze(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    value = args[0]
    rank = value.ndim + len(_axes(args, attrs))
    for axis in sorted(a % rank for a in _axes(args, attrs)):
        value = np.expand_dims(value, axis)
    return value


def _squeeze(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    axes = _axes(args, attrs)
    return np.squeeze(args[0], axis=tuple(axes) if axes else None)


def _slice(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    data, starts, ends = args[:3]
    axes = args[3] if len(args) > 3 else range(len(starts))
    steps = args[4] if len(args) > 4 else [1] * len(starts)
    index = [slice(None)] * data.ndim
    for start, end, axis, step in zip(starts, ends, axes, steps, strict=False):
        index[int(axis)] = slice(int(start), int(end), int(step))
    return data[tuple(index)]


def _cast(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    return args[0].astype(onnx.helper.tensor_dtype_to_np_dtype(attrs["to"]))


def _range(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    start, limit, delta = (a.item() for a in args)
    if not delta or (limit - start) / delta > _LARGEST:
        return None
    return np.arange(start, limit, delta, dtype=args[0].dtype)


def _constant_of_shape(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    shape = [int(d) for d in args[0]]
    if int(np.prod(shape)) > _LARGEST:
        return None
    fill = onnx.numpy_helper.to_array(attrs["value"]) if "value" in attrs else \
        np.zeros(1, np.float32)
    return np.full(shape, fill.reshape(-1)[0], dtype=fill.dtype)


def _reshape(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    target = [int(d) for d in args[1]]
    target = [args[0].shape[i] if d == 0 else d for i, d in enumerate(target)]
    return args[0].reshape(target)


def _expand(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    shape = np.broadcast_shapes(args[0].shape, tuple(int(d) for d in args[1]))
    return None if int(np.prod(shape)) > _LARGEST else np.broadcast_to(args[0], shape).copy()


def _where(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    return np.where(args[0], args[1], args[2])


def _transpose(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    return np.transpose(args[0], attrs.get("perm"))


def _reduce(np: Any, onnx: Any, args: list[Any], attrs: dict[str, Any]) -> Any:
    if len(args) > 1 or "axes" in attrs:
        return None
    return np.prod(args[0], keepdims=bool(attrs.get("keepdims", 1)))


_RULES: Final[dict[str, Callable[..., Any]]] = {
    "Div": _div, "Mod": _mod, "Gather": _gather, "Concat": _concat, "Unsqueeze": _unsqueeze,
    "Squeeze": _squeeze, "Slice": _slice, "Cast": _cast, "Range": _range,
    "ConstantOfShape": _constant_of_shape, "Reshape": _reshape, "Expand": _expand,
    "Where": _where, "ReduceProd": _reduce, "Transpose": _transpose}
