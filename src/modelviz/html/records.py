"""Model graph -> the node records the page shows (schema in :mod:`modelviz.html.page`).

Numbers become text here, as in the summary: ``9,472``, shapes ``(None, 112, 112, 64)``,
``?`` for what modelviz cannot know.

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> G = Sequential([Input((230, 230, 3)), layers.Conv2D(64, 7, 2, name="conv")]).to_graph()
    >>> record = node_records(G)["conv"]
    >>> record["class_name"], dict(record["rows"])["Output shape"], record["explanation"]
    ('Conv2D', '(None, 112, 112, 64)', 'kernel 7×7×3×64 + bias 64 = 9,472')
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from modelviz.diagram.labels import shapes_text

__all__ = ["node_records", "params_text"]


def node_records(graph: nx.DiGraph, folded: nx.DiGraph | None = None) -> dict[str, dict[str, Any]]:
    """One record per layer of ``graph``, plus the group nodes of its ``folded`` copy."""
    records = {key: _record(graph, key, data) for key, data in graph.nodes(data=True)}
    if folded is None:
        return records
    for key, data in folded.nodes(data=True):
        group = data.get("group")
        if not group or key in records:
            continue
        records[key] = _record(folded, key, data)
        records[key]["members"] = list(group["members"])
        for member in group["members"]:
            records[member]["group"] = key
    return records


def params_text(value: int | None) -> str:
    """``9,472``; ``?`` when unknown.

    Example:
        >>> params_text(9472), params_text(None)
        ('9,472', '?')
    """
    return "?" if value is None else f"{value:,}"


def _record(graph: nx.DiGraph, key: str, data: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "name": data["name"], "class_name": data["class_name"], "rows": _rows(data),
        "explanation": data.get("explanation") or "", "config": data.get("config"),
        "inbound": list(graph.predecessors(key)), "outbound": list(graph.successors(key)),
        "parent": data.get("parent"), "is_model": bool(data.get("is_model")),
        "params": data.get("params"),
    }
    return record


def _rows(data: dict[str, Any]) -> list[list[str]]:
    rows = [["Input shape", shapes_text(data.get("input_shapes") or [])],
            ["Output shape", shapes_text(data.get("output_shapes") or [])],
            ["Params", params_text(data.get("params"))],
            ["Trainable params", params_text(data.get("trainable_params"))],
            ["Non-trainable params", params_text(data.get("non_trainable_params"))]]
    if data.get("activation") not in (None, "linear"):
        rows.append(["Activation", str(data["activation"])])
    if data.get("dtype"):
        rows.append(["Dtype", str(data["dtype"])])
    if data.get("trainable") is False:
        rows.append(["Trainable", "no (frozen)"])
    group = data.get("group")
    if group:
        rows.append(["Repeats", f"×{group['repeats']} blocks of {group['block_size']} layers"])
    return rows
