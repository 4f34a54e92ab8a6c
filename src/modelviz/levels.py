"""How many nesting levels a view shows (``depth``, ``expand_nested``): one rule for the
summary's rows (:mod:`modelviz.tables`) and the diagram's boxes (:mod:`modelviz.diagram`).

Example:
    >>> depth_limit(True, None), check_depth(3)
    (inf, 3)
"""

from __future__ import annotations

from typing import Any

from modelviz.errors import LayerConfigError

__all__ = ["check_depth", "depth_limit"]


def depth_limit(expand_nested: bool, depth: int | None) -> float:
    """How many nesting levels a view shows: ``depth``, else all with ``expand_nested``,
    else the top level only.

    Example:
        >>> depth_limit(False, None), depth_limit(True, None), depth_limit(True, 2)
        (1, inf, 2)
    """
    if depth is not None:
        return depth
    return float("inf") if expand_nested else 1


def check_depth(depth: Any) -> int | None:
    """``depth`` as a whole number >= 1 (1: the top level only), or None.

    Example:
        >>> check_depth(2), check_depth(None)
        (2, None)
        >>> check_depth(0)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.LayerConfigError: depth must be a whole number >= 1 (1: top level ...
    """
    if depth is None:
        return None
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise LayerConfigError(f"depth must be a whole number >= 1 (1: top level only), "
                               f"got {depth!r}")
    return depth
