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

__all__ = ["UnknownDim", "is_array", "static_dims", "static_value"]


class UnknownDim:
    """A dimension whose size is not known while tracing (Keras: ``None``)."""

    __slots__ = ()

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
        return UNKNOWN

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _unknown
    __floordiv__ = __rfloordiv__ = __truediv__ = __rtruediv__ = _unknown
    __mod__ = __rmod__ = __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = _unknown

    def __index__(self) -> int:
        raise _value_error("used as a Python int")

    __int__ = __index__

    def __lt__(self, other: Any) -> bool:
        raise _value_error("compared with <")

    __le__ = __gt__ = __ge__ = __lt__


UNKNOWN = UnknownDim()


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
