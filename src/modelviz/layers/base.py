"""The layer base class, symbolic tensors and call records.

A layer answers three questions about an input shape: its output shape
(:meth:`Layer.compute_output_shape`), its weights (:meth:`Layer.weight_shapes`)
and why it has that many parameters (:meth:`Layer.explain`). Calling a layer on
a :class:`KerasTensor` records a :class:`Node`, as Keras does, so that models can
later walk the graph.

Example:
    >>> from modelviz.layers import Dense
    >>> Dense(2).weight_shapes((None, 3))  # doctest: +NORMALIZE_WHITESPACE
    [Weight(name='kernel', shape=(3, 2), trainable=True),
     Weight(name='bias', shape=(2,), trainable=True)]
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Any, Final

from modelviz.errors import LayerConfigError, ModelvizError, ShapeError

__all__ = [
    "KerasTensor",
    "Layer",
    "Node",
    "Shape",
    "Weight",
    "auto_name",
    "clear_session",
    "format_shape",
    "set_auto_masks",
    "to_snake_case",
]

Shape = tuple[int | None, ...]

# Keras's Layer.__init__ accepts these beyond its own arguments.
_BASE_KWARGS: Final = frozenset(
    {"input_dim", "input_shape", "batch_input_shape", "batch_size", "weights", "autocast"}
)
_CONFIG_SKIP: Final = frozenset({"self", "kwargs", "__class__", "name", "trainable", "dtype"})
_UIDS: dict[str, int] = {}
# Keras 3 adds mask operations (NotEqual, Any) to the graph while layers are called;
# importers turn this off because saved configs already contain those nodes.
_AUTO_MASKS = [True]


def set_auto_masks(enabled: bool) -> bool:
    """Switch automatic mask propagation on or off; return the previous setting."""
    previous = _AUTO_MASKS[0]
    _AUTO_MASKS[0] = bool(enabled)
    return previous


def clear_session() -> None:
    """Restart automatic names (``dense``, ``dense_1``, ...) like ``keras.backend.clear_session``.

    Example:
        >>> clear_session(); auto_name("dense"), auto_name("dense")
        ('dense', 'dense_1')
    """
    _UIDS.clear()


def auto_name(prefix: str) -> str:
    """Return the next Keras 3 automatic name for ``prefix``."""
    uid = _UIDS.get(prefix, 0) + 1
    _UIDS[prefix] = uid
    return prefix if uid == 1 else f"{prefix}_{uid - 1}"


@functools.lru_cache(maxsize=1024)
def to_snake_case(name: str) -> str:
    """Keras's class-name to layer-name rule.

    Example:
        >>> to_snake_case("MaxPooling2D"), to_snake_case("PReLU")
        ('max_pooling2d', 'p_re_lu')
    """
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def format_shape(shape: Any) -> str:
    """Write a shape as Keras prints it: ``(None, 30, 30, 32)``.

    Example:
        >>> format_shape((None, 5)), format_shape((None,))
        ('(None, 5)', '(None,)')
    """
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
        object.__setattr__(self, "size", math.prod(self.shape))


class KerasTensor:
    """A symbolic tensor: a shape, a dtype and the call that made it."""

    __slots__ = ("_keras_history", "_keras_mask", "dtype", "name", "shape")

    def __init__(self, shape: Shape, dtype: str = "float32", history: tuple | None = None,
                 name: str | None = None) -> None:
        self.shape: Shape = tuple(shape)
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


class Node:
    """One call of a layer: the tensors that went in and the tensors that came out."""

    __slots__ = ("call_args", "call_kwargs", "input_tensors", "layer", "output_tensors",
                 "outputs")

    def __init__(self, layer: Layer, call_args: tuple, call_kwargs: dict,
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
    """Every KerasTensor in a nested list/tuple/dict, in order (dicts by insertion)."""
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
            stack.extend(reversed(list(item.values())))
    return found


def _mask_structure(structure: Any) -> Any:
    """The masks of a tensor structure (None where a tensor has none)."""
    if isinstance(structure, KerasTensor):
        return structure._keras_mask
    if isinstance(structure, dict):
        return {k: _mask_structure(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [_mask_structure(v) for v in structure]
    return None


def _flatten_masks(masks: Any) -> list[Any]:
    if isinstance(masks, (list, tuple)):
        return [m for item in masks for m in _flatten_masks(item)]
    if isinstance(masks, dict):
        return [m for item in masks.values() for m in _flatten_masks(item)]
    return [masks]


def map_shapes(structure: Any) -> Any:
    """Replace every tensor of a list/tuple/dict structure by its shape (lists stay lists)."""
    if isinstance(structure, KerasTensor):
        return structure.shape
    if isinstance(structure, dict):
        return {k: map_shapes(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [map_shapes(v) for v in structure]
    return structure


def plain(value: Any) -> Any:
    """Config values as plain data (str, int, float, bool, None, lists, dicts)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return getattr(value, "__name__", None) or type(value).__name__


