"""Regularization layers: noise, dropout variants and activity regularization.

All keep the input shape and have no weights; SpatialDropout1D/2D/3D need
3-, 4- and 5-D inputs.

Example:
    >>> SpatialDropout2D(0.2).compute_output_shape((None, 32, 32, 16))
    (None, 32, 32, 16)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer, Shape
from modelviz.layers.shape_utils import normalize_data_format

__all__ = [
    "ActivityRegularization",
    "AlphaDropout",
    "GaussianDropout",
    "GaussianNoise",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
]


def check_fraction(layer: Layer, value: Any, name: str) -> float:
    """``rate``/``stddev`` must lie in [0, 1], as Keras checks."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise layer.config_error(f"{name} must be a number between 0 and 1, got {value!r}")
    return float(value)


def _data_format(layer: Layer, value: Any) -> str:
    try:
        return normalize_data_format(value)
    except ValueError as err:
        raise layer.config_error(str(err)) from err


class GaussianNoise(Layer):
    """Adds zero-centred noise of ``stddev`` while training.

    Example:
        >>> GaussianNoise(0.1).explain((None, 4))
        'GaussianNoise has no weights'
    """

    supports_masking = True

    def __init__(self, stddev: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.stddev = check_fraction(self, stddev, "stddev")


class GaussianDropout(Layer):
    """Multiplies by 1-centred Gaussian noise while training.

    Example:
        >>> GaussianDropout(0.3).compute_output_shape((None, 7))
        (None, 7)
    """

    supports_masking = True

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.rate = check_fraction(self, rate, "rate")


class AlphaDropout(Layer):
    """Dropout that keeps the mean and variance of self-normalizing inputs.

    Example:
        >>> AlphaDropout(0.1).compute_output_shape((None, 7))
        (None, 7)
    """

    supports_masking = True

    def __init__(self, rate: float, noise_shape: Any = None, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.rate = check_fraction(self, rate, "rate")


class ActivityRegularization(Layer):
    """Adds an L1/L2 penalty on its input to the loss; shape unchanged.

    Example:
        >>> ActivityRegularization(l1=0.01).compute_output_shape((None, 3))
        (None, 3)
    """

    supports_masking = True

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())


class _SpatialDropout(Layer):
    """Drops whole feature maps; the input rank is fixed per class."""

    supports_masking = True

    _rank: int = 3

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rate = check_fraction(self, rate, "rate")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """The input shape, once its rank is checked."""
        if len(input_shape) != self._rank:
            raise self.shape_error(input_shape, f"expects a {self._rank}-D input, got "
                                   f"{len(input_shape)}-D", f"use SpatialDropout"
                                   f"{len(input_shape) - 2}D or plain Dropout"
                                   if 3 <= len(input_shape) <= 5 else "use plain Dropout")
        return input_shape


class SpatialDropout1D(_SpatialDropout):
    """Drops whole 1-D feature maps of a (batch, steps, channels) input.

    Example:
        >>> SpatialDropout1D(0.5).compute_output_shape((None, 100, 64))
        (None, 100, 64)
    """

    _rank = 3

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(rate, seed, **kwargs)
        self._set_config(locals())


class SpatialDropout2D(_SpatialDropout):
    """Drops whole 2-D feature maps of a 4-D input.

    Example:
        >>> SpatialDropout2D(0.5, name="drop").compute_output_shape(
        ...     (None, 100, 64))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        modelviz.errors.ShapeError: drop (SpatialDropout2D): expects a 4-D input, got 3-D...
    """

    _rank = 4

    def __init__(self, rate: float, data_format: str | None = None, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(rate, seed, **kwargs)
        self._set_config(locals())
        self.data_format = _data_format(self, data_format)


class SpatialDropout3D(_SpatialDropout):
    """Drops whole 3-D feature maps of a 5-D input.

    Example:
        >>> SpatialDropout3D(0.5).compute_output_shape((None, 8, 8, 8, 4))
        (None, 8, 8, 8, 4)
    """

    _rank = 5

    def __init__(self, rate: float, data_format: str | None = None, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(rate, seed, **kwargs)
        self._set_config(locals())
        self.data_format = _data_format(self, data_format)
