"""Model summaries: graph -> rows -> text (tf.keras 2), rich (Keras 3), markdown or JSON.

``summary_rows(G)`` and ``summary_totals(G)`` turn a model graph (see
:mod:`modelviz.graph`) into frozen dataclasses of raw numbers and tuples; one short
function per format turns those into lines. Widths come only from the arguments,
never from the terminal.

Formats:
    ``text``: tf.keras 2's ``print_summary`` (tf_keras 2.21: columns cut and wrapped
    at ``),`` like Keras, ``_`` rules between rows (the classic layout), ``|¯¯¯`` blocks for nested
    models), with Keras 3's memory sizes after the counts.
    ``rich``: Keras 3's box-drawing table, drawn by hand as ``rich`` would.
    ``markdown``: a GitHub table with the same columns and a list of totals.
    ``json``: ``json.dumps(..., indent=2, ensure_ascii=False)`` of::

        {"name": str, "class_name": str, "total_params": int,
         "trainable_params": int, "non_trainable_params": int,
         "unknown_params": [layer names whose count is unknown],
         "layers": [{"name": str, "class_name": str,
                     "output_shapes": [[null, 30, 30, 32], ...],
                     "params": int | null, "trainable_params": int | null,
                     "non_trainable_params": int | null, "trainable": bool,
                     "inbound": [layer names], "explanation": str,
                     "parent": null | str}]}

    one entry per row shown (``expand_nested`` adds inner layers, with ``parent``).

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

import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from modelviz.errors import LayerConfigError
from modelviz.fold import fold_graph
from modelviz.gcpause import paused_gc
from modelviz.layers.base import format_shape

__all__ = ["FORMATS", "Row", "SummaryOptions", "Totals", "format_summary", "summary",
           "summary_rows", "summary_totals"]

FORMATS: Final = ("text", "rich", "markdown", "json")
_UNITS: Final = ("B", "KB", "MB", "GB", "TB", "PB")
_BREAKS: Final = ("),", "},", "],", "',")
_BREAK_PATTERN: Final = re.compile(r"[)}\]'],")  # any of _BREAKS
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


def summary(model_or_graph: Any, *, fmt: str = "text", line_length: int | None = None,
            positions: Any = None, print_fn: Callable[[str], Any] | None = None,
            expand_nested: bool = False, show_trainable: bool = False,
            layer_range: Any = None, explain: bool = False,
            fold_repeats: bool = False) -> None:
    """Print a model summary one line at a time, like Keras's ``model.summary()``.

    Args:
        model_or_graph: a model (anything with ``to_graph()``) or its graph.
        fmt: one of ``FORMATS``.
        line_length, positions, expand_nested, show_trainable, layer_range: as Keras.
        print_fn: called with each whole line; defaults to ``print``.
        explain: show how each layer's parameter count is made.
        fold_repeats: one row per run of repeated blocks (:func:`modelviz.fold.fold_graph`).

    Raises:
        LayerConfigError: unknown ``fmt``, a bad ``layer_range`` or too narrow a line.
    """
    text = format_summary(model_or_graph, fmt=fmt, line_length=line_length,
                          positions=positions, expand_nested=expand_nested,
                          show_trainable=show_trainable, layer_range=layer_range,
                          explain=explain, fold_repeats=fold_repeats)
    emit = print_fn or print
    for line in text.split("\n"):
        emit(line)


def format_summary(model_or_graph: Any, *, fmt: str = "text", line_length: int | None = None,
                   positions: Any = None, expand_nested: bool = False,
                   show_trainable: bool = False, layer_range: Any = None,
                   explain: bool = False, print_fn: Any = None,
                   fold_repeats: bool = False) -> str:
    """Return what :func:`summary` prints, as one string (``print_fn`` is ignored).

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> model = Sequential([Input((4,)), layers.Dense(2)])
        >>> print(format_summary(model, fmt="markdown").splitlines()[-3])
        - Total params: 10 (40.00 B)
    """
    opts = _options(fmt, line_length, positions, expand_nested, show_trainable,
                    layer_range, explain)
    graph = _graph(model_or_graph)
    if fold_repeats:
        graph = fold_graph(graph)
    formatter = {"text": format_text, "rich": format_rich, "markdown": format_markdown,
                 "json": format_json}[opts.fmt]
    with paused_gc():
        rows = summary_rows(graph, expand_nested=opts.expand_nested,
                            layer_range=opts.layer_range)
        return "\n".join(formatter(graph, rows, summary_totals(graph), opts))


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
                  tuple(g.get("unknown_params", ())))


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


# -- rows -----------------------------------------------------------------------------
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


# -- options --------------------------------------------------------------------------
def _options(fmt: str, line_length: Any, positions: Any, expand_nested: bool,
             show_trainable: bool, layer_range: Any, explain: bool) -> SummaryOptions:
    if fmt not in FORMATS:
        raise LayerConfigError(f"summary: unknown fmt={fmt!r}; use one of {', '.join(FORMATS)}")
    if layer_range is not None and (len(layer_range) != 2
                                    or not all(isinstance(n, str) for n in layer_range)):
        raise LayerConfigError(f"layer_range must be two layer names, got {layer_range!r}")
    return SummaryOptions(fmt, line_length, None if positions is None else tuple(positions),
                          bool(expand_nested), bool(show_trainable),
                          None if layer_range is None else tuple(layer_range), bool(explain))


def _graph(model_or_graph: Any) -> nx.DiGraph:
    if isinstance(model_or_graph, nx.DiGraph):
        return model_or_graph
    if hasattr(model_or_graph, "to_graph"):
        return model_or_graph.to_graph()
    raise LayerConfigError(f"summary needs a model or its graph, got "
                           f"{type(model_or_graph).__name__}")


def _clean(text: str) -> str:
    """Control characters in names would break every layout."""
    return text.translate(_CONTROL)


def _shape_text(row: Row) -> str:
    if not row.output_shapes:
        return "?"
    if len(row.output_shapes) == 1:
        return format_shape(row.output_shapes[0])
    return format_shape(list(row.output_shapes))


def _params_text(params: int | None, commas: bool) -> str:
    if params is None:
        return "?"
    return f"{params:,}" if commas else str(params)


def _total_lines(totals: Totals, prefix: str) -> list[str]:
    lines = [f"{prefix}Total params: {totals.total:,} ({readable_memory_size(totals.total_bytes)})",
             f"{prefix}Trainable params: {totals.trainable:,} "
             f"({readable_memory_size(totals.trainable_bytes)})",
             f"{prefix}Non-trainable params: {totals.non_trainable:,} "
             f"({readable_memory_size(totals.non_trainable_bytes)})"]
    if totals.unknown:
        lines.append(f"{prefix}Unknown params: {len(totals.unknown)} layer(s) "
                     f"({_clean(', '.join(totals.unknown))}) not counted")
    return lines


# -- text: tf.keras 2 -----------------------------------------------------------------
def format_text(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                opts: SummaryOptions) -> list[str]:
    """tf.keras 2's ``print_summary`` layout (rows, then totals with memory sizes)."""
    seq = G.graph["sequential_like"]
    length, positions, header = _text_layout(seq, opts)
    lines = [f'Model: "{_clean(G.graph["name"])}"', "_" * length]
    lines += _wrap_row(header, positions, 0)
    lines.append("=" * length)
    for index, row in enumerate(rows):
        following = rows[index + 1].depth if index + 1 < len(rows) else 0
        lines += _wrap_row(_text_fields(row, seq, opts), positions, row.depth)
        if opts.explain and row.explanation:
            lines += _explain_lines(row, length)
        if index + 1 < len(rows) or row.depth:
            lines += _text_separators(row.depth, following, length)
    lines.append("=" * length)
    return [*lines, *_total_lines(totals, ""), "_" * length]


