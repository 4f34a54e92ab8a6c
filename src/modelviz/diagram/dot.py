"""The DOT document for a model graph: nodes in definition order (``n0``, ``n1``, ...),
nested models as clusters when expanded, edges rewired into and out of clusters.

The document is first laid out as :class:`DotBlock` data (what Keras's ``model_to_dot``
puts into its ``pydot.Dot``: graph attributes, node defaults, one node per layer, a
cluster per expanded model, edges), then written in the exact text pydot would write
for the same objects, so ``model_to_dot(m).to_string()`` needs no pydot walk.

Example:
    >>> from modelviz import Sequential, layers
    >>> G = Sequential([layers.Dense(2, input_dim=1), layers.Dense(1)]).to_graph()
    >>> print(to_dot(G, DotOptions(show_params=True)).splitlines()[-2])
    n0 -> n1 [color="#455a64", arrowsize=0.8];
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx

from modelviz.diagram.labels import encodable, escape, layer_label, shorten
from modelviz.diagram.layer_range import range_keys
from modelviz.diagram.plumbing import bridge_edges, is_plumbing, plumbing_label
from modelviz.gcpause import paused_gc
from modelviz.levels import depth_limit

__all__ = ["EDGE_ATTRS", "MAIN_EDGE_ATTRS", "MAIN_NODE_ATTRS", "NODE_DEFAULTS", "RANKDIRS",
           "DotBlock", "DotOptions", "dot_block", "enclosing_models", "is_expanded", "main_path",
           "quote", "select_nodes", "to_dot", "write_block"]

RANKDIRS: Final = ("TB", "LR", "BT", "RL")
NODE_DEFAULTS: Final = (("shape", "plaintext"), ("fontname", "Helvetica"), ("margin", "0"))
EDGE_ATTRS: Final = (("color", '"#455a64"'), ("arrowsize", "0.8"))
# The main path: one group (Graphviz keeps its edges straight) and heavy edges, so the
# path is one column (one row for rankdir=LR) and branches sit beside it
MAIN_NODE_ATTRS: Final = (("group", "main"),)
MAIN_EDGE_ATTRS: Final = (("weight", "100"),)
_MAIN_NODE_TEXT: Final = "".join(f", {k}={v}" for k, v in MAIN_NODE_ATTRS)
_EDGE_SUFFIX: Final = " [" + ", ".join(f"{k}={v}" for k, v in EDGE_ATTRS) + "];"
_MAIN_EDGE_SUFFIX: Final = " [" + ", ".join(f"{k}={v}" for k, v in
                                          (*EDGE_ATTRS, *MAIN_EDGE_ATTRS)) + "];"
_QUOTES: Final = {ord("\\"): "\\\\", ord('"'): '\\"', **{code: " " for code in range(32)}}
_BARE_ID: Final = re.compile(r"[_a-zA-Z][a-zA-Z0-9_]*")
_DOT_KEYWORDS: Final = ("graph", "subgraph", "digraph", "node", "edge", "strict")


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
    splines: str | None = None
    show_macs: bool = False  # multiply-accumulates per box (modelviz.compute)
    count: str = "macs"  # or "flops" (2 × MACs)
    depth: int | None = None  # nesting levels drawn (1: top level); None: expand_nested decides
    plumbing: str = "grey"  # torch/ONNX shape-only, element-wise operators: "full", "hide"


@dataclass
class DotBlock:
    """A graph or cluster: attributes, then nodes ``(id, label, layer name)`` and clusters,
    then edges; the top block also names the main path (:func:`main_path`).

    Attribute values are DOT-ready (quoted where DOT needs it), so pydot keeps them as is.
    """

    name: str
    attrs: list[tuple[str, str]]
    items: list[Any] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)
    main: list[str] = field(default_factory=list)  # node ids of the main path, in order


def quote(text: str) -> str:
    """A DOT double-quoted string; control characters become spaces.

    Example:
        >>> print(quote('say "hi"\\\\'))
        "say \\"hi\\"\\\\"
    """
    return '"' + encodable(str(text)).translate(_QUOTES) + '"'


def to_dot(graph: nx.DiGraph, options: DotOptions) -> str:
    """DOT text for ``graph``; same graph and options, same bytes."""
    with paused_gc():
        return write_block(dot_block(graph, options))


def dot_block(graph: nx.DiGraph, options: DotOptions) -> DotBlock:
    """The whole document as data: the top graph with its clusters, nodes and edges.

    Example:
        >>> from modelviz import Sequential, layers
        >>> G = Sequential([layers.Dense(2, input_dim=1), layers.Dense(1)]).to_graph()
        >>> block = dot_block(G, DotOptions())
        >>> [item[0] for item in block.items], block.edges
        (['n0', 'n1'], [('n0', 'n1')])
    """
    keys, joined = _boxes(graph, options)
    ids = {key: f"n{i}" for i, key in enumerate(keys)}
    top = DotBlock("G", _graph_attrs(graph, options))
    if _levels(options) <= 1:
        nodes = graph.nodes
        top.items = [(ids[key], _label(graph, nodes[key], options), nodes[key]["name"])
                     for key in keys]
        if joined is None:
            top.edges = [(ids[u], ids[v]) for u, v in graph.edges if u in ids and v in ids]
        else:
            top.edges = [(ids[u], ids[v]) for _, u, v in joined]
        top.main = main_path(len(keys), top.edges)
        return top
    blocks = _cluster_nodes(graph, keys, ids, top, options)
    edges = []
    if joined is None:
        joined = _expanded_edges(graph, ids, options)
    for scope, u, v in joined:
        edges.append((ids[u], ids[v]))
        blocks.get(scope, top).edges.append(edges[-1])
    top.main = main_path(len(keys), edges)
    return top


def main_path(count: int, edges: list[tuple[str, str]]) -> list[str]:
    """The longest chain of boxes ``n0`` ... ``n{count-1}`` along ``edges``: drawn straight.

    Ties go to the first input, as Keras lists them; an edge back to an earlier box (a
    module called twice) is not followed. A plain chain needs no help: ``[]``.

    Example:
        >>> main_path(5, [("n0", "n1"), ("n1", "n2"), ("n0", "n3"), ("n2", "n4"), ("n3", "n4")])
        ['n0', 'n1', 'n2', 'n4']
        >>> main_path(2, [("n0", "n1")])
        []
    """
    preds: dict[int, list[int]] = {}
    for u, v in edges:
        preds.setdefault(int(v[1:]), []).append(int(u[1:]))
    best, back = [1] * count, [-1] * count
    for v in range(count):
        for u in preds.get(v, ()):
            if u < v and best[u] + 1 > best[v]:
                best[v], back[v] = best[u] + 1, u
    end = max(range(count), key=lambda v: (best[v], -v), default=-1)
    if end < 0 or (best[end] == count and len(edges) == count - 1):
        return []
    path = []
    while end >= 0:
        path.append(f"n{end}")
        end = back[end]
    return path[::-1]


def write_block(top: DotBlock) -> str:
    """The text pydot's ``to_string()`` writes for the same graph, written directly.

    Example:
        >>> print(write_block(DotBlock("G", [("rankdir", "LR")], [("n0", "<a>", "a")])))
        digraph G {
        rankdir=LR;
        node [shape=plaintext, fontname=Helvetica, margin=0];
        n0 [label=<a>];
        }
        <BLANKLINE>
    """
    lines = ["digraph G {", *_attr_lines(top.attrs),
             "node [" + ", ".join(f"{k}={v}" for k, v in NODE_DEFAULTS) + "];"]
    on_path, path_edges = set(top.main), set(zip(top.main, top.main[1:], strict=False))
    stack = [(top, 0)]
    while stack:
        block, index = stack.pop()
        if index < len(block.items):
            item = block.items[index]
            stack.append((block, index + 1))
            if isinstance(item, DotBlock):
                lines.append(f"subgraph {item.name} {{")
                lines.extend(_attr_lines(item.attrs))
                stack.append((item, 0))
            else:
                extra = _MAIN_NODE_TEXT if item[0] in on_path else ""
                lines.append(f"{item[0]} [label={item[1]}{extra}];")
            continue
        lines.extend(f"{u} -> {v}{_MAIN_EDGE_SUFFIX if (u, v) in path_edges else _EDGE_SUFFIX}"
                     for u, v in block.edges)
        lines.append("}")
    return "\n".join(lines) + "\n"


# Graphviz's least node size (0.75 × 0.5 in) is taller than a grey box: edges would stop short
_SMALL: Final = ", width=0, height=0"


def _label(graph: nx.DiGraph, data: dict[str, Any], options: DotOptions) -> str:
    """A layer's box; a small grey one for plumbing (:mod:`modelviz.diagram.plumbing`)."""
    if options.plumbing != "full" and is_plumbing(data, graph.graph.get("operators")):
        return plumbing_label(data, options) + _SMALL
    return layer_label(data, options)


