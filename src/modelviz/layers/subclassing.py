"""Subclassed layers: ``call()`` traced on symbolic tensors, ``add_weight``, tracked sublayers.

A ``Layer`` subclass that defines ``call()`` (as in Keras 3 tutorials) gets its
output shape by running ``call()`` on fresh symbolic tensors; its parameters are
the weights its ``build()`` made with ``add_weight`` plus those of the layers it
holds in attributes (also inside lists, tuples and dicts), in assignment order.

Example:
    >>> from modelviz.layers import Dense, Input, Layer
    >>> class Scale(Layer):
    ...     def build(self, input_shape):
    ...         self.gamma = self.add_weight(shape=(input_shape[-1],), name="gamma")
    ...     def call(self, x):
    ...         return x * self.gamma
    >>> layer = Scale()
    >>> layer(Input((4,))).shape, layer.count_params()
    ((None, 4), 4)
"""

from __future__ import annotations

import functools
from typing import Any

from modelviz.errors import LayerConfigError, ModelvizError, ShapeError
from modelviz.layers.dims import is_array
from modelviz.layers.naming import hidden_names
from modelviz.layers.tensors import (
    Constant,
    KerasTensor,
    SymbolicOperators,
    Weight,
    map_shapes,
)
from modelviz.layers.weight_values import WeightValues as WeightValues

__all__ = ["Variable", "call_on_values", "is_custom", "trace_error", "tracked_layers"]


class Variable(SymbolicOperators):
    """What ``add_weight`` returns: a constant with a shape, usable in ``ops`` and operators."""

    __slots__ = ("weight",)

    def __init__(self, weight: Weight) -> None:
        self.weight = weight

    @property
    def shape(self) -> tuple[int, ...]:
        """The weight's shape."""
        return self.weight.shape

    @property
    def name(self) -> str:
        """The weight's name."""
        return self.weight.name

    @property
    def trainable(self) -> bool:
        """Whether training changes the weight."""
        return self.weight.trainable

    dtype = "float32"

    @property
    def value(self) -> Variable:
        """The variable itself (its value is unknown)."""
        return self

    def assign(self, value: Any) -> Variable:
        """Accepted and ignored: modelviz keeps shapes, not values."""
        return self

    assign_add = assign_sub = assign

    def numpy(self) -> Any:
        """Raises: a weight's values do not exist in modelviz."""
        raise ShapeError(f"{self.name}: modelviz knows only the shape {self.shape} of this "
                         "weight, not its values; use Keras to read or set weights")

    def __repr__(self) -> str:
        return f"<Variable name={self.name}, shape={self.shape}, trainable={self.trainable}>"


@functools.lru_cache(maxsize=512)
def _class_is_custom(cls: type) -> bool:
    return callable(getattr(cls, "call", None))


def is_custom(layer: Any) -> bool:
    """True for a user subclass that defines ``call()`` (modelviz's own layers never do).

    Example:
        >>> from modelviz.layers import Dense, Layer
        >>> class Twice(Layer):
        ...     def call(self, x):
        ...         return x * 2
        >>> is_custom(Twice()), is_custom(Dense(2))
        (True, False)
    """
    return _class_is_custom(type(layer))


def takes_mask(layer: Any) -> bool:
    """Keras passes a mask to ``call`` that has a ``mask`` argument (a subclass's too).

    Example:
        >>> from modelviz.layers import Layer
        >>> class Masked(Layer):
        ...     def call(self, x, mask=None):
        ...         return x
        >>> takes_mask(Masked()), takes_mask(Layer())
        (True, False)
    """
    return layer.takes_mask or (is_custom(layer) and _call_has_mask(type(layer)))


@functools.lru_cache(maxsize=512)
def _call_has_mask(cls: type) -> bool:
    import inspect

    try:
        return "mask" in inspect.signature(cls.call).parameters
    except (TypeError, ValueError):
        return False


