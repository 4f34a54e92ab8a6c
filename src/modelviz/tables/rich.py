"""The ``rich`` format: Keras 3's box-drawing table, drawn by hand as ``rich`` would."""

from __future__ import annotations

import re
from typing import Final

import networkx as nx

from modelviz.compute import count_label
from modelviz.errors import LayerConfigError
from modelviz.tables.rows import (
    Row,
    SummaryOptions,
    Totals,
    clean_text,
    compute_lines,
    compute_text,
    explanation_text,
    params_text,
    shape_text,
    total_lines,
)

__all__ = ["format_rich", "row_cells", "table_columns", "terminal_line_length"]

_BOX: Final = {"top": "┏━┳┓", "head": "┡━╇┩", "mid": "├─┼┤", "bottom": "└─┴┘"}


def format_rich(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                opts: SummaryOptions) -> list[str]:
    """Keras 3's table, as ``rich`` draws it with ``show_lines=True``.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> from modelviz.tables.rows import summary_options, summary_rows, summary_totals
        >>> G = Sequential([Input((4,)), layers.Dense(2, name="d")], name="tiny").to_graph()
        >>> opts = summary_options("rich", None, None, False, False, None, False)
        >>> for line in format_rich(G, summary_rows(G), summary_totals(G), opts)[2:5]:
        ...     print(line)
        ┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
        ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
        │ d (Dense)                            │ (None, 2)                   │              10 │
    """
    seq = G.graph["sequential_like"]
    header, justify, widths = _rich_layout(seq, opts)
    lines = [f'Model: "{clean_text(G.graph["name"])}"', _rich_rule(widths, _BOX["top"])]
    lines += _rich_cells(header, widths, justify, "┃")
    lines.append(_rich_rule(widths, _BOX["head"]))
    for index, row in enumerate(rows):
        if index:
            lines.append(_rich_rule(widths, _BOX["mid"]))
        lines += _rich_cells(row_cells(row, seq, opts), widths, justify, "│")
    lines.append(_rich_rule(widths, _BOX["bottom"]))
    return [*lines, *total_lines(totals, " "), *compute_lines(totals, " ", opts)]


def table_columns(seq: bool, opts: SummaryOptions) -> tuple[list[str], list[str]]:
    """The column headers and their justification, Keras 3's columns first.

    Example:
        >>> from modelviz.tables.rows import summary_options
        >>> opts = summary_options("rich", None, None, False, True, None, False)
        >>> table_columns(False, opts)  # doctest: +NORMALIZE_WHITESPACE
        (['Layer (type)', 'Output Shape', 'Param #', 'Connected to', 'Trainable'],
         ['left', 'left', 'right', 'left', 'center'])
    """
    header, justify = ["Layer (type)", "Output Shape", "Param #"], ["left", "left", "right"]
    if not seq:
        header.append("Connected to")
        justify.append("left")
    if opts.show_trainable:
        header.append("Trainable")
        justify.append("center")
    if opts.show_macs:
        header.append(count_label(opts.count))
        justify.append("right")
    if opts.explain:
        header.append("Explanation")
        justify.append("left")
    return header, justify


def terminal_line_length(seq: bool, show_trainable: bool = False, explain: bool = False,
                         columns: int | None = None) -> int:
    """Keras 3's default width: its designed width, but at most the terminal's width - 4.

    ``columns`` defaults to ``shutil.get_terminal_size().columns`` as Keras reads it: the
    ``COLUMNS`` environment variable, else the terminal's size, else 80 when output is not
    a terminal (a pipe or a file), which makes 76.

    Example:
        >>> terminal_line_length(True, columns=80), terminal_line_length(False, columns=200)
        (76, 108)
    """
    if columns is None:
        import shutil

        columns = shutil.get_terminal_size().columns
    length = (88 if seq else 108) + (12 if show_trainable else 0) + (48 if explain else 0)
    return max(1, min(length, columns - 4))


def _rich_layout(seq: bool, opts: SummaryOptions) -> tuple[list[str], list[str], list[int]]:
    """Keras 3's column widths, then rich's shrinking of them to fit ``line_length``."""
    header, justify = table_columns(seq, opts)
    length = 88 if seq else 108
    positions = list(opts.positions or ((0.45, 0.8, 1.0) if seq else (0.3, 0.56, 0.74, 1.0)))
    if opts.show_trainable:
        length, positions = length + 12, [p * 0.9 for p in positions] + [1.0]
    if opts.show_macs:  # 14 more characters, all for the new column
        positions = [p * length / (length + 14) for p in positions] + [1.0]
        length += 14
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


def row_cells(row: Row, seq: bool, opts: SummaryOptions) -> list[str]:
    """One row's cell texts, in :func:`table_columns`'s order.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> from modelviz.tables.rows import summary_options, summary_rows
        >>> G = Sequential([Input((4,)), layers.Dense(2, name="d")]).to_graph()
        >>> [row] = summary_rows(G)
        >>> row_cells(row, True, summary_options("rich", None, None, False, True, None, False))
        ['d (Dense)', '(None, 2)', '10', 'Y']
    """
    prefix = "   " * row.depth + "└ " if row.depth else ""
    shape = shape_text(row).replace(",)", ")")  # Keras 3 writes a 1-D shape as (None)
    cells = [clean_text(f"{prefix}{row.name} ({row.class_name})"), shape,
             params_text(row.params, True) if row.built else "0 (unbuilt)"]
    if not seq:
        cells.append(clean_text(", ".join(row.connected_to)) if row.depth == 0
                     and row.connected_to else "-")
    if opts.show_trainable:
        cells.append(("Y" if row.trainable else "N") if row.has_weights else "-")
    if opts.show_macs:
        cells.append(compute_text(row.macs, opts))
    if opts.explain:
        cells.append(clean_text(explanation_text(row, opts)))
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
    if len(text) <= width:  # every word fits: one piece (most cells)
        return [_justify(text.rstrip(), width, how)]
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

