"""``keras.layers.InputSpec``: what a custom layer says it accepts (kept, not enforced).

Example:
    >>> from modelviz.layers import InputSpec
    >>> InputSpec(ndim=4, axes={-1: 3})
    InputSpec(ndim=4, axes={-1: 3})
"""

from __future__ import annotations

from typing import Any

__all__ = ["InputSpec"]


class InputSpec:
    """Keras's ``InputSpec(dtype, shape, ndim, max_ndim, min_ndim, axes, ...)``; modelviz
    keeps it for the code that sets ``self.input_spec`` and checks shapes by its own rules."""

    def __init__(self, dtype: Any = None, shape: Any = None, ndim: int | None = None,
                 max_ndim: int | None = None, min_ndim: int | None = None, axes: Any = None,
                 allow_last_axis_squeeze: bool = False, name: str | None = None,
                 optional: bool = False) -> None:
        self.dtype, self.shape, self.name, self.optional = dtype, shape, name, optional
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        self.axes = dict(axes or {})
        self.allow_last_axis_squeeze = allow_last_axis_squeeze

    def __repr__(self) -> str:
        parts = [f"{key}={value!r}" for key, value in (
            ("dtype", self.dtype), ("shape", self.shape), ("ndim", self.ndim),
            ("max_ndim", self.max_ndim), ("min_ndim", self.min_ndim),
            ("axes", self.axes or None)) if value is not None]
        return f"InputSpec({', '.join(parts)})"
