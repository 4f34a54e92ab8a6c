"""A model's interactive page: the Graphviz drawings of every level, and its node records.

Levels are pre-rendered: collapsed and expanded nested models (when there are any),
folded and unfolded repeats (when ``fold_graph`` finds any); the page switches between
them. The drawing is exactly what ``plot_model`` renders to SVG with the same options.

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> model = Sequential([Input((4,)), layers.Dense(2, name="d")], name="tiny")
    >>> page = to_html(model, engine="graphviz-pure")
    >>> page.html.startswith("<!DOCTYPE html>"), "<title>tiny</title>" in page.html
    (True, True)
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import networkx as nx

from modelviz.diagram import DotOptions, to_dot
from modelviz.diagram.dot import enclosing_models, select_nodes
from modelviz.diagram.options import dot_options
from modelviz.errors import RenderError
from modelviz.fold import fold_graph
from modelviz.graph import graph_of
from modelviz.html.page import View, build_page
from modelviz.html.records import node_records, params_text
from modelviz.render import render

# Above this many layers a page holds only the view asked for: each other view is one
# more Graphviz layout of the whole model (the expanded one of 10,000 operators, minutes).
ALL_VIEWS_MAX_NODES: Final = 2_000

__all__ = ["HtmlPage", "model_page", "model_views", "plot_html", "to_html"]

_CLUSTER: Final = re.compile(r"^\s*subgraph (cluster_\d+) \{", re.M)
_NOTEBOOK_HEIGHT: Final = 640


@dataclass(frozen=True)
class HtmlPage:
    """A finished page: ``.html`` text, ``save(path)``, and inline display in Jupyter."""

    html: str

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the page to ``path`` (UTF-8)."""
        try:
            Path(path).write_text(self.html, encoding="utf-8")
        except OSError as err:
            raise RenderError(f"cannot write {os.fspath(path)}: {err.strerror or err}; choose "
                              "a writable path") from err

    def _repr_html_(self) -> str:
        """An iframe, so the page's script and styles stay out of the notebook's."""
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                f'style="width:100%;height:{_NOTEBOOK_HEIGHT}px;border:1px solid #ddd"></iframe>')


def to_html(model: Any, *, engine: str = "auto", fold_repeats: bool = False,
            **options: Any) -> HtmlPage:
    """An interactive page for ``model`` (a model or its graph), shown inline in Jupyter.

    ``options`` are ``plot_model``'s (``show_shapes``, ``rankdir``, ``expand_nested``, ...);
    shapes and layer names are shown unless turned off.
    """
    settings = {"show_shapes": True, "show_layer_names": True, **options, "dpi": None}
    graph = graph_of(model) if hasattr(model, "to_graph") else model
    return HtmlPage(model_page(graph, dot_options(**settings), engine=engine,
                               fold_repeats=fold_repeats))


def plot_html(model: Any, to_file: str | os.PathLike[str], options: DotOptions, *,
              engine: str = "auto", fold_repeats: bool = False) -> None:
    """``plot_model(..., to_file="model.html")``: write the page with the plot's options.

    Example:
        >>> import pathlib, tempfile
        >>> from modelviz import Input, Sequential, layers
        >>> model = Sequential([Input((4,)), layers.Dense(2)], name="tiny")
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder, "tiny.html")
        ...     plot_html(model, path, dot_options(), engine="graphviz-pure")
        ...     "<title>tiny</title>" in path.read_text(encoding="utf-8")
        True
    """
    graph = graph_of(model) if hasattr(model, "to_graph") else model
    HtmlPage(model_page(graph, options, engine=engine, fold_repeats=fold_repeats)).save(to_file)


