"""Add compute and memory attributes to a model graph (schema in :mod:`modelviz.graph`).

Per node: ``macs`` (int or None), ``macs_explanation`` (str), ``activation_bytes``
(int or None). Per graph: ``total_macs``, ``unknown_macs``, ``total_activation_bytes``,
``unknown_activation_bytes``, ``peak_activation_bytes``, ``peak_activation_layer``.
Everything is read from node attributes; one pass in definition order and one back.
"""

from __future__ import annotations

from math import prod
from typing import Any

import networkx as nx

from modelviz.compute import (  # noqa: F401  (registering)
    attention,
    keras_layers,
    more_layers,
    onnx_ops,
    operators,
    torch_ops,
    torch_sequence,
)
from modelviz.compute.operator_macs import count_operators
from modelviz.compute.registry import MACS_COUNTERS, Count, LayerCall, count_call, explanation

__all__ = ["annotate_compute", "ensure_compute"]


def annotate_compute(graph: nx.DiGraph, dtype_bytes: dict[str, int]) -> nx.DiGraph:
    """Set the compute attributes on every node and the totals on the graph; return it.

    Example:
        >>> import networkx as nx
        >>> G = nx.DiGraph()
        >>> G.add_node("dense", class_name="Dense", config={}, input_shapes=[(None, 4)],
        ...            output_shapes=[(None, 2)], weights=[{"name": "kernel", "shape": [4, 2]}])
        >>> G = annotate_compute(G, {"float32": 4})
        >>> G.nodes["dense"]["macs_explanation"]
        '4 inputs × 2 units = 8 MACs'
        >>> G.graph["total_macs"], G.graph["total_activation_bytes"]
        (8, 8)
    """
    nodes = dict(graph.nodes(data=True))
    batch = _batch(graph)
    for key, data in nodes.items():
        if not data.get("is_model"):
            data["macs"], data["macs_explanation"] = _node_macs(key, data, batch,
                                                                graph.graph.get("operators"))
        data["activation_bytes"] = _node_activation_bytes(data, dtype_bytes)
    _nested_macs(nodes)
    graph.graph.update(_totals(nodes))
    graph.graph.update(_peak(graph, nodes))
    return graph


def ensure_compute(graph: nx.DiGraph, dtype_bytes: dict[str, int]) -> nx.DiGraph:
    """Annotate a graph made without :func:`modelviz.graph.to_graph` (an importer's own).

    Example:
        >>> import networkx as nx
        >>> G = nx.DiGraph(total_macs=5)
        >>> ensure_compute(G, {"float32": 4}).graph  # already annotated: left as it is
        {'total_macs': 5}
        >>> G.add_node("add", class_name="Add", input_shapes=[(None, 3)] * 2,
        ...            output_shapes=[(None, 3)])
        >>> del G.graph["total_macs"]
        >>> ensure_compute(G, {"float32": 4}).graph["total_activation_bytes"]
        12
    """
    if "total_macs" not in graph.graph:
        annotate_compute(graph, dtype_bytes)
    return graph


