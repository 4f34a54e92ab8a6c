"""Symbolic tensors, call records and weights: the data layers pass around.

A :class:`KerasTensor` has a shape, a dtype and the call that made it; its Python
operators (``+``, ``*``, ``@``, ``x[:, 0]``, ...) record the same operations Keras
records (``add (Add)``, ``get_item (GetItem)``; see :mod:`modelviz.ops`).

Example:
    >>> from modelviz.layers import Input
    >>> x = Input((5, 3))
    >>> (x[:, 0] * 2).shape
    (None, 3)
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import Any

from modelviz.errors import ShapeError
from modelviz.layers.dims import is_array, static_dims

__all__ = [
    "Constant",
    "KerasTensor",
    "Node",
    "Shape",
    "SymbolicOperators",
    "Weight",
    "flatten_tensors",
    "format_shape",
    "map_shapes",
    "plain",
]

Shape = tuple[int | None, ...]


def format_shape(shape: Any) -> str:
    """Write a shape as Keras prints it: ``(None, 30, 30, 32)``; an unknown one as ``?``.

    Example:
        >>> format_shape((None, 5)), format_shape((None,)), format_shape([(2,), None])
        ('(None, 5)', '(None,)', '[(2,), ?]')
    """
    if shape is None:  # an operator whose shape no one inferred (ONNX, torch)
        return "?"
    if isinstance(shape, tuple):
        return str(tuple(shape))
    if isinstance(shape, dict):
        return "{" + ", ".join(f"{k}: {format_shape(v)}" for k, v in shape.items()) + "}"
    if isinstance(shape, list):
        return "[" + ", ".join(format_shape(s) for s in shape) + "]"
    return str(shape)  # not a shape at all (a damaged file's value): shown as it is


@dataclass(frozen=True, slots=True)
class Weight:
    """One weight variable: its name, shape and whether training changes it.

    ``size`` (the number of scalars) is computed once: big models ask for it often.
    """

    name: str
    shape: tuple[int, ...]
    trainable: bool = True
    size: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not all(type(d) is int for d in self.shape):  # NumPy integers, a list
            object.__setattr__(self, "shape", tuple(int(d) for d in self.shape))
        object.__setattr__(self, "size", math.prod(self.shape))


def _op(name: str, *args: Any, **kwargs: Any) -> Any:
    from modelviz.layers import ops  # the operations module needs the Layer class

    return ops.call_op(name, *args, **kwargs)


class SymbolicOperators:
    """Keras 3's tensor operators, shared by symbolic tensors, constants and variables."""

    __slots__ = ()

    # Python cannot branch on a symbolic value: say where, and what to do instead.
    def __bool__(self) -> bool:
        raise _value_error("used as a boolean (an if/while/and/or on a tensor value)")

    def __iter__(self) -> Any:
        raise _value_error("iterated over")

    def __len__(self) -> int:
        raise _value_error("asked for len()")

    def __int__(self) -> int:
        raise _value_error("converted to an int")

    def __float__(self) -> float:
        raise _value_error("converted to a float")

    def __index__(self) -> int:
        raise _value_error("used as an index")

    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        raise _value_error("converted to a NumPy array")

    def reshape(self, newshape: Any) -> KerasTensor:
        """``ops.reshape(self, newshape)``."""
        return _op("reshape", self, newshape=newshape)

    def squeeze(self, axis: Any = None) -> KerasTensor:
        """``ops.squeeze(self, axis)``."""
        return _op("squeeze", self, axis=axis)

    # Keras 3's KerasTensor operators (keras/src/backend/common/keras_tensor.py).
    def __add__(self, other: Any) -> Any:
        return _op("add", self, other)

    def __radd__(self, other: Any) -> Any:
        return _op("add", other, self)

    def __sub__(self, other: Any) -> Any:
        return _op("subtract", self, other)

    def __rsub__(self, other: Any) -> Any:
        return _op("subtract", other, self)

    def __mul__(self, other: Any) -> Any:
        return _op("multiply", self, other)

    def __rmul__(self, other: Any) -> Any:
        return _op("multiply", other, self)

    def __matmul__(self, other: Any) -> Any:
        return _op("matmul", self, other)

    def __rmatmul__(self, other: Any) -> Any:
        return _op("matmul", other, self)

    def __truediv__(self, other: Any) -> Any:
        return _op("true_divide", self, other)

    def __rtruediv__(self, other: Any) -> Any:
        return _op("true_divide", other, self)

    def __floordiv__(self, other: Any) -> Any:
        return _op("floor_divide", self, other)

    def __rfloordiv__(self, other: Any) -> Any:
        return _op("floor_divide", other, self)

    def __mod__(self, other: Any) -> Any:
        return _op("mod", self, other)

    def __rmod__(self, other: Any) -> Any:
        return _op("mod", other, self)

    def __pow__(self, other: Any) -> Any:
        return _op("power", self, other)

    def __rpow__(self, other: Any) -> Any:
        return _op("power", other, self)

    def __neg__(self) -> Any:
        return _op("negative", self)

    def __abs__(self) -> Any:
        return _op("absolute", self)

    def __invert__(self) -> Any:
        return _op("logical_not", self)

    def __lt__(self, other: Any) -> Any:
        return _op("less", self, other)

    def __le__(self, other: Any) -> Any:
        return _op("less_equal", self, other)

    def __gt__(self, other: Any) -> Any:
        return _op("greater", self, other)

    def __ge__(self, other: Any) -> Any:
        return _op("greater_equal", self, other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return _op("not_equal", self, other)

    def __and__(self, other: Any) -> Any:
        return _op("logical_and", self, other)

    def __rand__(self, other: Any) -> Any:
        return _op("logical_and", other, self)

    def __or__(self, other: Any) -> Any:
        return _op("logical_or", self, other)

    def __ror__(self, other: Any) -> Any:
        return _op("logical_or", other, self)

    def __xor__(self, other: Any) -> Any:
        return _op("logical_xor", self, other)

    def __rxor__(self, other: Any) -> Any:
        return _op("logical_xor", other, self)

    def __getitem__(self, key: Any) -> Any:
        return _op("get_item", self, key)

    def __round__(self, ndigits: int | None = None) -> Any:
        return _op("round", self, decimals=ndigits or 0)


class KerasTensor(SymbolicOperators):
    """A symbolic tensor: a shape, a dtype and the call that made it."""

    __slots__ = ("_keras_history", "_keras_mask", "dtype", "name", "shape")

    def __init__(self, shape: Shape, dtype: str = "float32", history: tuple | None = None,
                 name: str | None = None) -> None:
        shape = tuple(shape)
        if not all(d is None or type(d) is int for d in shape):  # NumPy integers, say
            shape = static_dims(shape)
        self.shape: Shape = shape
        self.dtype = dtype
        self._keras_history = history  # (layer, node_index, tensor_index)
        self.name = name
        self._keras_mask: KerasTensor | None = None

    @property
    def ndim(self) -> int:
        """Rank, batch axis included."""
        return len(self.shape)

    def __repr__(self) -> str:
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}, name={self.name}>"

    __hash__ = object.__hash__


