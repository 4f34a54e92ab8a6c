"""Model summaries: graph -> rows -> text (tf.keras 2), rich (Keras 3), markdown or JSON.

The package is ``modelviz.tables`` so that ``modelviz.summary`` stays the function.

``summary_rows(G)`` and ``summary_totals(G)`` turn a model graph (see
:mod:`modelviz.graph`) into frozen dataclasses of raw numbers and tuples; one short
function per format turns those into lines. Widths come only from the arguments,
never from the terminal.

Formats:
    ``text``: tf.keras 2's ``print_summary`` (tf_keras 2.21: columns cut and wrapped
    at ``),`` like Keras, ``_`` rules between rows (the classic layout), ``|¯¯¯`` blocks for nested
    models), with Keras 3's memory sizes after the counts.
    ``tf_keras``: tf_keras 2.13+'s ``print_summary`` (much published tf.keras output):
    blank lines between rows, ``[(None, ...)]`` input shapes, totals without commas
    in ``Byte``, ``KB``, ...
    ``rich``: Keras 3's box-drawing table, drawn by hand as ``rich`` would.
    ``markdown``: a GitHub table with the same columns and a list of totals.
    ``json``: ``json.dumps(..., indent=2, ensure_ascii=False)`` (lone surrogates in names
    as ``\\udXXX`` escapes, so ``json.loads`` gives the name back) of::

        {"name": str, "class_name": str, "total_params": int,
         "trainable_params": int, "non_trainable_params": int,
         "unknown_params": [layer names whose count is unknown],
         "layers": [{"name": str, "class_name": str,
                     "output_shapes": [[null, 30, 30, 32], ...],  (null: unknown)
                     "params": int | null, "trainable_params": int | null,
                     "non_trainable_params": int | null, "trainable": bool,
                     "inbound": [layer names], "explanation": str,
                     "parent": null | str, "depth": int}]}

    one entry per layer at every nesting level (``parent`` and ``depth``, 0 at the top
    level, say where it sits), whatever ``expand_nested`` or ``depth`` ask.
    With ``show_macs=True`` (:mod:`modelviz.compute`) the top level also has
    ``total_macs``, ``unknown_macs``, ``total_activation_bytes``,
    ``peak_activation_bytes`` and ``peak_activation_layer``, each layer ``macs``
    (int | null), ``activation_bytes`` and ``macs_explanation``; ``count="flops"``
    adds ``total_flops`` and per layer ``flops``.

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> model = Sequential([Input((4,)), layers.Dense(2, name="d")], name="tiny")
    >>> summary(model, print_fn=lambda line: print(line.rstrip()))
    Model: "tiny"
    _________________________________________________________________
     Layer (type)                Output Shape              Param #
    =================================================================
     d (Dense)                   (None, 2)                 10
    =================================================================
    Total params: 10 (40.00 B)
    Trainable params: 10 (40.00 B)
    Non-trainable params: 0 (0.00 B)
    _________________________________________________________________
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from modelviz.errors import LayerConfigError
from modelviz.fold import fold_graph
from modelviz.gcpause import paused_gc
from modelviz.tables.json_table import format_json
from modelviz.tables.markdown import format_markdown
from modelviz.tables.rich import format_rich, terminal_line_length
from modelviz.tables.rows import (
    FORMATS,
    Row,
    SummaryOptions,
    Totals,
    readable_memory_size,
    summary_options,
    summary_rows,
    summary_totals,
)
from modelviz.tables.text import format_text, format_tf_keras, tf_keras_memory_size

__all__ = ["FORMATS", "Row", "SummaryOptions", "Totals", "format_json", "format_markdown",
           "format_rich", "format_summary", "format_text", "format_tf_keras",
           "readable_memory_size", "summary", "summary_rows", "summary_totals",
           "tf_keras_memory_size"]


def summary(model_or_graph: Any, *, fmt: str = "text", line_length: int | None = None,
            positions: Any = None, print_fn: Callable[[str], Any] | None = None,
            expand_nested: bool = False, show_trainable: bool = False,
            layer_range: Any = None, explain: bool = False,
            fold_repeats: bool = False, show_macs: bool = False,
            count: str | None = None, depth: int | None = None,
            columns: Any = None) -> None:
    """Print a model summary one line at a time, like Keras's ``model.summary()``.

    Args:
        model_or_graph: a model (anything with ``to_graph()``) or its graph.
        fmt: one of ``FORMATS``.
        line_length, positions, expand_nested, show_trainable, layer_range: as Keras.
        print_fn: called with each whole line; defaults to ``print``.
        explain: show how each layer's parameter count is made.
        fold_repeats: one row per run of repeated blocks (:func:`modelviz.fold.fold_graph`).
        show_macs: a ``MACs`` column (batch 1, :mod:`modelviz.compute`), the total
            ``Total MACs: 76,145,280 (76.15 M)`` and the activation memory.
        count: ``"macs"`` or ``"flops"`` (2 × MACs); giving it turns ``show_macs`` on.
        depth: rows down to this nesting level (1: top level only; torchinfo's ``depth``),
            deeper ones folded into their parent's row, which carries their sum;
            ``expand_nested=True`` without ``depth`` shows every level. ``fmt="json"``
            lists every row at every depth (with ``parent`` and ``depth``) whatever is asked.
        columns: torchinfo's optional columns, by its names (:mod:`modelviz.tables.view`):
            ``("input_size", "params_percent", "kernel_size", "mult_adds", ...)``.

    With ``fmt="rich"`` and no ``line_length``, the table is as wide as Keras 3 makes it:
    ``min(88, columns - 4)`` (108 with "Connected to"), ``columns`` read as Keras's
    ``shutil.get_terminal_size()`` does (80 when not a terminal, so 76; or ``$COLUMNS``).
    :func:`format_summary` never reads the terminal.

    Raises:
        LayerConfigError: unknown ``fmt``, a bad ``layer_range`` or too narrow a line.
    """
    if fmt == "rich" and line_length is None:  # Keras 3 fits its table to the terminal
        model_or_graph = _graph(model_or_graph)
        line_length = terminal_line_length(model_or_graph.graph["sequential_like"],
                                           show_trainable, explain)
    text = format_summary(model_or_graph, fmt=fmt, line_length=line_length,
                          positions=positions, expand_nested=expand_nested,
                          show_trainable=show_trainable, layer_range=layer_range,
                          explain=explain, fold_repeats=fold_repeats,
                          show_macs=show_macs, count=count, depth=depth, columns=columns)
    if print_fn is None:  # the same bytes as a print per line, in one write
        print(text)
        return
    for line in text.split("\n"):
        print_fn(line)


def format_summary(model_or_graph: Any, *, fmt: str = "text", line_length: int | None = None,
                   positions: Any = None, expand_nested: bool = False,
                   show_trainable: bool = False, layer_range: Any = None,
                   explain: bool = False, print_fn: Any = None,
                   fold_repeats: bool = False, show_macs: bool = False,
                   count: str | None = None, depth: int | None = None,
                   columns: Any = None) -> str:
    """Return what :func:`summary` prints, as one string (``print_fn`` is ignored).

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> model = Sequential([Input((4,)), layers.Dense(2)])
        >>> print(format_summary(model, fmt="markdown").splitlines()[-3])
        - Total params: 10 (40.00 B)
    """
    opts = summary_options(fmt, line_length, positions, expand_nested, show_trainable,
                    layer_range, explain, show_macs, count, depth, columns)
    graph = _graph(model_or_graph)
    if opts.show_macs:
        graph = _with_compute(graph)
    if fold_repeats:
        graph = fold_graph(graph)
    formatter = {"text": format_text, "rich": format_rich, "markdown": format_markdown,
                 "json": format_json, "tf_keras": format_tf_keras}[opts.fmt]
    with paused_gc():
        every = opts.fmt == "json"  # a script filters the rows itself (parent, depth)
        rows = summary_rows(graph, expand_nested=opts.expand_nested or every,
                            layer_range=opts.layer_range, depth=None if every else opts.depth)
        return "\n".join(formatter(graph, rows, summary_totals(graph), opts))



def _with_compute(graph: nx.DiGraph) -> nx.DiGraph:
    """A graph built by an importer of its own may lack the compute attributes."""
    from modelviz.compute import ensure_compute
    from modelviz.graph import DTYPE_BYTES

    return ensure_compute(graph, DTYPE_BYTES)


def _graph(model_or_graph: Any) -> nx.DiGraph:
    if isinstance(model_or_graph, nx.DiGraph):
        return model_or_graph
    if hasattr(model_or_graph, "to_graph"):
        from modelviz.graph import graph_of

        return graph_of(model_or_graph)
    raise LayerConfigError(f"summary needs a model or its graph, got "
                           f"{type(model_or_graph).__name__}")