def _attr_lines(attrs: list[tuple[str, str]]) -> list[str]:
    return [f"{key}={value};" for key, value in attrs]


def _levels(options: DotOptions) -> float:
    """Nesting levels drawn: ``depth``, else all when ``expand_nested``, else the top one."""
    return depth_limit(options.expand_nested, options.depth)


def is_expanded(data: dict[str, Any], options: DotOptions) -> bool:
    """A nested model drawn as a cluster of its layers (not as one box).

    Example:
        >>> model = {"is_model": True, "depth": 1, "inner_inputs": ["inner/input"]}
        >>> is_expanded(model, DotOptions(expand_nested=True))
        True
        >>> is_expanded(model, DotOptions(depth=2)), is_expanded(model, DotOptions(depth=3))
        (False, True)
    """
    return bool(data["is_model"] and data["depth"] < _levels(options) - 1 and (
        data.get("inner_inputs") or data.get("inner_outputs")))  # it has layers to show


def select_nodes(graph: nx.DiGraph, options: DotOptions) -> list[str]:
    """Keys drawn as boxes, in graph order: top level, every leaf when expanded, or the
    layers down to ``depth`` levels (models at the last level drawn as one box).

    Example:
        >>> from modelviz import Sequential, layers
        >>> inner = Sequential([layers.Dense(2, input_dim=1)], name="inner")
        >>> G = Sequential([inner, layers.Dense(1)]).to_graph()
        >>> select_nodes(G, DotOptions()), select_nodes(G, DotOptions(expand_nested=True))
        (['inner', 'dense_1'], ['inner/dense', 'dense_1'])
    """
    return _boxes(graph, options)[0]


