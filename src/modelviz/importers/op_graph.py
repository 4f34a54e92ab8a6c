"""Model graphs of foreign models (ONNX files, PyTorch modules): operations in nested scopes.

An importer describes the model as a list of :class:`Op` (a name, a class, the scope path
of enclosing modules, the tensors it reads and writes on each call, its weights) and the
shapes of the tensors; :func:`build_graph` turns that into the graph every emitter reads
(schema in :mod:`modelviz.graph`): scopes become nested-model nodes (clusters), a scope
holding a single operation and nothing else becomes that one node, edges join siblings,
and every weight is counted once in the totals however many operations share it.

Example:
    >>> ops = [Op("fc", "Linear", ("head",), [(["x"], ["y"])],
    ...           [{"name": "fc.weight", "shape": (2, 4), "trainable": True}])]
    >>> G = build_graph(ops, {"x": (1, 4), "y": (1, 2)}, [("input", "x")], ["y"], "tiny")
    >>> list(G.nodes), G.graph["total_params"], G.nodes["head"]["output_shapes"]
    (['input', 'head'], 8, [(1, 2)])
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Final

import networkx as nx

from modelviz.importers.imported import ImportedModel, Op, Shape, count_text, explain
from modelviz.importers.op_records import finish_scope, op_record, scope_record, weight_size
from modelviz.importers.op_stream import (
    Built,
    OrderError,
    cross_borders,
    link,
    stream_graph,
    unique_key,
)

__all__ = ["ImportedModel", "Op", "build_graph", "count_text", "explain"]

WEIGHT_BYTES: Final = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "int8": 1,
                       "uint8": 1, "int16": 2, "int32": 4, "int64": 8, "bool": 1}



def build_graph(ops: list[Op], shapes: dict[str, Shape | None], inputs: list[tuple[str, str]],
                outputs: list[str], name: str, class_name: str = "Functional",
                scope_classes: dict[tuple[str, ...], str] | None = None,
                collapse: bool = True) -> nx.DiGraph:
    """The model graph of ``ops`` (in execution order); ``inputs`` are (name, tensor) pairs.

    ``collapse``: a scope holding one operation becomes that operation's node (ONNX's
    ``/conv1/Conv`` is ``conv1``); torch modules keep their own names (``heads.head``
    inside ``heads``).

    Operations in the usual order are written in one pass as they come
    (:mod:`modelviz.importers.op_stream`); others (a module's operations far apart, a
    tensor read before it is made, a module called several times) by passes over the
    whole list. The same graph either way.
    """
    ops = [Op(n, "InputLayer", (), [([], [t])]) for n, t in inputs] + list(ops)
    classes = scope_classes or {}
    try:
        graph, keys, producer, top, unique = stream_graph(ops, shapes, outputs, classes,
                                                          collapse)
    except OrderError:
        graph, keys, producer, top, unique = _passes(ops, shapes, outputs, classes, collapse)
    nodes = graph._node
    graph.graph.update(_totals(unique, name, class_name))
    graph.graph["inputs"] = [keys[i] for i in range(len(inputs))]
    graph.graph["outputs"] = list(dict.fromkeys(_top(nodes, keys[producer[t]])
                                                for t in outputs if t in producer))
    graph.graph["sequential_like"] = _chain(graph, top)
    graph.graph["fold_scopes"] = True  # fold_repeats looks inside clusters too
    return graph


def _passes(ops: list[Op], shapes: dict[str, Shape | None], outputs: list[str],
            classes: dict[tuple[str, ...], str], collapse: bool) -> Built:
    """The graph by passes over the whole list: what :func:`stream_graph` returns."""
    children, keys, parents, whole = _layout(ops, collapse)
    producer = {t: i for i, op in enumerate(ops) for _, outs in op.calls for t in outs}
    chains = _Chains(parents)
    edges, crossings = _edges(ops, keys, parents, chains, producer, shapes)
    _output_crossings(crossings, outputs, producer, keys, parents, chains, shapes)
    members = _scope_weights(ops, parents, chains.parents_of)
    graph = nx.DiGraph()
    # the records go into the graph as they are (networkx's add_nodes_from copies each)
    nodes: dict[str, dict[str, Any]] = graph._node
    get = shapes.get
    for index, (_, kind, item) in enumerate(_dfs(children)):
        if kind == "op":
            nodes[keys[item]] = op_record(ops[item], parents[item], get, index,
                                          item in whole)
        else:
            key = "/".join(item)
            nodes[key] = scope_record(item, classes.get(item, "Module"), index)
            finish_scope(nodes[key], members.get(key, {}), crossings.get(key))
    _assemble(graph, edges)
    unique: dict[str, dict[str, Any]] = {}
    for op in ops:
        for weight in op.weights:
            unique.setdefault(weight["name"], weight)
    top = [keys[item] if kind == "op" else "/".join(item) for _, kind, item in children[()]]
    return graph, keys, producer, top, unique


def _layout(ops: list[Op], collapse: bool = True
            ) -> tuple[dict[tuple[str, ...], list[tuple[int, str, Any]]], list[str],
                       list[str | None], set[int]]:
    """Each scope's children (order, kind, item) in first-use order; each op's key and
    parent key; the ops that are a whole module.

    A scope holding a single operation and nothing else collapses into that operation
    (the op is named after it and is a whole module: a layer, not plumbing).
    """
    first: dict[tuple[str, ...], int] = {(): -1}
    count: dict[tuple[str, ...], int] = {}
    parents_of_scopes: set[tuple[str, ...]] = set()
    for index, op in enumerate(ops):
        scope = op.scope
        seen = count.get(scope)
        if seen is not None:
            count[scope] = seen + 1
            continue
        count[scope] = 1
        if scope not in first:  # its prefixes are made with it
            for depth in range(1, len(scope) + 1):
                path = scope[:depth]
                if path not in first:
                    first[path] = index
                    parents_of_scopes.add(path[:-1])
    collapsed: set[tuple[str, ...]] = set()
    children: dict[tuple[str, ...], list[tuple[int, str, Any]]] = {(): []}
    nests: set[tuple[str, ...]] = set()  # scopes holding scopes
    for path, index in first.items():  # in first-use order, each after its parent
        if not path:
            continue
        if collapse and count.get(path) == 1 and path not in parents_of_scopes:
            collapsed.add(path)
            continue
        children[path] = []
        children[parent := path[:-1]].append((index, "scope", path))
        nests.add(parent)
    keys: list[str] = []
    parents: list[str | None] = []
    taken: set[str] = set()
    holders: dict[tuple[str, ...], tuple[str | None, str, list[Any]]] = {}
    whole: set[int] = set()
    previous: tuple[str, ...] | None = None  # consecutive ops of one scope: no look-ups
    for index, op in enumerate(ops):
        scope = op.scope
        if scope is not previous:
            previous, folded = scope, scope in collapsed
            holder = scope[:-1] if folded else scope
            place = holders.get(holder)  # (its key or None, its joined path, its children)
            if place is None:
                joined = "/".join(holder)
                place = holders[holder] = (joined or None, joined, children[holder])
        if folded:
            key = op.name = scope[-1]
            whole.add(index)
            if holder:
                key = f"{place[1]}/{key}"
        else:
            key = unique_key(f"{place[1]}/{op.name}" if holder else op.name, taken)
        taken.add(key)
        keys.append(key)
        parents.append(place[0])
        place[2].append((index, "op", index))
    for path in nests & holders.keys():  # holding scopes and ops: merged in first-use order
        children[path].sort(key=_FIRST)
    return children, keys, parents, whole


def _dfs(children: dict[tuple[str, ...], list[tuple[int, str, Any]]]
         ) -> list[tuple[int, str, Any]]:
    """Scopes before their members (each list in first-use order), explicit stack."""
    order: list[tuple[int, str, Any]] = []  # the children's own (order, kind, item)
    stack = [iter(children[()])]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        order.append(child)
        if child[1] == "scope":
            stack.append(iter(children[child[2]]))
    return order


_FIRST: Final = itemgetter(0, 1)  # a child's first use, then its kind


class _Chains:
    """Each scope key's chain of enclosing scope keys, outermost first (shared tuples,
    cached); ``parents``: each op's scope key."""

    def __init__(self, parents: list[str | None]) -> None:
        self.parents_of: dict[str, str | None] = {}  # a scope key's parent is its prefix
        for parent in set(parents) - {None}:
            parts = parent.split("/")
            for depth in range(1, len(parts) + 1):
                self.parents_of.setdefault("/".join(parts[:depth]),
                                           "/".join(parts[:depth - 1]) or None)
        self.cache: dict[str | None, tuple[str, ...]] = {None: ()}

    def of_scope(self, key: str | None) -> tuple[str, ...]:
        """The chain of scope ``key`` itself included (loop, no recursion)."""
        if key in self.cache:
            return self.cache[key]
        missing = []
        while key not in self.cache:
            missing.append(key)
            key = self.parents_of.get(key)  # type: ignore[arg-type]
        chain = self.cache[key]
        for scope in reversed(missing):
            chain = self.cache[scope] = (*chain, scope)
        return chain


