"""The ``text`` format: tf.keras 2's ``print_summary`` layout (the classic table), and
``tf_keras``: the same table as tf_keras 2.13+ prints it (blank lines between rows,
``[(None, ...)]`` input shapes, totals without commas in ``Byte``/``KB``/...)."""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache
from operator import sub
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
from modelviz.tables.view import EXTRA_COLUMNS, column_header, column_width, percent_text

__all__ = ["format_text", "format_tf_keras", "tf_keras_memory_size"]

_BREAKS: Final = ("),", "},", "],", "',")
_BREAK_PATTERN: Final = re.compile(r"[)}\]'],")  # any of _BREAKS
_TF_KERAS_UNITS: Final = ("Byte", "KB", "MB", "GB", "TB", "PB")
_MAX_TAILS: Final = 4096  # the laid-out cells after the name kept per nesting level


def format_text(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                opts: SummaryOptions) -> list[str]:
    """tf.keras 2's ``print_summary`` layout (rows, then totals with memory sizes).

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> from modelviz.tables.rows import summary_options, summary_rows, summary_totals
        >>> G = Sequential([Input((4,)), layers.Dense(2, name="d")], name="tiny").to_graph()
        >>> opts = summary_options("text", None, None, False, False, None, False)
        >>> for line in format_text(G, summary_rows(G), summary_totals(G), opts)[2:5]:
        ...     print(line.rstrip())
         Layer (type)                Output Shape              Param #
        =================================================================
         d (Dense)                   (None, 2)                 10
    """
    return _classic(G, rows, totals, opts, tf_keras=False)


def format_tf_keras(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                    opts: SummaryOptions) -> list[str]:
    """tf_keras 2.13+'s ``print_summary``: a blank line after each row (none after the last
    row of a nested block or after an expanded model), ``[(None, ...)]`` for inputs, totals
    without commas in ``Byte``, ``KB``, ...

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> from modelviz.tables.rows import summary_options, summary_rows, summary_totals
        >>> G = Sequential([Input((4,)), layers.Dense(2, name="d")], name="tiny").to_graph()
        >>> opts = summary_options("tf_keras", None, None, False, False, None, False)
        >>> for line in format_tf_keras(G, summary_rows(G), summary_totals(G), opts)[4:9]:
        ...     print(line.rstrip())
         d (Dense)                   (None, 2)                 10
        <BLANKLINE>
        =================================================================
        Total params: 10 (40.00 Byte)
        Trainable params: 10 (40.00 Byte)
    """
    return _classic(G, rows, totals, opts, tf_keras=True)


def tf_keras_memory_size(size: float) -> str:
    """tf_keras's ``readable_memory_size``: bytes in steps of 1024, ``Byte`` for the first.

    Example:
        >>> tf_keras_memory_size(0), tf_keras_memory_size(1024 * 2 - 1)
        ('0.00 Byte', '2.00 KB')
    """
    for unit in _TF_KERAS_UNITS:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {_TF_KERAS_UNITS[-1]}"


def _classic(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
             opts: SummaryOptions, tf_keras: bool) -> list[str]:
    seq = G.graph["sequential_like"]
    length, positions, header = _text_layout(seq, opts)
    lines = [f'Model: "{clean_text(G.graph["name"])}"', "_" * length]
    lines += _wrap_row(header, positions, 0)
    lines.append("=" * length)
    lines += _body(rows, positions, length, totals.total, opts, seq, tf_keras)
    lines.append("=" * length)
    totals_text = _tf_keras_totals(totals) if tf_keras else total_lines(totals, "")
    return [*lines, *totals_text, *compute_lines(totals, "", opts), "_" * length]


def _tf_keras_totals(totals: Totals) -> list[str]:
    """tf_keras's three lines (no commas); modelviz's own lines after, as in ``text``."""
    size = tf_keras_memory_size
    return [f"Total params: {totals.total} ({size(totals.total_bytes)})",
            f"Trainable params: {totals.trainable} ({size(totals.trainable_bytes)})",
            f"Non-trainable params: {totals.non_trainable} ({size(totals.non_trainable_bytes)})",
            *total_lines(totals, "")[3:]]


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
    if opts.show_macs:  # 3 more for the column before, which stops being the last
        positions[-1] += 3
        length += 15
        positions.append(length)
        header.append(count_label(opts.count))
    for name in (c for c in opts.columns if c in EXTRA_COLUMNS):
        positions[-1] += 3
        length += column_width(name)
        positions.append(length)
        header.append(column_header(name))
    return length, [int(p) for p in positions], header


def _body(rows: list[Row], positions: list[int], length: int, total: int,
          opts: SummaryOptions, seq: bool, tf_keras: bool) -> list[str]:
    """Each row's line (or lines), its explanation and the rule after it; the column
    layouts and rules, the same for every row at one nesting level, are made once."""
    lines: list[str] = []
    layouts: dict[int, _Level] = {}
    rules: dict[tuple[int, int], list[str]] = {}
    separators = _tf_keras_separators if tf_keras else _text_separators
    last = len(rows) - 1
    for index, row in enumerate(rows):
        level = row.depth
        fields = _text_fields(row, seq, opts, tf_keras, total)
        if level not in layouts:  # every row has as many fields as the header
            layouts[level] = _Level(tuple(positions), len(fields), level)
        line = layouts[level].single_line(fields)
        if line is None:
            lines += _wrap_row(fields, positions, level)
        else:
            lines.append(line)
        if opts.explain and explanation_text(row, opts):
            lines += _explain_lines(row, length, explanation_text(row, opts))
        if tf_keras or index < last or level:
            following = rows[index + 1].depth if index < last else 0
            if (level, following) not in rules:
                rules[level, following] = separators(level, following, length)
            lines += rules[level, following]
    return lines


