"""``plot_diff``: a diff's diagram -> DOT -> rendered file (svg, png, jpg, pdf, dot), or
its interactive page (``.html``, :mod:`modelviz.html.diff_page`).

Example:
    >>> import tempfile, pathlib
    >>> from modelviz import Input, Sequential, layers, diff
    >>> old = Sequential([Input((4,)), layers.Dense(2, name="a")])
    >>> new = Sequential([Input((4,)), layers.Dense(3, name="a")])
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "diff.svg"
    >>> plot_diff(diff(old, new), out, engine="graphviz-pure")
    >>> "units: 2 → 3" in out.read_text()
    True
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from modelviz.diagram.dot import RANKDIRS
from modelviz.diffing.dot import DiffDotOptions, diff_to_dot
from modelviz.errors import LayerConfigError, RenderError
from modelviz.render import format_from_path, render

__all__ = ["plot_diff"]


def plot_diff(model_diff: Any, to_file: str | os.PathLike[str], *, side_by_side: bool = False,
              show_shapes: bool = True, rankdir: str = "TB", dpi: int | None = 200,
              engine: str = "auto") -> None:
    """Draw the diff's overlay (or ``side_by_side``) diagram to ``to_file``.

    Raises:
        RenderError: unknown suffix, missing or failing Graphviz, unwritable file.
        LayerConfigError: a bad ``rankdir`` or ``dpi``.
    """
    if str(rankdir).upper() not in RANKDIRS:
        raise LayerConfigError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if Path(to_file).suffix.lower() in (".html", ".htm"):  # the interactive page
        from modelviz.html.diff_page import diff_page

        _write(Path(to_file), diff_page(model_diff, engine=engine, rankdir=rankdir).encode())
        return
    fmt = format_from_path(to_file)
    if str(rankdir).upper() not in RANKDIRS:
        raise LayerConfigError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if dpi is not None and (not isinstance(dpi, int) or dpi <= 0):
        raise LayerConfigError(f"dpi must be a positive whole number, got {dpi!r}")
    options = DiffDotOptions(side_by_side=side_by_side, show_shapes=show_shapes,
                             rankdir=str(rankdir).upper(), dpi=dpi)
    if fmt in ("svg", "pdf", "dot"):
        options = dataclasses.replace(options, dpi=None)
    _write(Path(to_file), render(diff_to_dot(model_diff, options), fmt, engine=engine))


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as err:
        raise RenderError(f"cannot write {path}: {err.strerror or err}; choose a writable "
                          "path with -o") from err