def _text_layout(seq: bool, opts: SummaryOptions) -> tuple[int, list[int], list[str]]:
    header = ["Layer (type)", "Output Shape", "Param #"]
    if seq:
        length, positions = opts.line_length or 65, list(opts.positions or (0.45, 0.85, 1.0))
    else:
        length, positions = opts.line_length or 98, list(opts.positions or (0.3, 0.6, 0.7, 1.0))
        header.append("Connected to")
    if positions[-1] <= 1:
        positions = [int(length * p) for p in positions]
    if opts.show_trainable:
        length += 11
        positions.append(length)
        header.append("Trainable")
    return length, [int(p) for p in positions], header


def _text_fields(row: Row, seq: bool, opts: SummaryOptions) -> list[str]:
    shape = "multiple" if row.shapes_differ else _shape_text(row)
    fields = [_clean(f"{row.name} ({row.class_name})"), shape, _params_text(row.params, False)]
    if not seq:
        # Keras 2 lists connections in this model only, so inner layers show [].
        fields.append(_clean(str(list(row.connected_to) if row.depth == 0 else [])))
    if opts.show_trainable:
        fields.append("Y" if row.trainable else "N")
    return fields


def _wrap_row(fields: list[str], positions: list[int], level: int) -> list[str]:
    """tf.keras 2's ``print_row``: cut each cell to its column, breaking after ``),``."""
    cutoffs = [_cutoff(positions, col, level) for col in range(len(fields))]
    single = _single_line(fields, positions, cutoffs, level)
    if single is not None:
        return [single]
    left = list(fields)
    last = len(positions) - 1
    lines = []
    while any(left):
        line = ""
        for col, text in enumerate(left):
            cutoff = cutoffs[col]
            piece = text[:cutoff]
            found = _BREAK_PATTERN.search(piece) if piece else None  # the first of _BREAKS
            if found:
                cutoff = found.end()
                piece = piece[:cutoff]
            line += ("|" * level + " " if col == 0 else "") + piece + ("" if col == last else "  ")
            left[col] = text[cutoff:]
            line += " " * (positions[col] - len(line) - (level if col == last else 0))
        lines.append(line + "|" * level)
    return lines


