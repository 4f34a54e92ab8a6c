"""Output files: refuse paths that are not regular files, write bytes with one clear error.

Writing to a FIFO with no reader blocks forever and a device swallows or rejects the
picture, so ``plot_model`` writes only to a new or an existing regular file.

Example:
    >>> check_output_path("/dev/null")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    modelviz.errors.RenderError: cannot write /dev/null: it is a character device, ...
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from modelviz.errors import RenderError

__all__ = ["check_output_path", "write_file"]

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def check_output_path(path: str | os.PathLike[str]) -> None:
    """Raise RenderError unless ``path`` is missing or a regular file (links followed)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing (or unreadable): the write itself says what is wrong
    for test, kind in _KINDS:
        if test(mode):
            raise RenderError(f"cannot write {os.fspath(path)}: it is {kind}, not a regular "
                              "file; choose a file path with to_file=... (CLI: -o)")


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a regular file ``path``; any OS failure is one RenderError.

    Example:
        >>> write_file("/no/such/dir/m.svg", b"")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.RenderError: cannot write /no/such/dir/m.svg: No such file or directory; ...
    """
    check_output_path(path)
    try:
        Path(path).write_bytes(data)
    except OSError as err:
        raise RenderError(f"cannot write {os.fspath(path)}: {err.strerror or err}; choose a "
                          "writable path with to_file=... (CLI: -o)") from err
