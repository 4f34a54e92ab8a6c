"""Models: ``Sequential`` and functional ``Model``, recording layer calls as Keras does.

A functional model walks back from its outputs to its inputs (with a worklist,
never recursion) and orders its layers exactly as Keras 3 does: by depth from
the outputs, ties broken by the order of discovery.

Example:
    >>> from modelviz.layers import Dense, Input
    >>> inputs = Input((4,))
    >>> model = Model(inputs, Dense(2)(inputs))
    >>> model.count_params()
    10
"""

from __future__ import annotations

from typing import Any

from modelviz.errors import LayerConfigError
from modelviz.gcpause import paused_gc
from modelviz.layers.base import (
    KerasTensor,
    Layer,
    Node,
    Weight,
    auto_name,
    flatten_tensors,
    format_shape,
)
from modelviz.layers.core import InputLayer

__all__ = ["Functional", "Model", "Sequential"]


class Model(Layer):
    """A model: ``Model(inputs, outputs, name=...)`` builds a functional model."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Model:
        return super().__new__(Functional if cls is Model else cls)

    # -- layer list and lookup -------------------------------------------------
    @property
    def layers(self) -> list[Layer]:
        """The model's layers, in Keras's order (operation nodes such as NotEqual left out)."""
        return [op for op in self._operations if not getattr(op, "is_operation", False)]

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
        """Every weight of every layer, each layer counted once."""
        seen: set[int] = set()
        weights: list[Weight] = []
        for layer in self.layers:
            if id(layer) not in seen:
                seen.add(id(layer))
                weights.extend(layer.weights)
        if self.trainable:
            return weights
        return [Weight(w.name, w.shape, False) for w in weights]

    @property
    def built(self) -> bool:
        """A model is built once its input shape is known."""
        return bool(getattr(self, "_operations", None))

    def count_params(self) -> int:
        """Number of scalars in the model's weights."""
        return sum(w.size for w in self.weights)

    def explain(self, input_shape: Any = None) -> str:
        """A nested model's count is the sum of its layers'."""
        weights = self.weights
        trainable = sum(w.size for w in weights if w.trainable)
        total = sum(w.size for w in weights)
        return f"sum of its {len(self.layers)} layers = {total:,} ({trainable:,} trainable)"

    def build(self, input_shape: Any) -> None:
        """Models are built from their inputs; nothing to do."""

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
        return args[0] if args else next(iter(kwargs.values()))

    def compute_output_shape(self, inputs: Any) -> Any:
        """Re-run shape inference through the inner graph for new input tensors."""
        new_inputs = flatten_tensors(inputs)
        if len(new_inputs) != len(self._inputs):
            raise self.config_error(f"expects {len(self._inputs)} input tensor(s), got "
                                    f"{len(new_inputs)}")
        shapes = {id(old): new.shape for old, new in zip(self._inputs, new_inputs, strict=True)}
        for node in self._ordered_nodes:
            if node.is_input or all(id(t) in shapes for t in node.output_tensors):
                continue
            args, kwargs = _substitute((node.call_args, node.call_kwargs), shapes)
            layer = node.layer
            out = layer._checked(layer.compute_output_shape, layer._call_input_shape(args, kwargs))
            for tensor, shape in zip(node.output_tensors, _flat_shapes(out), strict=False):
                shapes[id(tensor)] = shape
        return _restructure(self._outputs_struct, shapes)

    def _record_call(self, args: tuple, kwargs: dict, output_shape: Any,
                     input_tensors: list[KerasTensor] | None = None) -> Any:
        return super()._record_call(args, kwargs, output_shape, input_tensors)

    def compile(self, *args: Any, **kwargs: Any) -> None:
        """Accepted and ignored, so Keras scripts run unchanged (modelviz never trains)."""

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


