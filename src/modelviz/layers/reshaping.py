"""Spatial reshaping layers: up-sampling, zero-padding and cropping in 1, 2 and 3 dimensions.

None of them has weights. Each kind is one rule on the spatial axes, so one base class per
kind takes the rank; the public classes keep Keras's own arguments and defaults.

Example:
    >>> ZeroPadding2D(1).compute_output_shape((None, 28, 28, 3))
    (None, 30, 30, 3)
    >>> Cropping2D(((2, 2), (4, 4))).compute_output_shape((None, 28, 28, 3))
    (None, 24, 20, 3)
"""

from __future__ import annotations

from typing import Any, ClassVar

from modelviz.layers.base import Layer, Shape
from modelviz.layers.conv_base import join_channels, split_channels
from modelviz.layers.core import positive_int
from modelviz.layers.shape_utils import normalize_data_format, normalize_tuple

__all__ = [
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
]

Pairs = tuple[tuple[int, int], ...]


class _Spatial(Layer):
    """A weightless layer that changes each spatial axis of a ``rank``-D input."""

    rank: ClassVar[int] = 2
    data_format: str = "channels_last"

    def _data_format(self, value: Any) -> str:
        try:
            fmt = normalize_data_format(value)
        except ValueError as err:
            raise self.config_error(str(err)) from err
        self._config["data_format"] = fmt
        return fmt

    def _pairs(self, value: Any, name: str) -> Pairs:
        """Keras's int / (a, b) / ((a, b), ...) forms as one (before, after) pair per axis."""
        try:
            if self.rank == 1:
                pairs: Any = (normalize_tuple(value, 2, name),)
            elif isinstance(value, int):
                pairs = ((value, value),) * self.rank
            elif not hasattr(value, "__len__") or len(value) != self.rank:
                raise ValueError(f"{name} must be an integer or {self.rank} entries, each an "
                                 f"integer or a pair of integers; got {value!r}")
            else:
                pairs = tuple(normalize_tuple(v, 2, f"entry {i + 1} of {name}")
                              for i, v in enumerate(value))
        except ValueError as err:
            raise self.config_error(str(err)) from err
        if any(n < 0 for pair in pairs for n in pair):
            raise self.config_error(f"{name} cannot be negative, got {value!r}")
        self._config[name] = [list(p) for p in pairs] if self.rank > 1 else list(pairs[0])
        return pairs

    def _resize(self, input_shape: Shape, lengths: tuple[int | None, ...]) -> Shape:
        _, channels = split_channels(self, input_shape, self.rank, self.data_format)
        return join_channels(input_shape[0], lengths, channels, self.data_format)

    def _spatial(self, input_shape: Shape) -> tuple[int | None, ...]:
        return split_channels(self, input_shape, self.rank, self.data_format)[0]


class BaseUpSampling(_Spatial):
    """Repeats each spatial step ``size`` times."""

    size: tuple[int, ...]

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Each spatial axis times its factor; None stays None."""
        lengths = tuple(None if n is None else n * f
                        for n, f in zip(self._spatial(input_shape), self.size, strict=True))
        return self._resize(input_shape, lengths)

    def _factors(self, size: Any) -> tuple[int, ...]:
        try:
            factors = normalize_tuple(size, self.rank, "size")
        except ValueError as err:
            raise self.config_error(str(err)) from err
        if min(factors) <= 0:
            raise self.config_error(f"size must hold positive integers, got {size!r}")
        self._config["size"] = list(factors)
        return factors


class UpSampling1D(BaseUpSampling):
    """(batch, steps, features) -> (batch, steps × size, features); ``size`` is one integer.

    Example:
        >>> UpSampling1D(3).compute_output_shape((None, 5, 8))
        (None, 15, 8)
    """

    rank = 1

    def __init__(self, size: int = 2, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.size = (positive_int(self, size, "size"),)


class UpSampling2D(BaseUpSampling):
    """Repeats rows and columns; ``interpolation`` changes values, not the shape.

    Example:
        >>> UpSampling2D((2, 3), interpolation="bilinear").compute_output_shape((None, 4, 4, 3))
        (None, 8, 12, 3)
    """

    rank = 2

    def __init__(self, size: Any = (2, 2), data_format: str | None = None,
                 interpolation: str = "nearest", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.data_format = self._data_format(data_format)
        self.size = self._factors(size)
        self._config["interpolation"] = str(interpolation).lower()


class UpSampling3D(BaseUpSampling):
    """Repeats along depth, height and width.

    Example:
        >>> UpSampling3D(data_format="channels_first").compute_output_shape((None, 1, 2, 3, 4))
        (None, 1, 4, 6, 8)
    """

    rank = 3

    def __init__(self, size: Any = (2, 2, 2), data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.data_format = self._data_format(data_format)
        self.size = self._factors(size)


class BaseZeroPadding(_Spatial):
    """Adds zeros before and after each spatial axis."""

    def __init__(self, padding: Any = 1, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.data_format = self._data_format(data_format)
        self.padding = self._pairs(padding, "padding")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Each known spatial axis grows by its two pads."""
        lengths = tuple(None if n is None else n + sum(pair)
                        for n, pair in zip(self._spatial(input_shape), self.padding, strict=True))
        return self._resize(input_shape, lengths)


