"""A diff's interactive page: the overlay drawing of :func:`modelviz.diff`, to explore.

The drawing is the overlay ``plot_diff`` renders (added green, removed red and dashed,
changed amber); the page adds the viewer of :mod:`modelviz.html.page`: pan, zoom, search
and a panel per layer, where a changed layer lists each change as ``old → new``.

Example:
    >>> from modelviz import Input, Sequential, layers, diff
    >>> d = diff(Sequential([Input((4,)), layers.Dense(2, name="a")]),
    ...          Sequential([Input((4,)), layers.Dense(3, name="a")]))
    >>> page = diff_page(d, engine="graphviz-pure")
    >>> page.startswith("<!DOCTYPE html>"), "http://" in page.split("<svg")[0]
    (True, False)
"""

from __future__ import annotations

from typing import Any, Final

import networkx as nx

from modelviz.diagram.labels import shapes_text
from modelviz.html.page import View, build_page
from modelviz.html.records import node_records, params_text
from modelviz.render import render

__all__ = ["diff_page", "diff_records"]

_MARKED: Final = ("added", "removed", "changed")


def diff_page(model_diff: Any, *, engine: str = "auto", rankdir: str = "TB") -> str:
    """The page's HTML text for a :class:`~modelviz.diffing.ModelDiff`; same diff, same bytes."""
    from modelviz.diffing.dot import DiffDotOptions, diff_to_dot, overlay_keys

    union = model_diff.to_graph()
    options = DiffDotOptions(show_shapes=True, rankdir=str(rankdir).upper(), dpi=None)
    svg = render(diff_to_dot(model_diff, options), "svg", engine=engine).decode("utf-8")
    titles = {f"n{i}": key for i, key in enumerate(overlay_keys(union))}
    old, new = union.graph["old"], union.graph["new"]
    subtitle = f"Total params: {old['total_params']:,} → {new['total_params']:,}"
    return build_page(f"{old['name']} → {new['name']}", [View("main", svg, titles)],
                      diff_records(union), subtitle=subtitle)


def diff_records(union: nx.DiGraph) -> dict[str, dict[str, Any]]:
    """The page's node records of a union graph: status marks and ``old → new`` rows.

    Example:
        >>> from modelviz import Input, Sequential, layers, diff
        >>> d = diff(Sequential([Input((4,)), layers.Dense(2, name="a")]),
        ...          Sequential([Input((4,)), layers.Dense(3, name="a")]))
        >>> record = diff_records(d.to_graph())["a"]
        >>> record["mark"], [row for row in record["rows"] if row[0] == "units"]
        ('changed', [['units', '2 → 3']])
    """
    records = node_records(union)
    for key, record in records.items():
        data = union.nodes[key]
        if data["status"] in _MARKED:
            record["mark"] = data["status"]
        changes = data.get("changes") or {}
        record["rows"] = [*record["rows"], ["Status", data["status"]],
                          *([field, f"{_text(field, old)} → {_text(field, new)}"]
                            for field, (old, new) in sorted(changes.items()))]
    return records


def _text(field: str, value: Any) -> str:
    """Numbers and shapes as the panel's other rows write them."""
    if field == "params":
        return params_text(value)
    if field == "output_shapes":
        return shapes_text(value or [])
    return str(value)