class Layer:
    """Base class: Keras's common arguments, naming, calls and weight bookkeeping."""

    #: Keras's ``supports_masking``: the layer passes a mask on (see ``compute_mask``).
    supports_masking: bool = False
    #: True when ``call`` has a ``mask`` argument, so a mask becomes an inbound tensor.
    takes_mask: bool = False

    def __init__(self, *, name: str | None = None, trainable: bool = True,
                 dtype: Any = None, activity_regularizer: Any = None, **kwargs: Any) -> None:
        unknown = sorted(set(kwargs) - _BASE_KWARGS) if kwargs else []
        if unknown:
            raise LayerConfigError(
                f"{type(self).__name__}: unrecognized keyword arguments {unknown}; "
                f"check the spelling against the Keras documentation of {type(self).__name__}")
        if name is not None and not isinstance(name, str):
            raise LayerConfigError(f"{type(self).__name__}: name must be a string, got {name!r}")
        self.name: str = name or auto_name(to_snake_case(type(self).__name__))
        if not isinstance(trainable, bool):  # Keras: "Expected `trainable` to be a boolean"
            raise self.config_error(f"trainable must be True or False, got {trainable!r}")
        self._trainable = bool(trainable)
        self.dtype = _dtype_name(dtype)
        self._batch_input_shape = _batch_input_shape(self, kwargs)
        self._inbound_nodes: list[Node] = []
        self._built_shape: Any = None
        self._weights: list[Weight] = []
        self._config: dict[str, Any] = {}

    # -- what subclasses describe ------------------------------------------
    def compute_output_shape(self, input_shape: Any) -> Any:
        """Output shape for ``input_shape``; the base layer keeps the shape."""
        return input_shape

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """Weights the layer creates for ``input_shape``; none by default."""
        return []

    def explain(self, input_shape: Any = None) -> str:
        """One line saying where the parameter count comes from."""
        weights = self.weights if input_shape is None else self.weight_shapes(input_shape)
        return explain_weights(type(self).__name__, weights)

    def _set_config(self, arguments: dict[str, Any]) -> None:
        """Keep a subclass's own arguments (pass ``locals()``) as its config."""
        self._config = {k: plain(v) for k, v in arguments.items() if k not in _CONFIG_SKIP}
        from modelviz.layers.validation import unknown_activation

        bad = unknown_activation(arguments)
        if bad:
            raise self.config_error(f"{bad[0]}={bad[1]!r} is not a Keras activation; use one "
                                    "of relu, sigmoid, softmax, tanh, gelu, ... (see "
                                    "keras.activations)")

    # -- Keras's public API ----------------------------------------------------
    @property
    def trainable(self) -> bool:
        """Whether training updates this layer's weights."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)

    @property
    def built(self) -> bool:
        """True once the layer has been called (or built) on a shape."""
        return self._built_shape is not None

    @property
    def weights(self) -> list[Weight]:
        """The layer's weights; all non-trainable when the layer is frozen."""
        if self._trainable:
            return list(self._weights)
        return [Weight(w.name, w.shape, False) for w in self._weights]

    @property
    def trainable_weights(self) -> list[Weight]:
        """Weights that training updates."""
        return [w for w in self.weights if w.trainable]

    @property
    def non_trainable_weights(self) -> list[Weight]:
        """Weights that training leaves alone."""
        return [w for w in self.weights if not w.trainable]

    def count_params(self) -> int:
        """Number of scalars in the layer's weights.

        Raises:
            ShapeError: when the layer has not been called on an input yet.
        """
        if not self.built:
            raise ShapeError(f"{self.name} ({type(self).__name__}): count_params() needs a built "
                             "layer; call it on an input or give it input_shape=")
        return sum(w.size for w in self.weights)

    def get_config(self) -> dict[str, Any]:
        """The layer's arguments as plain data, with Keras's names."""
        return {"name": self.name, "trainable": self.trainable, "dtype": self.dtype,
                **self._config}

    def build(self, input_shape: Any) -> None:
        """Create the weights for ``input_shape`` (a call does this for you)."""
        input_shape = _normalize_shape(input_shape)
        self._weights = self._checked(self.weight_shapes, input_shape)
        self._built_shape = input_shape

    @property
    def output(self) -> Any:
        """The output tensor(s) of the layer's first call."""
        return self._node_or_error("output").outputs

    @property
    def input(self) -> Any:
        """The input tensor(s) of the layer's first call."""
        node = self._node_or_error("input")
        return node.call_args[0] if node.call_args else node.outputs

    @property
    def output_shape(self) -> Any:
        """Output shape(s) of the layer's first call."""
        return map_shapes(self.output)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        tensors = flatten_tensors((args, kwargs))
        if not tensors:
            raise LayerConfigError(
                f"{self.name} ({type(self).__name__}): called on no symbolic tensor; "
                "call it on keras.Input(...) or on another layer's output")
        input_shape = self._call_input_shape(args, kwargs)
        if self.built:
            self._check_rebuild(input_shape)
        else:
            self.build(input_shape)
        output_shape = self._checked(self.compute_output_shape, input_shape)
        if _AUTO_MASKS[0]:
            with_mask = self._with_mask_argument(args, kwargs)
            if with_mask is not kwargs:
                kwargs, tensors = with_mask, flatten_tensors((args, with_mask))
        outputs = self._record_call(args, kwargs, output_shape, tensors)
        if _AUTO_MASKS[0]:
            self._set_output_masks(args, kwargs, outputs)
        return outputs

    def compute_mask(self, inputs: Any, previous_mask: Any) -> Any:
        """The mask of the outputs (Keras's rule: pass the input's mask on)."""
        return previous_mask

    def _with_mask_argument(self, args: tuple, kwargs: dict) -> dict:
        """Keras passes the only tensor argument's mask as ``mask=`` when call takes one."""
        if not self.takes_mask or kwargs.get("mask") is not None or not args:
            return kwargs
        mask = _mask_structure(args[0])
        return {**kwargs, "mask": mask} if flatten_tensors(mask) else kwargs

    def _set_output_masks(self, args: tuple, kwargs: dict, outputs: Any) -> None:
        """Keras's ``_set_mask_metadata``: masks of the first argument, through compute_mask."""
        first = args[0] if args else None
        previous = _mask_structure(first)
        if not self.supports_masking:
            return
        masks = self.compute_mask(first, previous)
        if masks is None:
            return
        for tensor, mask in zip(flatten_tensors(outputs), _flatten_masks(masks), strict=False):
            if mask is not None and tensor._keras_mask is None:
                tensor._keras_mask = mask

    # -- machinery ------------------------------------------------------------
    def _call_input_shape(self, args: tuple, kwargs: dict) -> Any:
        """The shape structure the layer computes from: its first argument's."""
        first = args[0] if args else kwargs.get("inputs", next(iter(kwargs.values())))
        return map_shapes(first)

    def _record_call(self, args: tuple, kwargs: dict, output_shape: Any,
                     input_tensors: list[KerasTensor] | None = None) -> Any:
        node_index = len(self._inbound_nodes)
        if isinstance(output_shape, tuple):  # one output: the common case, made directly
            outputs: Any = KerasTensor(output_shape, self._output_dtype(), (self, node_index, 0))
            self._inbound_nodes.append(Node(self, args, kwargs, outputs, input_tensors))
            return outputs
        counter = [0]

        def make(shape: Any) -> Any:
            if isinstance(shape, tuple):
                tensor = KerasTensor(shape, self._output_dtype(), (self, node_index, counter[0]))
                counter[0] += 1
                return tensor
            if isinstance(shape, dict):
                return {k: make(v) for k, v in shape.items()}
            if isinstance(shape, list):
                return [make(s) for s in shape]
            raise self.shape_error(output_shape, f"computed the output shape {shape!r}, which "
                                   "is not a shape", "check the layer's arguments")

        outputs = make(output_shape)
        self._inbound_nodes.append(Node(self, args, kwargs, outputs, input_tensors))
        return outputs

    def _output_dtype(self) -> str:
        return self.dtype

    def _check_rebuild(self, input_shape: Any) -> None:
        weights = self._checked(self.weight_shapes, input_shape)
        if [w.shape for w in weights] != [w.shape for w in self._weights]:
            raise ShapeError(
                f"{self.name} ({type(self).__name__}): called again on input "
                f"{format_shape(input_shape)}, but its weights were built for "
                f"{format_shape(self._built_shape)}; a shared layer needs inputs of the same shape")

    def _checked(self, method: Any, input_shape: Any) -> Any:
        """Run a shape method; any non-modelviz failure becomes a ShapeError naming the layer."""
        try:
            return method(input_shape)
        except ModelvizError:
            raise
        except (ArithmeticError, IndexError, KeyError, TypeError, ValueError) as err:
            raise ShapeError(
                f"{self.name} ({type(self).__name__}): cannot be applied to input "
                f"{format_shape(input_shape)} ({err}); check the input shape and the "
                "layer's arguments") from err

    def shape_error(self, input_shape: Any, problem: str, fix: str) -> ShapeError:
        """A ShapeError in the one-line form: layer, class, input, problem, fix."""
        return ShapeError(f"{self.name} ({type(self).__name__}): {problem} for input "
                          f"{format_shape(input_shape)}; {fix}")

    def config_error(self, problem: str) -> LayerConfigError:
        """A LayerConfigError naming the layer."""
        return LayerConfigError(f"{self.name} ({type(self).__name__}): {problem}")

    def _node_or_error(self, what: str) -> Node:
        if not self._inbound_nodes:
            raise ShapeError(f"{self.name} ({type(self).__name__}): has no {what} yet; "
                             "call the layer on a tensor first")
        return self._inbound_nodes[0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def explain_weights(class_name: str, weights: list[Weight]) -> str:
    """``kernel 3×3×3×32 + bias 32 = 896`` from a list of weights.

    Example:
        >>> explain_weights("Dense", [Weight("kernel", (4, 2)), Weight("bias", (2,))])
        'kernel 4×2 + bias 2 = 10'
        >>> explain_weights("Flatten", [])
        'Flatten has no weights'
    """
    if not weights:
        return f"{class_name} has no weights"
    terms = " + ".join(f"{w.name} {dims(w.shape)}" for w in weights)
    total = sum(w.size for w in weights)
    return f"{terms} = {total:,}"


def dims(shape: tuple[int, ...]) -> str:
    """``3×3×3×32``; a scalar weight is ``1``."""
    return "×".join(str(d) for d in shape) or "1"


def _normalize_shape(shape: Any) -> Any:
    if isinstance(shape, tuple):
        return shape
    if isinstance(shape, list) and shape and all(isinstance(d, (int, type(None))) for d in shape):
        return tuple(shape)
    if isinstance(shape, dict):
        return {k: _normalize_shape(v) for k, v in shape.items()}
    if isinstance(shape, list):
        return [_normalize_shape(s) for s in shape]
    return shape


def _dtype_name(dtype: Any) -> str:
    if dtype is None:
        return "float32"
    if isinstance(dtype, dict):  # a serialized DTypePolicy
        config = dtype.get("config")
        return str(config.get("name", "float32")) if isinstance(config, dict) else "float32"
    return str(getattr(dtype, "name", dtype))


def _batch_input_shape(layer: Layer, kwargs: dict[str, Any]) -> Shape | None:
    """The Keras 2 first-layer arguments input_shape / input_dim / batch_input_shape."""
    if kwargs.get("batch_input_shape") is not None:
        return tuple(kwargs["batch_input_shape"])
    batch = kwargs.get("batch_size")
    if kwargs.get("input_shape") is not None:
        shape = kwargs["input_shape"]
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        return (batch, *shape)
    if kwargs.get("input_dim") is not None:
        return (batch, int(kwargs["input_dim"]))
    return None