def _boxes(graph: nx.DiGraph, options: DotOptions
           ) -> tuple[list[str], list[tuple[Any, str, str]] | None]:
    """The keys drawn; with ``plumbing="hide"`` also the edges joining them (else None)."""
    levels = _levels(options)
    keys = range_keys(graph, [key for key, data in graph.nodes(data=True)
                              if data["depth"] < levels and not is_expanded(data, options)],
                      options.layer_range)
    if options.plumbing != "hide":
        return keys, None
    drawn = dict.fromkeys(keys)
    edges = ([(None, u, v) for u, v in graph.edges if u in drawn and v in drawn]
             if levels <= 1 else _expanded_edges(graph, drawn, options))
    source = graph.graph.get("operators")
    hidden, edges = bridge_edges(
        edges, {key for key in keys if is_plumbing(graph.nodes[key], source)}, keys)
    return [key for key in keys if key not in hidden], edges


def _graph_attrs(graph: nx.DiGraph, options: DotOptions) -> list[tuple[str, str]]:
    attrs = [("rankdir", options.rankdir.upper()), ("fontname", "Helvetica"),
             ("nodesep", "0.3"), ("ranksep", "0.45")]
    if options.dpi:
        attrs.append(("dpi", str(int(options.dpi))))
    if options.splines:
        attrs.append(("splines", options.splines))
    if options.show_title:
        attrs += [("label", f"<{_title(graph.graph)}>"), ("labelloc", "t"), ("fontsize", "18")]
    return attrs


def _title(attrs: dict[str, Any]) -> str:
    name = escape(shorten(attrs["name"]))
    text = f"<b>{name}</b><br/>{attrs['total_params']:,} params"
    if attrs["non_trainable_params"]:
        text += f" ({attrs['non_trainable_params']:,} non-trainable)"
    if attrs.get("unknown_split_params"):  # stored weights without their trainable flag
        text += f" ({attrs['unknown_split_params']:,} not known if trainable)"
    return text + "<br/> "  # an empty line keeps the title off the first box


def _cluster_nodes(graph: nx.DiGraph, keys: list[str], ids: dict[str, str], top: DotBlock,
                   options: DotOptions) -> dict[str, DotBlock]:
    """Put each node inside the clusters of its enclosing models; return model -> cluster."""
    blocks: dict[str, DotBlock] = {}
    for key in keys:
        container = top
        for parent in enclosing_models(graph, key):
            if parent not in blocks:
                blocks[parent] = _cluster(graph, parent, len(blocks), options)
                container.items.append(blocks[parent])
            container = blocks[parent]
        data = graph.nodes[key]
        container.items.append((ids[key], _label(graph, data, options), data["name"]))
    return blocks


