"""The page builder: pre-rendered SVG views plus node records -> one offline ``.html`` file.

It knows nothing about models: any graph-derived data fits (a model, a diff). Each
:class:`View` is one Graphviz drawing; its ``titles`` map the ``<title>`` of every SVG
node (and cluster) to a node key, and SVG edge titles read ``a->b``. ``nodes`` maps each
key to a record the page shows; the page's script reads these fields:

``name``, ``class_name`` (searched), ``rows`` (``[label, text]`` pairs for the panel),
``explanation``, ``config`` (any JSON), ``inbound`` / ``outbound`` (keys), ``parent``
(the key drawn instead of it when its enclosing node is collapsed), ``group`` (the
key drawn instead of it when repeats are folded), ``members`` (keys it stands for),
``mark`` (a word added as CSS class ``mv-mark-<word>``, e.g. for a diff).

Views carry ``flags`` (``{"nested": True}``); the page offers one toggle per flag and
switches to the view whose flags match. Everything (drawings and records) is one JSON
document, gzip-compressed (fixed timestamp, so same input -> same bytes) and base64
encoded; the script unpacks it with the browser's ``DecompressionStream``.

Example:
    >>> view = View("main", "<svg viewBox='0 0 10 10'><g class='node'><title>n0</title></g></svg>",
    ...             {"n0": "a"})
    >>> page = build_page("demo", [view], {"a": {"name": "a", "class_name": "Dense"}})
    >>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "http" in page
    (True, False, False)
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Final

__all__ = ["View", "build_page", "pack", "svg_body", "svg_boxes"]

_PROLOG: Final = re.compile(r"\A.*?(?=<svg\b)", re.S)
_COMMENT: Final = re.compile(r"<!--.*?-->", re.S)
_SVG_TAG: Final = re.compile(r"<svg\b[^>]*>")
_DROP_ATTRS: Final = re.compile(r'\s(?:xmlns(?::\w+)?|width|height)="[^"]*"')
# Attributes every text or group repeats; the page's stylesheet sets the font instead.
_REDUNDANT: Final = re.compile(r' (?:xml:space="preserve"|text-anchor="start"|'
                               r'font-family="[^"]*"|id="(?:node|edge|clust)\d+")')
# Graphviz draws each table cell twice (filled, then outlined); one element does both.
_CELL: Final = re.compile(r'<polygon fill="([^"]+)" stroke="none" points="([^"]+)"/>\s*'
                          r'<polygon fill="none" stroke="([^"]+)" points="\2"/>')
_GROUP: Final = re.compile(r'<g class="(node|cluster|edge)">\s*<title>([^<]*)</title>(.*?)</g>',
                           re.S)
_COORDS: Final = re.compile(r' (?:points|d)="([^"]*)"')
_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
_GRAPH_TRANSFORM: Final = re.compile(
    r'class="graph" transform="scale\(([\d.]+) ([\d.]+)\) rotate\(0\) '
    r'translate\((-?[\d.]+) (-?[\d.]+)\)"')


@dataclass(frozen=True)
class View:
    """One pre-rendered drawing: SVG text, SVG title -> node key, and its flags."""

    name: str
    svg: str
    titles: Mapping[str, str]
    flags: Mapping[str, bool] = field(default_factory=dict)


def build_page(title: str, views: Sequence[View], nodes: Mapping[str, Mapping[str, Any]],
               *, initial: int = 0, subtitle: str = "") -> str:
    """Return the whole HTML page (a ``str``); same arguments, same text."""
    data = {"title": title, "subtitle": subtitle, "initial": initial, "nodes": nodes,
            "views": [_view_data(view) for view in views]}
    template = _asset("page.html")
    parts = {"{{title}}": html.escape(title), "{{css}}": _asset("viewer.css"),
             "{{js}}": _asset("viewer.js"), "{{data}}": pack(data)}
    for placeholder, text in parts.items():
        template = template.replace(placeholder, text, 1)
    return template


def pack(data: Any) -> str:
    """JSON, gzip (timestamp 0), base64: what the page's script unpacks.

    Example:
        >>> import base64, gzip, json
        >>> text = pack({"layers": ["dense"]})
        >>> json.loads(gzip.decompress(base64.b64decode(text)))
        {'layers': ['dense']}
        >>> text == pack({"layers": ["dense"]})
        True
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return base64.b64encode(gzip.compress(text.encode(), compresslevel=9, mtime=0)).decode()


def svg_body(svg: str) -> str:
    """The ``<svg>`` element alone: no XML prolog, DOCTYPE, comments, namespaces or size.

    Example:
        >>> svg_body('<?xml version="1.0"?><!-- x --><svg width="2pt" xmlns="u"><g/></svg>')
        '<svg><g/></svg>'
    """
    svg = _REDUNDANT.sub("", _COMMENT.sub("", _PROLOG.sub("", svg, count=1)))
    svg = _CELL.sub(r'<polygon fill="\1" stroke="\3" points="\2"/>', svg)
    return _SVG_TAG.sub(lambda m: _DROP_ATTRS.sub("", m.group(0)), svg, count=1).strip()


def _view_data(view: View) -> dict[str, Any]:
    svg = svg_body(view.svg)
    groups = _group_boxes(svg)
    return {"name": view.name, "flags": dict(view.flags), "titles": dict(view.titles),
            "boxes": {view.titles[title]: box for kind, title, box in groups
                      if kind != "edge" and title in view.titles},
            "edge_boxes": [box for kind, _, box in groups if kind == "edge"], "svg": svg}


def svg_boxes(svg: str, titles: Mapping[str, str]) -> dict[str, list[float]]:
    """``[x, y, width, height]`` of each titled node and cluster, in SVG user units.

    The page needs them for centring, the minimap and drawing only what is on screen;
    measuring 1,000 nodes in the browser would cost a layout before the first paint.

    Example:
        >>> svg_boxes('<g class="graph" transform="scale(1 1) rotate(0) translate(4 20)">'
        ...           '<g class="node"><title>n0</title><polygon points="0,-10 6,-2"/></g>',
        ...           {"n0": "a"})
        {'a': [4.0, 10.0, 6.0, 8.0]}
    """
    return {titles[title]: box for kind, title, box in _group_boxes(svg)
            if kind != "edge" and title in titles}


def _group_boxes(svg: str) -> list[tuple[str, str, list[float]]]:
    """(kind, title, box) of every node, cluster and edge group, in document order."""
    transform = _GRAPH_TRANSFORM.search(svg)
    sx, sy, tx, ty = (float(v) for v in transform.groups()) if transform else (1, 1, 0, 0)
    found = []
    for match in _GROUP.finditer(svg):
        numbers = [float(n) for coords in _COORDS.findall(match.group(3))
                   for n in _NUMBER.findall(coords)] or [0.0, 0.0]
        xs, ys = [sx * (x + tx) for x in numbers[0::2]], [sy * (y + ty) for y in numbers[1::2]]
        box = [round(min(xs), 1), round(min(ys), 1), round(max(xs) - min(xs), 1),
               round(max(ys) - min(ys), 1)]
        found.append((match.group(1), html.unescape(match.group(2)), box))
    return found


def _plain(value: Any) -> Any:
    """JSON for what the graph may hold beyond JSON: tuples are lists already; the rest str."""
    return str(value)


def _asset(name: str) -> str:
    folder = resources.files("modelviz.html").joinpath("assets")  # one name per call on 3.10
    return folder.joinpath(name).read_text(encoding="utf-8")