def _edges(ops: list[Op], keys: list[str], parents: list[str | None], chains: _Chains,
           producer: dict[str, int], shapes: dict[str, Shape | None]
           ) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, dict[str, Any]]]:
    """Sibling edges at the deepest common scope, and what crosses each scope's border."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    crossings: dict[str, dict[str, Any]] = {}
    source_of, shape_of, chain_of = producer.get, shapes.get, chains.of_scope
    for target, op in enumerate(ops):
        into = parents[target]
        for call, (ins, _) in enumerate(op.calls):
            for position, tensor in enumerate(ins):
                source = source_of(tensor)
                if source is None or source == target:
                    continue  # an op reading its own output: no edge
                shape = shape_of(tensor)
                if parents[source] == into:  # siblings: nothing crosses
                    pair = (keys[source], keys[target])
                    connection = {"position": position, "shape": shape, "call": call}
                else:
                    u, v, connection = link(crossings,
                                            (*chain_of(parents[source]), keys[source]),
                                            (*chain_of(into), keys[target]),
                                            tensor, shape, position, call)
                    pair = (u, v)
                data = edges.get(pair)
                if data is None:
                    edges[pair] = {"shape": shape, "position": connection["position"],
                                   "connections": [connection]}
                else:
                    data["connections"].append(connection)
    return edges, crossings


def _output_crossings(crossings: dict[str, dict[str, Any]], outputs: list[str],
                      producer: dict[str, int], keys: list[str], parents: list[str | None],
                      chains: _Chains, shapes: dict[str, Shape | None]) -> None:
    for tensor in outputs:
        if tensor in producer:
            source = producer[tensor]
            cross_borders(crossings, (*chains.of_scope(parents[source]), keys[source]), (),
                          tensor, shapes.get(tensor))


def _scope_weights(ops: list[Op], parents: list[str | None],
                   parents_of: dict[str, str | None]) -> dict[str, dict[str, dict[str, Any]]]:
    """Each scope's weights by name, each once, in first-use order."""
    members: dict[str, dict[str, dict[str, Any]]] = {}
    for parent, op in zip(parents, ops, strict=True):
        if not op.weights:
            continue
        while parent is not None:
            bucket = members.setdefault(parent, {})
            for weight in op.weights:
                bucket.setdefault(weight["name"], weight)
            parent = parents_of[parent]
    return members


