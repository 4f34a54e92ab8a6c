"""The MAC-counting registry: one counter per ``class_name``, shared by every importer.

A counter takes a :class:`LayerCall` (one call of one layer, read from graph node
attributes only) and returns a :class:`Count` (the MACs and the formula that makes
them) or ``None`` when the count cannot be known (an unknown dimension). A class with
no counter has an unknown count, shown as ``?``: nothing is guessed.

Importers of other formats plug in by registering their operator names
(``register_macs("Conv", counter)``); the Keras families live in
:mod:`modelviz.compute.keras_layers`.

Example:
    >>> call = LayerCall("d", "Dense", {}, [(None, 4)], [(None, 2)], {"kernel": (4, 2)})
    >>> count_call(call)
    Count(macs=8, formula='4 inputs × 2 units')
    >>> count_call(LayerCall("x", "NoSuchLayer", {}, [], [], {})) is None
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from math import prod
from typing import Any, NamedTuple

__all__ = ["MACS_COUNTERS", "Count", "LayerCall", "UnknownDimensionError", "count_call",
           "dims_text", "explanation", "known", "positions", "register_macs", "zero_macs"]


class Count(NamedTuple):
    """Multiply-accumulates of one call, and the formula (without ``= N MACs``)."""

    macs: int
    formula: str


@dataclass(frozen=True)
class LayerCall:
    """One call of one layer as the graph records it (batch axis first, taken as 1)."""

    name: str
    class_name: str
    config: dict[str, Any]
    input_shapes: list[Any]
    output_shapes: list[Any]
    weights: dict[str, tuple[int, ...]] = field(default_factory=dict)
    dtype: str = "float32"


Counter = Callable[[LayerCall], "Count | None"]

MACS_COUNTERS: dict[str, Counter] = {}


class UnknownDimensionError(Exception):
    """Raised inside a counter when a needed dimension is ``None``; the count is unknown."""


def register_macs(class_names: str | Iterable[str],
                  counter: Counter | None = None) -> Any:
    """Register ``counter`` for one or more class names (usable as a decorator).

    Example:
        >>> @register_macs("MyScale")
        ... def _my_scale(call):
        ...     return Count(0, "element-wise")
        >>> count_call(LayerCall("s", "MyScale", {}, [], [], {}))
        Count(macs=0, formula='element-wise')
        >>> del MACS_COUNTERS["MyScale"]
    """
    names = [class_names] if isinstance(class_names, str) else list(class_names)

    def add(function: Counter) -> Counter:
        for name in names:
            MACS_COUNTERS[name] = function
        return function

    return add if counter is None else add(counter)


def zero_macs(reason: str) -> Counter:
    """A counter for layers without weight products (the reason becomes the formula).

    Example:
        >>> counter = zero_macs("element-wise")
        >>> counter(LayerCall("add", "Add", {}, [(None, 3), (None, 3)], [(None, 3)]))
        Count(macs=0, formula='element-wise')
    """
    def counter(call: LayerCall) -> Count:
        return Count(0, reason)
    return counter


def count_call(call: LayerCall) -> Count | None:
    """The count of one call, or None when no rule applies or a dimension is unknown."""
    counter = MACS_COUNTERS.get(call.class_name)
    if counter is None:
        return None
    try:
        return counter(call)
    except (UnknownDimensionError, KeyError, IndexError, TypeError, ValueError, ZeroDivisionError):
        return None


def explanation(count: Count) -> str:
    """``formula = N MACs``; ``0 MACs (reason)`` for layers without products.

    Example:
        >>> explanation(Count(8, "4 inputs × 2 units"))
        '4 inputs × 2 units = 8 MACs'
        >>> explanation(Count(0, "element-wise"))
        '0 MACs (element-wise)'
    """
    if not count.formula:
        return f"{count.macs:,} MACs"
    if not count.macs:
        return f"0 MACs ({count.formula})"
    return f"{count.formula} = {count.macs:,} MACs"


def known(value: Any) -> int:
    """A dimension as an int; ``None`` (unknown) aborts the count.

    Example:
        >>> known(26)
        26
        >>> known(None)
        Traceback (most recent call last):
            ...
        modelviz.compute.registry.UnknownDimensionError
    """
    if value is None:
        raise UnknownDimensionError
    return int(value)


def positions(dims: Iterable[Any]) -> int:
    """The product of known dimensions (1 for none).

    Example:
        >>> positions([26, 26]), positions([])
        (676, 1)
    """
    return prod(known(d) for d in dims)


def dims_text(dims: Iterable[Any]) -> str:
    """``26×26`` (``1`` for no dimensions); large single numbers get commas.

    Example:
        >>> dims_text([26, 26]), dims_text([4096]), dims_text([])
        ('26×26', '4,096', '1')
    """
    values = [known(d) for d in dims]
    if not values:
        return "1"
    if len(values) == 1:
        return f"{values[0]:,}"
    return "×".join(str(v) for v in values)
