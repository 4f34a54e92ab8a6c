"""The model graph: one ``networkx.DiGraph`` that every emitter reads.

``to_graph(model)`` walks the model once (loops and an explicit stack, never
recursion) and returns plain data. Nothing in the graph refers to a layer object.

Schema
------
Graph attributes (``G.graph``):
    ``name`` (str), ``class_name`` (``"Sequential"`` / ``"Functional"``),
    ``inputs`` / ``outputs`` (lists of node keys), ``total_params``,
    ``trainable_params``, ``non_trainable_params`` (int), ``total_bytes``,
    ``trainable_bytes``, ``non_trainable_bytes`` (int, weight memory as Keras
    counts it), ``sequential_like`` (bool: Keras prints no ``Connected to``
    column), ``unknown_params`` (keys of layers whose count is unknown),
    ``unknown_split`` (layers read from a file that stores their weights but not which
    are trainable), ``unknown_split_params`` / ``unknown_split_bytes`` (their weights:
    in ``total_params``, in neither ``trainable_params`` nor ``non_trainable_params``).

Nodes, keyed by layer name (``outer/inner`` inside nested models), in
definition order (Keras's ``model.layers`` order; a nested model's layers
follow it). A functional model contributes every operation of its graph; a
subclassed model (``call()``) its ``model.layers``, joined by edges that look
through the operations between them, as Keras's summary lists only those:
    ``name``, ``class_name``, ``index`` (int), ``depth`` (0 at top level),
    ``parent`` (key of the nested model holding it, or None), ``is_model`` (bool),
    ``model_kind`` (``"functional"``, ``"sequential"``, ``"subclassed"``; None for a layer),
    ``is_operation`` (bool: an op node such as NotEqual, not in ``model.layers``),
    ``input_shapes`` / ``output_shapes`` (lists of shape tuples, ``None`` for
    unknown dimensions; from the layer's last call), ``output_keys`` (list of str when
    the layer returns a dict, in ``output_shapes`` order, else None), ``built`` (bool:
    False for Keras's "0 (unbuilt)"), ``calls`` (list of ``{"input_shapes",
    "output_shapes", "output_keys"}``, one per call in this model; graphs of
    PyTorch and ONNX models add ``"operators"``, the operators the call ran, which
    :mod:`modelviz.compute.operator_macs` counts, and the graph attribute
    ``operators``, ``"torch"`` or ``"onnx"``),
    ``dtype`` (str), ``weights`` (list of ``{"name", "shape", "trainable"}``),
    ``params``, ``trainable_params``, ``non_trainable_params`` (int, or None
    when unknown), ``explanation`` (str), ``config`` (dict), ``trainable``
    (bool), ``activation`` (str or None), ``connected_to`` (Keras's
    ``layer[node][tensor]`` strings), ``inbound`` (names of inbound layers),
    ``inner_inputs`` / ``inner_outputs`` (for nested models: keys of their
    input and output layers), ``inner_output_indices`` (which output of each
    ``inner_outputs`` layer the model's output is).
    A whole shape is ``None`` where an importer found none (an ONNX or torch operator
    shape inference left open); every output prints it as ``?`` / ``null``.

Imported models (ONNX files, PyTorch modules; ``importers/op_graph.py``) add to nodes:
    ``shared_weights`` (weights this node reads but an earlier reader counts: a later
    call of a torch module, a tied embedding, an ONNX initializer's later readers; same
    records as ``weights``);
    ``operators`` (PyTorch: every tensor operation the node ran, in order, each
    ``{"op", "input_shapes", "output_shapes"}`` plus ``"arguments"`` such as einsum's
    ``{"equation"}``; ``op`` is the torch function's name, ``linear``, ``conv2d``,
    ``matmul``, ``scaled_dot_product_attention``, ``lstm``..., or the ATen name under
    ``capture="export"``; ``input_shapes`` hold every tensor argument, weights included;
    a module that ran nothing has one ``identity``). PyTorch module calls also have
    ``module`` (the path as ``named_modules()`` names it) and ``call`` (0 for the first
    call of that module, 1 for the second...: a node per call, ``name`` is
    ``path [2nd call]`` from the second on); folded mask plumbing has ``auxiliary``
    (True) and ``folded_operations`` (int); an ONNX operator that is a module's only
    operation (its scope collapsed into it: ``conv1 (Conv)``) has ``whole_module`` (True).
    Graph: ``capture`` (``"recorder"``, ``"torch.export"``), ``shapes_only`` (True when
    the recorder ran on the meta device), ``buffer_elements`` / ``buffer_bytes`` (torch
    buffers).

Compute attributes (set by :func:`modelviz.compute.annotate_compute`, which
``to_graph`` calls; one forward pass at batch size 1):
    nodes: ``macs`` (int, or None when unknown: multiply-accumulates with weights,
    plus attention's QKᵀ and AV; a nested model's is the sum of its layers times its
    calls), ``macs_explanation`` (str, ``26×26 positions × 128 filters × (3×3×64) =
    49,840,128 MACs``), ``activation_bytes`` (int or None: output elements × dtype
    size, summed over calls); graph: ``total_macs`` (int, known layers), ``unknown_macs``
    (keys), ``total_activation_bytes`` (int, every node's outputs: a functional model's
    InputLayers included, a Sequential has none),
    ``unknown_activation_bytes`` (keys), ``peak_activation_bytes`` (int or None: the
    most outputs alive at once along definition order, layers inside nested models
    included, an estimate) and ``peak_activation_layer`` (its key, at any depth).

Edges ``(u, v)``, one per pair of connected layers:
    ``shape`` (the first connecting tensor's shape), ``position`` (its input
    position at ``v``, so Concatenate's order survives) and ``connections``
    (every ``{"position", "shape", "call", "output_index"}`` between the two layers;
    ``output_index``: which output of ``u`` the tensor is). In imported graphs a
    connection that crosses a module's border names the layers it joins inside:
    ``source_layer`` (the key of the operation that makes the tensor) and
    ``target_layer`` (of the one that reads it); an expanded drawing joins those.

Example:
    >>> from modelviz import Sequential, layers
    >>> G = Sequential([layers.Dense(2, input_dim=1), layers.Dense(1)]).to_graph()
    >>> list(G.nodes), G.graph["total_params"]
    (['dense', 'dense_1'], 7)
    >>> G.nodes["dense"]["output_shapes"], G.edges["dense", "dense_1"]["shape"]
    ([(None, 2)], (None, 2))
"""