def _assemble(graph: nx.DiGraph, edges: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Wire ``graph``, which holds the node records: its edges; inbound and connected_to."""
    nodes = graph._node
    succ, pred = graph._succ, graph._pred
    succ.update({key: {} for key in nodes})
    pred.update({key: {} for key in nodes})
    for (u, v), data in edges.items():
        succ[u][v] = pred[v][u] = data
        target = nodes[v]
        target["inbound"].append(u)  # each (u, v) pair once: no duplicates
        name, connected = nodes[u]["name"], target["connected_to"]
        for connection in data["connections"]:  # a tensor read at several places: once
            entry = f"{name}[{connection['call']}][0]"
            if not connected or entry not in connected:
                connected.append(entry)


def _totals(unique: dict[str, dict[str, Any]], name: str, class_name: str) -> dict[str, Any]:
    """Counts and bytes of every weight (``unique``: each once, by name)."""
    total = trainable = total_bytes = trainable_bytes = 0
    for weight in unique.values():
        size = weight_size(weight["shape"])
        nbytes = size * WEIGHT_BYTES.get(str(weight.get("dtype", "float32")), 4)
        total, total_bytes = total + size, total_bytes + nbytes
        if weight["trainable"]:
            trainable, trainable_bytes = trainable + size, trainable_bytes + nbytes
    return {"name": name, "class_name": class_name, "total_params": total,
            "trainable_params": trainable, "non_trainable_params": total - trainable,
            "total_bytes": total_bytes, "trainable_bytes": trainable_bytes,
            "non_trainable_bytes": total_bytes - trainable_bytes, "unknown_params": []}


def _top(nodes: dict[str, dict[str, Any]], key: str) -> str:
    while nodes[key]["parent"] is not None:
        key = nodes[key]["parent"]
    return key


def _chain(graph: nx.DiGraph, top: list[str]) -> bool:
    """Keras leaves out ``Connected to`` when every top-level layer has one input and output.

    ``top``: the keys of the top-level items (a record of depth 0 is one of them).
    """
    succ, pred, nodes = graph._succ, graph._pred, graph._node
    return all(len(pred[k]) <= 1 and len(succ[k]) <= 1 for k in top
               if nodes[k]["depth"] == 0)
