"""Pause Python's cyclic garbage collector while a big model is built or walked.

Building a 100,000-layer model allocates millions of long-lived objects; every full
collection re-scans all of them, which made a linear walk several times slower. The
objects made here are all kept (a model, a graph, lines of text), so a pause frees
nothing late; reference counting still frees everything else at once.

Example:
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Switch the collector off inside the block, and back on only if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