class Constant(SymbolicOperators):
    """A tensor whose value modelviz does not need: ``ops.ones((3, 4))``, a NumPy array."""

    __slots__ = ("dtype", "shape")

    def __init__(self, shape: Shape, dtype: str = "float32") -> None:
        self.shape: Shape = static_dims(shape)
        self.dtype = str(dtype)

    @property
    def ndim(self) -> int:
        """Rank."""
        return len(self.shape)

    def __repr__(self) -> str:
        return f"<Constant shape={self.shape}, dtype={self.dtype}>"


def _value_error(what: str) -> ShapeError:
    """A symbolic tensor met Python code that needs its value: name the user's line."""
    where = _user_line()
    return ShapeError(f"a symbolic tensor was {what}{where}; modelviz (like Keras) knows only "
                      "shapes, not values: compute both branches and pick with ops.where(...), "
                      "or branch on shapes (x.shape[1]) or on Python arguments")


def _user_line() -> str:
    """`` at file.py:12 (`code`)`` for the innermost frame outside modelviz."""
    frame = sys._getframe(2)
    while frame is not None and "/modelviz/" in frame.f_code.co_filename.replace("\\", "/"):
        frame = frame.f_back
    if frame is None:
        return ""
    import linecache

    code = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    return f" at {frame.f_code.co_filename}:{frame.f_lineno} ({code})" if code else (
        f" at {frame.f_code.co_filename}:{frame.f_lineno}")