class Functional(Model):
    """A model defined by calling layers on ``Input`` tensors."""

    def __init__(self, inputs: Any, outputs: Any, name: str | None = None,
                 trainable: bool = True, **kwargs: Any) -> None:
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._init_graph(inputs, outputs)

    def _init_graph(self, inputs: Any, outputs: Any) -> None:
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._inputs = flatten_tensors(inputs)
        self._outputs = flatten_tensors(outputs)
        for label, given, tensors in (("inputs", inputs, self._inputs),
                                      ("outputs", outputs, self._outputs)):
            if not tensors or not all(t._keras_history for t in tensors):
                raise self.config_error(f"{label} must be tensors made by Input(...) or by "
                                        f"calling layers, got {_describe(given)}")
        with paused_gc():
            graph = map_graph(self, self._inputs, self._outputs)
        self._operations, self._ordered_nodes, self._nodes_by_depth = graph
        self._node_ids = {id(node) for node in self._ordered_nodes}
        self._check_unique_names()
        self._built_shape = [t.shape for t in self._inputs]

    def _check_unique_names(self) -> None:
        counts: dict[str, int] = {}
        for layer in self._operations:
            counts[layer.name] = counts.get(layer.name, 0) + 1
        for name, count in counts.items():
            if count > 1:
                raise self.config_error(f'the name "{name}" is used {count} times in the model; '
                                        "all layer names must be unique: pass name=... to tell "
                                        "them apart")


