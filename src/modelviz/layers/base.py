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

from typing import Any, Final

from modelviz.errors import LayerConfigError, ModelvizError, ShapeError
from modelviz.layers import subclassing
from modelviz.layers.arguments import (
    batch_input_shape,
    dtype_name,
    normalize_shape,
    weight_dim,
)
from modelviz.layers.auto_config import auto_config, with_auto_config
from modelviz.layers.naming import auto_name, clear_session, to_snake_case
from modelviz.layers.tensors import (
    KerasTensor,
    Node,
    Shape,
    Weight,
    flatten_masks,
    flatten_tensors,
    format_shape,
    map_shapes,
    mask_structure,
    plain,
)

__all__ = [
    "KerasTensor",
    "Layer",
    "Node",
    "Shape",
    "Weight",
    "auto_name",
    "clear_session",
    "flatten_tensors",
    "format_shape",
    "map_shapes",
    "plain",
    "set_auto_masks",
    "to_snake_case",
]

# Keras's Layer.__init__ accepts these beyond its own arguments.
_BASE_KWARGS: Final = frozenset(
    {"input_dim", "input_shape", "batch_input_shape", "batch_size", "weights", "autocast"}
)
_CONFIG_SKIP: Final = frozenset({"self", "kwargs", "__class__", "name", "trainable", "dtype"})
# Keras 3 adds mask operations (NotEqual, Any) to the graph while layers are called;
# importers turn this off because saved configs already contain those nodes.
_AUTO_MASKS = [True]


def set_auto_masks(enabled: bool) -> bool:
    """Switch automatic mask propagation on or off; return the previous setting.

    Example:
        >>> previous = set_auto_masks(False)
        >>> previous, set_auto_masks(previous)
        (True, False)
    """
    previous = _AUTO_MASKS[0]
    _AUTO_MASKS[0] = bool(enabled)
    return previous


