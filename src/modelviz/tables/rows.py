"""Summary rows: a model graph -> frozen dataclasses of raw numbers, and the cell texts
every format shares (numbers become strings only here and in the format modules).

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> rows = summary_rows(Sequential([Input((4,)), layers.Dense(2)]).to_graph())
    >>> params_text(rows[0].params, True), shape_text(rows[0])
    ('10', '(None, 2)')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from modelviz.errors import LayerConfigError
from modelviz.layers.base import format_shape

__all__ = ["FORMATS", "Row", "SummaryOptions", "Totals", "clean_text", "params_text",
           "readable_memory_size", "shape_text", "summary_options", "summary_rows",
           "summary_totals", "total_lines"]

FORMATS: Final = ("text", "rich", "markdown", "json")
_UNITS: Final = ("B", "KB", "MB", "GB", "TB", "PB")
_CONTROL: Final = {code: " " for code in [*range(32), 127]}


@dataclass(frozen=True)
class Row:
    """One layer of the summary, as raw data."""

    key: str
    name: str
    class_name: str
    depth: int
    parent: str | None
    output_shapes: tuple[Any, ...]
    shapes_differ: bool
    params: int | None
    trainable_params: int | None
    non_trainable_params: int | None
    trainable: bool
    has_weights: bool
    connected_to: tuple[str, ...]
    inbound: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class Totals:
    """Parameter counts and weight bytes of the whole model."""

    total: int
    trainable: int
    non_trainable: int
    total_bytes: int
    trainable_bytes: int
    non_trainable_bytes: int
    unknown: tuple[str, ...]
    buffers: int = 0  # PyTorch buffers (BatchNorm running statistics): state, not params
    buffer_bytes: int = 0


@dataclass(frozen=True)
class SummaryOptions:
    """Every option of :func:`summary`, checked once."""

    fmt: str = "text"
    line_length: int | None = None
    positions: tuple[float, ...] | None = None
    expand_nested: bool = False
    show_trainable: bool = False
    layer_range: tuple[str, str] | None = None
    explain: bool = False

def summary_rows(G: nx.DiGraph, *, expand_nested: bool = False,  # noqa: N803
                 layer_range: Any = None) -> list[Row]:
    """The rows of the summary: top-level layers (and inner ones with ``expand_nested``).

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> rows = summary_rows(Sequential([Input((4,)), layers.Dense(2)]).to_graph())
        >>> [(row.name, row.output_shapes, row.params) for row in rows]
        [('dense', ((None, 2),), 10)]
    """
    nodes = dict(G.nodes(data=True))  # plain dict lookups: the NodeView's are slow at scale
    keys = [key for key, data in nodes.items() if expand_nested or data["depth"] == 0]
    top = [key for key in keys if nodes[key]["depth"] == 0]
    first, last = _range_bounds(top, layer_range)
    chosen = set(top[first:last])
    return [_row(nodes, key) for key in keys if _top_ancestor(nodes, key) in chosen]


def summary_totals(G: nx.DiGraph) -> Totals:  # noqa: N803
    """The model's parameter counts and weight bytes."""
    g = G.graph
    return Totals(g["total_params"], g["trainable_params"], g["non_trainable_params"],
                  g["total_bytes"], g["trainable_bytes"], g["non_trainable_bytes"],
                  tuple(g.get("unknown_params", ())), buffers=g.get("buffer_elements", 0),
                  buffer_bytes=g.get("buffer_bytes", 0))


def readable_memory_size(size: float) -> str:
    """Keras 3's ``readable_memory_size``: bytes in steps of 1024, two decimals.

    Example:
        >>> readable_memory_size(44681000), readable_memory_size(0)
        ('42.61 MB', '0.00 B')
    """
    for unit in _UNITS:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {_UNITS[-1]}"


def _row(nodes: dict[str, Any], key: str) -> Row:
    node = nodes[key]
    calls = node.get("calls") or []
    differ = len(calls) > 1 and len({repr(call["output_shapes"]) for call in calls}) > 1
    return Row(key, node["name"], node["class_name"], node["depth"], node["parent"],
               tuple(node["output_shapes"]), differ, node["params"],
               node["trainable_params"], node["non_trainable_params"],
               _effective_trainable(nodes, key), bool(node.get("weights")),
               tuple(node.get("connected_to") or ()), tuple(node.get("inbound") or ()),
               node.get("explanation") or "")


def _effective_trainable(nodes: dict[str, Any], key: str | None) -> bool:
    """A layer inside a frozen model is frozen too, as Keras propagates it."""
    while key is not None:
        if not nodes[key]["trainable"]:
            return False
        key = nodes[key]["parent"]
    return True


def _top_ancestor(nodes: dict[str, Any], key: str) -> str:
    while nodes[key]["parent"] is not None:
        key = nodes[key]["parent"]
    return key


def _range_bounds(names: list[str], layer_range: Any) -> tuple[int, int]:
    """Keras's ``get_layer_index_bound_by_layer_name`` (names are ``re.match`` patterns)."""
    if layer_range is None:
        return 0, len(names)
    lower = [i for i, name in enumerate(names) if re.match(layer_range[0], name)]
    upper = [i for i, name in enumerate(names) if re.match(layer_range[1], name)]
    if not lower or not upper:
        raise LayerConfigError(f"layer_range={tuple(layer_range)!r} matches no layer; "
                               f"layers are: {', '.join(names)}")
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def summary_options(fmt: str, line_length: Any, positions: Any, expand_nested: bool,
             show_trainable: bool, layer_range: Any, explain: bool) -> SummaryOptions:
    if fmt not in FORMATS:
        raise LayerConfigError(f"summary: unknown fmt={fmt!r}; use one of {', '.join(FORMATS)}")
    if layer_range is not None and (len(layer_range) != 2
                                    or not all(isinstance(n, str) for n in layer_range)):
        raise LayerConfigError(f"layer_range must be two layer names, got {layer_range!r}")
    return SummaryOptions(fmt, line_length, None if positions is None else tuple(positions),
                          bool(expand_nested), bool(show_trainable),
                          None if layer_range is None else tuple(layer_range), bool(explain))



def clean_text(text: str) -> str:
    """Control characters in names would break every layout."""
    return text.translate(_CONTROL)


def shape_text(row: Row) -> str:
    if not row.output_shapes:
        return "?"
    if len(row.output_shapes) == 1:
        return format_shape(row.output_shapes[0])
    return format_shape(list(row.output_shapes))


def params_text(params: int | None, commas: bool) -> str:
    if params is None:
        return "?"
    return f"{params:,}" if commas else str(params)


def total_lines(totals: Totals, prefix: str) -> list[str]:
    lines = [f"{prefix}Total params: {totals.total:,} ({readable_memory_size(totals.total_bytes)})",
             f"{prefix}Trainable params: {totals.trainable:,} "
             f"({readable_memory_size(totals.trainable_bytes)})",
             f"{prefix}Non-trainable params: {totals.non_trainable:,} "
             f"({readable_memory_size(totals.non_trainable_bytes)})"]
    if totals.unknown:
        lines.append(f"{prefix}Unknown params: {len(totals.unknown)} layer(s) "
                     f"({clean_text(', '.join(totals.unknown))}) not counted")
    if totals.buffers:
        lines.append(f"{prefix}Buffers (state, not params): {totals.buffers:,} "
                     f"({readable_memory_size(totals.buffer_bytes)})")
    return lines

