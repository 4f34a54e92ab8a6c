"""The union graph of a diff: both models in one ``networkx.DiGraph`` of plain data.

Schema (see also :mod:`modelviz.graph`, whose node attributes every node keeps):

Graph attributes: those of the new graph, with ``inputs`` / ``outputs`` as union
keys, plus ``old`` and ``new``: ``{"name", "class_name", "total_params",
"trainable_params", "non_trainable_params"}`` of each model, and ``counts``:
``{"added", "removed", "changed", "renamed", "affected"}`` (ints).

Nodes, keyed by the new key (a removed layer by its old key, or
``"<old key> (removed)"`` when the new model uses that key for another layer), in
union order. Each has the new layer's attributes (the old layer's when removed) and:
    ``status``: ``"added"`` | ``"removed"`` | ``"changed"`` | ``"renamed"`` | ``"same"``;
    ``old_key`` / ``new_key``: the key on each side, or None;
    ``old`` / ``new``: ``{"name", "class_name", "params", "output_shapes"}`` on each
    side, or None;
    ``changes``: ``{field: [old, new]}`` for config keys (dotted when nested),
    ``class_name``, ``repeats``, ``params``, ``output_shapes``;
    ``affected``: True when only ``params`` / ``output_shapes`` changed (a
    consequence of a change upstream);
    ``renamed``: True when the names differ (a folded group's first layer's).
    ``parent`` is the union key of the enclosing nested model.

Edges: the new edge's attributes (the old one's when removed), plus ``status``:
``"added"`` | ``"removed"`` | ``"changed"`` (the tensor's shape differs) | ``"same"``,
and ``old_shape`` / ``new_shape``.

Example:
    >>> from modelviz import Input, Sequential, layers, diff
    >>> old = Sequential([Input((4,)), layers.Dense(2, name="a")])
    >>> new = Sequential([Input((4,)), layers.Dense(2, name="a"), layers.Dropout(0.1)])
    >>> U = diff(old, new).to_graph()
    >>> [(key, status) for key, status in U.nodes(data="status")]
    [('a', 'same'), ('dropout', 'added')]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

__all__ = ["layer_name", "union_graph"]

_SUMMARY = ("name", "class_name", "params", "output_shapes")
_TOTALS = ("name", "class_name", "total_params", "trainable_params", "non_trainable_params")


def union_graph(old: nx.DiGraph, new: nx.DiGraph, layers: Sequence[Any]) -> nx.DiGraph:
    """Both graphs in one, every node and edge with a ``status`` (schema above).

    Example:
        >>> from modelviz import Input, Sequential, layers, diff
        >>> d = diff(Sequential([Input((4,)), layers.Dense(2, name="a")]),
        ...          Sequential([Input((4,)), layers.Dense(3, name="a")]))
        >>> U = union_graph(d.old_graph, d.new_graph, d.layers)
        >>> U.nodes["a"]["status"], U.nodes["a"]["changes"]["units"], U.graph["counts"]["changed"]
        ('changed', [2, 3], 1)
    """
    keys = _union_keys(new, layers)
    union = nx.DiGraph()
    union.graph.update(new.graph)
    union.graph.update(_graph_attributes(old, new, layers, keys))
    for change in layers:
        union.add_node(keys["old" if change.new is None else "new", change.key],
                       **_node(old, new, change, keys))
    _add_edges(union, old, new, layers, keys)
    return union


def _union_keys(new: nx.DiGraph, layers: Sequence[Any]) -> dict[tuple[str, str], str]:
    keys: dict[tuple[str, str], str] = {}
    for change in layers:
        if change.new is not None:
            keys["new", change.new] = change.new
            if change.old is not None:
                keys["old", change.old] = change.new
        else:
            old = str(change.old)
            keys["old", old] = f"{old} (removed)" if old in new else old
    return keys


def _graph_attributes(old: nx.DiGraph, new: nx.DiGraph, layers: Sequence[Any],
                      keys: dict[tuple[str, str], str]) -> dict[str, Any]:
    statuses = [c.status for c in layers]
    renamed = sum(1 for c in layers if _renamed(old, new, c))
    return {
        "inputs": [keys.get(("new", k), k) for k in new.graph.get("inputs", [])],
        "outputs": [keys.get(("new", k), k) for k in new.graph.get("outputs", [])],
        "old": {name: old.graph.get(name) for name in _TOTALS},
        "new": {name: new.graph.get(name) for name in _TOTALS},
        "counts": {"added": statuses.count("added"), "removed": statuses.count("removed"),
                   "changed": statuses.count("changed"), "renamed": renamed,
                   "affected": sum(1 for c in layers if c.affected)},
    }


def _node(old: nx.DiGraph, new: nx.DiGraph, change: Any,
          keys: dict[tuple[str, str], str]) -> dict[str, Any]:
    side, graph = ("new", new) if change.new is not None else ("old", old)
    data = dict(graph.nodes[change.key])
    if data.get("parent") is not None:
        data["parent"] = keys.get((side, data["parent"]), data["parent"])
    data.update(status=change.status, old_key=change.old, new_key=change.new,
                old=_summary(old, change.old), new=_summary(new, change.new),
                changes={name: list(pair) for name, pair in change.fields.items()},
                affected=change.affected, renamed=_renamed(old, new, change))
    return data


def layer_name(graph: nx.DiGraph, key: str) -> str:
    """A layer's name; a folded group's is its first layer's (the rest follow the count).

    Example:
        >>> import networkx as nx
        >>> G = nx.DiGraph()
        >>> G.add_node("dense_1", name="dense_1")
        >>> G.add_node("block", name="block ×12", group={"members": ["conv_1", "conv_2"]})
        >>> layer_name(G, "dense_1"), layer_name(G, "block")
        ('dense_1', 'conv_1')
    """
    data = graph.nodes[key]
    group = data.get("group")
    return str(group["members"][0]) if group else str(data["name"])


def _renamed(old: nx.DiGraph, new: nx.DiGraph, change: Any) -> bool:
    return (change.old is not None and change.new is not None
            and layer_name(old, change.old) != layer_name(new, change.new))


def _summary(graph: nx.DiGraph, key: str | None) -> dict[str, Any] | None:
    if key is None:
        return None
    data = graph.nodes[key]
    return {name: data[name] for name in _SUMMARY}


def _add_edges(union: nx.DiGraph, old: nx.DiGraph, new: nx.DiGraph, layers: Sequence[Any],
               keys: dict[tuple[str, str], str]) -> None:
    back = {c.new: c.old for c in layers if c.new is not None and c.old is not None}
    for u, v, data in new.edges(data=True):
        ou, ov = back.get(u), back.get(v)
        before = old.edges[ou, ov] if ou is not None and ov is not None and old.has_edge(
            ou, ov) else None
        status = "added" if before is None else (
            "same" if before["shape"] == data["shape"] else "changed")
        union.add_edge(u, v, **data, status=status,
                       old_shape=None if before is None else before["shape"],
                       new_shape=data["shape"])
    for u, v, data in old.edges(data=True):
        su, sv = keys["old", u], keys["old", v]
        if not union.has_edge(su, sv):  # else the new edge was compared with this one
            union.add_edge(su, sv, **data, status="removed", old_shape=data["shape"],
                           new_shape=None)
