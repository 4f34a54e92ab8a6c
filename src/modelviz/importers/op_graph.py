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

from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx

__all__ = ["ImportedModel", "Op", "build_graph", "count_text", "explain"]

WEIGHT_BYTES: Final = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "int8": 1,
                       "uint8": 1, "int16": 2, "int32": 4, "int64": 8, "bool": 1}

Shape = tuple[Any, ...]


@dataclass
class Op:
    """One operation (or leaf module) of a foreign model."""

    name: str
    class_name: str
    scope: tuple[str, ...] = ()
    calls: list[tuple[list[str], list[str]]] = field(default_factory=list)  # (inputs, outputs)
    weights: list[dict[str, Any]] = field(default_factory=list)  # name, shape, trainable, dtype
    explanation: str = ""
    config: dict[str, Any] = field(default_factory=dict)
    is_operation: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)  # extra node attributes


@dataclass
class _Scope:
    path: tuple[str, ...]
    first: int
    children: list[tuple[int, str, Any]] = field(default_factory=list)  # (order, kind, item)
    ops: int = 0


class ImportedModel:
    """A model read from a foreign format: it holds its graph and hands out copies.

    ``summary``, ``plot_model`` and ``to_graph`` accept it like a modelviz model;
    ``capture`` says how the graph was obtained (``"onnx"``, ``"torch.export"``,
    ``"recorder"``).
    """

    def __init__(self, graph: nx.DiGraph, capture: str) -> None:
        self._graph = graph
        self.capture = capture
        self.name = str(graph.graph["name"])

    def to_graph(self) -> nx.DiGraph:
        """A copy of the model graph (schema in :mod:`modelviz.graph`)."""
        return self._graph.copy()

    def count_params(self) -> int:
        """Every weight once, as Keras's ``count_params``."""
        return int(self._graph.graph["total_params"])

    def summary(self, **options: Any) -> None:
        """Print the summary (options of :func:`modelviz.summary`)."""
        from modelviz.tables import summary

        summary(self, **options)

    def __repr__(self) -> str:
        return f"<ImportedModel {self.name!r} from {self.capture}, {len(self._graph)} nodes>"


def count_text(shape: Shape) -> str:
    """``64×3×7×7`` for a weight shape.

    Example:
        >>> count_text((64, 3, 7, 7))
        '64×3×7×7'
    """
    return "×".join(str(d) for d in shape) if shape else "scalar"


def explain(class_name: str, weights: list[tuple[str, Shape]]) -> str:
    """``W 64×3×7×7 + B 64 = 9,472`` from (label, shape) pairs.

    Example:
        >>> explain("Conv", [("W", (8, 3, 3, 3)), ("B", (8,))])
        'W 8×3×3×3 + B 8 = 224'
        >>> explain("Relu", [])
        'Relu has no weights'
    """
    if not weights:
        return f"{class_name} has no weights"
    terms = " + ".join(f"{label} {count_text(shape)}" for label, shape in weights)
    return f"{terms} = {sum(_size(shape) for _, shape in weights):,}"


def build_graph(ops: list[Op], shapes: dict[str, Shape | None], inputs: list[tuple[str, str]],
                outputs: list[str], name: str, class_name: str = "Functional",
                scope_classes: dict[tuple[str, ...], str] | None = None,
                collapse: bool = True) -> nx.DiGraph:
    """The model graph of ``ops`` (in execution order); ``inputs`` are (name, tensor) pairs.

    ``collapse``: a scope holding one operation becomes that operation's node (ONNX's
    ``/conv1/Conv`` is ``conv1``); torch modules keep their own names (``heads.head``
    inside ``heads``).
    """
    ops = [Op(n, "InputLayer", (), [([], [t])]) for n, t in inputs] + list(ops)
    scopes, keys, parents = _layout(ops, collapse)
    graph = nx.DiGraph()
    order = _dfs(scopes)
    producer = {t: (i, pos) for i, op in enumerate(ops) for ins, outs in op.calls
                for pos, t in enumerate(outs)}
    edges, crossings = _edges(ops, keys, parents, producer, shapes)
    _output_crossings(crossings, outputs, producer, keys, parents, shapes)
    for kind, item in order:
        if kind == "op":
            graph.add_node(keys[item], **_op_node(ops[item], keys[item], parents[item],
                                                  shapes, len(graph)))
        else:
            key, data = _scope_node(item, scope_classes or {}, len(graph))
            graph.add_node(key, **data)
    _fill_scopes(graph, ops, keys, crossings)
    _link(graph, edges, ops, keys, producer)
    graph.graph.update(_totals(ops, name, class_name))
    graph.graph["inputs"] = [keys[i] for i in range(len(inputs))]
    graph.graph["outputs"] = list(dict.fromkeys(_top(graph, keys[producer[t][0]])
                                                for t in outputs if t in producer))
    graph.graph["sequential_like"] = _chain(graph)
    graph.graph["fold_scopes"] = True  # fold_repeats looks inside clusters too
    return graph


