"""``layer_range`` for diagrams, as tf_keras's ``model_to_dot`` reads it.

The two names are regular expressions (``re.match``) over the model's top-level layers:
the range runs from the first layer the first one matches to the last layer the second
one matches, bounds swapped when reversed (tf_keras's
``get_layer_index_bound_by_layer_name``). With ``expand_nested`` a nested model in the
range brings its inner layers. The range must be complete: a layer after the first one
that takes an input from outside the range is an error, where tf_keras fails an
``assert dot.get_node(...)``.

Example:
    >>> from modelviz import Sequential, layers
    >>> G = Sequential([layers.Dense(2, input_dim=1), layers.Dense(1), layers.Dense(3)]).to_graph()
    >>> range_keys(G, list(G.nodes), ("dense_2", "dense_1$"))
    ['dense_1', 'dense_2']
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from modelviz.errors import LayerConfigError, LayerRangeError

__all__ = ["range_bounds", "range_keys"]


def range_bounds(names: list[str], layer_range: Any) -> tuple[int, int]:
    """``[first, last + 1)`` of the layers ``layer_range`` selects among ``names``.

    Example:
        >>> range_bounds(["input", "conv", "flat", "dense"], (r"f", r"c"))
        (1, 3)
        >>> range_bounds(["input", "conv"], ("x", "conv"))
        Traceback (most recent call last):
            ...
        modelviz.errors.LayerConfigError: layer_range ('x', 'conv') matches no layer name ...
    """
    if len(layer_range) != 2 or not all(isinstance(name, str) for name in layer_range):
        raise LayerConfigError(f"layer_range must be two layer names (regular expressions), "
                               f"got {layer_range!r}")
    lower = [i for i, name in enumerate(names) if re.match(layer_range[0], name)]
    upper = [i for i, name in enumerate(names) if re.match(layer_range[1], name)]
    if not lower or not upper:
        raise LayerConfigError(f"layer_range {tuple(layer_range)!r} matches no layer name "
                               f"(re.match); layers are: {', '.join(names)}")
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def range_keys(graph: nx.DiGraph, keys: list[str], layer_range: Any) -> list[str]:
    """The ``keys`` (boxes to draw, in order) inside the range; all of them without one."""
    if not layer_range:
        return keys
    nodes = graph.nodes
    top = [key for key in graph.nodes if nodes[key]["depth"] == 0]
    start, stop = range_bounds([nodes[key]["name"] for key in top], layer_range)
    chosen = top[start:stop]
    _check_complete(graph, chosen, layer_range)
    inside = set(chosen)
    return [key for key in keys if _top_ancestor(nodes, key) in inside]


def _check_complete(graph: nx.DiGraph, chosen: list[str], layer_range: Any) -> None:
    inside = set(chosen)
    nodes = graph.nodes
    for key in chosen[1:]:
        for source in graph.predecessors(key):
            if nodes[source]["depth"] == 0 and source not in inside:
                name = nodes[key]["name"]
                raise LayerRangeError(
                    f"layer_range {tuple(layer_range)!r}: {name} ({nodes[key]['class_name']}) "
                    f"takes an input from {nodes[source]['name']}, outside the range; start "
                    f"the range at {nodes[source]['name']} or earlier")


def _top_ancestor(nodes: Any, key: str) -> str:
    while nodes[key]["parent"] is not None:
        key = nodes[key]["parent"]
    return key