class Node:
    """One call of a layer: the tensors that went in and the tensors that came out."""

    __slots__ = ("call_args", "call_kwargs", "input_tensors", "layer", "output_tensors",
                 "outputs")

    def __init__(self, layer: Any, call_args: tuple, call_kwargs: dict,
                 outputs: Any, input_tensors: list[KerasTensor] | None = None) -> None:
        self.layer = layer
        self.call_args = call_args
        self.call_kwargs = call_kwargs
        if input_tensors is None:
            input_tensors = flatten_tensors((call_args, call_kwargs))
        self.input_tensors: list[KerasTensor] = input_tensors
        self.outputs = outputs
        self.output_tensors: list[KerasTensor] = flatten_tensors(outputs)

    @property
    def is_input(self) -> bool:
        """True for the node of an InputLayer."""
        return not self.input_tensors

    @property
    def parent_nodes(self) -> list[Node]:
        """The nodes that produced this node's inputs, in input order."""
        return [t._keras_history[0]._inbound_nodes[t._keras_history[1]]
                for t in self.input_tensors if t._keras_history]


def flatten_tensors(structure: Any) -> list[KerasTensor]:
    """Every KerasTensor in a nested list/tuple/dict, in order (dicts in sorted key order,
    as Keras's ``tree.flatten``).

    Example:
        >>> a, b = KerasTensor((None, 3)), KerasTensor((None, 4))
        >>> [t.shape for t in flatten_tensors({"y": [b], "x": a, "n": 1})]
        [(None, 3), (None, 4)]
    """
    if isinstance(structure, KerasTensor):
        return [structure]
    found: list[KerasTensor] = []
    stack = [structure]
    while stack:
        item = stack.pop()
        if isinstance(item, KerasTensor):
            found.append(item)
        elif isinstance(item, (list, tuple)):
            if len(item) == 1 and isinstance(item[0], KerasTensor):
                found.append(item[0])  # the usual single argument, without the stack
            else:
                stack.extend(reversed(item))
        elif isinstance(item, dict) and item:
            stack.extend(reversed([item[k] for k in _sorted_keys(item)]))
    return found


def _sorted_keys(mapping: dict) -> list[Any]:
    try:
        return sorted(mapping)
    except TypeError:  # keys of mixed types: Keras would fail too; keep insertion order
        return list(mapping)


def mask_structure(structure: Any) -> Any:
    """The masks of a tensor structure (None where a tensor has none)."""
    if isinstance(structure, KerasTensor):
        return structure._keras_mask
    if isinstance(structure, dict):
        return {k: mask_structure(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [mask_structure(v) for v in structure]
    return None


def flatten_masks(masks: Any) -> list[Any]:
    """Masks of a structure in flattening order (None kept)."""
    if isinstance(masks, (list, tuple)):
        return [m for item in masks for m in flatten_masks(item)]
    if isinstance(masks, dict):
        return [m for k in _sorted_keys(masks) for m in flatten_masks(masks[k])]
    return [masks]


def map_shapes(structure: Any) -> Any:
    """Replace every tensor of a list/tuple/dict structure by its shape (lists stay lists).

    Example:
        >>> a, b = KerasTensor((None, 3)), KerasTensor((None, 4))
        >>> map_shapes({"x": a, "pair": (a, b), "k": 2})
        {'x': (None, 3), 'pair': [(None, 3), (None, 4)], 'k': 2}
    """
    if isinstance(structure, (KerasTensor, SymbolicOperators)) or is_array(structure):
        return tuple(structure.shape)
    if isinstance(structure, dict):
        return {k: map_shapes(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [map_shapes(v) for v in structure]
    return structure


def plain(value: Any) -> Any:
    """Config values as plain data (str, int, float, bool, None, lists, dicts).

    Example:
        >>> def relu(x): return x
        >>> plain({"activation": relu, "axes": (1, 2), 1: None})
        {'activation': 'relu', 'axes': [1, 2], '1': None}
    """
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if hasattr(value, "__index__") and not isinstance(value, KerasTensor):
        return int(value)  # a numpy integer
    if hasattr(type(value), "keras_module"):  # an initializer, regularizer...: Keras's form
        return __import__("modelviz.layers.keras_objects").layers.keras_objects.serialize(value)
    return getattr(value, "__name__", None) or type(value).__name__
