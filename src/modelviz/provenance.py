"""Where a diagram came from, written into the file itself, and read back.

A provenance record is a small JSON object: the model file (relative to the
diagram), the ``plot_model`` options, the modelviz version and SHA-256 hashes of
the model file and of the DOT text that was drawn. It travels inside the output:

- SVG: an XML comment after the XML declaration (``<!-- modelviz: {...} -->``);
- PNG: a ``tEXt`` chunk with the keyword ``modelviz`` before ``IEND``;
- JPG: a ``COM`` segment right after the start-of-image marker;
- DOT: a first line ``// modelviz: {...}``.

The record has no time stamp and no absolute path, so stamping keeps outputs
byte-for-byte reproducible. A record is read only up to ``MAX_RECORD_BYTES``; anything
longer, deeper or not a JSON object counts as no record. This module imports nothing but
:mod:`modelviz.errors` and :mod:`modelviz.limits`.

Example:
    >>> record = {"source": "net.py", "options": {"show_shapes": True}}
    >>> data = stamp(b"digraph {}\\n", "dot", record)
    >>> data.splitlines()[0]
    b'// modelviz: {"options": {"show_shapes": true}, "source": "net.py"}'
    >>> read_record(data, "dot") == record
    True
    >>> read_record(b"digraph {}\\n", "dot") is None
    True
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from typing import Any, Final

from modelviz.errors import RenderError
from modelviz.limits import MAX_RECORD_BYTES

__all__ = ["STAMPED_FORMATS", "read_record", "stamp", "stamp_format"]

STAMPED_FORMATS: Final = ("svg", "png", "jpg", "dot")
_KEY: Final = "modelviz"
_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_SVG_PREFIX: Final = b"<!-- modelviz: "
_DOT_PREFIX: Final = b"// modelviz: "
_JPG_PREFIX: Final = b"modelviz: "


def stamp(data: bytes, fmt: str, record: dict[str, Any]) -> bytes:
    """Return ``data`` (an output of format ``fmt``) with ``record`` written into it.

    Raises:
        RenderError: ``fmt`` cannot carry a record (PDF) or ``data`` is not of that format.
    """
    text = _encode(record)
    if fmt == "svg":
        return _stamp_svg(data, text)
    if fmt == "png":
        return _stamp_png(data, text)
    if fmt == "jpg":
        return _stamp_jpg(data, text)
    if fmt == "dot":
        return _DOT_PREFIX + text + b"\n" + data
    raise RenderError(f"a {fmt.upper()} file cannot record where it came from; "
                      f"use one of {', '.join(STAMPED_FORMATS)}")


def read_record(data: bytes, fmt: str) -> dict[str, Any] | None:
    """The record stamped into ``data``, or None when there is none."""
    found = {"svg": _read_svg, "png": _read_png, "jpg": _read_jpg,
             "dot": _read_dot}.get(fmt, lambda _: None)(data)
    if found is None or len(found) > MAX_RECORD_BYTES:
        return None
    try:
        record = json.loads(found)
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


def stamp_format(path: os.PathLike[str] | str) -> str:
    """The record format of a file by its suffix (``""`` for none: HTML, PDF, no suffix).

    Example:
        >>> stamp_format("docs/net.JPEG"), stamp_format("net.gv"), stamp_format("net.html")
        ('jpg', 'dot', 'html')
    """
    suffix = os.path.splitext(os.fspath(path))[1].lower()[1:]
    return {"jpeg": "jpg", "gv": "dot"}.get(suffix, suffix)


def _encode(record: dict[str, Any]) -> bytes:
    # ASCII only, and never "--" (not allowed inside an XML comment).
    text = json.dumps(record, sort_keys=True, ensure_ascii=True)
    return text.replace("--", "-\\u002d").encode("ascii")


def _stamp_svg(data: bytes, text: bytes) -> bytes:
    comment = _SVG_PREFIX + text + b" -->\n"
    if data.startswith(b"<?xml"):
        end = data.index(b"?>") + 2
        newline = 1 if data[end:end + 1] == b"\n" else 0
        return data[:end + newline] + (b"" if newline else b"\n") + comment + data[end + newline:]
    return comment + data


def _read_svg(data: bytes) -> bytes | None:
    start = data.find(_SVG_PREFIX, 0, 4096)
    if start < 0:
        return None
    end = data.find(b" -->", start)
    return data[start + len(_SVG_PREFIX):end] if end > 0 else None


def _png_chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """(type, start, end) of each chunk; raises RenderError on a damaged file."""
    if not data.startswith(_PNG_SIGNATURE):
        raise RenderError("not a PNG file (no PNG signature)")
    chunks, offset = [], len(_PNG_SIGNATURE)
    while offset + 8 <= len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        end = offset + 12 + length
        if end > len(data):
            raise RenderError("damaged PNG file (a chunk runs past the end)")
        chunks.append((data[offset + 4:offset + 8], offset, end))
        offset = end
    return chunks


def _stamp_png(data: bytes, text: bytes) -> bytes:
    iend = [start for kind, start, _ in _png_chunks(data) if kind == b"IEND"]
    if not iend:
        raise RenderError("damaged PNG file (no IEND chunk)")
    body = _KEY.encode("ascii") + b"\0" + text
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + body) & 0xFFFFFFFF)
    return data[:iend[0]] + chunk + data[iend[0]:]


def _read_png(data: bytes) -> bytes | None:
    try:
        chunks = _png_chunks(data)
    except RenderError:
        return None
    prefix = _KEY.encode("ascii") + b"\0"
    for kind, start, end in chunks:
        body = data[start + 8:end - 4]
        if kind == b"tEXt" and body.startswith(prefix):
            return body[len(prefix):]
    return None


def _stamp_jpg(data: bytes, text: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        raise RenderError("not a JPEG file (no start-of-image marker)")
    body = _JPG_PREFIX + text
    if len(body) + 2 > 0xFFFF:
        raise RenderError("the provenance record is too long for a JPEG comment")
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(body) + 2) + body + data[2:]


def _read_jpg(data: bytes) -> bytes | None:
    if data[:4] != b"\xff\xd8\xff\xfe":
        return None
    (length,) = struct.unpack(">H", data[4:6])
    body = data[6:4 + length]
    return body[len(_JPG_PREFIX):] if body.startswith(_JPG_PREFIX) else None


def _read_dot(data: bytes) -> bytes | None:
    if not data.startswith(_DOT_PREFIX):
        return None
    return data[len(_DOT_PREFIX):data.find(b"\n")]