def _layout(ops: list[Op], collapse: bool = True
            ) -> tuple[dict[tuple[str, ...], _Scope], list[str], list[str | None]]:
    """Scopes in first-use order; each op's key and parent key (single-op scopes collapse)."""
    scopes: dict[tuple[str, ...], _Scope] = {(): _Scope((), -1)}
    for index, op in enumerate(ops):
        for depth in range(1, len(op.scope) + 1):
            path = op.scope[:depth]
            if path not in scopes:
                scopes[path] = _Scope(path, index)
                scopes[path[:-1]].children.append((index, "scope", path))
        scopes[op.scope].ops += 1
    collapsed = {path for path, s in scopes.items()
                 if collapse and path and s.ops == 1 and len(s.children) == 0}
    keys: list[str] = []
    parents: list[str | None] = []
    taken: set[str] = set()
    for index, op in enumerate(ops):
        if op.scope in collapsed:
            holder, key = op.scope[:-1], "/".join(op.scope)
            op.name = op.scope[-1]
        else:
            holder, key = op.scope, _unique("/".join((*op.scope, op.name)), taken)
        taken.add(key)
        keys.append(key)
        parents.append("/".join(holder) or None)
        scopes[holder].children.append((index, "op", index))
    for path in {path[:-1] for path in collapsed}:  # one pass per parent: linear
        scopes[path].children = [c for c in scopes[path].children
                                 if c[1] != "scope" or c[2] not in collapsed]
    for path in collapsed:
        del scopes[path]
    return scopes, keys, parents


def _unique(key: str, taken: set[str]) -> str:
    candidate, serial = key, 1
    while candidate in taken:
        candidate, serial = f"{key}_{serial}", serial + 1
    return candidate


def _dfs(scopes: dict[tuple[str, ...], _Scope]) -> list[tuple[str, Any]]:
    """Scopes before their members, members in first-use order (explicit stack)."""
    order: list[tuple[str, Any]] = []
    stack = [iter(sorted(scopes[()].children))]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        _, kind, item = child
        order.append((kind, item))
        if kind == "scope":
            stack.append(iter(sorted(scopes[item].children)))
    return order


def _chain_of(key: str | None, parents_of: dict[str, str | None]) -> list[str]:
    chain = []
    while key is not None:
        chain.append(key)
        key = parents_of.get(key)
    return chain[::-1]


def _edges(ops: list[Op], keys: list[str], parents: list[str | None],
           producer: dict[str, tuple[int, int]], shapes: dict[str, Shape | None]
           ) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, dict[str, list[str]]]]:
    """Sibling edges at the deepest common scope, and what crosses each scope's border."""
    parents_of = _scope_parents(keys, parents)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    crossings: dict[str, dict[str, list[str]]] = {}
    for target, op in enumerate(ops):
        for call, (ins, _) in enumerate(op.calls):
            for position, tensor in enumerate(ins):
                if tensor not in producer:
                    continue
                source = producer[tensor][0]
                a = _chain_of(keys[source], parents_of)
                b = _chain_of(keys[target], parents_of)
                common = 0
                while common < min(len(a), len(b)) and a[common] == b[common]:
                    common += 1
                if common == len(a) or common == len(b):
                    continue  # a scope reading its own output: no sibling edge
                shape = shapes.get(tensor)
                for i in range(common, len(a) - 1):
                    _cross(crossings, a[i], "out", a[i + 1], tensor, shape)
                for i in range(common, len(b) - 1):
                    _cross(crossings, b[i], "in", b[i + 1], tensor, shape)
                link = {"position": position, "shape": shape, "call": call}
                data = edges.setdefault((a[common], b[common]),
                                        {"shape": shape, "position": position,
                                         "connections": [], "inner": b[common + 1:common + 2]})
                data["connections"].append(link)
    return edges, crossings