def model_page(graph: nx.DiGraph, options: DotOptions, *, engine: str = "auto",
               fold_repeats: bool = False) -> str:
    """The page's HTML text for a model graph; same graph and options, same bytes.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> graph = Sequential([Input((4,)), layers.Dense(2)], name="tiny").to_graph()
        >>> html = model_page(graph, dot_options(show_shapes=True), engine="graphviz-pure")
        >>> "<title>tiny</title>" in html, html == model_page(graph, dot_options(show_shapes=True),
        ...                                                   engine="graphviz-pure")
        (True, True)
    """
    wanted = {"nested": options.expand_nested, "folded": fold_repeats}
    every = len(graph) <= ALL_VIEWS_MAX_NODES
    folded = fold_graph(graph) if every or fold_repeats else None
    views = model_views(graph, folded, options, engine, only=None if every else wanted)
    initial = next(i for i, v in enumerate(views)
                   if all(v.flags[f] == wanted[f] for f in v.flags))
    return build_page(graph.graph.get("name", "model"), views, node_records(graph, folded),
                      initial=initial, subtitle=_subtitle(graph))


def model_views(graph: nx.DiGraph, folded: nx.DiGraph | None, options: DotOptions,
                engine: str = "auto", only: dict[str, bool] | None = None) -> list[View]:
    """One rendered view per level: nested collapsed/expanded × repeats folded/unfolded.

    ``only`` (flags) keeps the one view asked for: a big model's page then costs what its
    drawing costs, and the page offers no toggle to the views it lacks. ``folded`` is
    None when repeats are not folded.

    Example:
        >>> from modelviz import Input, Model, Sequential, layers
        >>> inner = Sequential([Input((4,)), layers.Dense(4)], name="inner")
        >>> x = Input((4,))
        >>> graph = Model(x, layers.Dense(1)(inner(x))).to_graph()
        >>> views = model_views(graph, fold_graph(graph), dot_options(), engine="graphviz-pure")
        >>> [(view.name, view.flags) for view in views], "<svg" in views[0].svg
        ([('nested=off', {'nested': False}), ('nested=on', {'nested': True})], True)
    """
    nested = [False, True] if any(m for _, m in graph.nodes(data="is_model")) else [None]
    folds = [None]
    if folded is not None:
        drawn = select_nodes(folded, dataclasses.replace(options, expand_nested=False))
        folds = [True, False] if any(folded.nodes[k].get("group") for k in drawn) else [None]
    views = []
    for expand, fold in itertools.product(nested, folds):
        flags = {name: value for name, value in (("nested", expand), ("folded", fold))
                 if value is not None}
        if only is not None and any(only[f] != on for f, on in flags.items()):
            continue
        opts = dataclasses.replace(options, dpi=None,
                                   expand_nested=options.expand_nested if expand is None
                                   else expand)
        views.append(_view(folded if fold else graph, opts, flags, engine))
    return views


def _view(graph: nx.DiGraph, options: DotOptions, flags: dict[str, bool], engine: str) -> View:
    dot = to_dot(graph, options)
    keys = select_nodes(graph, options)
    titles = {f"n{i}": key for i, key in enumerate(keys)}
    if options.expand_nested:
        titles.update(zip(_CLUSTER.findall(dot), _cluster_keys(graph, keys), strict=True))
    name = ",".join(f"{flag}={'on' if on else 'off'}" for flag, on in flags.items()) or "main"
    return View(name, render(dot, "svg", engine=engine).decode("utf-8"), titles, flags)


def _cluster_keys(graph: nx.DiGraph, keys: list[str]) -> list[str]:
    """Nested-model keys in the order their clusters open in the DOT text (as ``to_dot``)."""
    opened: list[str] = []
    order: list[str] = []
    for key in keys:
        parents = enclosing_models(graph, key)
        while opened and opened[-1] not in parents:
            opened.pop()
        for parent in parents[len(opened):]:
            opened.append(parent)
            order.append(parent)
    return order


def _subtitle(graph: nx.DiGraph) -> str:
    attrs = graph.graph
    text = (f"{attrs.get('class_name', 'Model')} · {len(graph):,} layers · "
            f"{params_text(attrs.get('total_params'))} params")
    if attrs.get("non_trainable_params"):
        text += f" ({params_text(attrs['non_trainable_params'])} non-trainable)"
    if attrs.get("unknown_split_params"):  # stored weights without their trainable flag
        text += f" ({params_text(attrs['unknown_split_params'])} not known if trainable)"
    return text