from __future__ import annotations

from typing import Any, Final

import networkx as nx

from modelviz.compute import annotate_compute
from modelviz.gcpause import paused_gc
from modelviz.layer_facts import (
    call_shapes,
    class_name,
    param_attributes,
    uncalled_shapes,
    weight_trainable,
)
from modelviz.layers.base import KerasTensor, Layer, Node
from modelviz.layers.core import InputLayer

# A model is a Layer with a ``_model_kind`` ("functional", "sequential", "subclassed"):
# this module reads that, so it needs nothing from modelviz.models (no import cycle).
ModelLike = Layer

__all__ = ["DTYPE_BYTES", "graph_of", "to_graph", "total_params"]

DTYPE_BYTES: Final = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "int8": 1,
                      "uint8": 1, "int16": 2, "int32": 4, "int64": 8, "bool": 1}


def graph_of(model: Any) -> nx.DiGraph:
    """The graph an emitter reads: a graph as it is, an imported model's own, else a new one.

    An imported model (ONNX, PyTorch) holds its graph: emitters read it without the copy
    ``to_graph()`` makes; they change nothing in it, apart from adding the compute
    attributes it lacks (:func:`modelviz.compute.ensure_compute`, the same every time).

    Example:
        >>> from modelviz import Sequential, layers
        >>> G = graph_of(Sequential([layers.Input((4,)), layers.Dense(2, name="out")]))
        >>> graph_of(G) is G, G.nodes["out"]["params"]
        (True, 10)
    """
    if isinstance(model, nx.DiGraph):
        return model
    held = getattr(model, "held_graph", None)
    return held() if callable(held) else model.to_graph()


def to_graph(model: ModelLike) -> nx.DiGraph:
    """Build the graph of ``model`` (schema in this module's docstring).

    Example:
        >>> from modelviz import Sequential, layers
        >>> G = to_graph(Sequential([layers.Input((4,)), layers.Dense(2, name="out")]))
        >>> G.nodes["out"]["output_shapes"], G.nodes["out"]["params"], G.graph["total_params"]
        ([(None, 2)], 10, 10)
        >>> to_graph(Sequential([layers.Dense(2)]))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ShapeError: sequential...: the model is not built, so shapes are unknown...
    """
    if not isinstance(model, Layer) and hasattr(model, "to_graph"):
        return model.to_graph()  # an imported model (ONNX, PyTorch) holds its graph
    if not model.built and _kind(model) != "subclassed":  # Keras lists those unbuilt
        raise model.shape_error((), "the model is not built, so shapes are unknown",
                                "give the first layer input_shape=(...) or start with "
                                "keras.Input(...), or call model.build(input_shape)")
    with paused_gc():
        return annotate_compute(_walk(model), DTYPE_BYTES)


def _walk(model: ModelLike) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.graph.update(_model_attributes(model))
    stack: list[tuple[ModelLike, Any, str | None, int]] = [
        (model, iter(_scope_layers(model)), None, 0)]
    while stack:
        scope, layers, parent, depth = stack[-1]
        layer = next(layers, None)
        if layer is None:
            stack.pop()
            _add_edges(graph, scope, parent)
            continue
        key = _key(parent, layer.name)
        graph.add_node(key, **_node_attributes(layer, scope, parent, depth, len(graph)))
        if _kind(layer):
            stack.append((layer, iter(_scope_layers(layer)), key, depth + 1))
    return graph