def mask_recorded(layer: Any, args: tuple, kwargs: dict) -> bool:
    """Keras 3.15 records an automatic ``mask=`` in the call's node only on its fast path:
    one tensor argument of the layer's dtype and no keyword (``Layer.__call__`` copies the
    keywords otherwise, and the node keeps the copy made before the mask was added).

    Example:
        >>> from modelviz.layers import Input, Layer
        >>> layer = Layer()
        >>> mask_recorded(layer, (Input((3,)),), {}), mask_recorded(layer, ([Input((3,))],), {})
        (True, False)
    """
    first = args[0] if len(args) == 1 else None
    return not kwargs and isinstance(first, KerasTensor) and first.dtype == layer.dtype


def supports_masking(layer: Any) -> bool:
    """Keras 3: a layer passes masks on when it says so or overrides ``compute_mask``.

    Example:
        >>> from modelviz.layers import Layer
        >>> class Masking(Layer):
        ...     def call(self, x):
        ...         return x
        ...     def compute_mask(self, inputs, mask=None):
        ...         return inputs != 0
        >>> supports_masking(Masking()), supports_masking(Layer())
        (True, False)
    """
    if layer.supports_masking:
        return True
    from modelviz.layers.base import Layer

    return is_custom(layer) and overrides(layer, "compute_mask", Layer)


def overrides(layer: Any, method: str, base: type) -> bool:
    """True when the layer's class replaces ``base.method``."""
    return getattr(type(layer), method) is not getattr(base, method)


