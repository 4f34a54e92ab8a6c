"""Keras 3's ``map_graph`` with a worklist, and the tensor-structure helpers models share.

A functional model walks back from its outputs to its inputs (never recursion)
and orders its layers exactly as Keras 3 does: by depth from the outputs, ties
broken by the order of discovery. Every step is linear in the number of nodes.

Example:
    >>> from modelviz.layers import Dense, Input
    >>> from modelviz.models import Model
    >>> x = Input((4,))
    >>> [layer.name for layer in map_graph(Model(x, x), [x], [x])[0]]
    ['input_layer']
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import KerasTensor, Layer, Node, format_shape

__all__ = ["map_graph"]


def map_graph(model: Layer, inputs: list[KerasTensor],
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


def _walk_back(model: Layer, inputs: list[KerasTensor],
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


