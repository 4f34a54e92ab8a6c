"""Unknown dimensions that code can compute with, as Keras 3 traces ``call()``.

Keras 3 (JAX backend) traces a layer's ``call()`` with one symbolic size standing for
every unknown dimension, so ``batch = ops.shape(x)[0]; ops.ones((batch, 1))`` and
``ops.reshape(x, (batch * heads, -1))`` work, and any dimension still symbolic at the
end is recorded as ``None``. :class:`UnknownDim` is that size here: ``ops.shape`` returns
it for ``None`` dimensions, arithmetic on it stays unknown, and every place that takes a
shape (``ops.ones``, ``ops.reshape``, ``keras.random.normal``, ...) records it as ``None``.

Example:
    >>> from modelviz import Input, ops
    >>> batch = ops.shape(Input((5, 3)))[0]
    >>> batch, batch * 4 + 1, ops.ones((batch, 2)).shape
    (None, None, (None, 2))
"""

from __future__ import annotations

from typing import Any

from modelviz.errors import ShapeError

__all__ = ["UnknownDim", "is_array", "resolve_reshape", "static_dims", "static_value"]


class UnknownDim:
    """A dimension whose size is not known while tracing (Keras: ``None``).

    ``factor`` is ``k`` when the size is ``k`` times the unknown size (``batch * 2``), so
    ``ops.reshape(x, (batch * 2, 7, -1))`` can still work out ``-1``; None once the size
    is any other expression (``batch + 1``).
    """

    __slots__ = ("factor",)

    def __init__(self, factor: int | None = 1) -> None:
        self.factor = factor

    def __repr__(self) -> str:
        return "None"

    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, UnknownDim)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = object.__hash__

    def __bool__(self) -> bool:
        return True  # a size that may be anything but is there (Keras: at least 2)

    def _unknown(self, other: Any = None) -> UnknownDim:
        return UnknownDim(None)

    def __mul__(self, other: Any) -> UnknownDim:
        if self.factor is not None and isinstance(other, int) and not isinstance(other, bool):
            return UnknownDim(self.factor * other)
        return UnknownDim(None)

    __rmul__ = __mul__
    __add__ = __radd__ = __sub__ = __rsub__ = _unknown
    __floordiv__ = __rfloordiv__ = __truediv__ = __rtruediv__ = _unknown
    __mod__ = __rmod__ = __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = _unknown

    def __index__(self) -> int:
        raise _value_error("used as a Python int")

    __int__ = __index__

    def __lt__(self, other: Any) -> bool:
        raise _value_error("compared with <")

    __le__ = __gt__ = __ge__ = __lt__


UNKNOWN = UnknownDim(1)


def _value_error(what: str) -> ShapeError:
    return ShapeError(f"an unknown dimension (the batch size, or a None in the input shape) "
                      f"was {what}; while tracing call() only its symbol is known: pass it to "
                      "ops.ones/ops.reshape/... as it is, or use a fixed size")


def static_value(value: Any) -> Any:
    """``value`` with every :class:`UnknownDim` inside lists/tuples turned into ``None``.

    Example:
        >>> static_value((UNKNOWN, 3, [UNKNOWN]))
        (None, 3, [None])
    """
    if isinstance(value, UnknownDim):
        return None
    if isinstance(value, tuple):
        return tuple(static_value(v) for v in value)
    if isinstance(value, list):
        return [static_value(v) for v in value]
    return value


def static_dims(shape: Any) -> tuple[int | None, ...]:
    """A shape argument (an int, a tuple, a tensor's shape) as a tuple of ints and ``None``.

    Example:
        >>> static_dims(4), static_dims((UNKNOWN, 2))
        ((4,), (None, 2))
    """
    if isinstance(shape, UnknownDim) or shape is None:
        return (None,)
    if hasattr(shape, "__index__"):
        return (int(shape),)
    return tuple(None if d is None or isinstance(d, UnknownDim) else int(d) for d in shape)


def is_array(value: Any) -> bool:
    """True for a NumPy array (or another array with a tuple ``shape`` and a ``dtype``).

    Example:
        >>> import numpy as np
        >>> is_array(np.zeros((2, 3))), is_array([1, 2])
        (True, False)
    """
    return isinstance(getattr(value, "shape", None), tuple) and hasattr(value, "dtype")


def resolve_reshape(shape: tuple, newshape: Any) -> Any:
    """``newshape`` with its ``-1`` worked out as Keras 3's trace does, unknown sizes included.

    Every ``None`` of ``shape`` is the one unknown size ``B``; ``(B, 2, 7, 4) -> (B * 2, 7,
    -1)`` gives ``-1 = 4``. Left as it is when that cannot be known.

    Example:
        >>> resolve_reshape((None, 2, 7, 4), (UNKNOWN * 2, 7, -1))[2]
        4
    """
    if not isinstance(newshape, (list, tuple)) or list(newshape).count(-1) != 1:
        return newshape
    unknown = [d for d in newshape if isinstance(d, UnknownDim)]
    if any(d is None or (isinstance(d, UnknownDim) and d.factor is None) for d in newshape) or (
            len(unknown) != shape.count(None)):
        return newshape
    size = 1
    for d in shape:
        size *= 1 if d is None else d
    known = 1
    for d in newshape:
        known *= d.factor if isinstance(d, UnknownDim) else (1 if d == -1 else int(d))
    if known <= 0 or size % known:
        return newshape
    return type(newshape)(size // known if d == -1 else d for d in newshape)
