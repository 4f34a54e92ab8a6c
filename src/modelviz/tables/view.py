"""What a summary view shows: how deep it goes (``depth``) and the optional columns.

``depth=N`` shows rows down to the N-th nesting level (1: the top level only, as Keras;
torchinfo's and torchview's ``depth``); a nested model or module shown folded carries
the sum of what is inside it. ``columns`` adds torchinfo's optional columns by their
torchinfo names: ``input_size``, ``params_percent`` (of the model's total) and
``kernel_size``; ``output_size`` and ``num_params`` are Keras's ``Output Shape`` and
``Param #`` (always shown), ``mult_adds`` turns on the MACs column and ``trainable`` the
Trainable column.

Example:
    >>> check_columns(["input_size", "kernel_size"])
    ('input_size', 'kernel_size')
    >>> column_header("params_percent"), percent_text(2_360_320, 23_910_152)
    ('Param %', '9.87%')
"""

from __future__ import annotations

import re
from typing import Any, Final

from modelviz.errors import LayerConfigError
from modelviz.levels import check_depth, depth_limit

__all__ = ["COLUMNS", "EXTRA_COLUMNS", "check_columns", "check_depth", "column_header",
           "column_width", "depth_limit", "kernel_size", "percent_text"]

COLUMNS: Final = ("input_size", "output_size", "num_params", "params_percent", "kernel_size",
                  "mult_adds", "trainable")
EXTRA_COLUMNS: Final = {"input_size": ("Input Shape", 26), "params_percent": ("Param %", 10),
                        "kernel_size": ("Kernel Shape", 15)}  # (header, width in text)
_KERNEL: Final = re.compile(r"kernel_size=\(([\d, ]+)\)")


def check_columns(columns: Any) -> tuple[str, ...]:
    """The optional columns asked for, checked against torchinfo's names.

    Example:
        >>> check_columns(None), check_columns("kernel_size")
        ((), ('kernel_size',))
        >>> check_columns(["size"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.LayerConfigError: unknown column 'size'; use any of input_size, ...
    """
    if columns is None:
        return ()
    names = (columns,) if isinstance(columns, str) else tuple(columns)
    for name in names:
        if name not in COLUMNS:
            raise LayerConfigError(f"unknown column {name!r}; use any of {', '.join(COLUMNS)}")
    return tuple(dict.fromkeys(names))


def column_header(name: str) -> str:
    """The header of an optional column.

    Example:
        >>> column_header("input_size"), column_header("kernel_size")
        ('Input Shape', 'Kernel Shape')
    """
    return EXTRA_COLUMNS[name][0]


def column_width(name: str) -> int:
    """The width of an optional column in the ``text`` format.

    Example:
        >>> column_width("params_percent")
        10
    """
    return EXTRA_COLUMNS[name][1]


def kernel_size(node: dict[str, Any]) -> tuple[int, ...] | None:
    """A layer's kernel: Keras's ``kernel_size``, ONNX's ``kernel_shape``, torch's
    ``kernel_size=(3, 3)`` in ``extra_repr`` (None for layers without one).

    Example:
        >>> kernel_size({"config": {"kernel_size": [3, 3]}})
        (3, 3)
        >>> kernel_size({"config": {"extra_repr": "3, 64, kernel_size=(7, 7), stride=(2, 2)"}})
        (7, 7)
    """
    config = node.get("config")
    if not config:  # most operators of an import: nothing to look for
        return None
    value = config.get("kernel_size", config.get("kernel_shape"))
    if isinstance(value, int):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, int) for v in value):
        return tuple(value)
    found = _KERNEL.search(str(config.get("extra_repr") or ""))
    return tuple(int(v) for v in found.group(1).split(",") if v.strip()) if found else None


def percent_text(params: int | None, total: int) -> str:
    """A row's share of the model's parameters, as torchinfo prints it.

    Example:
        >>> percent_text(0, 10), percent_text(None, 10), percent_text(5, 0)
        ('--', '?', '--')
    """
    if params is None:
        return "?"
    if not params or not total:
        return "--"
    return f"{100 * params / total:.2f}%"
