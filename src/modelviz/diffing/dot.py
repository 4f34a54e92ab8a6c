"""DOT for a diff: one overlay of the union graph, or both models side by side.

Overlay: added layers green, removed red and dashed, changed amber with
``old → new`` in the label, renamed indigo, the rest grey and quiet; the title holds
both names, the totals and a legend. Side by side: the old model on the left, the new
on the right, matched layers on the same rank joined by a dotted line. Only top-level
layers are drawn; a nested model lists the changes inside it. Node ids follow the
union order (``n0``, ``n1``, ...), so the same diff gives the same bytes.

Example:
    >>> from modelviz import Input, Sequential, layers, diff
    >>> old = Sequential([Input((4,)), layers.Dense(2, name="a")])
    >>> new = Sequential([Input((4,)), layers.Dense(2, name="a"), layers.Dropout(0.1)])
    >>> 'fillcolor="#e8f5e9"' in diff_to_dot(diff(old, new))  # the added Dropout
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from modelviz.diagram.labels import escape, shapes_text, shorten
from modelviz.diffing.formats import MARKERS, total_lines

__all__ = ["STYLES", "DiffDotOptions", "diff_to_dot", "overlay_keys"]

# status -> (fill, border, text, extra node attributes)
STYLES: Final = {
    "same": ("#f5f5f5", "#b0bec5", "#78909c", ""),
    "added": ("#e8f5e9", "#2e7d32", "#1b5e20", ", penwidth=2"),
    "removed": ("#ffebee", "#c62828", "#b71c1c", ', penwidth=2, style="rounded,filled,dashed"'),
    "changed": ("#fff8e1", "#ef8f00", "#5d4037", ", penwidth=2"),
    "renamed": ("#e8eaf6", "#3949ab", "#1a237e", ", penwidth=1.5"),
}
_EDGES: Final = {"same": 'color="#b0bec5"', "added": 'color="#2e7d32", penwidth=1.6',
                 "removed": 'color="#c62828", style=dashed, penwidth=1.6',
                 "changed": 'color="#ef8f00", penwidth=1.6'}
_MAX_INNER: Final = 6


@dataclass(frozen=True)
class DiffDotOptions:
    """Options of a diff diagram."""

    side_by_side: bool = False
    show_shapes: bool = True
    rankdir: str = "TB"
    dpi: int | None = 200


def diff_to_dot(model_diff: Any, options: DiffDotOptions | None = None) -> str:
    """DOT text of the diff's overlay (or side-by-side) diagram; same diff, same bytes."""
    options = options or DiffDotOptions()
    union = model_diff.to_graph()
    lines = ["digraph diff {", *_header(union, options)]
    if options.side_by_side:
        lines.extend(_side_by_side(union, options))
    else:
        lines.extend(_overlay(union, options))
    return "\n".join([*lines, "}"]) + "\n"


def _header(union: nx.DiGraph, options: DiffDotOptions) -> list[str]:
    attrs = [f"rankdir={options.rankdir}", 'fontname="Helvetica"', "nodesep=0.35",
             "ranksep=0.45", f"label=<{_title(union)}>", "labelloc=t", "fontsize=16"]
    if options.side_by_side:
        attrs.append("newrank=true")
    if options.dpi:
        attrs.append(f"dpi={int(options.dpi)}")
    return [f"  graph [{', '.join(attrs)}];",
            '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=12,'
            ' margin="0.18,0.08"];', "  edge [arrowsize=0.8];"]


def _title(union: nx.DiGraph) -> str:
    old, new = union.graph["old"]["name"], union.graph["new"]["name"]
    names = f"<b>{escape(shorten(str(old)))}</b>"
    if new != old:
        names += f"&#160;→&#160;<b>{escape(shorten(str(new)))}</b>"
    totals = escape(total_lines(union)[0])
    counts = escape(total_lines(union)[-1])
    legend = "  ".join(f'<font color="{STYLES[s][1]}">■ {s}</font>'
                       for s in ("added", "removed", "changed", "renamed", "same"))
    return f"{names}<br/>{totals}<br/>{counts}<br/>{legend}<br/> "


def overlay_keys(union: nx.DiGraph) -> list[str]:
    """The union keys the overlay draws, in order: node ``n<i>`` is key ``i``.

    Example:
        >>> from modelviz import Input, Sequential, layers, diff
        >>> d = diff(Sequential([Input((4,)), layers.Dense(2, name="a")]),
        ...          Sequential([Input((4,)), layers.Dense(2, name="b")]))
        >>> overlay_keys(d.to_graph())
        ['b']
    """
    return [key for key, depth in union.nodes(data="depth") if depth == 0]


def _overlay(union: nx.DiGraph, options: DiffDotOptions) -> list[str]:
    keys = overlay_keys(union)
    ids = {key: f"n{i}" for i, key in enumerate(keys)}
    inside = _changes_inside(union)
    lines = [_node_line(ids[key], union, key, _drawn_status(union, key, inside), options,
                        inner=inside.get(key, [])) for key in keys]
    for u, v, status in union.edges(data="status"):
        if u in ids and v in ids:
            lines.append(f"  {ids[u]} -> {ids[v]} [{_EDGES[status]}];")
    return lines


def _changes_inside(union: nx.DiGraph) -> dict[str, list[str]]:
    """Top-level key -> keys of the differing layers nested inside it (one pass)."""
    inside: dict[str, list[str]] = {}
    for key, data in union.nodes(data=True):
        if data["depth"] and (data["status"] != "same" or data["affected"]):
            inside.setdefault(key.split("/", 1)[0], []).append(key)
    return inside


