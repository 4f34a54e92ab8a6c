"""The model graph of operations in one pass, as they come (the usual case of
:func:`modelviz.importers.op_graph.build_graph`).

An ONNX file's operators, and most PyTorch captures, come in an order that lets the
graph be written as it is read: each module's operations come together (a module entered
again is a new call with a scope of its own), every tensor is made before it is read, and
each operation runs once. Then each record is written once, in its final place: a scope
is written when it proves to be a cluster (a second member arrives), an operation when
its scope is known; the edges are wired as their reader arrives. What breaks that order
raises :class:`OrderError`, and ``build_graph``'s general passes (which see the whole list
at once) make the graph instead: the same graph either way, record for record.

Example:
    >>> ops = [Op("x", "InputLayer", (), [([], ["x"])]),
    ...        Op("MatMul", "MatMul", ("fc",), [(["x"], ["y"])])]
    >>> G = stream_graph(ops, {"x": (1, 4), "y": (1, 2)}, ["y"], {}, True)[0]
    >>> list(G.nodes), G.nodes["fc"]["whole_module"], list(G.edges)
    (['x', 'fc'], True, [('x', 'fc')])
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from modelviz.importers.imported import Op, Shape
from modelviz.importers.op_records import finish_scope, op_record, scope_record

__all__ = ["Built", "OrderError", "common_prefix", "cross", "cross_borders", "link", "stream_graph",
           "unique_key"]


class OrderError(Exception):
    """The operations are not in the order one pass needs (never reaches the user: the
    general passes take over)."""


class _Frame:
    """An open scope: its path, key (None at the top), enclosing keys and own, the
    operation waiting while it is its only member (a scope of one operation is that
    operation), and whether its record is written (it is a cluster)."""

    __slots__ = ("chain", "key", "path", "pending", "written")

    def __init__(self, path: tuple[str, ...], key: str | None,
                 chain: tuple[str, ...]) -> None:
        self.path, self.key, self.chain = path, key, chain
        self.pending: int | None = None
        self.written = False


# What a builder hands build_graph: the graph with its node and edge records; each op's
# key; each tensor's maker (an op's index); the keys at the top level; each weight once.
Built = tuple[nx.DiGraph, list[Any], dict[str, int], list[str], dict[str, dict[str, Any]]]


def stream_graph(ops: list[Op], shapes: dict[str, Shape | None], outputs: list[str],
                 classes: dict[tuple[str, ...], str], collapse: bool) -> Built:
    """The graph of ``ops`` in one pass, node and edge records complete (``build_graph``
    adds the graph's attributes); raises :class:`OrderError` where one pass cannot."""
    stream = _Stream(ops, shapes, classes, collapse)
    for index, op in enumerate(ops):
        stream.add(index, op)
    stream.finish(outputs)
    return stream.graph, stream.keys, stream.producer, stream.top, stream.unique


class _Stream:
    def __init__(self, ops: list[Op], shapes: dict[str, Shape | None],
                 classes: dict[tuple[str, ...], str], collapse: bool) -> None:
        self.ops, self.get, self.classes, self.collapse = ops, shapes.get, classes, collapse
        self.graph = nx.DiGraph()
        self.nodes, self.succ, self.pred = self.graph._node, self.graph._succ, self.graph._pred
        self.keys: list[str | None] = [None] * len(ops)
        self.chains: list[tuple[str, ...]] = [()] * len(ops)  # each op's enclosing keys
        self.stack = [_Frame((), None, ())]
        self.stack[0].written = True
        self.taken: set[str] = set()
        self.producer: dict[str, int] = {}
        self.missed: set[str] = set()  # read before anything made them
        self.crossings: dict[str, dict[str, Any]] = {}
        self.members: dict[str, dict[str, dict[str, Any]]] = {}  # each scope's weights
        self.scopes: list[str] = []  # the keys of the scopes written
        self.top: list[str] = []  # keys at the top level
        self.unique: dict[str, dict[str, Any]] = {}  # every weight once, first use first
        self.index = 0

    def add(self, index: int, op: Op) -> None:
        if len(op.calls) != 1:
            raise OrderError  # a module called several times: its calls are far apart
        frame = self.stack[-1]
        if op.scope != frame.path:
            frame = self._move(op.scope)
        if not frame.written:
            if frame.pending is None:
                frame.pending = index  # its only member so far: it may be the scope itself
                return
            self._write(frame)
        self._emit(index, frame, False)

    def _move(self, scope: tuple[str, ...]) -> _Frame:
        """Leave the open scopes ``scope`` is not in, enter the ones it is in."""
        stack = self.stack
        common, limit = 0, min(len(stack) - 1, len(scope))
        while common < limit and stack[common + 1].path[-1] == scope[common]:
            common += 1
        while len(stack) - 1 > common:
            frame = stack.pop()
            if not frame.written:  # one operation and nothing else: it is the scope
                self._emit(frame.pending, frame, True)  # type: ignore[arg-type]
        parent = stack[-1]
        for depth in range(common + 1, len(scope) + 1):
            name = scope[depth - 1]
            key = name if parent.key is None else f"{parent.key}/{name}"
            if key in self.nodes or key in self.taken:  # entered again (or a name
                raise OrderError  # taken by an operation): the passes sort it out
            if not parent.written:  # it holds a scope: a cluster
                self._write(parent)
            parent = _Frame(scope[:depth], key, parent.chain)
            stack.append(parent)
            if depth < len(scope) or not self.collapse:
                self._write(parent)
        return parent

    def _write(self, frame: _Frame) -> None:
        """The scope is a cluster: its record now (filled in at the end), then the
        operation that waited in it."""
        key, path = frame.key, frame.path
        assert key is not None
        self.nodes[key] = scope_record(path, self.classes.get(path, "Module"), self.index)
        self.succ[key], self.pred[key] = {}, {}
        self.index += 1
        frame.chain, frame.written = (*frame.chain, key), True
        self.scopes.append(key)
        if len(path) == 1:
            self.top.append(key)
        if frame.pending is not None:
            pending, frame.pending = frame.pending, None
            self._emit(pending, frame, False)

    def _emit(self, index: int, frame: _Frame, whole: bool) -> None:
        """The operation's record and its edges."""
        op, taken = self.ops[index], self.taken
        chain = frame.chain
        if whole:  # named after its scope, in the scope's parent
            key, parent = frame.key, chain[-1] if chain else None
        else:
            parent = frame.key
            key = f"{parent}/{op.name}" if parent is not None else op.name
            if key in taken:
                key = unique_key(key, taken)
        assert key is not None
        taken.add(key)
        node = self.nodes[key] = op_record(op, parent, self.get, self.index, whole)
        if whole:
            node["name"] = frame.path[-1]
        self.succ[key], self.pred[key] = {}, {}
        self.index += 1
        self.keys[index], self.chains[index] = key, chain
        if parent is None:
            self.top.append(key)
        if op.weights:
            self._weights(op.weights, chain)
        producer, missed = self.producer, self.missed
        ins, outs = op.calls[0]
        for tensor in outs:
            if (tensor in producer and producer[tensor] != index) or (missed and tensor in missed):
                raise OrderError  # made twice, or read before it was made
            producer[tensor] = index
        if ins:
            self._edges(index, key, chain, ins)

    def _weights(self, weights: list[dict[str, Any]], chain: tuple[str, ...]) -> None:
        """Each weight once in the totals and in every enclosing scope's."""
        members = self.members
        for weight in weights:
            name = weight["name"]
            self.unique.setdefault(name, weight)
            for scope in chain:
                bucket = members.get(scope)
                if bucket is None:
                    bucket = members[scope] = {}
                bucket.setdefault(name, weight)

    def _edges(self, target: int, key: str, into: tuple[str, ...], reads: list[str]) -> None:
        """Wire each tensor ``target`` reads (its key ``key``, enclosing keys ``into``)."""
        producer, keys, chains, get = self.producer, self.keys, self.chains, self.get
        nodes, succ, crossings = self.nodes, self.succ, self.crossings
        for position, tensor in enumerate(reads):
            source = producer.get(tensor)
            if source is None:
                self.missed.add(tensor)
                continue
            if source == target:
                continue  # an op reading its own output: no edge
            shape, outer = get(tensor), chains[source]
            if outer == into:  # siblings: nothing crosses
                u, v = keys[source], key
                connection = {"position": position, "shape": shape, "call": 0}
            else:
                u, v, connection = link(crossings, (*outer, keys[source]), (*into, key),
                                        tensor, shape, position, 0)
            data = succ[u].get(v)
            target_node = nodes[v]
            if data is None:  # the pair's first connection: the edge
                data = {"shape": shape, "position": connection["position"],
                        "connections": [connection]}
                succ[u][v] = self.pred[v][u] = data
                target_node["inbound"].append(u)
            else:
                data["connections"].append(connection)
            entry, connected = f"{nodes[u]['name']}[0][0]", target_node["connected_to"]
            if not connected or entry not in connected:
                connected.append(entry)

    def finish(self, outputs: list[str]) -> None:
        """Close every scope; what leaves the model crosses its scopes' borders; the
        scopes' records filled in."""
        self._move(())
        producer = self.producer
        for tensor in outputs:
            if tensor in producer:
                source = producer[tensor]
                cross_borders(self.crossings, (*self.chains[source], self.keys[source]), (),
                              tensor, self.get(tensor))
        for key in self.scopes:
            finish_scope(self.nodes[key], self.members.get(key, {}), self.crossings.get(key))


def unique_key(key: str, taken: set[str]) -> str:
    """``key``, or ``key_1``, ``key_2``... the first not in ``taken``.

    Example:
        >>> unique_key("fc", {"fc", "fc_1"})
        'fc_2'
    """
    if key not in taken:
        return key
    candidate, serial = key, 1
    while candidate in taken:
        candidate, serial = f"{key}_{serial}", serial + 1
    return candidate


def common_prefix(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many leading items ``a`` and ``b`` share.

    Example:
        >>> common_prefix(("a", "b", "c"), ("a", "b", "d"))
        2
    """
    common, limit = 0, min(len(a), len(b))
    while common < limit and a[common] == b[common]:
        common += 1
    return common


def link(crossings: dict[str, dict[str, Any]], a: tuple[str, ...], b: tuple[str, ...],
         tensor: str, shape: Shape | None, position: int, call: int
         ) -> tuple[str, str, dict[str, Any]]:
    """The edge a tensor makes from ``a[-1]`` to ``b[-1]`` (each given as its enclosing
    scope keys, outermost first, then its own key): the two it joins at their deepest
    common scope and the connection's record; the borders it crosses noted in ``crossings``.

    Into a scope, the position is the inner layer's among the scope's inner inputs; across
    a border the record names the two layers inside (``source_layer``, ``target_layer``).

    Example:
        >>> borders = {}
        >>> link(borders, ("a", "a/x"), ("b", "b/y"), "t", (1, 4), 0, 0)[:2]
        ('a', 'b')
        >>> borders["b"]["in_index"], borders["a"]["out_shapes"]
        ({'b/y': 0}, {'t': (1, 4)})
    """
    common = cross_borders(crossings, a, b, tensor, shape)
    connection = {"position": position, "shape": shape, "call": call}
    if common + 1 < len(b):  # into a scope: the position of the layer inside
        connection["position"] = crossings[b[common]]["in_index"][b[common + 1]]
    if common + 1 < max(len(a), len(b)):  # an expanded drawing joins these two, not every
        # output of the scope to every input of the other
        connection["source_layer"], connection["target_layer"] = a[-1], b[-1]
    return a[common], b[common], connection


def cross_borders(crossings: dict[str, dict[str, Any]], a: tuple[str, ...],
                  b: tuple[str, ...], tensor: str, shape: Shape | None) -> int:
    """Note ``tensor`` leaving the scopes of ``a`` and entering those of ``b`` below their
    common ones (``b`` empty: it leaves the model); how many scopes they share.

    Example:
        >>> borders = {}
        >>> cross_borders(borders, ("a", "a/x"), (), "t", (1, 4)), borders["a"]["out_index"]
        (0, {'a/x': 0})
    """
    common = common_prefix(a, b)
    for i in range(common, len(a) - 1):
        cross(crossings, a[i], "out", a[i + 1], tensor, shape)
    for i in range(common, len(b) - 1):
        cross(crossings, b[i], "in", b[i + 1], tensor, shape)
    return common


_SIDES = {"in": ("in_index", "in_shapes"), "out": ("out_index", "out_shapes")}


def cross(crossings: dict[str, dict[str, Any]], scope: str, side: str, inner: str,
          tensor: str, shape: Shape | None) -> None:
    """Note a tensor crossing a scope's border (each tensor's shape once per side; the
    layers inside in first-crossing order, each once, with their positions).

    Example:
        >>> borders = {}
        >>> cross(borders, "block", "in", "block/fc", "x", (1, 4))
        >>> borders["block"]["in_index"], borders["block"]["in_shapes"]
        ({'block/fc': 0}, {'x': (1, 4)})
    """
    border = crossings.get(scope)
    if border is None:
        border = crossings[scope] = {"in_index": {}, "out_index": {}, "in_shapes": {},
                                     "out_shapes": {}}
    index_key, shapes_key = _SIDES[side]
    index = border[index_key]
    if inner not in index:
        index[inner] = len(index)
    border[shapes_key].setdefault(tensor, shape)
