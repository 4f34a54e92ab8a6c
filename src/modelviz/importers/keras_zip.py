"""The members of a Keras 3 ``.keras`` zip, read within bounds and never extracted.

``config.json`` and ``metadata.json`` are inflated up to :func:`member_cap`
bytes (``MODELVIZ_MAX_MEMBER_MB`` raises it); encrypted members and symbolic
links are refused. ``model.weights.h5``, which Keras stores uncompressed, is
opened in place through a read-only :class:`FileWindow` on the archive, so
memory does not grow with the size of the weights.

Example:
    >>> member_cap() >= 2**20
    True
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
from pathlib import Path
from typing import Any, BinaryIO, Final

from modelviz.errors import ModelFileError

__all__ = ["CAP_ENV", "FileWindow", "KerasZip", "member_cap"]

CAP_ENV: Final = "MODELVIZ_MAX_MEMBER_MB"
DEFAULT_CAP_MB: Final = 256
_LOCAL_HEADER: Final = struct.Struct("<4s2B4HL2L2H")
_LOCAL_MAGIC: Final = b"PK\x03\x04"


def member_cap() -> int:
    """Bytes a zip member may inflate to: ``$MODELVIZ_MAX_MEMBER_MB`` MiB, default 256.

    Example:
        >>> import os
        >>> os.environ.get(CAP_ENV) or member_cap() == 256 * 2**20
        True
    """
    raw = os.environ.get(CAP_ENV, "")
    try:
        megabytes = float(raw) if raw else DEFAULT_CAP_MB
    except ValueError:
        megabytes = DEFAULT_CAP_MB
    return int(max(megabytes, 1) * 2**20)


class FileWindow(io.RawIOBase):
    """Read-only view of ``length`` bytes at ``offset`` in an open binary file.

    Example:
        >>> window = FileWindow(io.BytesIO(b"headerPAYLOADtrailer"), 6, 7)
        >>> window.read(), window.seek(3), window.read(2)
        (b'PAYLOAD', 3, b'LO')
    """

    def __init__(self, handle: BinaryIO, offset: int, length: int) -> None:
        super().__init__()
        self._handle, self._offset, self._length, self._pos = handle, offset, length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, pos: int, whence: int = 0) -> int:
        base = (0, self._pos, self._length)[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        count = max(0, min(len(view), self._length - self._pos))
        if count == 0:
            return 0
        self._handle.seek(self._offset + self._pos)
        got = self._handle.readinto(view[:count]) or 0
        self._pos += got
        return got


class KerasZip:
    """An open ``.keras`` archive: bounded member reads, weights in place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = path.open("rb")
        try:
            self._zip = zipfile.ZipFile(self._handle)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
            self._handle.close()
            raise self._damaged(err) from err

    def __enter__(self) -> KerasZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()
        self._handle.close()

    def has(self, name: str) -> bool:
        """Whether the archive holds a member of exactly this name."""
        return name in self._zip.NameToInfo

    def read(self, name: str) -> bytes:
        """A member's bytes, refusing encryption, links and anything above the cap."""
        info = self._checked_info(name)
        cap = member_cap()
        if info.file_size > cap:
            raise self._too_big(name, cap)
        try:
            with self._zip.open(info) as member:
                data = member.read(cap + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError) as err:
            raise self._damaged(err) from err
        if len(data) > cap:
            raise self._too_big(name, cap)
        return data

    def weights_file(self, name: str) -> BinaryIO | None:
        """A file object for a stored member read in place; None if it is compressed."""
        info = self._checked_info(name)
        if info.compress_type != zipfile.ZIP_STORED:
            return None
        self._handle.seek(info.header_offset)
        header = self._handle.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_MAGIC:
            raise self._damaged(f"bad local header for {name}")
        fields = _LOCAL_HEADER.unpack(header)
        start = info.header_offset + _LOCAL_HEADER.size + fields[-2] + fields[-1]
        if start + info.compress_size > self.path.stat().st_size:
            raise self._damaged(f"{name} runs past the end of the archive")
        return io.BufferedReader(FileWindow(self._handle, start, info.compress_size), 1 << 16)

    def _checked_info(self, name: str) -> zipfile.ZipInfo:
        info = self._zip.getinfo(name)
        if info.flag_bits & 0x1:
            raise ModelFileError(
                f"{self.path}: {name} in the .keras archive is encrypted; Keras never "
                "encrypts, save the model again with model.save('model.keras')"
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ModelFileError(
                f"{self.path}: {name} in the .keras archive is a symbolic link, which "
                "modelviz does not follow; save the model again with model.save()"
            )
        return info

    def _too_big(self, name: str, cap: int) -> ModelFileError:
        return ModelFileError(
            f"{self.path}: {name} inflates to more than {cap // 2**20} MiB (the limit); "
            f"if the file is trusted, raise it with {CAP_ENV}=<megabytes>"
        )

    def _damaged(self, err: Any) -> ModelFileError:
        return ModelFileError(
            f"{self.path}: not a valid .keras zip archive ({err}); the file is "
            "truncated or damaged, save the model again"
        )
