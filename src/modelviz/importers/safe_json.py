"""JSON from a model file, parsed within limits: depth, integer size, text that prints.

Whatever a file holds, :func:`parse_json` returns plain data or raises a
one-line :class:`~modelviz.errors.ModelFileError`: JSON nested deeper than
:data:`MAX_DEPTH` (Keras configs stay under 30 levels), integers beyond 64 bits
and malformed text are refused; lone surrogates (``"\\ud800"``, or bad UTF-8
that h5py decoded with ``surrogateescape``) become visible ``\\ud800`` text so
every output can print them.

Example:
    >>> parse_json('{"name": "lone\\\\ud800x"}', "m.json")
    {'name': 'lone\\\\ud800x'}
    >>> parse_json("[" * 100_000, "m.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    modelviz.errors.ModelFileError: m.json: JSON nested more than 200 levels deep; ...
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from modelviz.errors import ModelFileError

__all__ = ["MAX_DEPTH", "MAX_INT", "clean_text", "dump_json", "parse_json"]

MAX_DEPTH: Final = 200
MAX_INT: Final = 2**63
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")
# in dumped JSON: a run of backslashes, then the ``udXXX`` that clean_text wrote
_CLEANED: Final = re.compile(r"(\\+)(ud[89a-f][0-9a-f]{2})")


def parse_json(text: str | bytes, source: str) -> Any:
    """Parse ``text``; every failure is a ModelFileError naming ``source``.

    Example:
        >>> parse_json('{"units": 4}', "m.json")
        {'units': 4}
        >>> parse_json('{"units": 1' + "0" * 30 + "}", "m.json")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        modelviz.errors.ModelFileError: m.json: the JSON holds the integer ... beyond 64 bits; ...
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "surrogateescape")
    try:
        doc = json.loads(text)
    except RecursionError as err:
        raise _too_deep(source) from err
    except json.JSONDecodeError as err:
        raise ModelFileError(
            f"{source}: invalid JSON at line {err.lineno} column {err.colno} "
            f"({err.msg}); the file is damaged or not a model config"
        ) from err
    except ValueError as err:  # an integer of more than 4,300 digits
        raise ModelFileError(
            f"{source}: the JSON holds a number too large to be a model setting "
            f"({str(err)[:80]}); the file is damaged"
        ) from err
    return _checked(doc, source)


def clean_text(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udXXX`` (so it encodes as UTF-8).

    Example:
        >>> clean_text("lone\\ud800x"), clean_text("café")
        ('lone\\\\ud800x', 'café')
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def dump_json(data: Any, indent: int | None = 2) -> str:
    """JSON text (UTF-8 safe) in which ``json.loads`` finds the strings the model file had.

    A lone surrogate, whether still in a string or written as ``\\udXXX`` text by
    :func:`clean_text`, becomes the JSON escape ``\\udXXX``, so a name read from
    ``"lone\\ud800x"`` is written back as such (text that spelled ``\\ud800`` out
    with a real backslash cannot be told apart and reads back as the surrogate too).

    Example:
        >>> text = dump_json({"name": clean_text("lone\\ud800x")}, indent=None)
        >>> text, json.loads(text)["name"] == "lone\\ud800x"
        ('{"name": "lone\\\\ud800x"}', True)
    """
    try:  # the stdlib's indented encoder runs in Python, one generator per container
        text = _indented(data, "\n", " " * indent) if indent is not None else None
    except (_UnusualError, RecursionError):
        text = None
    if text is None:
        text = json.dumps(data, indent=indent, ensure_ascii=False, default=repr)
    if not text.isascii():  # a surrogate cannot be encoded: only then the slow scan
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
    return _CLEANED.sub(_escape_cleaned, text) if "\\ud" in text else text


class _UnusualError(Exception):
    """A value :func:`_indented` leaves to the stdlib's encoder (``default=repr`` and all)."""


_ENCODE: Final = json.encoder.encode_basestring  # type: ignore[attr-defined]  # C
_WORDS: Final = {None: "null", True: "true", False: "false"}  # looked up only for their types
_WORD_TYPES: Final = (type(None), bool)


def _indented(value: Any, line: str, step: str) -> str:
    """``json.dumps(value, indent=len(step), ensure_ascii=False)`` for plain data, the
    same bytes in less time; raises :class:`_UnusualError` at anything else.

    ``line``: a newline and the indentation of the line ``value`` starts on.
    """
    kind = type(value)
    if kind is str:
        return _ENCODE(value)
    if kind is int:
        return int.__repr__(value)
    if kind in _WORD_TYPES:
        return _WORDS[value]
    if kind is float:
        return _float(value)
    inner = line + step
    if kind is dict:
        if not value:
            return "{}"
        parts = []  # the common scalars inline, as in the list below: a call less per value
        for key, item in value.items():  # (a tenth of the writer's time on 150,000 rows)
            if type(key) is not str:
                raise _UnusualError
            kind = type(item)
            parts.append(f"{_ENCODE(key)}: " + (
                _ENCODE(item) if kind is str else int.__repr__(item) if kind is int
                else _WORDS[item] if kind in _WORD_TYPES else _indented(item, inner, step)))
        return "{" + inner + ("," + inner).join(parts) + line + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join([
            int.__repr__(item) if type(item) is int else _indented(item, inner, step)
            for item in value]) + line + "]"
    raise _UnusualError


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _escape_cleaned(match: re.Match[str]) -> str:
    """An even run of backslashes is literal text: its last one begins the escape."""
    slashes = match[1]
    return (slashes[:-1] if len(slashes) % 2 == 0 else slashes) + match[2]


def _checked(doc: Any, source: str) -> Any:
    """Walk the document once (a stack, no recursion): clean strings, refuse huge ints."""
    root = [doc]
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        container, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(source)
        items = container.items() if isinstance(container, dict) else enumerate(container)
        replaced: list[tuple[Any, Any, Any]] = []
        for key, value in items:
            if isinstance(value, (dict, list)):
                stack.append((value, depth + 1))
            elif isinstance(value, int) and not -MAX_INT <= value <= MAX_INT:
                raise ModelFileError(
                    f"{source}: the JSON holds the integer {str(value)[:20]}… beyond 64 bits; "
                    "the file is damaged"
                )
            new_key = clean_text(key) if isinstance(key, str) else key
            new_value = clean_text(value) if isinstance(value, str) else value
            if new_key is not key or new_value is not value:
                replaced.append((key, new_key, new_value))
        _apply(container, replaced)
    return root[0]


def _apply(container: Any, replaced: list[tuple[Any, Any, Any]]) -> None:
    for old, new, value in replaced:
        if old != new:
            del container[old]
        container[new] = value


def _too_deep(source: str) -> ModelFileError:
    return ModelFileError(
        f"{source}: JSON nested more than {MAX_DEPTH} levels deep; Keras never writes "
        "that, the file is damaged or hostile"
    )