class ZeroPadding1D(BaseZeroPadding):
    """``padding`` is an int or (before, after).

    Example:
        >>> ZeroPadding1D((1, 2)).compute_output_shape((None, 10, 4))
        (None, 13, 4)
    """

    rank = 1


class ZeroPadding2D(BaseZeroPadding):
    """``padding``: int, (rows, cols) or ((top, bottom), (left, right)).

    Example:
        >>> ZeroPadding2D(((1, 0), (2, 2)), "channels_first").compute_output_shape(
        ...     (None, 3, 8, 8))
        (None, 3, 9, 12)
    """

    rank = 2


class ZeroPadding3D(BaseZeroPadding):
    """``padding``: int, three ints, or three (before, after) pairs.

    Example:
        >>> ZeroPadding3D((1, 2, 3)).compute_output_shape((None, 4, 4, 4, 1))
        (None, 6, 8, 10, 1)
    """

    rank = 3


class BaseCropping(_Spatial):
    """Removes steps before and after each spatial axis; nothing may be left empty."""

    def __init__(self, cropping: Any = 1, data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.data_format = self._data_format(data_format)
        self.cropping = self._pairs(cropping, "cropping")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Each known spatial axis shrinks by its two crops and must stay positive."""
        spatial = self._spatial(input_shape)
        lengths = tuple(None if n is None else n - sum(pair)
                        for n, pair in zip(spatial, self.cropping, strict=True))
        if any(n is not None and n <= 0 for n in lengths):
            raise self.shape_error(input_shape, f"cropping {self._config['cropping']} removes "
                                   "every step of an axis", "crop less than the axis length")
        return self._resize(input_shape, lengths)


class Cropping1D(BaseCropping):
    """``cropping`` is an int or (before, after); Keras gives it no ``data_format``.

    Example:
        >>> Cropping1D().compute_output_shape((None, 10, 4))
        (None, 8, 4)
    """

    rank = 1

    def __init__(self, cropping: Any = (1, 1), **kwargs: Any) -> None:
        # Skip BaseCropping's data_format argument: the base Layer rejects it, as Keras does.
        Layer.__init__(self, **kwargs)
        self._set_config(locals())
        self.cropping = self._pairs(cropping, "cropping")


class Cropping2D(BaseCropping):
    """``cropping``: int, (rows, cols) or ((top, bottom), (left, right)); default none.

    Example:
        >>> Cropping2D(2).compute_output_shape((None, 28, 28, 3))
        (None, 24, 24, 3)
    """

    rank = 2

    def __init__(self, cropping: Any = ((0, 0), (0, 0)), data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(BaseCropping):
    """``cropping``: int, three ints, or three (before, after) pairs.

    Example:
        >>> Cropping3D().compute_output_shape((None, 4, 4, 4, 1))
        (None, 2, 2, 2, 1)
    """

    rank = 3

    def __init__(self, cropping: Any = ((1, 1), (1, 1), (1, 1)),
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(cropping, data_format, **kwargs)