def _cross(crossings: dict[str, dict[str, Any]], scope: str, side: str, inner: str,
           tensor: str, shape: Shape | None) -> None:
    """Note a tensor crossing a scope's border (each tensor's shape once per side)."""
    border = crossings.setdefault(scope, {"in": [], "out": [], "in_shapes": {},
                                          "out_shapes": {}})
    border[side].append(inner)
    border[f"{side}_shapes"].setdefault(tensor, shape)


def _output_crossings(crossings: dict[str, dict[str, Any]], outputs: list[str],
                      producer: dict[str, tuple[int, int]], keys: list[str],
                      parents: list[str | None], shapes: dict[str, Shape | None]) -> None:
    parents_of = _scope_parents(keys, parents)
    for tensor in outputs:
        if tensor in producer:
            chain = _chain_of(keys[producer[tensor][0]], parents_of)
            for i in range(len(chain) - 1):
                _cross(crossings, chain[i], "out", chain[i + 1], tensor, shapes.get(tensor))


def _scope_parents(keys: list[str], parents: list[str | None]) -> dict[str, str | None]:
    parents_of: dict[str, str | None] = dict(zip(keys, parents, strict=True))
    for parent in list(dict.fromkeys(p for p in parents if p is not None)):
        parts = parent.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            parents_of.setdefault(key, "/".join(parts[:depth - 1]) or None)
    return parents_of


def _op_node(op: Op, key: str, parent: str | None, shapes: dict[str, Shape | None],
             index: int) -> dict[str, Any]:
    calls = [{"input_shapes": [shapes.get(t) for t in ins],
              "output_shapes": [shapes.get(t) for t in outs]} for ins, outs in op.calls]
    last = calls[-1] if calls else {"input_shapes": [], "output_shapes": []}
    params = sum(_size(w["shape"]) for w in op.weights)
    trainable = sum(_size(w["shape"]) for w in op.weights if w["trainable"])
    return {
        "name": op.name, "class_name": op.class_name, "index": index,
        "depth": 0 if parent is None else parent.count("/") + 1, "parent": parent,
        "is_model": False, "is_operation": op.is_operation,
        "input_shapes": last["input_shapes"], "output_shapes": last["output_shapes"],
        "calls": calls, "dtype": _dtype(op), "trainable": True, "config": op.config,
        "activation": None, "connected_to": [], "inbound": [],
        "weights": [dict(w) for w in op.weights], "params": params,
        "trainable_params": trainable, "non_trainable_params": params - trainable,
        "explanation": op.explanation, **op.attributes,
    }


def _dtype(op: Op) -> str:
    return str(op.weights[0].get("dtype", "float32")) if op.weights else "float32"


def _scope_node(path: tuple[str, ...], classes: dict[tuple[str, ...], str],
                index: int) -> tuple[str, dict[str, Any]]:
    parent = "/".join(path[:-1]) or None
    return "/".join(path), {
        "name": path[-1], "class_name": classes.get(path, "Module"), "index": index,
        "depth": len(path) - 1, "parent": parent, "is_model": True, "is_operation": False,
        "input_shapes": [], "output_shapes": [], "calls": [], "dtype": "float32",
        "trainable": True, "config": {}, "activation": None, "connected_to": [],
        "inbound": [], "weights": [], "params": 0, "trainable_params": 0,
        "non_trainable_params": 0, "explanation": "", "inner_inputs": [],
        "inner_outputs": [],
    }


