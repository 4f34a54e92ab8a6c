"""Drawings of model files that remember where they came from.

``plot_file(source, to_file, **options)`` draws a model file (anything
:func:`modelviz.load` reads: ``.py``, ``.keras``, ``.h5``, JSON, ONNX, TF.js folders) like
``plot_model``; ``diff_file(old, new, to_file, ...)`` draws the diff of two model files
like ``plot_diff``. Both write a provenance record into the output
(:mod:`modelviz.provenance`): the model file(s) relative to the drawing, the options, and
a SHA-256 of the DOT text drawn. :func:`record_digest` recomputes that hash from a record,
which is how :mod:`modelviz.check` finds stale diagrams, and :func:`redraw` draws a record
again. A ``.py`` model file is run (like ``python model.py``) to get its model.

Example:
    >>> import pathlib, tempfile
    >>> from modelviz.provenance import read_record
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "net.py").write_text(
    ...     "from modelviz import Sequential, Input, layers\\n"
    ...     "model = Sequential([Input((4,)), layers.Dense(2)])\\n")
    >>> plot_file(folder / "net.py", folder / "net.dot", show_shapes=True)
    >>> record = read_record((folder / "net.dot").read_bytes(), "dot")
    >>> record["source"], record_digest(record, [folder / "net.py"]) == record["dot_sha256"]
    ('net.py', True)
"""

from __future__ import annotations

import hashlib
import inspect
import os
from pathlib import Path
from typing import Any, Final

from modelviz.errors import ModelvizError
from modelviz.provenance import STAMPED_FORMATS, stamp, stamp_format

__all__ = ["diff_file", "plot_file", "record_digest", "record_options", "redraw"]

_NOT_DOT: Final = ("engine", "max_height", "timeout")
_DIFF_OPTIONS: Final = ("side_by_side", "rankdir", "dpi", "engine", "fold_repeats")
_SCALARS: Final = (bool, int, float, str, type(None))


def plot_file(source: str | os.PathLike[str], to_file: str | os.PathLike[str],
              **options: Any) -> None:
    """Draw the model file ``source`` to ``to_file`` with ``plot_model``'s ``options``,
    recording the source, the options and hashes in the output (PDF and HTML record
    nothing).

    Raises:
        ModelvizError: the model cannot be read or drawn.
    """
    _plot(Path(source), Path(to_file), options, Path(to_file))


def diff_file(old: str | os.PathLike[str], new: str | os.PathLike[str],
              to_file: str | os.PathLike[str], *, side_by_side: bool = False,
              rankdir: str = "TB", dpi: int | None = 200, engine: str = "auto",
              fold_repeats: bool = False) -> Any:
    """Draw the diff of two model files to ``to_file`` with a record naming both; return
    the :class:`~modelviz.diffing.ModelDiff`.

    Example:
        >>> import pathlib, tempfile
        >>> from modelviz.provenance import read_record
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> for name, units in (("old", 2), ("new", 3)):
        ...     _ = (folder / f"{name}.py").write_text(
        ...         "from modelviz import Sequential, layers\\n"
        ...         f"model = Sequential([layers.Dense({units}, input_dim=4, name='out')])\\n")
        >>> _ = diff_file(folder / "old.py", folder / "new.py", folder / "diff.dot")
        >>> read_record((folder / "diff.dot").read_bytes(), "dot")["sources"]
        ['old.py', 'new.py']
    """
    options = {"side_by_side": side_by_side, "rankdir": rankdir, "dpi": dpi, "engine": engine,
               "fold_repeats": fold_repeats}
    return _diff(Path(old), Path(new), Path(to_file), options, Path(to_file))


def record_options(record: dict[str, Any]) -> dict[str, Any]:
    """The drawing options of a record read from a file, checked: known names, plain values.

    Raises:
        ModelvizError: an option modelviz does not know, or a value that is not plain data.

    Example:
        >>> record_options({"options": {"show_shapes": True, "timeout": 1e9}})
        {'show_shapes': True}
        >>> record_options({"options": {"to_file": "index.html"}})
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelvizError: the record names an unknown option 'to_file'
    """
    options = record.get("options")
    if not isinstance(options, dict):
        raise ModelvizError("the record has no options")
    allowed = _DIFF_OPTIONS if record.get("kind") == "diff" else _plot_option_names()
    checked = {}
    for key, value in options.items():
        if key not in allowed:
            raise ModelvizError(f"the record names an unknown option {str(key)[:40]!r}")
        plain = all(isinstance(v, _SCALARS) for v in value) if isinstance(value, list) else (
            isinstance(value, _SCALARS))
        if not plain:
            raise ModelvizError(f"the record's option {key!r} is not a plain value")
        if key != "timeout":  # a record never sets how long modelviz may run
            checked[key] = tuple(value) if isinstance(value, list) else value
    return checked


def record_digest(record: dict[str, Any], sources: list[Path]) -> str:
    """The SHA-256 of the DOT text the record's model file(s) give today."""
    options = record_options(record)
    if record.get("kind") == "diff":
        return _diff_digest(_diff_of(sources[0], sources[1], options), options)
    return _dot_digest(_load(sources[0]), options)