def _drawn_status(union: nx.DiGraph, key: str, inside: dict[str, list[str]]) -> str:
    """A nested model with changes inside is drawn as changed."""
    status = str(union.nodes[key]["status"])
    if status in ("same", "renamed") and any(
            union.nodes[k]["status"] not in ("same", "renamed") for k in inside.get(key, [])):
        return "changed"
    return status


def _node_line(node_id: str, union: nx.DiGraph, key: str, status: str,
               options: DiffDotOptions, side: str | None = None,
               inner: list[str] | None = None) -> str:
    fill, border, text, extra = STYLES[status]
    label = _label(union, key, side, options, inner or [])
    return (f'  {node_id} [label=<{label}>, fillcolor="{fill}", color="{border}", '
            f'fontcolor="{text}"{extra}];')


def _label(union: nx.DiGraph, key: str, side: str | None, options: DiffDotOptions,
           inner: list[str]) -> str:
    data = union.nodes[key]
    shown = data[side] if side else (data["new"] or data["old"])
    changes = {} if side else data["changes"]
    name = escape(shorten(str(shown["name"])))
    if not side and data["renamed"]:
        name = f"{escape(shorten(str(data['old']['name'])))} → {name}"
    kind = escape(str(shown["class_name"]))
    if "repeats" in changes:
        old, new = changes["repeats"]
        kind = kind.replace(f"×{new}", f"×{old} → ×{new}")
    lines = [f"<b>{name}</b>&#160;({kind})"]
    lines.extend(f"<i>{escape(shorten(f'{field}: {a!r} → {b!r}'))}</i>"
                 for field, (a, b) in changes.items()
                 if field not in ("params", "output_shapes", "repeats"))
    if side and data["changes"]:
        index = 0 if side == "old" else 1
        lines.extend(f"<i>{escape(shorten(f'{field}: {pair[index]!r}'))}</i>"
                     for field, pair in data["changes"].items()
                     if field not in ("params", "output_shapes", "repeats"))
    if options.show_shapes:
        lines.append(_pair_text("out", changes.get("output_shapes"), shown["output_shapes"],
                                shapes_text))
    lines.append(_pair_text("params", changes.get("params"), shown["params"], _count))
    if inner:
        lines.extend(_inner_lines(union, inner))
    return "<br/>".join(lines)


def _pair_text(label: str, change: Any, value: Any, fmt: Any) -> str:
    if change:
        return f'{label} {escape(fmt(change[0]))} →&#160;<b>{escape(fmt(change[1]))}</b>'
    return f"{label} {escape(fmt(value))}"


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def _inner_lines(union: nx.DiGraph, keys: list[str]) -> list[str]:
    """What changed inside a nested model, up to ``_MAX_INNER`` lines."""
    lines = []
    for key in keys[:_MAX_INNER]:
        data = union.nodes[key]
        marker = "*" if data["affected"] else MARKERS[data["status"]]
        lines.append(escape(shorten(f"{marker} {key} ({data['class_name']}){_first_field(data)}")))
    if len(keys) > _MAX_INNER:
        lines.append(f"… and {len(keys) - _MAX_INNER} more")
    return lines


def _first_field(data: dict[str, Any]) -> str:
    fields = [(f, pair) for f, pair in data["changes"].items()
              if f not in ("params", "output_shapes", "repeats")]
    if not fields:
        return ""
    name, (old, new) = fields[0]
    more = f" (+{len(fields) - 1} more)" if len(fields) > 1 else ""
    return f": {name} {old!r} → {new!r}{more}"


def _side_by_side(union: nx.DiGraph, options: DiffDotOptions) -> list[str]:
    keys = overlay_keys(union)
    old_ids = {k: f"o{i}" for i, k in enumerate(keys) if union.nodes[k]["old"] is not None}
    new_ids = {k: f"n{i}" for i, k in enumerate(keys) if union.nodes[k]["new"] is not None}
    lines = []
    sides = [("old", old_ids, "old"), ("new", new_ids, "new")]
    if options.rankdir in ("LR", "RL"):
        sides.reverse()  # dot stacks the first cluster lowest there: keep the old one on top
    for side, ids, title in sides:
        name = escape(shorten(str(union.graph[side]["name"])))
        lines.append(f"  subgraph cluster_{side} {{ label=<<b>{title}</b>: {name}>; "
                     'style="rounded,dashed"; color="#90a4ae"; fontname="Helvetica";')
        for key, node_id in ids.items():
            status = _side_status(union.nodes[key]["status"], side)
            lines.append("  " + _node_line(node_id, union, key, status, options, side))
        lines.append("  }")
    lines.extend(_side_edges(union, old_ids, new_ids))
    for key in keys:
        if key in old_ids and key in new_ids:
            lines.append(f"  {{ rank=same; {old_ids[key]}; {new_ids[key]}; }}")
            lines.append(f'  {old_ids[key]} -> {new_ids[key]} [style=dotted, color="#b0bec5", '
                         "arrowhead=none, constraint=false];")
    return lines


def _side_status(status: str, side: str) -> str:
    return "same" if status == "renamed" and side == "old" else status


def _side_edges(union: nx.DiGraph, old_ids: dict[str, str],
                new_ids: dict[str, str]) -> list[str]:
    lines = []
    for u, v, status in union.edges(data="status"):
        if status != "added" and u in old_ids and v in old_ids:
            style = _EDGES["removed" if status == "removed" else "same"]
            lines.append(f"  {old_ids[u]} -> {old_ids[v]} [{style}];")
        if status != "removed" and u in new_ids and v in new_ids:
            style = _EDGES["added" if status == "added" else "same"]
            lines.append(f"  {new_ids[u]} -> {new_ids[v]} [{style}];")
    return lines