def _single_line(fields: list[str], positions: list[int], cutoffs: list[int],
                 level: int) -> str | None:
    """The row as one line when every cell fits its column unbroken (most rows), else None."""
    if not any(fields):
        return None
    line = "|" * level + " "
    last = len(positions) - 1
    for col, text in enumerate(fields):
        if len(text) > cutoffs[col] or _BREAK_PATTERN.search(text):
            return None
        line += text if col == last else text + "  "
        line += " " * (positions[col] - len(line) - (level if col == last else 0))
    return line + "|" * level


def _cutoff(positions: list[int], col: int, level: int) -> int:
    start = positions[col - 1] if col else 0
    last = col == len(positions) - 1
    cutoff = positions[col] - start - (0 if last else 3) - (level if col == 0 else 0)
    if cutoff < 1:
        raise LayerConfigError(f"summary: line_length/positions {positions} leave column "
                               f"{col + 1} no room; use a larger line_length")
    return cutoff


def _explain_lines(row: Row, length: int) -> list[str]:
    level = row.depth
    width = max(length - 2 * level - 5, 10)
    wrapped = textwrap.wrap(_clean(row.explanation), width) or [""]
    lines = [("   = " if i == 0 else "     ") + part for i, part in enumerate(wrapped)]
    if not level:
        return lines
    return ["|" * level + line.ljust(length - 2 * level) + "|" * level for line in lines]


def _text_separators(depth: int, following: int, length: int) -> list[str]:
    """A ``_`` rule between top-level rows (as in the classic Keras layout), a blank line
    between nested rows, ``|¯¯¯`` to open a nested block, ``¯¯¯`` to close one."""
    if following > depth:
        return ["|" * following + "¯" * (length - 2 * following) + "|" * following]
    if depth == 0:
        return ["_" * length]
    lines = []
    if following == depth:
        lines.append("|" * depth + " " * (length - 2 * depth) + "|" * depth)
    for level in range(depth - 1, following - 1, -1):
        lines.append("|" * level + "¯" * (length - 2 * level) + "|" * level)
    return lines


# -- rich: Keras 3 --------------------------------------------------------------------
_BOX: Final = {"top": "┏━┳┓", "head": "┡━╇┩", "mid": "├─┼┤", "bottom": "└─┴┘"}


def format_rich(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                opts: SummaryOptions) -> list[str]:
    """Keras 3's table, as ``rich`` draws it with ``show_lines=True``."""
    seq = G.graph["sequential_like"]
    header, justify, widths = _rich_layout(seq, opts)
    lines = [f'Model: "{_clean(G.graph["name"])}"', _rich_rule(widths, _BOX["top"])]
    lines += _rich_cells(header, widths, justify, "┃")
    lines.append(_rich_rule(widths, _BOX["head"]))
    for index, row in enumerate(rows):
        if index:
            lines.append(_rich_rule(widths, _BOX["mid"]))
        lines += _rich_cells(_cells(row, seq, opts), widths, justify, "│")
    lines.append(_rich_rule(widths, _BOX["bottom"]))
    return [*lines, *_total_lines(totals, " ")]


def _columns(seq: bool, opts: SummaryOptions) -> tuple[list[str], list[str]]:
    header, justify = ["Layer (type)", "Output Shape", "Param #"], ["left", "left", "right"]
    if not seq:
        header.append("Connected to")
        justify.append("left")
    if opts.show_trainable:
        header.append("Trainable")
        justify.append("center")
    if opts.explain:
        header.append("Explanation")
        justify.append("left")
    return header, justify


def _rich_layout(seq: bool, opts: SummaryOptions) -> tuple[list[str], list[str], list[int]]:
    """Keras 3's column widths, then rich's shrinking of them to fit ``line_length``."""
    header, justify = _columns(seq, opts)
    length = 88 if seq else 108
    positions = list(opts.positions or ((0.45, 0.8, 1.0) if seq else (0.3, 0.56, 0.74, 1.0)))
    if opts.show_trainable:
        length, positions = length + 12, [p * 0.9 for p in positions] + [1.0]
    if opts.explain:
        length, positions = length + 48, [p * 0.7 for p in positions] + [1.0]
    length = opts.line_length or length
    widths, current = [], 0
    for position in positions:
        width = int(position * length) - current
        if width < 4:
            raise LayerConfigError(f"summary: line_length={length} is too narrow for "
                                   f"{len(positions)} columns; use a larger line_length")
        widths.append(width + 2)  # rich adds one space of padding on each side
        current += width
    return header, justify, _rich_fit(widths, length - len(widths) - 1)


