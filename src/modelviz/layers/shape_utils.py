"""Shape arithmetic shared by every layer family, as Keras's ``operation_utils``.

Example:
    >>> conv_output_length(32, 3, "valid", 1), conv_output_length(32, 3, "same", 2)
    (30, 16)
    >>> conv_output_length(None, 3, "valid", 1) is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "conv_output_length",
    "deconv_output_length",
    "normalize_data_format",
    "normalize_padding",
    "normalize_tuple",
    "pool_output_length",
]


def normalize_tuple(value: Any, n: int, name: str) -> tuple[int, ...]:
    """``3`` -> ``(3, 3)`` for n=2; a sequence must have n integers.

    Example:
        >>> normalize_tuple(3, 2, "kernel_size"), normalize_tuple([1, 2], 2, "strides")
        ((3, 3), (1, 2))
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) * n
    if isinstance(value, Sequence) and len(value) == n and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        return tuple(value)
    raise ValueError(f"{name} must be an integer or a sequence of {n} integers, got {value!r}")


def normalize_padding(value: Any, allowed: tuple[str, ...] = ("valid", "same")) -> str:
    """Lower-cased padding, checked against the modes the layer accepts.

    Example:
        >>> normalize_padding("SAME"), normalize_padding("causal", ("valid", "same", "causal"))
        ('same', 'causal')
        >>> normalize_padding("full")
        Traceback (most recent call last):
            ...
        ValueError: padding must be one of ['valid', 'same'], got 'full'
    """
    padding = str(value).lower()
    if padding not in allowed:
        raise ValueError(f"padding must be one of {list(allowed)}, got {value!r}")
    return padding


def normalize_data_format(value: Any) -> str:
    """``channels_last`` (Keras's default) or ``channels_first``.

    Example:
        >>> normalize_data_format(None), normalize_data_format("Channels_First")
        ('channels_last', 'channels_first')
        >>> normalize_data_format("nhwc")
        Traceback (most recent call last):
            ...
        ValueError: data_format must be 'channels_last' or 'channels_first', got 'nhwc'
    """
    fmt = "channels_last" if value is None else str(value).lower()
    if fmt not in ("channels_last", "channels_first"):
        raise ValueError(f"data_format must be 'channels_last' or 'channels_first', got {value!r}")
    return fmt


def conv_output_length(length: int | None, kernel: int, padding: str, stride: int,
                       dilation: int = 1) -> int | None:
    """Keras's convolution length rule; ``None`` stays ``None``."""
    if length is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if padding == "valid":
        out = (length - effective) // stride + 1
    else:  # "same" and "causal" keep ceil(length / stride)
        out = (length + stride - 1) // stride
    return out


def pool_output_length(length: int | None, pool: int, padding: str, stride: int) -> int | None:
    """Pooling uses the convolution rule without dilation.

    Example:
        >>> pool_output_length(32, 2, "valid", 2), pool_output_length(7, 2, "valid", 2)
        (16, 3)
        >>> pool_output_length(7, 2, "same", 2), pool_output_length(None, 2, "valid", 2)
        (4, None)
    """
    return conv_output_length(length, pool, padding, stride)


def deconv_output_length(length: int | None, kernel: int, padding: str, stride: int,
                         output_padding: int | None = None, dilation: int = 1) -> int | None:
    """Keras's transposed-convolution length rule.

    Example:
        >>> deconv_output_length(7, 3, "same", 2), deconv_output_length(7, 3, "valid", 2)
        (14, 15)
    """
    if length is None:
        return None
    kernel = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(kernel - stride, 0)
        return length * stride
    pad = kernel // 2 if padding == "same" else 0
    return (length - 1) * stride + kernel - 2 * pad + output_padding
