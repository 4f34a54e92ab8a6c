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

from modelviz.diagram import DotOptions, to_dot
from modelviz.diagram.dot import RANKDIRS
from modelviz.errors import LayerConfigError, RenderError
from modelviz.fold import fold_graph
from modelviz.pages import check_max_height, page_paths, split_pages
from modelviz.render import format_from_path, render, resolve_engine

__all__ = ["dot_options", "model_to_dot", "plot_model", "to_dot_text", "to_graphviz"]


def dot_options(show_shapes: bool = False, show_dtype: bool = False,
                show_layer_names: bool = False, rankdir: str = "TB",
                expand_nested: bool = False, dpi: int | None = 200,
                show_layer_activations: bool = False, show_trainable: bool = False,
                layer_range: Any = None, show_params: bool = False,
                show_title: bool = False) -> DotOptions:
    """Check Keras's keyword arguments and fold them into one :class:`DotOptions`."""
    if str(rankdir).upper() not in RANKDIRS:
        raise LayerConfigError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if dpi is not None and (not isinstance(dpi, (int, float)) or dpi <= 0):
        raise LayerConfigError(f"dpi must be a positive number, got {dpi!r}")
    if layer_range is not None and (len(layer_range) != 2):
        raise LayerConfigError(f"layer_range must be (first_name, last_name), got {layer_range!r}")
    return DotOptions(show_shapes=show_shapes, show_dtype=show_dtype,
                      show_layer_names=show_layer_names, rankdir=str(rankdir).upper(),
                      expand_nested=expand_nested, dpi=int(dpi) if dpi else None,
                      show_layer_activations=show_layer_activations,
                      show_trainable=show_trainable,
                      layer_range=tuple(layer_range) if layer_range else None,
                      show_params=show_params, show_title=show_title)


def to_dot_text(model_or_graph: Any, *, fold_repeats: bool = False, **options: Any) -> str:
    """DOT source for a model or graph with ``plot_model``'s options."""
    return to_dot(_graph(model_or_graph, fold_repeats), dot_options(**options))


def plot_model(model: Any, to_file: str | os.PathLike[str] = "model.png", show_shapes: bool = False,
               show_dtype: bool = False, show_layer_names: bool = False, rankdir: str = "TB",
               expand_nested: bool = False, dpi: int | None = 200,
               show_layer_activations: bool = False, show_trainable: bool = False,
               layer_range: Any = None, *, show_params: bool = False, show_title: bool = False,
               engine: str = "auto", fold_repeats: bool = False, max_height: int | None = None,
               **legacy: Any) -> Any:
    """Draw ``model`` to ``to_file`` (format from the suffix), like ``keras.utils.plot_model``.

    ``fold_repeats=True`` draws each run of repeated blocks once, with a ``×N`` badge.
    ``max_height=N`` splits a PNG taller than N pixels into pages ``out-1.png``,
    ``out-2.png``, ... (SVG has no size limit and is never split).
    Returns an ``IPython.display.Image`` for PNG/JPG inside IPython (as Keras), else None.

    Raises:
        RenderError: unknown suffix, missing or failing Graphviz, PDF without system dot.
    """
    _check_legacy(legacy)
    if Path(to_file).suffix.lower() in (".html", ".htm"):  # an interactive page
        from modelviz.html import plot_html

        return plot_html(model, to_file, dot_options(
            show_shapes, show_dtype, show_layer_names, rankdir, expand_nested, None,
            show_layer_activations, show_trainable, layer_range, show_params, show_title),
            engine=engine, fold_repeats=fold_repeats)
    fmt = format_from_path(to_file)
    if max_height is not None:
        check_max_height(max_height)
    options = dot_options(show_shapes, show_dtype, show_layer_names, rankdir, expand_nested, dpi,
                          show_layer_activations, show_trainable, layer_range, show_params,
                          show_title)
    if fmt in ("svg", "pdf"):
        options = dataclasses.replace(options, dpi=None)
    data = render(to_dot(_graph(model, fold_repeats), options), fmt, engine=engine)
    if max_height is not None and fmt in ("png", "jpg"):
        pages = split_pages(data, fmt, max_height)
        if len(pages) > 1:
            for path, page in zip(page_paths(to_file, len(pages)), pages, strict=True):
                _write(path, page)
            return None
    _write(Path(to_file), data)
    return _notebook_image(to_file, fmt)


def model_to_dot(model: Any, show_shapes: bool = False, show_dtype: bool = False,
                 show_layer_names: bool = True, rankdir: str = "TB", expand_nested: bool = False,
                 dpi: int | None = 200, subgraph: bool = False,
                 show_layer_activations: bool = False, show_trainable: bool = False,
                 layer_range: Any = None, *, show_params: bool = False,
                 show_title: bool = False, **legacy: Any) -> Any:
    """A ``pydot.Dot`` of the model, as ``keras.utils.model_to_dot`` returns.

    Its ``create``/``write_png`` use the same engine as ``plot_model`` (a system dot,
    else graphviz-pure).
    """
    import pydot

    _check_legacy(legacy)
    text = to_dot_text(model, show_shapes=show_shapes, show_dtype=show_dtype,
                       show_layer_names=show_layer_names, rankdir=rankdir,
                       expand_nested=expand_nested, dpi=dpi,
                       show_layer_activations=show_layer_activations,
                       show_trainable=show_trainable, layer_range=layer_range,
                       show_params=show_params, show_title=show_title)
    dot = pydot.graph_from_dot_data(text)[0]
    with contextlib.suppress(RenderError):  # pydot's own error appears on rendering
        dot.prog = resolve_engine("auto")[1]
    return dot


def to_graphviz(model: Any, engine: str = "auto", **options: Any) -> Any:
    """A ``graphviz.Source`` for notebooks (shows as SVG) and ``.render()``."""
    from modelviz.notebook import ModelSource

    return ModelSource(to_dot_text(model, **{"dpi": None, **options}), engine=engine)


def _graph(model_or_graph: Any, fold_repeats: bool = False) -> Any:
    graph = model_or_graph.to_graph() if hasattr(model_or_graph, "to_graph") else model_or_graph
    return fold_graph(graph) if fold_repeats else graph


def _check_legacy(legacy: dict[str, Any]) -> None:
    unknown = sorted(set(legacy) - {"show_layer_names_in_title"})
    if unknown:
        raise LayerConfigError(f"unexpected keyword arguments {unknown}; see help(plot_model)")


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as err:
        raise RenderError(f"cannot write {path}: {err.strerror or err}; choose a writable "
                          "path with to_file=... (CLI: -o)") from err


def _notebook_image(path: Any, fmt: str) -> Any:
    if fmt not in ("png", "jpg") or "IPython" not in sys.modules:
        return None
    try:
        from IPython import get_ipython
        from IPython.display import Image
    except ImportError:
        return None
    return Image(filename=str(path)) if get_ipython() is not None else None
