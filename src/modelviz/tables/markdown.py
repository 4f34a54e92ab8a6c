"""The ``markdown`` format: a GitHub table with Keras 3's columns, then the totals."""

from __future__ import annotations

import networkx as nx

from modelviz.tables.rich import row_cells, table_columns
from modelviz.tables.rows import Row, SummaryOptions, Totals, compute_lines, total_lines

__all__ = ["format_markdown"]


def format_markdown(G: nx.DiGraph, rows: list[Row], totals: Totals,  # noqa: N803
                    opts: SummaryOptions) -> list[str]:
    """A GitHub table with Keras 3's columns, then the totals as a list.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> from modelviz.tables.rows import summary_options, summary_rows, summary_totals
        >>> G = Sequential([Input((4,)), layers.Dense(2, name="d")], name="tiny").to_graph()
        >>> opts = summary_options("markdown", None, None, False, False, None, False)
        >>> print("\\n".join(format_markdown(G, summary_rows(G), summary_totals(G), opts)))
        **Model: "tiny"**
        <BLANKLINE>
        | Layer (type) | Output Shape | Param # |
        |:--|:--|--:|
        | d (Dense) | (None, 2) | 10 |
        <BLANKLINE>
        - Total params: 10 (40.00 B)
        - Trainable params: 10 (40.00 B)
        - Non-trainable params: 0 (0.00 B)
    """
    seq = G.graph["sequential_like"]
    header, justify = table_columns(seq, opts)
    marks = {"left": ":--", "right": "--:", "center": ":-:"}
    lines = [f'**Model: "{_markdown(G.graph["name"])}"**', "",
             "| " + " | ".join(header) + " |",
             "|" + "|".join(marks[how] for how in justify) + "|"]
    for row in rows:
        cells = [_markdown(cell.lstrip()) for cell in row_cells(row, seq, opts)]
        lines.append("| " + "&emsp;" * row.depth + " | ".join(cells) + " |")
    totals_text = [*total_lines(totals, ""), *compute_lines(totals, "", opts)]
    return [*lines, "", *(f"- {_markdown(line)}" for line in totals_text)]


def _markdown(text: str) -> str:
    """Escape what GitHub would read as HTML or as a column break."""
    text = text.replace("\\", "\\\\").replace("&", "&amp;")
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