def _rich_fit(widths: list[int], max_width: int) -> list[int]:
    """rich's ``ratio_reduce`` of fixed-width columns that overflow the table."""
    excess = sum(widths) - max_width
    if excess <= 0:
        return widths
    result, ratio = [], len(widths)
    for width in widths:
        cut = min(width, round(excess / ratio))
        result.append(width - cut)
        excess, ratio = excess - cut, ratio - 1
    return result


def _cells(row: Row, seq: bool, opts: SummaryOptions) -> list[str]:
    prefix = "   " * row.depth + "└ " if row.depth else ""
    cells = [_clean(f"{prefix}{row.name} ({row.class_name})"), _shape_text(row),
             _params_text(row.params, True)]
    if not seq:
        cells.append(_clean(", ".join(row.connected_to)) if row.depth == 0
                     and row.connected_to else "-")
    if opts.show_trainable:
        cells.append(("Y" if row.trainable else "N") if row.has_weights else "-")
    if opts.explain:
        cells.append(_clean(row.explanation))
    return cells


def _rich_rule(widths: list[int], box: str) -> str:
    return box[0] + box[2].join(box[1] * width for width in widths) + box[3]


def _rich_cells(cells: list[str], widths: list[int], justify: list[str], bar: str) -> list[str]:
    columns = [_rich_wrap(cell, width - 2, how)
               for cell, width, how in zip(cells, widths, justify, strict=True)]
    height = max(len(column) for column in columns)
    lines = []
    for index in range(height):
        parts = [column[index] if index < len(column) else " " * (width - 2)
                 for column, width in zip(columns, widths, strict=True)]
        lines.append(bar + bar.join(f" {part} " for part in parts) + bar)
    return lines


def _rich_wrap(text: str, width: int, how: str) -> list[str]:
    """rich's word wrap: break before words that do not fit, cut long words with '…'."""
    pieces, start, offset = [], 0, 0
    for match in re.finditer(r"\s*\S+\s*", text):
        word, length = match.group(0), len(match.group(0).rstrip())
        if offset + length <= width:
            offset += len(word)
        elif length > width or (offset and match.start()):
            if match.start():
                pieces.append(text[start:match.start()])
                start = match.start()
            offset = len(word)
    pieces.append(text[start:])
    return [_justify(piece.rstrip(), width, how) for piece in pieces]


def _justify(text: str, width: int, how: str) -> str:
    if len(text) > width:
        text = text[:width - 1] + "…"
    if how == "right":
        return text.rjust(width)
    if how == "center":
        left = (width - len(text)) // 2
        return " " * left + text + " " * (width - len(text) - left)
    return text.ljust(width)


# -- markdown and JSON ----------------------------------------------------------------
def format_markdown(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                    opts: SummaryOptions) -> list[str]:
    """A GitHub table with Keras 3's columns, then the totals as a list."""
    seq = G.graph["sequential_like"]
    header, justify = _columns(seq, opts)
    marks = {"left": ":--", "right": "--:", "center": ":-:"}
    lines = [f'**Model: "{_markdown(G.graph["name"])}"**', "",
             "| " + " | ".join(header) + " |",
             "|" + "|".join(marks[how] for how in justify) + "|"]
    for row in rows:
        cells = [_markdown(cell.lstrip()) for cell in _cells(row, seq, opts)]
        lines.append("| " + "&emsp;" * row.depth + " | ".join(cells) + " |")
    return [*lines, "", *(f"- {_markdown(line)}" for line in _total_lines(totals, ""))]


def _markdown(text: str) -> str:
    """Escape what GitHub would read as HTML or as a column break."""
    text = text.replace("\\", "\\\\").replace("&", "&amp;")
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def format_json(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                opts: SummaryOptions) -> list[str]:
    """The documented JSON schema (module docstring), indented, key order fixed."""
    data = {"name": G.graph["name"], "class_name": G.graph["class_name"],
            "total_params": totals.total, "trainable_params": totals.trainable,
            "non_trainable_params": totals.non_trainable, "unknown_params": list(totals.unknown),
            "layers": [_json_layer(row) for row in rows]}
    return json.dumps(data, indent=2, ensure_ascii=False).split("\n")


def _json_layer(row: Row) -> dict[str, Any]:
    return {"name": row.name, "class_name": row.class_name,
            "output_shapes": [list(shape) for shape in row.output_shapes],
            "params": row.params, "trainable_params": row.trainable_params,
            "non_trainable_params": row.non_trainable_params, "trainable": row.trainable,
            "inbound": list(row.inbound), "explanation": row.explanation,
            "parent": row.parent}