def _fill_scopes(graph: nx.DiGraph, ops: list[Op], keys: list[str],
                 crossings: dict[str, dict[str, list[str]]]) -> None:
    """Each scope's weights (each once), counts, border keys and shapes."""
    members: dict[str, dict[str, dict[str, Any]]] = {}
    for key, op in zip(keys, ops, strict=True):
        parent = graph.nodes[key]["parent"]
        while parent is not None:
            bucket = members.setdefault(parent, {})
            for weight in op.weights:
                bucket.setdefault(weight["name"], weight)
            parent = graph.nodes[parent]["parent"]
    for key, data in graph.nodes(data=True):
        if not data["is_model"]:
            continue
        weights = list(members.get(key, {}).values())
        total = sum(_size(w["shape"]) for w in weights)
        trainable = sum(_size(w["shape"]) for w in weights if w["trainable"])
        border = crossings.get(key, {"in": [], "out": [], "in_shapes": {}, "out_shapes": {}})
        data.update(weights=[dict(w) for w in weights], params=total,
                    trainable_params=trainable, non_trainable_params=total - trainable,
                    inner_inputs=list(dict.fromkeys(border["in"])),
                    inner_outputs=list(dict.fromkeys(border["out"])),
                    input_shapes=list(border["in_shapes"].values()),
                    output_shapes=list(border["out_shapes"].values()),
                    explanation=f"{len(weights)} weight tensors = {total:,}")


def _link(graph: nx.DiGraph, edges: dict[tuple[str, str], dict[str, Any]], ops: list[Op],
          keys: list[str], producer: dict[str, tuple[int, int]]) -> None:
    """Add the edges; fill inbound/connected_to and the scopes' border shapes."""
    for (u, v), data in edges.items():
        inner = data.pop("inner")
        target = graph.nodes[v]
        if inner and inner[0] in target["inner_inputs"]:
            data["position"] = target["inner_inputs"].index(inner[0])
        graph.add_edge(u, v, **data)
        if u not in target["inbound"]:
            target["inbound"].append(u)
        for link in data["connections"]:
            entry = f"{graph.nodes[u]['name']}[{link['call']}][0]"
            if entry not in target["connected_to"]:  # a tensor read at several places: once
                target["connected_to"].append(entry)
    for data in graph.nodes.values():
        if data["is_model"]:
            data["calls"] = [{"input_shapes": data["input_shapes"],
                              "output_shapes": data["output_shapes"]}]


def _totals(ops: list[Op], name: str, class_name: str) -> dict[str, Any]:
    unique: dict[str, dict[str, Any]] = {}
    for op in ops:
        for weight in op.weights:
            unique.setdefault(weight["name"], weight)
    total = trainable = total_bytes = trainable_bytes = 0
    for weight in unique.values():
        size = _size(weight["shape"])
        nbytes = size * WEIGHT_BYTES.get(str(weight.get("dtype", "float32")), 4)
        total, total_bytes = total + size, total_bytes + nbytes
        if weight["trainable"]:
            trainable, trainable_bytes = trainable + size, trainable_bytes + nbytes
    return {"name": name, "class_name": class_name, "total_params": total,
            "trainable_params": trainable, "non_trainable_params": total - trainable,
            "total_bytes": total_bytes, "trainable_bytes": trainable_bytes,
            "non_trainable_bytes": total_bytes - trainable_bytes, "unknown_params": []}


def _size(shape: Shape) -> int:
    size = 1
    for dim in shape:
        size *= int(dim)
    return size


def _top(graph: nx.DiGraph, key: str) -> str:
    while graph.nodes[key]["parent"] is not None:
        key = graph.nodes[key]["parent"]
    return key


def _chain(graph: nx.DiGraph) -> bool:
    """Keras leaves out ``Connected to`` when every top-level layer has one input and output."""
    top = [k for k, d in graph.nodes(data="depth") if d == 0]
    return all(graph.in_degree(k) <= 1 and graph.out_degree(k) <= 1 for k in top)
