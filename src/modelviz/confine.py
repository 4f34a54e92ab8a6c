"""Paths that a file names (a diagram's record, a docs fence) stay inside the project.

A diagram's provenance record, an MkDocs fence and a Sphinx directive name the model file
to run. Those names come from files anyone can change in a pull request, so they are
only followed when they are relative and resolve, after symlinks, inside the project
that holds them: the repository's git root (the nearest folder with a ``.git``), or
the current directory outside any repository.

Example:
    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp()).resolve()
    >>> (root / "models").mkdir()
    >>> _ = (root / "models" / "net.py").write_text("model = None\\n")
    >>> resolve_inside("../models/net.py", root / "docs", root).relative_to(root).as_posix()
    'models/net.py'
    >>> resolve_inside("/etc/passwd", root / "docs", root)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    modelviz.errors.ModelvizError: refusing source '/etc/passwd': an absolute path; ...
"""

from __future__ import annotations

import os
from pathlib import Path

from modelviz.errors import ModelvizError

__all__ = ["is_inside", "project_root", "resolve_inside"]


def project_root(start: str | os.PathLike[str],
                 fallback: str | os.PathLike[str] | None = None) -> Path:
    """The git root above ``start`` (a file or folder), else ``fallback`` (default: the
    current directory).

    Example:
        >>> import pathlib, tempfile
        >>> repo = pathlib.Path(tempfile.mkdtemp()).resolve()
        >>> (repo / ".git").mkdir(); (repo / "docs").mkdir()
        >>> project_root(repo / "docs" / "net.svg") == repo
        True
    """
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate.resolve()
    return Path(fallback if fallback is not None else Path.cwd()).resolve()


def is_inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether ``path``, with every symlink resolved, lies inside ``root``.

    Example:
        >>> is_inside("/tmp/a/b", "/tmp/a"), is_inside("/tmp/a/../c", "/tmp/a")
        (True, False)
    """
    real, top = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    return real == top or top in real.parents


def resolve_inside(name: object, base: str | os.PathLike[str],
                   root: str | os.PathLike[str], *, what: str = "source") -> Path:
    """The path ``name`` (relative to ``base``) after symlinks, if it stays inside ``root``.

    Raises:
        ModelvizError: ``name`` is not a string, is absolute, or leads outside ``root``.
    """
    if not isinstance(name, str) or not name or "\0" in name:
        raise ModelvizError(f"refusing {what} {name!r}: not a relative file name")
    if os.path.isabs(name) or name.startswith("~") or Path(name).drive:
        raise ModelvizError(f"refusing {what} {name!r}: an absolute path; it must be relative "
                            f"and inside the project ({root})")
    target = Path(base) / name
    if not is_inside(target, root):
        raise ModelvizError(f"refusing {what} {name!r}: it leads outside the project ({root}); "
                            "only model files inside the project are read or run")
    return Path(os.path.realpath(target))
