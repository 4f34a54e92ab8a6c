"""Diagrams that never go stale: check a drawing against the model file it records.

Every diagram ``modelviz plot`` (or :func:`modelviz.drawings.plot_file`) and
``modelviz diff -o`` write carries a provenance record (:mod:`modelviz.provenance`).
``check_files(paths)`` reads those records, rebuilds each diagram's DOT text from the
model file(s) as they are now and reports the files whose drawing would change;
``update=True`` redraws them. Comparing the DOT text (not the rendered bytes) makes the
check independent of which Graphviz engine drew the file.

A record is data from a file anyone can edit, so it is trusted for nothing: its model
file must be a relative path that stays, after symlinks, inside the project holding the
diagram (its git root, else the current directory; :mod:`modelviz.confine`), and
``update`` writes the checked file itself and only it, atomically, never through a
symlink that leaves the project. A ``.py`` model file inside the project is run (like
``python model.py``), as ``modelviz plot`` runs it.

Example:
    >>> import pathlib, tempfile
    >>> from modelviz.drawings import plot_file
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / ".git").mkdir()
    >>> _ = (folder / "net.py").write_text(
    ...     "from modelviz import Sequential, Input, layers\\n"
    ...     "model = Sequential([Input((4,)), layers.Dense(2)])\\n")
    >>> plot_file(folder / "net.py", folder / "net.dot", show_shapes=True)
    >>> [result.status for result in check_files([folder / "net.dot"])]
    ['current']
    >>> _ = (folder / "net.py").write_text(
    ...     "from modelviz import Sequential, Input, layers\\n"
    ...     "model = Sequential([Input((4,)), layers.Dense(3)])\\n")
    >>> [result.status for result in check_files([folder / "net.dot"])]
    ['stale']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelviz.confine import is_inside, project_root, resolve_inside
from modelviz.drawings import plot_file, record_digest, record_options, redraw
from modelviz.errors import ModelvizError, RenderError
from modelviz.limits import MAX_DIAGRAM_BYTES
from modelviz.provenance import STAMPED_FORMATS, read_record, stamp_format

__all__ = ["CheckResult", "check_files", "plot_file"]


@dataclass(frozen=True)
class CheckResult:
    """One checked file: ``status`` is ``current``, ``stale`` or ``updated``."""

    path: Path
    status: str
    source: Path


def check_files(paths: list[str | os.PathLike[str]], *, update: bool = False) -> list[CheckResult]:
    """Check each diagram against its model file(s); with ``update``, redraw the stale ones.

    Raises:
        ModelvizError: a file is missing, carries no modelviz record, names a model file
            outside the project, or its model file cannot be read.
    """
    results = []
    for path in map(Path, paths):
        root = project_root(path)
        record = _read(path)
        sources = _sources(record, path, root)
        current = record_digest(record, sources) == record.get("dot_sha256")
        if not current and update:
            _update(path, record, sources, root)
        status = "current" if current else "updated" if update else "stale"
        results.append(CheckResult(path, status, sources[0]))
    return results


def _read(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_DIAGRAM_BYTES:
            raise RenderError(f"{path}: larger than {MAX_DIAGRAM_BYTES >> 20} MiB "
                              "(MAX_DIAGRAM_BYTES), not a diagram modelviz wrote")
        data = path.read_bytes()
    except OSError as err:
        raise RenderError(f"{path}: cannot read: {err.strerror or err}") from err
    fmt = stamp_format(path)
    record = read_record(data, fmt) if fmt in STAMPED_FORMATS else None
    if record is None or not isinstance(record.get("options"), dict) or not (
            "source" in record or "sources" in record):
        raise RenderError(f"{path}: no modelviz record in this file; only diagrams written by "
                          "`modelviz plot` or `modelviz diff -o` can be checked")
    try:
        record_options(record)
    except ModelvizError as err:
        raise ModelvizError(f"{path}: {err}") from err
    return record


def _sources(record: dict[str, Any], path: Path, root: Path) -> list[Path]:
    """The record's model file(s), each confined to the project; missing ones refused."""
    if record.get("kind") == "diff":
        names = record.get("sources")
        if not isinstance(names, list) or len(names) != 2:
            raise ModelvizError(f"{path}: the diff record must name two model files")
    else:
        names = [record.get("source")]
    found = []
    for name in names:
        try:
            source = resolve_inside(name, path.absolute().parent, root)
        except ModelvizError as err:
            raise ModelvizError(f"{path}: {err}") from err
        if not source.exists():
            raise ModelvizError(f"{path}: model file not found: {name}; restore it or redraw "
                                "the diagram from where the model lives now")
        found.append(source)
    return found


def _update(path: Path, record: dict[str, Any], sources: list[Path], root: Path) -> None:
    """Redraw ``path`` in place: into a temporary file beside it, then one atomic replace."""
    target = Path(os.path.realpath(path))
    if not is_inside(target, root):
        raise ModelvizError(f"{path}: refusing to update: it is a symlink to {target}, outside "
                            f"the project ({root})")
    folder = Path(tempfile.mkdtemp(prefix=".modelviz-", dir=target.parent))
    try:
        drawn = folder / target.name
        redraw(record, sources, drawn, path)
        if not drawn.is_file():
            raise RenderError(f"{path}: the new drawing came out as several pages; redraw it "
                              "with `modelviz plot` and a larger --max-height")
        os.replace(drawn, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