def enclosing_models(graph: nx.DiGraph, key: str) -> list[str]:
    """Enclosing nested-model keys, outermost first.

    Example:
        >>> from modelviz import Input, Model, Sequential, layers
        >>> inner = Sequential([Input((4,)), layers.Dense(2, name="d")], name="inner")
        >>> x = Input((4,))
        >>> G = Model(x, inner(x)).to_graph()
        >>> enclosing_models(G, "inner/d"), enclosing_models(G, "inner")
        (['inner'], [])
    """
    chain = []
    parent = graph.nodes[key]["parent"]
    while parent is not None:
        chain.append(parent)
        parent = graph.nodes[parent]["parent"]
    return chain[::-1]


def _cluster(graph: nx.DiGraph, key: str, serial: int, options: DotOptions) -> DotBlock:
    """A nested model's cluster, labelled with its name as Keras does (params on request)."""
    data = graph.nodes[key]
    label = shorten(data["name"])
    if options.show_params and data.get("params") is not None:
        label += f" ({data['class_name']}) · {data['params']:,} params"
    attrs = [("style", '"rounded,dashed"'), ("color", '"#7e57c2"'), ("fontname", "Helvetica"),
             ("label", _label_id(label)), ("labeljust", "l")]
    return DotBlock(f"cluster_{serial}", attrs)


def _label_id(text: str) -> str:
    """A plain name stays bare, as pydot writes the raw name Keras sets; others are quoted."""
    if _BARE_ID.fullmatch(text) and text.lower() not in _DOT_KEYWORDS:
        return text
    return quote(text)


def _expanded_edges(graph: nx.DiGraph, shown: dict[str, str],
                    options: DotOptions) -> list[tuple[Any, str, str]]:
    """(scope, source, target): edges touching an expanded model go to its inner layers."""
    edges: dict[tuple[str, str], Any] = {}
    for u, v, data in graph.edges(data=True):
        scope = graph.nodes[v]["parent"]
        # Each connection: which output of u (a nested model's inner output) feeds which
        # input of v (a nested model's inner input), as Keras's model_to_dot resolves them.
        for connection in data.get("connections") or [{"position": data["position"]}]:
            sources = _box(graph, u, connection.get("source_layer"), options) or _expand(
                graph, u, "inner_outputs", connection.get("output_index"), options)
            targets = _box(graph, v, connection.get("target_layer"), options) or _expand(
                graph, v, "inner_inputs", connection["position"], options)
            for source in sources:
                for target in targets:
                    if source in shown and target in shown:
                        edges.setdefault((source, target), scope)
    return [(scope, u, v) for (u, v), scope in edges.items()]


def _box(graph: nx.DiGraph, key: str, layer: str | None, options: DotOptions) -> list[str]:
    """The box drawn for ``layer`` (an imported graph's innermost layer at one end of a
    connection, inside ``key``): the outermost of them, from ``key`` down, not expanded.
    Empty where the connection does not name one (or names one no longer in the graph)."""
    if layer is None or layer not in graph:
        return []
    chain, nodes = [layer], graph.nodes
    while chain[-1] != key:
        parent = nodes[chain[-1]]["parent"]
        if parent is None:  # not inside key (a graph rebuilt around it): not this rule
            return []
        chain.append(parent)
    return [next(k for k in reversed(chain) if k == layer or not is_expanded(nodes[k], options))]


def _expand(graph: nx.DiGraph, key: str, attribute: str, position: int | None,
            options: DotOptions) -> list[str]:
    """Follow an endpoint into (possibly nested) expanded models, with a worklist."""
    result, work = [], [(key, position)]
    while work:
        current, pos = work.pop(0)
        data = graph.nodes[current]
        if not is_expanded(data, options):
            result.append(current)
            continue
        inner = list(data.get(attribute, []))
        if pos is not None and len(inner) > 1 and pos < len(inner):
            # one output of a nested model: the layer making it, and which of its outputs
            indices = data.get("inner_output_indices") if attribute == "inner_outputs" else None
            work.extend([(inner[pos], indices[pos] if indices else None)]
                        if inner[pos] in graph else [])
        else:
            work.extend((k, None) for k in inner if k in graph)
    return result
