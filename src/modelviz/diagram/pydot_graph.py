"""``model_to_dot``'s ``pydot.Dot``: Keras's node/edge structure, built without a parser.

pydot's own ``to_string()`` takes about a minute for a 100,000-layer chain, and building
100,000 ``pydot.Node`` objects takes seconds, so :class:`ModelDot` holds the
:class:`DotBlock` and the DOT text written from it, and makes the pydot nodes, edges and
clusters only when something asks for them (``get_nodes()``, ``set(...)``, ...). After
that every call is plain pydot. ``tests/test_diagram_pydot.py`` checks that pydot writes
the same text for the built objects.

Example:
    >>> from modelviz import Sequential, layers
    >>> from modelviz.diagram.dot import DotOptions, dot_block
    >>> G = Sequential([layers.Dense(2, input_dim=1), layers.Dense(1)]).to_graph()
    >>> dot = model_dot(dot_block(G, DotOptions()))
    >>> [node.get_name() for node in dot.get_nodes()]
    ['node', 'n0', 'n1']
    >>> [(e.get_source(), e.get_destination()) for e in dot.get_edges()]
    [('n0', 'n1')]
"""

from __future__ import annotations

from typing import Any

import pydot

from modelviz.diagram.dot import (
    EDGE_ATTRS,
    MAIN_EDGE_ATTRS,
    MAIN_NODE_ATTRS,
    NODE_DEFAULTS,
    DotBlock,
    write_block,
)
from modelviz.gcpause import paused_gc

__all__ = ["ModelDot", "fill_graph", "model_cluster", "model_dot"]


class ModelDot(pydot.Dot):
    """A ``pydot.Dot`` whose nodes and edges are made from a :class:`DotBlock` on first use."""

    def __init__(self, block: DotBlock) -> None:
        self._pending: DotBlock | None = None
        super().__init__(graph_name=block.name, graph_type="digraph")
        self._text = write_block(block)
        self._pending = block

    @property  # type: ignore[override]
    def obj_dict(self) -> Any:
        """pydot's data; asking for it makes the pending nodes and edges first."""
        pending = self.__dict__.get("_pending")
        if pending is not None:
            self._pending = None
            with paused_gc():
                fill_graph(self, pending, node_defaults=True)
        return self.__dict__["_obj_dict"]

    @obj_dict.setter
    def obj_dict(self, value: Any) -> None:
        self.__dict__["_obj_dict"] = value

    def to_string(self, indent: Any = "", indent_level: int = 0, inline: bool = False) -> str:
        """DOT text; the text written with the block while nothing was built or changed."""
        if self.__dict__.get("_pending") is not None and (indent, indent_level, inline) == (
                "", 0, False):
            return self._text
        return super().to_string(indent, indent_level, inline)


def model_dot(block: DotBlock) -> ModelDot:
    """The ``pydot.Dot`` for a document laid out by ``dot_block``.

    Example:
        >>> dot = model_dot(DotBlock("G", [("rankdir", "LR")], [("n0", "<a>", "a")]))
        >>> dot.get("rankdir"), dot.to_string().splitlines()[1]
        ('LR', 'rankdir=LR;')
    """
    return ModelDot(block)


def model_cluster(block: DotBlock, name: str) -> Any:
    """``subgraph=True``: the model as a ``pydot.Cluster`` labelled with its name, as Keras.

    Example:
        >>> from modelviz.diagram.dot import DotBlock
        >>> cluster = model_cluster(DotBlock("G", [], [("n0", "<a>", "a")]), "mlp")
        >>> cluster.get_name(), cluster.get("label"), len(cluster.get_nodes())
        ('cluster_G', 'mlp', 1)
    """
    cluster = pydot.Cluster(graph_name=block.name, style="dashed")
    cluster.set("label", name)
    cluster.set("labeljust", "l")
    fill_graph(cluster, DotBlock(block.name, [], block.items, block.edges))
    return cluster


def fill_graph(graph: Any, top: DotBlock, node_defaults: bool = False) -> None:
    """Add the block's attributes, nodes, clusters and edges to a pydot graph, in order.

    Example:
        >>> graph = pydot.Dot()
        >>> fill_graph(graph, DotBlock("G", [], [("n0", "<a>", "a"), ("n1", "<b>", "b")],
        ...                            [("n0", "n1")]))
        >>> len(graph.get_nodes()), len(graph.get_edges())
        (2, 1)
    """
    for key, value in top.attrs:
        graph.set(key, value)
    if node_defaults:
        graph.set_node_defaults(**dict(NODE_DEFAULTS))
    edge_attrs, main_edge_attrs = dict(EDGE_ATTRS), dict((*EDGE_ATTRS, *MAIN_EDGE_ATTRS))
    on_path, path_edges = set(top.main), set(zip(top.main, top.main[1:], strict=False))
    work = [(graph, top)]
    while work:
        target, block = work.pop(0)
        for item in block.items:
            if isinstance(item, DotBlock):
                cluster = pydot.Cluster(graph_name=item.name.removeprefix("cluster_"))
                for key, value in item.attrs:
                    cluster.set(key, value)
                target.add_subgraph(cluster)
                work.append((cluster, item))
            else:
                extra = dict(MAIN_NODE_ATTRS) if item[0] in on_path else {}
                target.add_node(pydot.Node(item[0], label=item[1], **extra))
        for source, destination in block.edges:
            attrs = main_edge_attrs if (source, destination) in path_edges else edge_attrs
            target.add_edge(pydot.Edge(source, destination, **attrs))
