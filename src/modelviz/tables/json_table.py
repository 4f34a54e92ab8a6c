"""The ``json`` format (schema in :mod:`modelviz.tables`)."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from modelviz.tables.rows import Row, SummaryOptions, Totals

__all__ = ["format_json"]


def format_json(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                opts: SummaryOptions) -> list[str]:
    """The documented JSON schema (module docstring), indented, key order fixed."""
    data = {"name": G.graph["name"], "class_name": G.graph["class_name"],
            "total_params": totals.total, "trainable_params": totals.trainable,
            "non_trainable_params": totals.non_trainable, "unknown_params": list(totals.unknown),
            "layers": [_json_layer(row) for row in rows]}
    return json.dumps(data, indent=2, ensure_ascii=False).split("\n")


def _json_layer(row: Row) -> dict[str, Any]:
    return {"name": row.name, "class_name": row.class_name,
            "output_shapes": [list(shape) for shape in row.output_shapes],
            "params": row.params, "trainable_params": row.trainable_params,
            "non_trainable_params": row.non_trainable_params, "trainable": row.trainable,
            "inbound": list(row.inbound), "explanation": row.explanation,
            "parent": row.parent}
