"""A diff as text: a ``summary()``-style table (``text``), a pull-request comment
(``markdown``) or ``json`` (see :mod:`modelviz.diffing.json_diff`).

Rows follow the union order; markers: ``+`` added, ``-`` removed, ``~`` changed,
``R`` renamed, ``*`` only parameters or shapes changed (a consequence upstream),
blank for the same layer. A changed layer lists its fields below it
(``units: 128 → 256``). Widths come from the cells, never from the terminal.

Example:
    >>> from modelviz import Input, Sequential, layers, diff
    >>> old = Sequential([Input((4,)), layers.Dense(8, name="a")], name="m")
    >>> new = Sequential([Input((4,)), layers.Dense(16, name="a")], name="m")
    >>> print(format_diff(diff(old, new)).splitlines()[-6])
    Total params: 40 → 80 (+40, +100.0%)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from modelviz.diagram.labels import shapes_text, shorten
from modelviz.diffing.json_diff import format_json
from modelviz.errors import LayerConfigError
from modelviz.tables.rows import clean_text

__all__ = ["DIFF_FORMATS", "MARKERS", "DiffRow", "diff_rows", "format_diff", "total_lines"]

DIFF_FORMATS: Final = ("text", "markdown", "json")
MARKERS: Final = {"added": "+", "removed": "-", "changed": "~", "renamed": "R", "same": " "}
_HEADER: Final = ("", "Layer (type)", "Output Shape", "Δ Output Shape", "Param #", "Δ Params")
_NAME_CHARS: Final = 60
_LEGEND: Final = "+ added  - removed  ~ changed  R renamed  * params/shapes changed upstream"


@dataclass(frozen=True)
class DiffRow:
    """One row of the table as text cells, and the changed fields under it."""

    depth: int
    cells: tuple[str, ...]
    details: tuple[str, ...]
    interesting: bool


def format_diff(model_diff: Any, *, fmt: str = "text", context: int | None = None) -> str:
    """The diff as ``text``, ``markdown`` or ``json``.

    Args:
        model_diff: a :class:`~modelviz.diffing.ModelDiff`.
        fmt: one of ``DIFF_FORMATS``.
        context: show only differing rows and this many rows around each (None: all).

    Raises:
        LayerConfigError: unknown ``fmt`` or negative ``context``.
    """
    if fmt not in DIFF_FORMATS:
        raise LayerConfigError(f"diff: unknown format {fmt!r}; use one of "
                               f"{', '.join(DIFF_FORMATS)}")
    if context is not None and context < 0:
        raise LayerConfigError(f"diff: context must be 0 or more rows, got {context}")
    union = model_diff.to_graph()
    if fmt == "json":
        return format_json(model_diff)
    rows = _with_context(diff_rows(union), context)
    return "\n".join(_text(union, rows) if fmt == "text" else _markdown(union, rows))


def diff_rows(union: nx.DiGraph) -> list[DiffRow | int]:
    """One :class:`DiffRow` per layer of the union graph, in order.

    Example:
        >>> from modelviz import Input, Sequential, layers, diff
        >>> old = Sequential([Input((4,)), layers.Dense(2, name="out")])
        >>> new = Sequential([Input((4,)), layers.Dense(3, name="out")])
        >>> [row] = diff_rows(diff(old, new).to_graph())
        >>> row.cells, row.details
        (('~', 'out (Dense)', '(None, 3)', 'was (None, 2)', '15', '+5'), ('units: 2 → 3',))
    """
    rows: list[DiffRow | int] = []
    for _, data in union.nodes(data=True):
        marker = "*" if data["affected"] else MARKERS[data["status"]]
        cells = (marker, _layer_text(data), _shape(data), _shape_delta(data),
                 _params(data), _params_delta(data))
        details = tuple(f"{name}: {_value(a)} → {_value(b)}"
                        for name, (a, b) in data["changes"].items()
                        if name not in ("params", "output_shapes", "repeats"))
        rows.append(DiffRow(data["depth"], cells, details, marker != " "))
    return rows


def _with_context(rows: list[Any], context: int | None) -> list[Any]:
    """Rows near a difference; an int stands for that many rows left out."""
    if context is None:
        return rows
    keep = [False] * len(rows)
    for index, row in enumerate(rows):
        if row.interesting:
            for near in range(max(0, index - context), min(len(rows), index + context + 1)):
                keep[near] = True
    shown: list[Any] = []
    for row, kept in zip(rows, keep, strict=True):
        if kept:
            shown.append(row)
        elif shown and isinstance(shown[-1], int):
            shown[-1] += 1
        else:
            shown.append(1)
    return shown


def _layer_text(data: dict[str, Any]) -> str:
    name = shorten(clean_text(data["name"]), _NAME_CHARS)
    if data["renamed"]:
        name = f"{shorten(clean_text(data['old']['name']), _NAME_CHARS)} → {name}"
    kind = clean_text(data["class_name"])
    repeats = data["changes"].get("repeats")
    if repeats:
        kind = kind.replace(f"×{repeats[1]}", f"×{repeats[0]} → ×{repeats[1]}")
    return "  " * data["depth"] + f"{name} ({kind})"


def _shape(data: dict[str, Any]) -> str:
    return shapes_text(data["output_shapes"])


def _shape_delta(data: dict[str, Any]) -> str:
    change = data["changes"].get("output_shapes")
    return f"was {shapes_text(change[0])}" if change else ""


def _params(data: dict[str, Any]) -> str:
    return "?" if data["params"] is None else f"{data['params']:,}"


def _params_delta(data: dict[str, Any]) -> str:
    old = data["old"]["params"] if data["old"] else 0
    new = data["new"]["params"] if data["new"] else 0
    if old is None or new is None:
        return "?"
    if data["status"] == "removed":
        return f"-{old:,}"
    return "" if old == new and data["status"] != "added" else f"{new - old:+,}"


def _value(value: Any) -> str:
    return clean_text(repr(value))


def total_lines(union: nx.DiGraph) -> list[str]:
    """``Total params: 11,170,250 → 22,247,242 (+11,076,992, +99.2%)`` and friends.

    Example:
        >>> from modelviz import Input, Sequential, layers, diff
        >>> old = Sequential([Input((4,)), layers.Dense(2, name="out")])
        >>> new = Sequential([Input((4,)), layers.Dense(3, name="out")])
        >>> for line in total_lines(diff(old, new).to_graph()):
        ...     print(line)
        Total params: 10 → 15 (+5, +50.0%)
        Trainable params: 10 → 15 (+5, +50.0%)
        Non-trainable params: 0 (unchanged)
        Layers: 0 added, 0 removed, 1 changed, 0 renamed, 0 affected
    """
    old, new = union.graph["old"], union.graph["new"]
    lines = [f"{label}: {_change(old[key], new[key])}" for label, key in (
        ("Total params", "total_params"), ("Trainable params", "trainable_params"),
        ("Non-trainable params", "non_trainable_params"))]
    counts = union.graph["counts"]
    lines.append("Layers: " + ", ".join(f"{counts[name]} {name}" for name in (
        "added", "removed", "changed", "renamed", "affected")))
    blocks = {status: _whole_blocks(union, status) for status in ("added", "removed")}
    if any(blocks.values()):  # nested models added or removed whole: 20 blocks of a decoder
        lines.append("Blocks: " + ", ".join(f"{len(keys)} {status}{_span(union, keys)}"
                                            for status, keys in blocks.items()))
    return lines


def _whole_blocks(union: nx.DiGraph, status: str) -> list[str]:
    """Nested models with that status whose enclosing model does not have it."""
    nodes = union.nodes
    return [key for key, data in nodes(data=True)
            if data.get("is_model") and data.get("status") == status
            and (data.get("parent") not in nodes
                 or nodes[data["parent"]].get("status") != status)]


def _span(union: nx.DiGraph, keys: list[str]) -> str:
    if not keys:
        return ""
    names = [clean_text(str(union.nodes[k]["name"])) for k in keys]
    return f" ({names[0]})" if len(names) == 1 else f" ({names[0]} … {names[-1]})"


def _change(old: int, new: int) -> str:
    if old == new:
        return f"{new:,} (unchanged)"
    percent = f", {(new - old) / old:+.1%}" if old else ""
    return f"{old:,} → {new:,} ({new - old:+,}{percent})"


def _title(union: nx.DiGraph) -> str:
    old, new = union.graph["old"]["name"], union.graph["new"]["name"]
    if old == new:
        return f'Model diff: "{clean_text(str(new))}"'
    return f'Model diff: "{clean_text(str(old))}" → "{clean_text(str(new))}"'


def _text(union: nx.DiGraph, rows: list[Any]) -> list[str]:
    cells = [row.cells for row in rows if not isinstance(row, int)]
    widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(_HEADER)]
    length = sum(widths) + 2 * (len(widths) - 1)
    lines = [_title(union), "_" * length, _text_line(_HEADER, widths), "=" * length]
    for row in rows:
        if isinstance(row, int):
            lines.append(f"   ⋮ {row} unchanged layer{'s' if row > 1 else ''}")
            continue
        lines.append(_text_line(row.cells, widths))
        lines.extend(" " * (5 + 2 * row.depth) + detail for detail in row.details)
    return [*lines, "=" * length, *total_lines(union), _LEGEND, "_" * length]


def _text_line(cells: tuple[str, ...], widths: list[int]) -> str:
    parts = [cell.rjust(width) if index >= 4 else cell.ljust(width)
             for index, (cell, width) in enumerate(zip(cells, widths, strict=True))]
    return "  ".join(parts).rstrip()


def _markdown(union: nx.DiGraph, rows: list[Any]) -> list[str]:
    lines = [f"#### {_md(_title(union))}", "",
             "| | Layer (type) | Output shape | Δ output shape | Param # | Δ params |",
             "|:-:|:--|:--|:--|--:|--:|"]
    for row in rows:
        if isinstance(row, int):
            lines.append(f"| | ⋮ {row} unchanged layer{'s' if row > 1 else ''} | | | | |")
            continue
        marker, layer, *rest = row.cells
        layer_cell = "<br>".join([_md(layer.strip()), *(f"<sub>{_md(d)}</sub>"
                                                         for d in row.details)])
        marker_cell = f"`{marker}`" if marker.strip() else ""
        lines.append("| " + " | ".join([marker_cell, layer_cell, *(_md(c) for c in rest)])
                     + " |")
    lines.append("")
    lines.extend(f"- {line}" for line in total_lines(union))
    return lines


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*")
