"""Diagrams that never go stale: draw a model file with a provenance record, check it later.

``plot_file(source, to_file, **options)`` draws the model in ``source`` like
``plot_model`` and writes into the output where it came from (see
:mod:`modelviz.provenance`). ``check_files(paths)`` reads those records, rebuilds each
diagram's DOT text from the model file as it is now and reports the files whose
drawing would change; ``update=True`` redraws them. Comparing the DOT text (not the
rendered bytes) makes the check independent of which Graphviz engine drew the file.

Example:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
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

import hashlib
import inspect
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from modelviz.errors import ModelvizError, RenderError
from modelviz.provenance import STAMPED_FORMATS, read_record, stamp

__all__ = ["CheckResult", "check_files", "plot_file"]

_NOT_DOT: Final = ("engine", "max_height", "timeout")


@dataclass(frozen=True)
class CheckResult:
    """One checked file: ``status`` is ``current``, ``stale`` or ``updated``."""

    path: Path
    status: str
    source: Path


def plot_file(source: str | os.PathLike[str], to_file: str | os.PathLike[str],
              **options: Any) -> None:
    """Draw the model file ``source`` to ``to_file`` with ``plot_model``'s ``options``,
    recording the source, the options and hashes in the output (PDF records nothing).

    Raises:
        ModelvizError: the model cannot be read or drawn.
    """
    from modelviz.plot import plot_model

    source, to_file = Path(source), Path(to_file)
    model = _load(source)
    plot_model(model, to_file=to_file, **options)
    fmt = _format(to_file)
    if fmt not in STAMPED_FORMATS:
        return
    record = _record(source, to_file, options, _dot_digest(model, options))
    for path in _written(to_file):
        path.write_bytes(stamp(path.read_bytes(), fmt, record))


def check_files(paths: list[str | os.PathLike[str]], *, update: bool = False) -> list[CheckResult]:
    """Check each diagram against its model file; with ``update``, redraw the stale ones.

    Raises:
        ModelvizError: a file is missing, carries no modelviz record, or its model file
            cannot be read.
    """
    results = []
    for path in map(Path, paths):
        record, source = _read(path)
        current = _dot_digest(_load(source), record["options"]) == record.get("dot_sha256")
        if not current and update:
            plot_file(source, path.with_name(record.get("output", path.name)), **record["options"])
        status = "current" if current else "updated" if update else "stale"
        results.append(CheckResult(path, status, source))
    return results


def _read(path: Path) -> tuple[dict[str, Any], Path]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise RenderError(f"{path}: cannot read: {err.strerror or err}") from err
    fmt = _format(path)
    record = read_record(data, fmt) if fmt in STAMPED_FORMATS else None
    if record is None or not isinstance(record.get("options"), dict) or "source" not in record:
        raise RenderError(f"{path}: no modelviz record in this file; only diagrams written by "
                          "`modelviz plot` or modelviz.check.plot_file can be checked")
    return record, path.parent / str(record["source"])


def _format(path: Path) -> str:
    """The stamp format of a path by its suffix (``""`` for none: HTML, PDF, no suffix)."""
    suffix = path.suffix.lower()[1:]
    return {"jpeg": "jpg", "gv": "dot"}.get(suffix, suffix)


def _load(source: Path) -> Any:
    from modelviz.importers import load_fresh

    if not source.is_file():
        raise ModelvizError(f"{source}: model file not found; restore it or redraw the "
                            "diagram from where the model lives now")
    return load_fresh(source)


def _dot_digest(model: Any, options: dict[str, Any]) -> str:
    from modelviz.plot import dot_options, to_dot_text

    accepted = inspect.signature(dot_options).parameters
    dot_kwargs = {key: value for key, value in options.items()
                  if key in accepted and key not in _NOT_DOT}
    text = to_dot_text(model, fold_repeats=bool(options.get("fold_repeats")), **dot_kwargs)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _record(source: Path, to_file: Path, options: dict[str, Any], digest: str) -> dict[str, Any]:
    from modelviz import __version__

    relative = os.path.relpath(source.resolve(), to_file.resolve().parent)
    plain = {key: list(value) if isinstance(value, tuple) else value
             for key, value in sorted(options.items())}
    return {"source": Path(relative).as_posix(), "output": to_file.name, "options": plain,
            "modelviz": __version__, "dot_sha256": digest,
            "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest()}


def _written(to_file: Path) -> list[Path]:
    """The file ``plot_model`` wrote, or its pages ``name-1.png``, ``name-2.png``, ..."""
    if to_file.exists():
        return [to_file]
    pages, index = [], 1
    while (page := to_file.with_name(f"{to_file.stem}-{index}{to_file.suffix}")).exists():
        pages.append(page)
        index += 1
    return pages