class Sequential(Model):
    """A plain stack of layers, like ``keras.Sequential``."""

    def __init__(self, layers: Any = None, trainable: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._layers: list[Layer] = []
        self._names: set[str] = set()
        self._operations: list[Layer] = []
        self._inputs: list[KerasTensor] = []
        self._outputs: list[KerasTensor] = []
        with paused_gc():
            for layer in layers or []:
                self.add(layer, rebuild=False)
            self._maybe_rebuild()

    @property
    def layers(self) -> list[Layer]:
        """The layers, without the leading InputLayer (as Keras)."""
        if self._layers and isinstance(self._layers[0], InputLayer):
            return self._layers[1:]
        return list(self._layers)

    def add(self, layer: Any, rebuild: bool = True) -> None:
        """Append a layer (or an ``Input`` tensor, which becomes the InputLayer)."""
        if isinstance(layer, KerasTensor) and isinstance(layer._keras_history[0], InputLayer):
            layer = layer._keras_history[0]
        if not isinstance(layer, Layer):
            raise self.config_error(f"can only add layers, got {_describe(layer)}")
        if layer.name in self._names:
            raise self.config_error(f"all layers need unique names; {layer.name!r} is already "
                                    "in this model: pass name=... to the new layer")
        if isinstance(layer, InputLayer) and self._layers:
            raise self.config_error(f"an InputLayer ({layer.name}) can only be the first layer")
        if not self._layers and isinstance(layer, Model) and layer.built:
            layer._batch_input_shape = layer._inputs[0].shape
        if not self._layers and layer._batch_input_shape is not None:
            self._layers.append(InputLayer(batch_shape=layer._batch_input_shape))
            self._names.add(self._layers[0].name)
        self._layers.append(layer)
        self._names.add(layer.name)
        if rebuild:
            self._maybe_rebuild()

    def pop(self) -> Layer:
        """Remove and return the last layer."""
        if not self.layers:
            raise self.config_error("there is no layer to pop")
        layer = self._layers.pop()
        self._names.discard(layer.name)
        self._rebuild_all()
        return layer

    def _maybe_rebuild(self) -> None:
        if self._layers and isinstance(self._layers[0], InputLayer) and len(self._layers) > 1:
            auto_name("functional")  # Keras builds (and names) an inner Functional each time
            self._extend_chain()

    def _extend_chain(self) -> None:
        """Call the layers not yet called on the current output (linear, not quadratic)."""
        if not self._inputs:
            self._inputs = [self._layers[0].output]
            self._outputs = list(self._inputs)
            self._operations = [self._layers[0]]
            self._ordered_nodes = [self._layers[0]._inbound_nodes[0]]
        x = self._outputs[0]
        for layer in self._layers[len(self._operations):]:
            x = layer(x)
            if not isinstance(x, KerasTensor):
                raise self.config_error(f"{layer.name} ({type(layer).__name__}) returns several "
                                        "tensors; Sequential needs one: use the functional API")
            self._operations.append(layer)
            self._ordered_nodes.append(layer._inbound_nodes[-1])
        self._outputs = [x]
        self._inputs_struct, self._outputs_struct = self._inputs[0], x
        self._node_ids = {id(node) for node in self._ordered_nodes}
        self._nodes_by_depth = {len(self._ordered_nodes) - 1 - i: [node]
                                for i, node in enumerate(self._ordered_nodes)}
        self._built_shape = [self._inputs[0].shape]

    def _rebuild_all(self) -> None:
        self._inputs, self._outputs, self._operations = [], [], []
        self._maybe_rebuild()

    def build(self, input_shape: Any = None) -> None:
        """Give a Sequential built without input_shape its input: ``model.build((None, 784))``."""
        if input_shape is None or (self._layers and isinstance(self._layers[0], InputLayer)):
            return
        self._layers.insert(0, InputLayer(batch_shape=tuple(input_shape)))
        self._names.add(self._layers[0].name)
        self._maybe_rebuild()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self.built:
            first = flatten_tensors((args, kwargs))
            if first:
                self.build(first[0].shape)
        return super().__call__(*args, **kwargs)


def map_graph(model: Model, inputs: list[KerasTensor],
              outputs: list[KerasTensor]) -> tuple[list[Layer], list[Node], dict[int, list[Node]]]:
    """Keras 3's ``map_graph`` with a worklist.

    Returns (layers in Keras's order, nodes in order, nodes by depth).
    """
    post_order, layer_index = _walk_back(model, inputs, outputs)
    node_depth: dict[int, int] = {}
    layer_depth: dict[int, int] = {}
    for node in reversed(post_order):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = depth
        node_depth[id(node)] = depth
        for parent in node.parent_nodes:
            node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    layers_by_id = {id(node.layer): node.layer for node in post_order}
    for tensor in inputs:
        layer = tensor._keras_history[0]
        if id(layer) not in layer_depth:
            layer_depth[id(layer)], layer_index[id(layer)] = 0, -1
            layers_by_id[id(layer)] = layer
            post_order.append(layer._inbound_nodes[0])
            node_depth[id(layer._inbound_nodes[0])] = 0
    ordered = sorted(layer_depth, key=lambda key: (-layer_depth[key], layer_index[key]))
    by_depth: dict[int, list[Node]] = {}
    for node in post_order:
        by_depth.setdefault(node_depth[id(node)], []).append(node)
    nodes = sorted(post_order, key=lambda node: -node_depth[id(node)])
    return [layers_by_id[key] for key in ordered], nodes, by_depth


def _walk_back(model: Model, inputs: list[KerasTensor],
               outputs: list[KerasTensor]) -> tuple[list[Node], dict[int, int]]:
    """Depth-first from the outputs: post-order nodes and layer discovery order."""
    input_ids = {id(t) for t in inputs}
    finished: set[int] = set()
    in_progress: set[int] = set()
    post_order: list[Node] = []
    layer_index: dict[int, int] = {}
    stack: list[tuple[bool, Any]] = [(False, t) for t in reversed(outputs)]
    while stack:
        done, item = stack.pop()
        if done:
            in_progress.discard(id(item))
            finished.add(id(item))
            post_order.append(item)
            continue
        layer, node_index, _ = item._keras_history
        node = layer._inbound_nodes[node_index]
        if id(node) in finished:
            continue
        if id(node) in in_progress:
            raise model.config_error(f"the graph has a cycle through {layer.name}")
        layer_index.setdefault(id(layer), len(layer_index))
        in_progress.add(id(node))
        stack.append((True, node))
        if node.is_input and id(item) not in input_ids:
            raise model.config_error(
                f"graph disconnected: {layer.name} is needed to compute the outputs but is not "
                "among the model's inputs; pass it in Model(inputs=[...])")
        if not node.is_input and id(item) not in input_ids:
            stack.extend((False, t) for t in reversed(node.input_tensors))
    return post_order, layer_index


def _substitute(structure: Any, shapes: dict[int, Any]) -> Any:
    if isinstance(structure, KerasTensor):
        return KerasTensor(shapes.get(id(structure), structure.shape), structure.dtype)
    if isinstance(structure, dict):
        return {k: _substitute(v, shapes) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_substitute(v, shapes) for v in structure)
    return structure


def _flat_shapes(shape: Any) -> list[Any]:
    if isinstance(shape, tuple):
        return [shape]
    if isinstance(shape, dict):
        return [s for v in shape.values() for s in _flat_shapes(v)]
    return [s for v in shape for s in _flat_shapes(v)]


def _restructure(structure: Any, shapes: dict[int, Any]) -> Any:
    if isinstance(structure, KerasTensor):
        return shapes.get(id(structure), structure.shape)
    if isinstance(structure, dict):
        return {k: _restructure(v, shapes) for k, v in structure.items()}
    return [_restructure(v, shapes) for v in structure]


def _describe(value: Any) -> str:
    if isinstance(value, KerasTensor):
        return f"a tensor of shape {format_shape(value.shape)}"
    return f"{type(value).__name__} {value!r}"[:120]


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
