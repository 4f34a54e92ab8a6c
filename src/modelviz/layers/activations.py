"""Activation layers: ReLU, LeakyReLU, PReLU, ELU and Softmax.

All keep the input shape; only PReLU has a weight, a learned slope ``alpha``
per input element (axes listed in ``shared_axes`` share one slope).

Example:
    >>> PReLU(shared_axes=[1, 2]).explain((None, 28, 28, 32))
    'alpha 1×1×32 = 32'
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer, Shape, Weight

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]


def _non_negative(layer: Layer, value: Any, name: str) -> None:
    if value is None or value < 0:
        raise layer.config_error(f"{name} cannot be None or negative, got {value!r}")


class ReLU(Layer):
    """Rectified linear unit with optional cap, leak and threshold; no weights.

    Example:
        >>> ReLU(max_value=6.0).compute_output_shape((None, 8))
        (None, 8)
    """

    supports_masking = True

    def __init__(self, max_value: float | None = None, negative_slope: float = 0.0,
                 threshold: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if max_value is not None and max_value < 0:
            raise self.config_error(f"max_value cannot be negative, got {max_value!r}")
        _non_negative(self, negative_slope, "negative_slope")
        _non_negative(self, threshold, "threshold")


class LeakyReLU(Layer):
    """ReLU with slope ``negative_slope`` below zero (Keras 2's ``alpha`` is accepted).

    Example:
        >>> LeakyReLU(alpha=0.1).get_config()["negative_slope"]
        0.1
    """

    supports_masking = True

    def __init__(self, negative_slope: float = 0.3, **kwargs: Any) -> None:
        if "alpha" in kwargs:  # deprecated Keras 2 name
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        self._set_config(locals())
        _non_negative(self, negative_slope, "negative_slope")


class PReLU(Layer):
    """Leaky ReLU with a learned slope per element: alpha has shape input_shape[1:].

    Example:
        >>> PReLU().weight_shapes((None, 10))
        [Weight(name='alpha', shape=(10,), trainable=True)]
    """

    supports_masking = True

    def __init__(self, alpha_initializer: Any = "Zeros", alpha_regularizer: Any = None,
                 alpha_constraint: Any = None, shared_axes: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if shared_axes is None:
            self.shared_axes: list[int] | None = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """alpha: input_shape[1:] with each shared axis set to 1."""
        shape = list(input_shape[1:])
        for axis in self.shared_axes or []:
            # Keras indexes input_shape[1:] with axis - 1, so -1 shares the second-last axis.
            if not -len(shape) <= axis - 1 < len(shape):
                raise self.shape_error(input_shape, f"shared axis {axis} does not exist",
                                       f"use axes between 1 and {len(shape)}")
            shape[axis - 1] = 1
        if None in shape:
            raise self.shape_error(input_shape, "an unshared axis is undefined (None), so "
                                   "alpha's size is unknown", "share that axis with "
                                   "shared_axes=[...] or give it a size")
        return [Weight("alpha", tuple(shape))]  # type: ignore[arg-type]


class ELU(Layer):
    """Exponential linear unit; no weights.

    Example:
        >>> ELU().explain((None, 4))
        'ELU has no weights'
    """

    supports_masking = True

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())


class Softmax(Layer):
    """Softmax over ``axis``; no weights.

    Example:
        >>> Softmax().compute_output_shape((None, 10))
        (None, 10)
    """

    supports_masking = True
    takes_mask = True

    def __init__(self, axis: Any = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