def total_params(graph: nx.DiGraph) -> int:
    """Return the number of weights in a model graph.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> total_params(Sequential([Input((4,)), layers.Dense(2)]).to_graph())
        10
    """
    return int(graph.graph["total_params"])


def _kind(layer: Layer) -> str | None:
    """The kind of model a layer is, or None for a plain layer."""
    return getattr(layer, "_model_kind", None)


def _scope_layers(model: ModelLike) -> list[Layer]:
    """What Keras's summary lists: a functional model's operations, else ``model.layers``."""
    return list(model._operations) if _kind(model) == "functional" else model.layers


def _key(parent: str | None, name: str) -> str:
    return name if parent is None else f"{parent}/{name}"


def _model_calls(layer: Layer, scope: ModelLike) -> list[Node]:
    nodes = layer._inbound_nodes
    if len(nodes) == 1:  # most layers are called once
        return nodes if id(nodes[0]) in scope._node_ids else []
    return [node for node in nodes if id(node) in scope._node_ids]


def _node_attributes(layer: Layer, scope: ModelLike, parent: str | None, depth: int,
                     index: int) -> dict[str, Any]:
    calls = _model_calls(layer, scope) or layer._inbound_nodes[-1:]
    # Keras lists a subclassed model's layer with the shapes it was first built on (a call on
    # arrays before the model's own call shows those), else those of its call in the model.
    shapes = ((_kind(scope) == "subclassed" and uncalled_shapes(layer, eager_only=True))
              or [call_shapes(node, _kind(scope) == "subclassed") for node in calls]
              or uncalled_shapes(layer))
    last = shapes[-1] if shapes else {"input_shapes": [], "output_shapes": []}
    config = layer.get_config()
    attributes: dict[str, Any] = {
        "name": layer.name, "class_name": class_name(layer), "index": index, "depth": depth,
        "parent": parent, "is_model": bool(_kind(layer)), "model_kind": _kind(layer),
        "is_operation": bool(getattr(layer, "is_operation", False)),
        "input_shapes": last["input_shapes"], "output_shapes": last["output_shapes"],
        "output_keys": last.get("output_keys"), "built": bool(layer.built or layer.weights),
        "calls": shapes, "dtype": layer.dtype, "trainable": layer.trainable,
        "config": config, "activation": _activation(config),
        "connected_to": _connected_to(calls), "inbound": _inbound(calls),
    }
    attributes.update(param_attributes(layer))
    if _kind(layer):
        key = _key(parent, layer.name)
        attributes["inner_inputs"] = _inner_inputs(layer, key)
        attributes["inner_outputs"] = [_key(key, name) for t in layer._outputs
                                       for name in _shown_producers(t, layer)]
        attributes["inner_output_indices"] = [t._keras_history[2] for t in layer._outputs
                                              for _ in _shown_producers(t, layer)]
    return attributes


def _inner_inputs(model: ModelLike, key: str) -> list[str]:
    """Where edges into a nested model land: its InputLayers (a Sequential's first layer)."""
    kind = _kind(model)
    if kind == "sequential":
        return [_key(key, model.layers[0].name)] if model.layers else []
    if kind == "subclassed":  # the layers that read the inputs directly
        return [_key(key, layer.name) for layer in model.layers
                if any(not _shown_producers(t, model) for node in _model_calls(layer, model)
                       for t in node.input_tensors)]
    return [_key(key, t._keras_history[0].name) for t in model._inputs]


def _is_shown(tensor: Any, model: ModelLike) -> bool:
    kind = _kind(model)
    return not (kind == "subclassed" or (kind == "sequential" and isinstance(
        tensor._keras_history[0], InputLayer)))


def _shown_producers(tensor: KerasTensor, model: ModelLike) -> list[str]:
    """Names of the listed layers a tensor comes from, looking through unlisted nodes.

    In a subclassed model only ``model.layers`` are listed: an ``x + 1`` between two
    of them is looked through, so the diagram still joins them.
    """
    if _kind(model) != "subclassed":
        return [tensor._keras_history[0].name]
    listed = {id(layer) for layer in model.layers}
    found: dict[str, None] = {}
    seen: set[int] = set()
    stack = [tensor]
    while stack:
        item = stack.pop()
        if item._keras_history is None or id(item) in seen:
            continue
        seen.add(id(item))
        layer, index, _ = item._keras_history
        if id(layer) in listed:
            found.setdefault(layer.name, None)
        else:
            stack.extend(reversed(layer._inbound_nodes[index].input_tensors))
    return list(found)