class Layer(subclassing.WeightValues):
    """Base class: Keras's common arguments, naming, calls and weight bookkeeping."""

    supports_masking: bool = False  # Keras's: the layer passes a mask on (compute_mask)
    #: True when ``call`` has a ``mask`` argument, so a mask becomes an inbound tensor.
    takes_mask: bool = False

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        layer = super().__new__(cls)
        if subclassing.is_custom(layer):  # Keras keeps a subclass's simple __init__ arguments
            layer._auto_config = auto_config(cls, args, kwargs)
        return layer

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
        self.dtype = dtype_name(dtype)
        self._batch_input_shape = batch_input_shape(self, kwargs)
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
        return explain_weights(self._class_label(), weights)

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
        return self._built_shape is not None or self.__dict__.get("_built_flag", False)

    @built.setter
    def built(self, value: bool) -> None:  # a build() ending with ``self.built = True``
        self._built_flag = bool(value)

    @property
    def weights(self) -> list[Weight]:
        """The layer's weights (a subclass's sublayers' too); non-trainable when frozen."""
        weights = subclassing.all_weights(self) if subclassing.is_custom(self) else self._weights
        if self._trainable:
            return list(weights)
        return [Weight(w.name, w.shape, False) for w in weights]

    def add_weight(self, shape: Any = None, initializer: Any = None, dtype: Any = None,
                   trainable: bool = True, autocast: bool = True, regularizer: Any = None,
                   constraint: Any = None, aggregation: str = "none",
                   overwrite_with_gradient: bool = False,
                   name: str | None = None) -> subclassing.Variable:
        """Keras's ``add_weight``: record a weight (only its shape matters here)."""
        dims = tuple(weight_dim(self, d) for d in (shape or ()))
        weight = Weight(name or "variable", dims, bool(trainable))
        self._weights.append(weight)
        return subclassing.Variable(weight)

    def add_loss(self, loss: Any) -> None:
        """Keras's ``add_loss`` (in ``call()``): accepted; modelviz computes no loss."""

    def __getattr__(self, name: str) -> Any:
        """Keras's weight attributes of a built layer: ``dense.kernel``, ``norm.gamma``..."""
        if not name.startswith("_"):
            for weight in self.__dict__.get("_weights", ()):
                if weight.name == name:
                    return subclassing.Variable(weight)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

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
            raise ShapeError(f"{self.name} ({self._class_label()}): count_params() needs a built "
                             "layer; call it on an input or give it input_shape=")
        return sum(w.size for w in self.weights)

    def get_config(self) -> dict[str, Any]:
        """The layer's arguments as plain data, with Keras's names."""
        return with_auto_config(self, {
            "name": self.name, "trainable": self.trainable, "dtype": self.dtype, **self._config})

    def build(self, input_shape: Any = None) -> None:
        """Create the weights for ``input_shape`` (a call does this for you)."""
        input_shape = normalize_shape(input_shape)
        if not subclassing.is_custom(self):  # a subclass's build() made its own weights
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
        if not tensors:  # NumPy arrays, ops.arange(...): Keras runs eagerly, records nothing
            return subclassing.call_on_values(self, args, kwargs)
        input_shape = self._call_input_shape(args, kwargs)
        output_shape = self._call_output_shape(args, kwargs, input_shape)
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
        if not subclassing.takes_mask(self) or kwargs.get("mask") is not None or not args:
            return kwargs
        if subclassing.is_custom(self) and not subclassing.mask_recorded(self, args, kwargs):
            return kwargs
        mask = mask_structure(args[0])
        return {**kwargs, "mask": mask} if flatten_tensors(mask) else kwargs

    def _set_output_masks(self, args: tuple, kwargs: dict, outputs: Any) -> None:
        """Keras's ``_set_mask_metadata``: masks of the first argument, through compute_mask."""
        first = args[0] if args else None
        previous = mask_structure(first)
        if not subclassing.supports_masking(self):
            return
        masks = self.compute_mask(first, previous)
        if masks is None:
            return
        for tensor, mask in zip(flatten_tensors(outputs), flatten_masks(masks), strict=False):
            if mask is not None and tensor._keras_mask is None:
                tensor._keras_mask = mask

    # -- machinery ------------------------------------------------------------
    def _call_output_shape(self, args: tuple, kwargs: dict, input_shape: Any) -> Any:
        """Build on the first call (or check a shared layer's input), then the output shape."""
        if subclassing.is_custom(self):
            return self._custom_output_shape(args, kwargs, input_shape)
        if self.built:
            self._check_rebuild(input_shape)
        else:
            self.build(input_shape)
        return self._checked(self.compute_output_shape, input_shape)

    def _custom_output_shape(self, args: tuple, kwargs: dict, input_shape: Any) -> Any:
        """A subclass: its build() once, then its compute_output_shape() or a trace of call()."""
        traced = None
        if not self.built:
            if subclassing.overrides(self, "build", Layer):
                self.build(input_shape)
            else:  # Keras's default build runs call() once, which builds the sublayers
                traced = subclassing.traced_output_shape(self, args, kwargs)
            if self._built_shape is None:  # a build() that did not call super().build()
                self._built_shape = input_shape
        if subclassing.overrides(self, "compute_output_shape", Layer):
            return normalize_shape(self._checked(self.compute_output_shape, input_shape))
        return traced if traced is not None else subclassing.traced_output_shape(
            self, args, kwargs)

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
            if isinstance(shape, dict):  # tensor indices follow Keras's sorted keys
                made = {k: make(shape[k]) for k in sorted(shape)}
                return {k: made[k] for k in shape}
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
                f"{self.name} ({self._class_label()}): called again on input "
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
                f"{self.name} ({self._class_label()}): cannot be applied to input "
                f"{format_shape(input_shape)} ({err}); check the input shape and the "
                "layer's arguments") from err

    def shape_error(self, input_shape: Any, problem: str, fix: str) -> ShapeError:
        """A ShapeError in the one-line form: layer, class, input, problem, fix."""
        return ShapeError(f"{self.name} ({self._class_label()}): {problem} for input "
                          f"{format_shape(input_shape)}; {fix}")

    def config_error(self, problem: str) -> LayerConfigError:
        """A LayerConfigError naming the layer."""
        return LayerConfigError(f"{self.name} ({self._class_label()}): {problem}")

    def _node_or_error(self, what: str) -> Node:
        if not self._inbound_nodes:
            raise ShapeError(f"{self.name} ({self._class_label()}): has no {what} yet; "
                             "call the layer on a tensor first")
        return self._inbound_nodes[0]

    def _class_label(self) -> str:
        return getattr(self, "class_name", None) or type(self).__name__

    def __repr__(self) -> str:
        return f"<{self._class_label()} name={self.name}, built={self.built}>"


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
