"""Keras 3's automatic layer names (``dense``, ``dense_1``, ...) and their counter.

Example:
    >>> clear_session(); auto_name("dense"), auto_name("dense"), to_snake_case("MaxPooling2D")
    ('dense', 'dense_1', 'max_pooling2d')
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator

__all__ = ["auto_name", "auto_op_name", "clear_session", "fresh_names", "hidden_names",
           "is_tracing", "to_snake_case"]

_UIDS: dict[str, int] = {}
# While a subclassed layer's call() is traced, Keras runs it on backend tensors: the
# operations inside take no automatic names. modelviz traces on its own tensors, so it
# names them without touching the counter.
_HIDDEN = [0]


def clear_session() -> None:
    """Restart automatic names (``dense``, ``dense_1``, ...) like ``keras.backend.clear_session``.

    Example:
        >>> clear_session(); auto_name("dense"), auto_name("dense")
        ('dense', 'dense_1')
    """
    _UIDS.clear()


@contextlib.contextmanager
def fresh_names() -> Iterator[None]:
    """Automatic names start afresh inside (as in a new process); the counter is restored after.

    Example:
        >>> clear_session(); first = auto_name("dense")
        >>> with fresh_names():
        ...     auto_name("dense")
        'dense'
        >>> auto_name("dense")
        'dense_1'
    """
    saved = dict(_UIDS)
    _UIDS.clear()
    try:
        yield
    finally:
        _UIDS.clear()
        _UIDS.update(saved)


def auto_name(prefix: str) -> str:
    """Return the next Keras 3 automatic name for ``prefix``."""
    uid = _UIDS.get(prefix, 0) + 1
    _UIDS[prefix] = uid
    return prefix if uid == 1 else f"{prefix}_{uid - 1}"


def auto_op_name(prefix: str) -> str:
    """An operation's automatic name: ``prefix`` alone inside :func:`hidden_names`.

    Example:
        >>> clear_session(); auto_op_name("add"), auto_op_name("add")
        ('add', 'add_1')
        >>> with hidden_names():
        ...     auto_op_name("add")
        'add'
        >>> auto_op_name("add")
        'add_2'
    """
    return prefix if _HIDDEN[0] else auto_name(prefix)


@contextlib.contextmanager
def hidden_names() -> Iterator[None]:
    """Operations made inside take their prefix as name and leave the counter alone.

    Example:
        >>> clear_session()
        >>> with hidden_names():
        ...     inside = auto_op_name("multiply")
        >>> inside, auto_op_name("multiply")
        ('multiply', 'multiply')
    """
    _HIDDEN[0] += 1
    try:
        yield
    finally:
        _HIDDEN[0] -= 1


def is_tracing() -> bool:
    """True while a ``call()`` is traced (inside :func:`hidden_names`).

    Example:
        >>> with hidden_names():
        ...     inside = is_tracing()
        >>> inside, is_tracing()
        (True, False)
    """
    return bool(_HIDDEN[0])


@functools.lru_cache(maxsize=1024)
def to_snake_case(name: str) -> str:
    """Keras's class-name to layer-name rule.

    Example:
        >>> to_snake_case("MaxPooling2D"), to_snake_case("PReLU")
        ('max_pooling2d', 'p_re_lu')
    """
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