def _activation(config: dict[str, Any]) -> str | None:
    value = config.get("activation")
    return value if isinstance(value, str) else None


def _connected_to(calls: list[Node]) -> list[str]:
    return [f"{t._keras_history[0].name}[{t._keras_history[1]}][{t._keras_history[2]}]"
            for node in calls for t in node.input_tensors]


def _inbound(calls: list[Node]) -> list[str]:
    names: dict[str, None] = {}
    for node in calls:
        for tensor in node.input_tensors:
            names.setdefault(tensor._keras_history[0].name, None)
    return list(names)


def _add_edges(graph: nx.DiGraph, scope: ModelLike, parent: str | None) -> None:
    """Edges into this scope's layers, gathered first and added in one batch (in order)."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for layer in _scope_layers(scope):
        target = _key(parent, layer.name)
        for call, node in enumerate(_model_calls(layer, scope)):
            for position, tensor in enumerate(node.input_tensors):
                for name in _shown_producers(tensor, scope):
                    _add_connection(edges, graph, (_key(parent, name), target),
                                    {"position": position, "shape": tensor.shape, "call": call,
                                     "output_index": tensor._keras_history[2]})
    graph.add_edges_from((u, v, data) for (u, v), data in edges.items())


def _add_connection(edges: dict[tuple[str, str], dict[str, Any]], graph: nx.DiGraph,
                    pair: tuple[str, str], connection: dict[str, Any]) -> None:
    if pair[0] not in graph:
        return
    data = edges.get(pair)
    if data is None:
        edges[pair] = {"shape": connection["shape"], "position": connection["position"],
                       "connections": [connection]}
    else:
        data["connections"].append(connection)


def _model_attributes(model: ModelLike) -> dict[str, Any]:
    leaves = _unique_layers(model)
    known = [(layer, frozen) for layer, frozen in leaves
             if not getattr(layer, "params_unknown", False)]
    weights = [(w.size, weight_trainable(layer, w, frozen), _weight_bytes(layer))
               for layer, frozen in known for w in layer.weights]
    trainable = sum(size for size, is_trainable, _ in weights if is_trainable)
    total = sum(size for size, _, _ in weights)
    trainable_bytes = sum(size * nbytes for size, is_trainable, nbytes in weights if is_trainable)
    total_bytes = sum(size * nbytes for size, _, nbytes in weights)
    unsplit = sum(size for size, is_trainable, _ in weights if is_trainable is None)
    unsplit_bytes = sum(size * n for size, is_trainable, n in weights if is_trainable is None)
    return {
        "name": model.name, "class_name": class_name(model), "model_kind": _kind(model),
        "inputs": [t._keras_history[0].name for t in model._inputs if _is_shown(t, model)],
        "outputs": [name for t in model._outputs for name in _shown_producers(t, model)],
        "total_params": total, "trainable_params": trainable,
        "non_trainable_params": total - trainable - unsplit, "total_bytes": total_bytes,
        "trainable_bytes": trainable_bytes,
        "non_trainable_bytes": total_bytes - trainable_bytes - unsplit_bytes,
        "unknown_split_params": unsplit, "unknown_split_bytes": unsplit_bytes,
        "unknown_split": [layer.name for layer, frozen in known
                          if weight_trainable(layer, None, frozen) is None and layer.weights],
        "sequential_like": _sequential_like(model),
        "unknown_params": [layer.name for layer, _ in leaves
                           if getattr(layer, "params_unknown", False)],
    }


def _unique_layers(model: ModelLike) -> list[tuple[Layer, bool]]:
    """Every leaf layer under ``model`` once, with whether an enclosing model is frozen."""
    seen: set[int] = set()
    leaves: list[tuple[Layer, bool]] = []
    stack = [(layer, not model.trainable) for layer in reversed(model.layers)]
    while stack:
        layer, frozen = stack.pop()
        if id(layer) in seen:
            continue
        seen.add(id(layer))
        if _kind(layer):
            inner_frozen = frozen or not layer.trainable
            stack.extend((child, inner_frozen) for child in reversed(layer.layers))
        else:
            leaves.append((layer, frozen))
    return leaves


def _weight_bytes(layer: Layer) -> int:
    dtype = layer.dtype
    if dtype.startswith("mixed_"):
        dtype = "float32"
    return DTYPE_BYTES.get(dtype, 4)


def _sequential_like(model: ModelLike) -> bool:
    """Keras 3's rule for leaving out the ``Connected to`` column."""
    if _kind(model) in ("sequential", "subclassed"):
        return True
    for nodes in model._nodes_by_depth.values():
        if len(nodes) > 1 or (len(nodes) == 1 and len(nodes[0].input_tensors) > 1):
            return False
    return all(len(_model_calls(layer, model)) <= 1 for layer in model.layers)