def _calls(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data.get("calls") or [{"input_shapes": data.get("input_shapes") or [],
                                  "output_shapes": data.get("output_shapes") or []}]


def _layer_call(key: str, data: dict[str, Any], call: dict[str, Any]) -> LayerCall:
    weights = {w["name"]: tuple(w["shape"]) for w in data.get("weights") or ()}
    return LayerCall(key, data["class_name"], data.get("config") or {},
                     list(call["input_shapes"]), list(call["output_shapes"]), weights,
                     str(data.get("dtype") or "float32"))


def _batch(graph: nx.DiGraph) -> int:
    """The batch size the operators ran with: the first axis of the first input (1 if
    unknown or the input has a single axis)."""
    inputs = graph.graph.get("inputs") or []
    shapes = graph.nodes[inputs[0]].get("output_shapes") if inputs and inputs[0] in graph \
        else None
    first = shapes[0] if shapes else None
    if isinstance(first, tuple) and len(first) > 1 and isinstance(first[0], int) and first[0]:
        return first[0]
    return 1


def _operator_macs(calls: list[dict[str, Any]], batch: int,
                   source: str) -> tuple[int | None, str]:
    """A node of a torch capture or an ONNX file: the sum of the operators it ran."""
    total, texts = 0, []
    for call in calls:
        macs, text = count_operators(source, call["operators"], batch)
        if macs is None:
            return None, text
        total += macs
        texts.append(text)
    if len(texts) == 1:
        return total, texts[0]
    return total, f"{len(texts)} calls = {total:,} MACs ({texts[0]}, ...)"


def _node_macs(key: str, data: dict[str, Any], batch: int = 1,
               source: str | None = None) -> tuple[int | None, str]:
    calls = _calls(data)
    if source and all("operators" in call for call in calls):
        return _operator_macs(calls, batch, source)
    counts: list[Count] = []
    for call in calls:
        count = count_call(_layer_call(key, data, call))
        if count is None:
            return None, _unknown_reason(data["class_name"])
        counts.append(count)
    if len(counts) == 1:
        return counts[0].macs, explanation(counts[0])
    total = sum(count.macs for count in counts)
    parts = " + ".join(f"{count.macs:,}" for count in counts)
    return total, f"{len(counts)} calls: {parts} = {total:,} MACs ({counts[0].formula}, ...)"


def _unknown_reason(class_name: str) -> str:
    if class_name in MACS_COUNTERS:
        return "MACs unknown: a dimension it needs is unknown (None)"
    return f"MACs unknown: no counting rule for {class_name}"


def _activation_dtype(dtype: str) -> str:
    """A mixed-precision policy computes in its low precision (``mixed_float16``)."""
    return dtype.removeprefix("mixed_")


def _node_activation_bytes(data: dict[str, Any], dtype_bytes: dict[str, int]) -> int | None:
    size = dtype_bytes.get(_activation_dtype(str(data.get("dtype") or "float32")))
    if size is None:
        return None
    total = 0
    for call in _calls(data):
        for shape in call["output_shapes"]:
            if not isinstance(shape, tuple) or any(d is None for d in shape[1:]):
                return None
            total += prod(shape[1:]) * size
    return total


def _call_count(data: dict[str, Any]) -> int:
    return max(len(data.get("calls") or ()), 1)


def _nested_macs(nodes: dict[str, dict[str, Any]]) -> None:
    """A nested model's MACs: its layers' MACs times its calls (innermost models first)."""
    sums: dict[str, int | None] = {}
    for key in reversed(list(nodes)):
        data = nodes[key]
        if data.get("is_model"):
            inner = sums.get(key, 0)
            data["macs"] = None if inner is None else inner * _call_count(data)
            data["macs_explanation"] = _nested_explanation(data, inner)
        parent = data.get("parent")
        if parent is not None:
            before = sums.get(parent, 0)
            sums[parent] = None if before is None or data["macs"] is None else before + data["macs"]


def _nested_explanation(data: dict[str, Any], inner: int | None) -> str:
    if inner is None:
        return "MACs unknown: a layer inside has no known count"
    calls = _call_count(data)
    if calls == 1:
        return f"sum of its layers = {inner:,} MACs"
    return f"{calls} calls × {inner:,} (sum of its layers) = {calls * inner:,} MACs"


def _multiplicity(nodes: dict[str, dict[str, Any]]) -> dict[str, int]:
    """How many times each layer runs per forward pass of the whole model."""
    factor: dict[str, int] = {}
    for key, data in nodes.items():
        parent = data.get("parent")
        factor[key] = 1 if parent is None else factor[parent] * _call_count(nodes[parent])
    return factor


def _totals(nodes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    factor = _multiplicity(nodes)
    macs = activations = 0
    unknown_macs, unknown_bytes = [], []
    for key, data in nodes.items():
        if data.get("is_model"):
            continue
        if data["macs"] is None:
            unknown_macs.append(key)
        else:
            macs += data["macs"] * factor[key]
        if data.get("depth") and data["class_name"] == "InputLayer":
            continue  # the same tensor as the outer one feeding the nested model
        if data["activation_bytes"] is None:
            unknown_bytes.append(key)
        else:
            activations += data["activation_bytes"] * factor[key]
    return {"total_macs": macs, "unknown_macs": unknown_macs,
            "total_activation_bytes": activations, "unknown_activation_bytes": unknown_bytes}


def _peak(graph: nx.DiGraph, nodes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The most activation bytes alive at once, over every layer at every depth (an estimate).

    Each scope (every nested model, innermost first, then the model) runs its layers in
    definition order (topological in Keras): an output is held from its layer until its
    last consumer in the scope has run, the scope's outputs to its end. While a nested
    model runs, what is alive around it is held as well as its own peak inside."""
    children: dict[str | None, list[str]] = {}
    for key, data in nodes.items():
        if not (data.get("depth") and data["class_name"] == "InputLayer"):  # the outer tensor
            children.setdefault(data.get("parent"), []).append(key)
    inside: dict[str, tuple[int | None, str | None]] = {}
    for key in reversed([k for k in nodes if k in children]):
        inside[key] = _scope_peak(graph, nodes, children[key],
                                  set(nodes[key].get("inner_outputs") or ()), inside)
    peak, layer = _scope_peak(graph, nodes, children.get(None, []),
                              set(graph.graph.get("outputs") or ()), inside)
    return {"peak_activation_bytes": peak, "peak_activation_layer": layer}


def _scope_peak(graph: nx.DiGraph, nodes: dict[str, dict[str, Any]], order: list[str],
                outputs: set[str], inside: dict[str, tuple[int | None, str | None]],
                ) -> tuple[int | None, str | None]:
    """(peak bytes, layer at the peak) of one scope's layers; None if a size is unknown."""
    sizes = [nodes[key]["activation_bytes"] for key in order]
    if None in sizes or not order:
        return None, None
    where = {key: index for index, key in enumerate(order)}
    frees: list[list[int]] = [[] for _ in order]
    for index, key in enumerate(order):
        users = [where[v] for v in graph.successors(key) if v in where]
        last = len(order) - 1 if key in outputs else max(users, default=index)
        frees[max(last, index)].append(index)
    live = peak = 0
    peak_at: str | None = None
    for index, key in enumerate(order):
        during, at = inside.get(key, (sizes[index], key))
        if during is None:
            return None, None
        if live + max(during, sizes[index]) > peak or peak_at is None:
            peak, peak_at = live + max(during, sizes[index]), at
        live += sizes[index] - sum(sizes[i] for i in frees[index])
    return peak, peak_at