def redraw(record: dict[str, Any], sources: list[Path], to_file: Path, recorded_as: Path) -> None:
    """Draw the record's model file(s) to ``to_file``; the new record is written as for a
    drawing at ``recorded_as`` (where ``to_file`` will be moved).

    Example:
        >>> import pathlib, tempfile
        >>> from modelviz.provenance import read_record
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "net.py").write_text(
        ...     "from modelviz import Sequential, Input, layers\\n"
        ...     "model = Sequential([Input((4,)), layers.Dense(2)])\\n")
        >>> (folder / "tmp").mkdir()
        >>> record = {"source": "net.py", "options": {"show_shapes": True}}
        >>> redraw(record, [folder / "net.py"], folder / "tmp" / "net.dot", folder / "net.dot")
        >>> read_record((folder / "tmp" / "net.dot").read_bytes(), "dot")["source"]
        'net.py'
    """
    options = record_options(record)
    if record.get("kind") == "diff":
        _diff(sources[0], sources[1], to_file, options, recorded_as)
    else:
        _plot(sources[0], to_file, options, recorded_as)


def _plot(source: Path, to_file: Path, options: dict[str, Any], recorded_as: Path) -> None:
    from modelviz.plot import plot_model

    model = _load(source)
    plot_model(model, to_file=to_file, **options)
    fmt = stamp_format(to_file)
    if fmt in STAMPED_FORMATS:
        record = {"source": _relative(source, recorded_as), **_common(recorded_as, options),
                  "dot_sha256": _dot_digest(model, options),
                  "source_sha256": _file_digest(source)}
        _stamp_written(to_file, fmt, record)


def _diff(old: Path, new: Path, to_file: Path, options: dict[str, Any],
          recorded_as: Path) -> Any:
    from modelviz.diffing import plot_diff

    result = _diff_of(old, new, options)
    plot_diff(result, to_file, side_by_side=bool(options.get("side_by_side")),
              rankdir=options.get("rankdir", "TB"), dpi=options.get("dpi", 200),
              engine=options.get("engine", "auto"))
    fmt = stamp_format(to_file)
    if fmt in STAMPED_FORMATS:
        record = {"kind": "diff", "sources": [_relative(old, recorded_as),
                                              _relative(new, recorded_as)],
                  **_common(recorded_as, options), "dot_sha256": _diff_digest(result, options)}
        _stamp_written(to_file, fmt, record)
    return result


def _diff_of(old: Path, new: Path, options: dict[str, Any]) -> Any:
    from modelviz.diffing import diff

    return diff(_load(old), _load(new), fold_repeats=bool(options.get("fold_repeats")))


def _load(source: Path) -> Any:
    from modelviz.importers import load_fresh

    return load_fresh(source)


def _plot_option_names() -> frozenset[str]:
    from modelviz.plot import plot_model

    names = inspect.signature(plot_model).parameters
    return frozenset(names) - {"model", "to_file", "legacy"}


def _dot_digest(model: Any, options: dict[str, Any]) -> str:
    from modelviz.diagram.options import dot_options
    from modelviz.plot import to_dot_text

    accepted = inspect.signature(dot_options).parameters
    dot_kwargs = {key: value for key, value in options.items()
                  if key in accepted and key not in _NOT_DOT}
    text = to_dot_text(model, fold_repeats=bool(options.get("fold_repeats")), **dot_kwargs)
    return _text_digest(text)


def _diff_digest(result: Any, options: dict[str, Any]) -> str:
    from modelviz.diffing import DiffDotOptions, diff_to_dot

    dot = diff_to_dot(result, DiffDotOptions(side_by_side=bool(options.get("side_by_side")),
                                             rankdir=str(options.get("rankdir", "TB")).upper(),
                                             dpi=None))
    return _text_digest(dot)


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _common(recorded_as: Path, options: dict[str, Any]) -> dict[str, Any]:
    from modelviz import __version__

    plain = {key: list(value) if isinstance(value, tuple) else value
             for key, value in sorted(options.items())}
    return {"output": recorded_as.name, "options": plain, "modelviz": __version__}


def _relative(source: Path, recorded_as: Path) -> str:
    return Path(os.path.relpath(source.resolve(), recorded_as.resolve().parent)).as_posix()


def _file_digest(source: Path) -> str:
    """SHA-256 of a model file, or of a model folder's files (names and bytes, sorted)."""
    digest = hashlib.sha256()
    files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
    for path in files:
        if source.is_dir():
            digest.update(path.relative_to(source).as_posix().encode("utf-8", "surrogatepass"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp_written(to_file: Path, fmt: str, record: dict[str, Any]) -> None:
    for path in _written(to_file):
        path.write_bytes(stamp(path.read_bytes(), fmt, record))


def _written(to_file: Path) -> list[Path]:
    """The file ``plot_model`` wrote, or its pages ``name-1.png``, ``name-2.png``, ..."""
    if to_file.exists():
        return [to_file]
    pages, index = [], 1
    while (page := to_file.with_name(f"{to_file.stem}-{index}{to_file.suffix}")).exists():
        pages.append(page)
        index += 1
    return pages