def _extra_fields(row: Row, total: int, opts: SummaryOptions) -> list[str]:
    """torchinfo's optional columns (``columns=``), after Keras's."""
    cells = {"input_size": lambda: shape_text(row, row.input_shapes),
             "params_percent": lambda: percent_text(row.params, total),
             "kernel_size": lambda: str(list(row.kernel_size)) if row.kernel_size else "--"}
    return [cells[name]() for name in opts.columns if name in EXTRA_COLUMNS]


def _text_fields(row: Row, seq: bool, opts: SummaryOptions, tf_keras: bool,
                 total: int) -> list[str]:
    shape = "multiple" if row.shapes_differ else shape_text(row)
    if tf_keras and row.class_name == "InputLayer" and shape.startswith("("):
        shape = f"[{shape}]"  # tf_keras's InputLayer.output_shape is a list of one shape
    fields = [clean_text(f"{row.name} ({row.class_name})"), shape, params_text(row.params, False)]
    if not seq:
        # Keras 2 lists connections in this model only, so inner layers show [].
        fields.append(clean_text(str(list(row.connected_to) if row.depth == 0 else [])))
    if opts.show_trainable:
        fields.append("Y" if row.trainable else "N")
    if opts.show_macs:
        fields.append(compute_text(row.macs, opts))
    if opts.columns:
        fields += _extra_fields(row, total, opts)
    return fields


def _wrap_row(fields: list[str], positions: list[int], level: int) -> list[str]:
    """tf.keras 2's ``print_row``: cut each cell to its column, breaking after ``),``."""
    cutoffs = _cutoffs(tuple(positions), len(fields), level)
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


class _Level:
    """The columns at one nesting level: each one's room for its text (tf.keras 2's cut)
    and, for a row that fits, each cell padded to its column's end (the first one after the
    row's opening ``|`` and space, the last one before its closing ``|``). The cells after
    the name (shape, count, ...) repeat from row to row: each set is laid out once."""

    def __init__(self, positions: tuple[int, ...], columns: int, level: int) -> None:
        last = len(positions) - 1
        widths = [positions[col] - (positions[col - 1] if col else level + 1)
                  - (level if col == last else 0) for col in range(columns)]
        self.cutoffs = _cutoffs(positions, columns, level)
        self.prefix, self.first = "|" * level + " ", widths[0]
        self.rest = "".join(f"{{:<{width}}}" if width > 0 else "{}"
                            for width in widths[1:]) + "|" * level
        self.tails: dict[tuple[str, ...], str | None] = {}

    def single_line(self, fields: list[str]) -> str | None:
        """The row as one line when every cell fits its column unbroken (most rows)."""
        name, rest = fields[0], tuple(fields[1:])
        if len(name) > self.cutoffs[0] or ("," in name and _BREAK_PATTERN.search(name)):
            return None
        if rest not in self.tails:
            if len(self.tails) >= _MAX_TAILS:  # rows that share nothing: memory stays flat
                self.tails.clear()
            self.tails[rest] = self._tail(rest)
        tail = self.tails[rest]
        if tail is None or not (name or any(rest)):
            return None
        return self.prefix + name.ljust(self.first) + tail

    def _tail(self, cells: tuple[str, ...]) -> str | None:
        """The cells after the name, padded; None if one is too long or has a break
        (``),``). A cell that fits leaves two spaces before the next, so a break found in
        the line is one inside a cell."""
        if max(map(sub, map(len, cells), self.cutoffs[1:]), default=0) > 0:
            return None
        tail = self.rest.format(*cells)
        return None if "," in tail and _BREAK_PATTERN.search(tail) else tail


@lru_cache(maxsize=256)
def _cutoffs(positions: tuple[int, ...], columns: int, level: int) -> list[int]:
    """Each column's width at nesting ``level``: the same for most rows, so made once."""
    return [_cutoff(positions, col, level) for col in range(columns)]


def _cutoff(positions: tuple[int, ...], col: int, level: int) -> int:
    start = positions[col - 1] if col else 0
    last = col == len(positions) - 1
    cutoff = positions[col] - start - (0 if last else 3) - (level if col == 0 else 0)
    if cutoff < 1:
        raise LayerConfigError(f"summary: line_length/positions {positions} leave column "
                               f"{col + 1} no room; use a larger line_length")
    return cutoff


def _explain_lines(row: Row, length: int, text: str) -> list[str]:
    level = row.depth
    width = max(length - 2 * level - 5, 10)
    wrapped = textwrap.wrap(clean_text(text), width) or [""]
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


def _tf_keras_separators(depth: int, following: int, length: int) -> list[str]:
    """tf_keras's ``print_layer``: ``|¯¯¯`` opens a nested block; a layer that is not the
    last of its block (top-level layers never are) is followed by a blank line; an expanded
    model is not (tf_keras reuses its ``is_nested_last`` variable for the inner loop)."""
    if following > depth:
        return ["|" * following + "¯" * (length - 2 * following) + "|" * following]
    lines = []
    if depth == 0 or following == depth:
        lines.append("|" * depth + " " * (length - 2 * depth) + "|" * depth)
    for level in range(depth - 1, following - 1, -1):
        lines.append("|" * level + "¯" * (length - 2 * level) + "|" * level)
    return lines
