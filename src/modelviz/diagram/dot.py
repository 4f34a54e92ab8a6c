"""The DOT document for a model graph: nodes in definition order (``n0``, ``n1``, ...),
nested models as clusters when expanded, edges rewired into and out of clusters.

Example:
    >>> from modelviz import Sequential, layers
    >>> G = Sequential([layers.Dense(2, input_dim=1), layers.Dense(1)]).to_graph()
    >>> print(to_dot(G, DotOptions(show_params=True)).splitlines()[-2])
      n0 -> n1;
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from modelviz.diagram.labels import escape, layer_label, shorten
from modelviz.gcpause import paused_gc

__all__ = ["RANKDIRS", "DotOptions", "select_nodes", "to_dot"]

RANKDIRS: Final = ("TB", "LR", "BT", "RL")


@dataclass(frozen=True)
class DotOptions:
    """Every diagram option in one place (Keras 3's names and defaults, plus ours)."""

    show_shapes: bool = False
    show_dtype: bool = False
    show_layer_names: bool = False
    rankdir: str = "TB"
    expand_nested: bool = False
    dpi: int | None = 200
    show_layer_activations: bool = False
    show_trainable: bool = False
    show_params: bool = False
    show_title: bool = False
    layer_range: tuple[str, str] | None = None
    show_macs: bool = False  # multiply-accumulates per box (modelviz.compute)
    count: str = "macs"  # or "flops" (2 × MACs)


def to_dot(graph: nx.DiGraph, options: DotOptions) -> str:
    """DOT text for ``graph``; same graph and options, same bytes."""
    with paused_gc():
        return _document(graph, options)


def _document(graph: nx.DiGraph, options: DotOptions) -> str:
    keys = select_nodes(graph, options)
    ids = {key: f"n{i}" for i, key in enumerate(keys)}
    lines = ["digraph model {", *_graph_header(graph, options)]
    lines.extend(_node_lines(graph, keys, ids, options))
    lines.extend(f"  {ids[u]} -> {ids[v]};" for u, v in _edges(graph, set(keys), options))
    lines.append("}")
    return "\n".join(lines) + "\n"


def select_nodes(graph: nx.DiGraph, options: DotOptions) -> list[str]:
    """Keys drawn as boxes, in graph order: top level, or every leaf when expanded."""
    keys = []
    for key, data in graph.nodes(data=True):
        if data["depth"] > 0 and not options.expand_nested:
            continue
        if data["is_model"] and options.expand_nested:
            continue
        keys.append(key)
    return _in_range(graph, keys, options.layer_range)


def _in_range(graph: nx.DiGraph, keys: list[str], layer_range: Any) -> list[str]:
    if not layer_range:
        return keys
    from modelviz.errors import LayerConfigError

    first, last = layer_range
    names = [graph.nodes[k]["name"] for k in keys]
    try:
        start, stop = names.index(first), len(names) - 1 - names[::-1].index(last)
    except ValueError as err:
        raise LayerConfigError(f"layer_range {tuple(layer_range)!r}: no such layer; layers are: "
                               f"{', '.join(names)}") from err
    if start > stop:
        raise LayerConfigError(f"layer_range: {first!r} comes after {last!r}")
    return keys[start:stop + 1]


def _graph_header(graph: nx.DiGraph, options: DotOptions) -> list[str]:
    rankdir = options.rankdir.upper()
    attrs = [f"rankdir={rankdir}", 'fontname="Helvetica"', "nodesep=0.3", "ranksep=0.45"]
    if options.dpi:
        attrs.append(f"dpi={int(options.dpi)}")
    if options.show_title:
        attrs += [f"label=<{_title(graph.graph)}>", "labelloc=t", "fontsize=18"]
    return [f"  graph [{', '.join(attrs)}];",
            '  node [shape=plaintext, fontname="Helvetica", margin=0];',
            '  edge [color="#455a64", arrowsize=0.8];']


def _title(attrs: dict[str, Any]) -> str:
    name = escape(shorten(attrs["name"]))
    text = f"<b>{name}</b><br/>{attrs['total_params']:,} params"
    if attrs["non_trainable_params"]:
        text += f" ({attrs['non_trainable_params']:,} non-trainable)"
    return text + "<br/> "  # an empty line keeps the title off the first box


def _node_lines(graph: nx.DiGraph, keys: list[str], ids: dict[str, str],
                options: DotOptions) -> list[str]:
    """Nodes, each inside the clusters of its enclosing models (opened and closed in order)."""
    lines: list[str] = []
    open_clusters: list[str] = []
    if not options.expand_nested:
        return [f"  {ids[key]} [label={layer_label(data, options)}];"
                for key, data in graph.nodes(data=True) if key in ids]
    for key in keys:
        parents = _parents(graph, key) if options.expand_nested else []
        while open_clusters and open_clusters[-1] not in parents:
            open_clusters.pop()
            lines.append("  " * (len(open_clusters) + 1) + "}")
        for parent in parents[len(open_clusters):]:
            lines.append("  " * (len(open_clusters) + 1) + _cluster_open(graph, parent, len(lines)))
            open_clusters.append(parent)
        indent = "  " * (len(open_clusters) + 1)
        lines.append(f"{indent}{ids[key]} [label={layer_label(graph.nodes[key], options)}];")
    while open_clusters:
        open_clusters.pop()
        lines.append("  " * (len(open_clusters) + 1) + "}")
    return lines


def _parents(graph: nx.DiGraph, key: str) -> list[str]:
    """Enclosing nested-model keys, outermost first."""
    chain = []
    parent = graph.nodes[key]["parent"]
    while parent is not None:
        chain.append(parent)
        parent = graph.nodes[parent]["parent"]
    return chain[::-1]


def _cluster_open(graph: nx.DiGraph, key: str, serial: int) -> str:
    data = graph.nodes[key]
    label = (f"<b>{escape(shorten(data['name']))}</b> ({escape(data['class_name'])})"
             f" · {data['params']:,} params")
    return (f"subgraph cluster_{serial} {{ label=<{label}>; style=\"rounded,dashed\"; "
            'color="#7e57c2"; fontname="Helvetica";')


def _edges(graph: nx.DiGraph, shown: set[str], options: DotOptions) -> list[tuple[str, str]]:
    """Edges between drawn boxes; edges touching an expanded model go to its inner layers."""
    edges: dict[tuple[str, str], None] = {}
    if not options.expand_nested:
        return [(u, v) for u, v in graph.edges if u in shown and v in shown]
    for u, v, data in graph.edges(data=True):
        sources = _expand(graph, u, "inner_outputs", None, options)
        targets = _expand(graph, v, "inner_inputs", data["position"], options)
        for source in sources:
            for target in targets:
                if source in shown and target in shown:
                    edges.setdefault((source, target), None)
    return list(edges)


def _expand(graph: nx.DiGraph, key: str, attribute: str, position: int | None,
            options: DotOptions) -> list[str]:
    """Follow an endpoint into (possibly nested) expanded models, with a worklist."""
    result, work = [], [(key, position)]
    while work:
        current, pos = work.pop(0)
        data = graph.nodes[current]
        if not (options.expand_nested and data["is_model"]):
            result.append(current)
            continue
        inner = [k for k in data.get(attribute, []) if k in graph]
        if pos is not None and len(inner) > 1 and pos < len(inner):
            inner = [inner[pos]]
        work.extend((k, None) for k in inner)
    return result