def tracked_layers(owner: Any) -> list[Any]:
    """Layers held in ``owner``'s attributes (lists, tuples, dicts too), in assignment order.

    Example:
        >>> from modelviz.layers import Dense, Layer
        >>> class Block(Layer):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.body = Dense(4, name="body")
        ...         self.heads = {"a": Dense(2, name="head_a"), "b": Dense(3, name="head_b")}
        >>> [layer.name for layer in tracked_layers(Block())]
        ['body', 'head_a', 'head_b']
    """
    from modelviz.layers.base import Layer

    found: list[Any] = []
    seen: set[int] = {id(owner)}
    stack = [value for key, value in reversed(list(vars(owner).items()))
             if key not in _INTERNAL]
    while stack:
        item = stack.pop()
        if isinstance(item, Layer):
            if id(item) not in seen:
                seen.add(id(item))
                found.append(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
    return found


# Attributes of modelviz's own bookkeeping (the layers a functional graph holds, nodes).
_INTERNAL = frozenset({"_inbound_nodes", "_operations", "_ordered_nodes", "_nodes_by_depth",
                       "_inputs", "_outputs", "_inputs_struct", "_outputs_struct", "_layers",
                       "_trace_inputs"})


def held_variables(owner: Any) -> list[Weight]:
    """Weights of ``keras.Variable`` objects held in attributes (lists too), in order."""
    found: list[Weight] = []
    for key, value in vars(owner).items():
        items = value if isinstance(value, (list, tuple)) else [value]
        found.extend(v.weight for v in items
                     if getattr(v, "standalone", False) and key not in _INTERNAL)
    return found


def all_weights(layer: Any) -> list[Weight]:
    """A custom layer's own weights, then its sublayers' (each layer once)."""
    weights = held_variables(layer) + list(layer._weights)
    seen = {id(layer)}
    stack = list(reversed(tracked_layers(layer)))
    while stack:
        sub = stack.pop()
        if id(sub) in seen:
            continue
        seen.add(id(sub))
        weights.extend(sub.weights)
    return weights


def fresh_tensors(structure: Any) -> Any:
    """A copy of an argument structure with new, unconnected symbolic tensors."""
    if isinstance(structure, KerasTensor):
        return KerasTensor(structure.shape, structure.dtype)
    if isinstance(structure, dict):
        return {k: fresh_tensors(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(fresh_tensors(v) for v in structure)
    return structure


def traced_output_shape(layer: Any, args: tuple, kwargs: dict) -> Any:
    """Run ``layer.call`` on fresh tensors (no automatic names used) and return its shapes."""
    args, kwargs = fresh_tensors(args), fresh_tensors(kwargs)
    with hidden_names():
        outputs = run_call(layer, args, kwargs)
    return map_shapes(outputs) if not isinstance(outputs, KerasTensor) else outputs.shape


def run_call(layer: Any, args: tuple, kwargs: dict) -> Any:
    """``layer.call(*args, **kwargs)``; a failure names the layer and the user's line."""
    try:
        return layer.call(*args, **kwargs)
    except Exception as err:  # user code: anything may fail, and must be said clearly
        raise trace_error(layer, err) from err


def trace_error(layer: Any, err: BaseException) -> ModelvizError:
    """A ShapeError naming the layer, the failing line of its ``call()`` and the cause.

    Example:
        >>> from modelviz.layers import Layer
        >>> err = trace_error(Layer(name="block"), ValueError("rank 2 expected"))
        >>> type(err).__name__
        'ShapeError'
        >>> print(err)
        block (Layer): call() cannot be traced on symbolic tensors: rank 2 expected
    """
    message = str(err)
    if isinstance(err, ModelvizError) and " at " in message and "call() cannot" in message:
        return err  # an inner layer already said it
    where = _failing_line(err)
    if isinstance(err, ModelvizError) and " at " in message:
        where = ""
    return ShapeError(f"{layer.name} ({type(layer).__name__}): call() cannot be traced on "
                      f"symbolic tensors{where}: {message}")


def _failing_line(err: BaseException) -> str:
    import traceback  # only when a trace failed: keeps `import modelviz` light

    frames = [f for f in traceback.extract_tb(err.__traceback__)
              if "/modelviz/" not in f.filename.replace("\\", "/")]
    if not frames:
        return ""
    frame = frames[-1]
    code = f" ({frame.line})" if frame.line else ""
    return f" at {frame.filename}:{frame.lineno}{code}"




def call_on_values(layer: Any, args: tuple, kwargs: dict) -> Any:
    """A layer called on values (NumPy arrays, ``ops.arange(...)``, lists of numbers).

    Keras runs such a call eagerly: the layer is built on those shapes and no node is
    recorded. modelviz returns constants of the output shape and remembers the call's
    shapes (``_value_call``) for the summary, as Keras reads a built layer's shapes.

    Example:
        >>> import numpy as np
        >>> from modelviz.layers import Dense
        >>> layer = Dense(4)
        >>> layer(np.ones((2, 3))).shape, layer.count_params()
        ((2, 4), 16)
    """
    args = tuple(_as_constants(a) for a in args)
    kwargs = {k: _as_constants(v) for k, v in kwargs.items()}
    first = args[0] if args else kwargs.get("inputs", next(iter(kwargs.values()), None))
    if not _has_value(first):
        raise LayerConfigError(
            f"{layer.name} ({layer._class_label()}): called on no tensor; call it on "
            "keras.Input(...), on another layer's output or on an array")
    input_shape = map_shapes(first)
    output_shape = layer._call_output_shape(args, kwargs, layer._call_input_shape(args, kwargs))
    layer.__dict__.setdefault("_value_call", (input_shape, output_shape))  # the first, as Keras
    return _constants(output_shape, layer._output_dtype())


def _as_constants(structure: Any) -> Any:
    """Numbers and lists of numbers become constants of their shape; other values stay."""
    if isinstance(structure, (int, float)) and not isinstance(structure, bool):
        return Constant((), "int32" if isinstance(structure, int) else "float32")
    if isinstance(structure, dict):
        return {k: _as_constants(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        if structure and _numeric(structure):
            from modelviz.layers.ops import shape_of

            return Constant(shape_of(structure))
        return type(structure)(_as_constants(v) for v in structure)
    return structure


def _numeric(structure: Any) -> bool:
    """A (nested) list of numbers, as ``convert_to_tensor`` takes it."""
    stack = [structure]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)) and item:
            stack.extend(item)
        elif isinstance(item, bool) or not isinstance(item, (int, float)):
            return False
    return True


def _has_value(structure: Any) -> bool:
    stack = [structure]
    while stack:
        item = stack.pop()
        if isinstance(item, SymbolicOperators) or is_array(item):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def _constants(shape: Any, dtype: str) -> Any:
    if isinstance(shape, tuple):
        return Constant(shape, dtype)
    if isinstance(shape, dict):
        return {k: _constants(v, dtype) for k, v in shape.items()}
    return [_constants(s, dtype) for s in shape]

