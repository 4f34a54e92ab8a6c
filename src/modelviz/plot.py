"""``plot_model``, ``model_to_dot`` and ``to_graphviz``: graph -> DOT -> rendered file.

Example:
    >>> import tempfile, pathlib
    >>> from modelviz import Sequential, layers
    >>> model = Sequential([layers.Dense(2, input_dim=1), layers.Dense(1)])
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "model.svg"
    >>> _ = plot_model(model, to_file=str(out), show_shapes=True, engine="graphviz-pure")
    >>> out.read_text().count("(None, 2)")
    2
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

from modelviz.diagram import to_dot
from modelviz.diagram.dot import dot_block, write_block
from modelviz.diagram.options import dot_options
from modelviz.errors import LayerConfigError, RenderError
from modelviz.fold import fold_graph
from modelviz.gcpause import paused_gc
from modelviz.output import check_output_path, write_file
from modelviz.pages import check_max_height, page_paths, render_pages, warn_pages
from modelviz.render import (
    BITMAP_FORMATS,
    DEFAULT_TIMEOUT,
    check_timeout,
    format_from_path,
    render,
    resolve_engine,
)

__all__ = ["dot_options", "model_to_dot", "plot_model", "to_dot_text", "to_graphviz"]


def to_dot_text(model_or_graph: Any, *, fold_repeats: bool = False, **options: Any) -> str:
    """DOT source for a model or graph with ``plot_model``'s options.

    Example:
        >>> from modelviz import Sequential, layers
        >>> text = to_dot_text(Sequential([layers.Input((4,)), layers.Dense(2)]), show_shapes=True)
        >>> text.splitlines()[0], "Output shape: <b>(None, 2)</b>" in text
        ('digraph G {', True)
    """
    return to_dot(_graph(model_or_graph, fold_repeats), dot_options(**options))


def plot_model(model: Any, to_file: str | os.PathLike[str] = "model.png", show_shapes: bool = False,
               show_dtype: bool = False, show_layer_names: bool = False, rankdir: str = "TB",
               expand_nested: bool = False, dpi: int | None = 200,
               show_layer_activations: bool = False, show_trainable: bool = False,
               splines: str | None = None, layer_range: Any = None, *,
               show_params: bool = False, show_title: bool = False, engine: str = "auto",
               fold_repeats: bool = False, max_height: int | None = None,
               timeout: float = DEFAULT_TIMEOUT, show_macs: bool = False, count: str = "macs",
               depth: int | None = None, plumbing: str = "grey", **legacy: Any) -> Any:
    """Draw ``model`` to ``to_file`` (format from the suffix; PNG without one, as Keras),
    like ``keras.utils.plot_model``.

    ``splines`` takes Keras's values (``"ortho"``, ``"curved"``, ``"polyline"``, ``"spline"``,
    ``"line"``); None (the default) keeps modelviz's curved edges. ``fold_repeats=True``
    draws each run of repeated blocks once, with a ``×N`` badge. A PNG/JPG taller than
    ``max_height`` pixels (default: Graphviz's 32,767) is written as pages ``out-1.png``,
    ``out-2.png``, ... each laid out at the requested dpi, never shrunk below readable
    text (see :mod:`modelviz.pages`); SVG is never split. ``timeout`` bounds each Graphviz
    run, in seconds. ``show_macs=True`` adds each layer's multiply-accumulates (batch 1) to
    its box; ``count="flops"`` shows FLOPs (2 × MACs) instead. ``depth=N`` draws nested
    models and modules down to N levels (1: top level only), those at the last level as one
    box (``expand_nested=True`` without ``depth``: every level). ``plumbing="grey"`` (the
    default) draws the shape-only and element-wise operators of a PyTorch or ONNX model
    (reshape, transpose, add, getitem..., and a torch capture's folded ``mask`` node) as
    small grey boxes so the layers stand out; ``"full"`` draws them like layers, ``"hide"``
    leaves them out and joins what feeds them to what reads them (Keras models have none:
    see :mod:`modelviz.diagram.plumbing`). Returns an
    ``IPython.display.Image`` for PNG/JPG inside IPython (as Keras), else None.

    Raises:
        RenderError: unknown suffix, missing or failing Graphviz, PDF without system dot,
            a layout slower than ``timeout``, a bitmap or page count beyond the caps.
    """
    _check_legacy(legacy)
    if Path(to_file).suffix.lower() in (".html", ".htm"):  # an interactive page
        from modelviz.html import plot_html

        return plot_html(model, to_file, dot_options(
            show_shapes, show_dtype, show_layer_names, rankdir, expand_nested, None,
            show_layer_activations, show_trainable, layer_range, show_params, show_title,
            splines, show_macs, count, depth, plumbing), engine=engine,
            fold_repeats=fold_repeats)
    fmt = format_from_path(to_file) if Path(to_file).suffix else "png"  # Keras: no suffix, PNG
    check_output_path(to_file)
    if max_height is not None:
        check_max_height(max_height)
    check_timeout(timeout)
    options = dot_options(show_shapes, show_dtype, show_layer_names, rankdir, expand_nested, dpi,
                          show_layer_activations, show_trainable, layer_range, show_params,
                          show_title, splines, show_macs, count, depth, plumbing)
    if fmt in ("svg", "pdf"):  # vector formats: a dpi would only rescale the drawing
        options = dataclasses.replace(options, dpi=None)
    block = dot_block(_graph(model, fold_repeats), options)
    if fmt in BITMAP_FORMATS:
        pages = render_pages(block, fmt, engine=engine, dpi=options.dpi, timeout=timeout,
                             max_height=max_height)
    else:
        pages = [render(write_block(block), fmt, engine=engine, timeout=timeout)]
    if len(pages) > 1:
        paths = page_paths(to_file, len(pages))
        for path, page in zip(paths, pages, strict=True):
            write_file(path, page)
        warn_pages(paths, max_height)
        return None
    write_file(Path(to_file), pages[0])
    return _notebook_image(to_file, fmt)


def model_to_dot(model: Any, show_shapes: bool = False, show_dtype: bool = False,
                 show_layer_names: bool = True, rankdir: str = "TB", expand_nested: bool = False,
                 dpi: int | None = 200, subgraph: bool = False,
                 show_layer_activations: bool = False, show_trainable: bool = False,
                 splines: str | None = None, layer_range: Any = None, *,
                 show_params: bool = False, show_title: bool = False, show_macs: bool = False,
                 count: str = "macs", depth: int | None = None, plumbing: str = "grey",
                 **legacy: Any) -> Any:
    """A ``pydot.Dot`` of the model, as ``keras.utils.model_to_dot`` returns.

    Built from the graph, not parsed: ``get_nodes()`` is the node defaults then one node
    per layer box, ``get_edges()`` one edge per connection, ``get_subgraphs()`` a cluster
    per expanded model labelled with its name (with its parameter count only when
    ``show_params``). ``subgraph=True`` returns a ``pydot.Cluster`` as Keras does. Its
    ``create``/``write_png`` use the same engine as ``plot_model`` (a system dot, else
    graphviz-pure).

    Example:
        >>> from modelviz import Sequential, layers
        >>> dot = model_to_dot(Sequential([layers.Dense(2, input_dim=1), layers.Dense(1)]))
        >>> len(dot.get_nodes()), len(dot.get_edges())
        (3, 1)
    """
    from modelviz.diagram.pydot_graph import model_cluster, model_dot

    _check_legacy(legacy)
    options = dot_options(show_shapes, show_dtype, show_layer_names, rankdir, expand_nested, dpi,
                          show_layer_activations, show_trainable, layer_range, show_params,
                          show_title, splines, show_macs, count, depth, plumbing)
    graph = _graph(model)
    with paused_gc():
        block = dot_block(graph, options)
        if subgraph:
            return model_cluster(block, graph.graph["name"])
        dot = model_dot(block)
    with contextlib.suppress(RenderError):  # pydot's own error appears on rendering
        dot.prog = resolve_engine("auto")[1]
    return dot


def to_graphviz(model: Any, engine: str = "auto", **options: Any) -> Any:
    """A ``graphviz.Source`` for notebooks (shows as SVG) and ``.render()``.

    Example:
        >>> from modelviz import Sequential, layers
        >>> model = Sequential([layers.Input((4,)), layers.Dense(2)])
        >>> source = to_graphviz(model, show_shapes=True)
        >>> source.source == to_dot_text(model, show_shapes=True, dpi=None), "dpi=" in source.source
        (True, False)
    """
    from modelviz.notebook import ModelSource

    return ModelSource(to_dot_text(model, **{"dpi": None, **options}), engine=engine)


def _graph(model_or_graph: Any, fold_repeats: bool = False) -> Any:
    from modelviz.compute import ensure_compute
    from modelviz.graph import DTYPE_BYTES, graph_of

    graph = graph_of(model_or_graph) if hasattr(model_or_graph, "to_graph") else model_or_graph
    graph = ensure_compute(graph, DTYPE_BYTES)  # imported (ONNX, torch) graphs come bare
    return fold_graph(graph) if fold_repeats else graph


def _check_legacy(legacy: dict[str, Any]) -> None:
    unknown = sorted(set(legacy) - {"show_layer_names_in_title"})
    if unknown:
        raise LayerConfigError(f"unexpected keyword arguments {unknown}; see help(plot_model)")


def _notebook_image(path: Any, fmt: str) -> Any:
    if fmt not in ("png", "jpg") or "IPython" not in sys.modules:
        return None
    try:
        from IPython import get_ipython
        from IPython.display import Image
    except ImportError:
        return None
    return Image(filename=str(path)) if get_ipython() is not None else None
