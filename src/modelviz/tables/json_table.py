"""The ``json`` format (schema in :mod:`modelviz.tables`)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from modelviz.compute import count_value
from modelviz.importers.safe_json import dump_json
from modelviz.tables.rows import Row, SummaryOptions, Totals, compute_explanation

__all__ = ["format_json"]


def format_json(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                opts: SummaryOptions) -> list[str]:
    """The documented JSON schema (module docstring), indented, key order fixed.

    Example:
        >>> import json
        >>> from modelviz import Input, Sequential, layers
        >>> from modelviz.tables.rows import summary_options, summary_rows, summary_totals
        >>> G = Sequential([Input((4,)), layers.Dense(2, name="d")], name="tiny").to_graph()
        >>> opts = summary_options("json", None, None, False, False, None, False)
        >>> data = json.loads("\\n".join(format_json(G, summary_rows(G), summary_totals(G), opts)))
        >>> layer = data["layers"][0]
        >>> data["total_params"], layer["output_shapes"], layer["explanation"]
        (10, [[None, 2]], '(4 inputs + 1 bias) × 2 units = 10')
    """
    data = {"name": G.graph["name"], "class_name": G.graph["class_name"],
            "total_params": totals.total, "trainable_params": totals.trainable,
            "non_trainable_params": totals.non_trainable, "unknown_params": list(totals.unknown),
            "layers": [_json_layer(row) for row in rows]}
    if opts.show_macs:
        data = _with_compute(data, rows, totals, opts)
    return [dump_json(data)]  # one text (joined as it is); lone surrogates round-trip


def _json_layer(row: Row) -> dict[str, Any]:
    return {"name": row.name, "class_name": row.class_name,
            "output_shapes": [_json_shape(shape) for shape in row.output_shapes],
            "params": row.params, "trainable_params": row.trainable_params,
            "non_trainable_params": row.non_trainable_params, "trainable": row.trainable,
            "inbound": list(row.inbound), "explanation": row.explanation,
            "parent": row.parent, "depth": row.depth}


def _json_shape(shape: Any) -> Any:
    """A shape as a list; an unknown one (an operator ONNX or torch left unshaped) as null."""
    return None if shape is None else list(shape)


def _with_compute(data: dict[str, Any], rows: list[Row], totals: Totals,
                  opts: SummaryOptions) -> dict[str, Any]:
    """The compute keys (``show_macs``): totals before ``layers``, per layer at the end."""
    layers = data.pop("layers")
    data.update({"total_macs": totals.macs, "unknown_macs": list(totals.unknown_macs),
                 "total_activation_bytes": totals.activation_bytes,
                 "peak_activation_bytes": totals.peak_activation_bytes,
                 "peak_activation_layer": totals.peak_activation_layer})
    if opts.count == "flops":
        data["total_flops"] = count_value(totals.macs, "flops")
    for layer, row in zip(layers, rows, strict=True):
        layer.update({"macs": row.macs, "activation_bytes": row.activation_bytes,
                      "macs_explanation": compute_explanation(row, opts)})
        if opts.count == "flops":
            layer["flops"] = count_value(row.macs, "flops")
    data["layers"] = layers
    return data
