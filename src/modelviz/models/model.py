"""The ``Model`` base class: layers, weights, inputs/outputs, and subclassed models.

``Model(inputs, outputs)`` makes a :class:`~modelviz.models.functional.Functional`.
A subclass that defines ``call()`` (Keras's subclassing API) is traced: ``build()``
or a first call runs ``call()`` on symbolic tensors, so its layers get shapes and
parameters, in the order they were assigned as attributes.

Example:
    >>> from modelviz.layers import Dense
    >>> class TwoLayers(Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = Dense(8, activation="relu")
    ...         self.out = Dense(2)
    ...     def call(self, x):
    ...         return self.out(self.hidden(x))
    >>> model = TwoLayers()
    >>> model.build((None, 3))
    >>> [layer.name for layer in model.layers], model.count_params()
    (['dense', 'dense_1'], 50)
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from modelviz.errors import LayerConfigError
from modelviz.layers import subclassing
from modelviz.layers.base import KerasTensor, Layer, Weight, flatten_tensors, map_shapes
from modelviz.models import tracing
from modelviz.models.graph_walk import _flat_shapes, _restructure, _substitute
from modelviz.models.training import Training

__all__ = ["Model"]


class Model(Training, Layer):
    """A model: ``Model(inputs, outputs, name=...)`` builds a functional model."""

    # The traced graph of a subclassed model (a functional model sets its own).
    _inputs: tuple[KerasTensor, ...] = ()
    _outputs: tuple[KerasTensor, ...] = ()
    _operations: tuple[Layer, ...] = ()
    _ordered_nodes: tuple = ()
    _nodes_by_depth: MappingProxyType = MappingProxyType({})
    _node_ids: frozenset = frozenset()
    _inputs_struct: Any = None
    _outputs_struct: Any = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Model:
        if cls is Model:
            from modelviz.models.functional import Functional

            cls = Functional
        return super().__new__(cls, *args, **kwargs)

    _functional_graph = False  # True once Model(inputs, outputs) made the graph

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        inputs = kwargs.pop("inputs", args[0] if args else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        super().__init__(**kwargs)
        if inputs is not None or outputs is not None:  # a subclass's functional __init__
            from modelviz.models.functional import init_graph

            init_graph(self, inputs, outputs)

    @property
    def _model_kind(self) -> str:
        """``"functional"``, ``"sequential"`` or ``"subclassed"`` (read by the graph)."""
        if not self._functional_graph and (subclassing.is_custom(self) or not type(
                self).__module__.startswith("modelviz.")):  # a subclass, with call() or not
            return "subclassed"
        return "functional"

    def _is_subclassed(self) -> bool:
        return self._model_kind == "subclassed"

    # -- layer list and lookup -------------------------------------------------
    @property
    def layers(self) -> list[Layer]:
        """The model's layers, in Keras's order (operation nodes such as NotEqual left out).

        A subclassed model's are the layers held in its attributes, in assignment order.
        """
        if self._is_subclassed():
            return subclassing.tracked_layers(self)
        return [op for op in self._operations if not getattr(op, "is_operation", False)]

    @property
    def operations(self) -> list[Layer]:
        """Every node of the graph, operations (``add``, ``mean``...) included."""
        return list(self._operations)

    @property
    def trainable(self) -> bool:
        """Whether training updates the weights; setting it reaches every layer, as in Keras."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for layer in self.layers:
            layer.trainable = value

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """A layer by name or by index in :attr:`layers`."""
        if index is not None:
            if not -len(self.layers) <= index < len(self.layers):
                raise LayerConfigError(f"{self.name}: no layer at index {index}; the model has "
                                       f"{len(self.layers)} layers")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        names = ", ".join(layer.name for layer in self.layers)
        raise LayerConfigError(f"{self.name}: no layer named {name!r}; layers are: {names}")

    # -- weights --------------------------------------------------------------------
    @property
    def weights(self) -> list[Weight]:
        """The model's own weights (a subclass's ``add_weight``), then every layer's, once each.

        A layer shared by a nested model and this one (a causal LM's tied token
        embedding) counts once, as in Keras.
        """
        seen: set[int] = set()
        weights: list[Weight] = subclassing.held_variables(self) + list(self._weights)
        stack = [(layer, False) for layer in reversed(self.layers)]
        while stack:
            layer, frozen = stack.pop()
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            if isinstance(layer, Model) and not layer._is_subclassed():
                weights.extend(_frozen(layer._weights, frozen or not layer.trainable))
                stack.extend((inner, frozen or not layer.trainable)
                             for inner in reversed(layer.layers))
            else:
                weights.extend(_frozen(layer.weights, frozen))
        return weights if self.trainable else _frozen(weights, True)

    @property
    def built(self) -> bool:
        """A model is built once its input shape is known."""
        return bool(self._operations)

    @built.setter
    def built(self, value: bool) -> None:  # a subclass's build() ending ``self.built = True``
        self._built_flag = bool(value)

    def count_params(self) -> int:
        """Number of scalars in the model's weights."""
        return sum(w.size for w in self.weights)

    def explain(self, input_shape: Any = None) -> str:
        """A nested model's count is the sum of its layers'."""
        weights = self.weights
        trainable = sum(w.size for w in weights if w.trainable)
        total = sum(w.size for w in weights)
        return f"sum of its {len(self.layers)} layers = {total:,} ({trainable:,} trainable)"

    def build(self, input_shape: Any = None) -> None:
        """A subclassed model traces ``call()`` on inputs of this shape; others need nothing.

        Raises:
            ShapeError: when ``call()`` cannot run on symbolic tensors (the message names
                the line); the layers stay listed, unbuilt.
        """
        if self._is_subclassed() and not self._operations and input_shape is not None:
            tracing.trace_model(self, input_shape)

    def _check_rebuild(self, input_shape: Any) -> None:
        """A model's weights do not depend on the call (shapes are re-inferred)."""

    # -- inputs and outputs ----------------------------------------------------------
    @property
    def inputs(self) -> list[KerasTensor]:
        """The model's input tensors, flattened."""
        return list(self._inputs)

    @property
    def outputs(self) -> list[KerasTensor]:
        """The model's output tensors, flattened."""
        return list(self._outputs)

    @property
    def output(self) -> Any:
        """The model's output tensor(s), as given to ``Model(...)``."""
        return self._outputs_struct

    @property
    def input(self) -> Any:
        """The model's input tensor(s), as given to ``Model(...)``."""
        return self._inputs_struct

    @property
    def input_shape(self) -> Any:
        """Input shape (a list when there are several)."""
        shapes = [t.shape for t in self._inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self) -> Any:
        """Output shape (a list when there are several)."""
        shapes = [t.shape for t in self._outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    # -- calling a model inside another ----------------------------------------------
    def _call_input_shape(self, args: tuple, kwargs: dict) -> Any:
        first = args[0] if args else next(iter(kwargs.values()))
        return first if flatten_tensors(first) else map_shapes(first)  # arrays: their shapes

    def weight_shapes(self, input_shape: Any) -> list[Weight]:
        """A model's weights (built on ``input_shape`` first if it has no input yet)."""
        if not self.built:
            self.build(input_shape)
        return self.weights

    def compute_output_shape(self, inputs: Any) -> Any:
        """Re-run shape inference through the inner graph for new input tensors or shapes."""
        new_shapes = [t.shape for t in flatten_tensors(inputs)] or _flat_shapes(inputs)
        if not self.built:
            self.build(new_shapes[0] if len(new_shapes) == 1 else new_shapes)
        if len(new_shapes) != len(self._inputs):
            raise self.config_error(f"expects {len(self._inputs)} input tensor(s), got "
                                    f"{len(new_shapes)}")
        shapes = {id(old): tuple(new) for old, new in zip(self._inputs, new_shapes, strict=True)}
        for node in self._ordered_nodes:
            if node.is_input or all(id(t) in shapes for t in node.output_tensors):
                continue
            args, kwargs = _substitute((node.call_args, node.call_kwargs), shapes)
            layer = node.layer
            input_shape = layer._call_input_shape(args, kwargs)
            out = (layer._custom_output_shape(args, kwargs, input_shape)  # traced call()
                   if subclassing.is_custom(layer) and layer is not self
                   else layer._checked(layer.compute_output_shape, input_shape))
            for tensor, shape in zip(node.output_tensors, _flat_shapes(out), strict=False):
                shapes[id(tensor)] = shape
        return _restructure(self._outputs_struct, shapes)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._is_subclassed():
            return tracing.call_subclassed(self, args, kwargs)
        return super().__call__(*args, **kwargs)

    # -- delegates to the emitters ---------------------------------------------------
    def to_graph(self) -> Any:
        """The model as a ``networkx.DiGraph`` (see :mod:`modelviz.graph`)."""
        from modelviz.graph import to_graph

        return to_graph(self)

    def summary(self, line_length: int | None = None, positions: Any = None,
                print_fn: Any = None, expand_nested: bool = False,
                show_trainable: bool = False, layer_range: Any = None, **options: Any) -> Any:
        """Print a table of layers like Keras's ``model.summary()``."""
        from modelviz.tables import summary

        return summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                       expand_nested=expand_nested, show_trainable=show_trainable,
                       layer_range=layer_range, **options)

    def _repr_html_(self) -> str:
        """Notebooks show the summary table."""
        from modelviz.tables import format_summary

        return "<pre>" + _html_escape(format_summary(self, fmt="rich")) + "</pre>"

def _frozen(weights: list[Weight], frozen: bool) -> list[Weight]:
    return [Weight(w.name, w.shape, False) for w in weights] if frozen else list(weights)


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
