"""Normalization layers: batch, layer, group, RMS and unit normalization.

Shapes pass through unchanged; the weights are per-feature vectors on the
normalized axis (or axes). BatchNormalization also keeps moving statistics,
which count as parameters but are never trained.

Example:
    >>> BatchNormalization().explain((None, 64))
    'gamma 64 + beta 64 (trainable) + moving_mean 64 + moving_variance 64 (non-trainable) = 256'
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer, Shape, Weight, dims

__all__ = [
    "BatchNormalization",
    "GroupNormalization",
    "LayerNormalization",
    "RMSNormalization",
    "UnitNormalization",
]


def explain_split(weights: list[Weight]) -> str:
    """``gamma 64 + beta 64 (trainable) + moving_mean 64 (non-trainable) = 192``.

    Example:
        >>> explain_split([Weight("gamma", (8,)), Weight("moving_mean", (8,), False)])
        'gamma 8 (trainable) + moving_mean 8 (non-trainable) = 16'
    """
    parts = []
    for trainable, label in ((True, "trainable"), (False, "non-trainable")):
        group = [f"{w.name} {dims(w.shape)}" for w in weights if w.trainable == trainable]
        if group:
            parts.append(" + ".join(group) + f" ({label})")
    return " + ".join(parts) + f" = {sum(w.size for w in weights):,}"


def _axes(axis: Any) -> list[int]:
    return list(axis) if isinstance(axis, (list, tuple)) else [axis]


def check_axes(layer: Layer, input_shape: Shape, axis: Any) -> None:
    """Keras's "Axis ... is out of bounds" check shared by the normalization layers."""
    rank = len(input_shape)
    for ax in _axes(axis):
        if ax >= rank or ax < -rank:
            raise layer.shape_error(input_shape, f"axis {ax} is out of bounds for rank {rank}",
                                    f"use an axis between {-rank} and {rank - 1}")


def known_axes(layer: Layer, input_shape: Shape, axis: Any) -> tuple[int, ...]:
    """The sizes of the normalized axes (sorted as Keras), which size the weights."""
    check_axes(layer, input_shape, axis)
    sizes = tuple(input_shape[ax] for ax in sorted(_axes(axis)))
    if None in sizes:
        raise layer.shape_error(input_shape, f"the normalized axis {axis} is undefined (None)",
                                "give that axis a size in the Input shape")
    return sizes  # type: ignore[return-value]


class _AxisNormalization(Layer):
    """Shared shape rule: the axis must exist; the shape is unchanged."""

    axis: Any = -1

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """The input shape, after Keras's axis bounds check."""
        check_axes(self, input_shape, self.axis)
        return input_shape


class BatchNormalization(_AxisNormalization):
    """Normalizes with batch statistics; gamma/beta train, the moving statistics do not.

    Example:
        >>> [(w.name, w.shape, w.trainable) for w in BatchNormalization().weight_shapes((None, 3))]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('gamma', (3,), True), ('beta', (3,), True), ('moving_mean', (3,), False),
         ('moving_variance', (3,), False)]
    """

    supports_masking = True
    takes_mask = True

    def __init__(self, axis: int = -1, momentum: float = 0.99, epsilon: float = 1e-3,
                 center: bool = True, scale: bool = True, beta_initializer: Any = "zeros",
                 gamma_initializer: Any = "ones", moving_mean_initializer: Any = "zeros",
                 moving_variance_initializer: Any = "ones", beta_regularizer: Any = None,
                 gamma_regularizer: Any = None, beta_constraint: Any = None,
                 gamma_constraint: Any = None, renorm: bool = False, renorm_clipping: Any = None,
                 renorm_momentum: float = 0.99, synchronized: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.axis = int(axis)
        self.center = bool(center)
        self.scale = bool(scale)
        self.renorm = bool(renorm)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """gamma, beta (trainable), moving_mean, moving_variance (+ renorm statistics)."""
        shape = known_axes(self, input_shape, self.axis)
        weights = []
        if self.scale:
            weights.append(Weight("gamma", shape))
        if self.center:
            weights.append(Weight("beta", shape))
        names = ["moving_mean", "moving_variance"]
        if self.renorm:
            names += ["moving_stddev", "renorm_mean", "renorm_stddev"]
        return weights + [Weight(name, shape, trainable=False) for name in names]

    def explain(self, input_shape: Any = None) -> str:
        """``gamma 64 + beta 64 (trainable) + moving_mean 64 + ... (non-trainable) = 256``."""
        weights = self.weights if input_shape is None else self.weight_shapes(input_shape)
        return explain_split(weights)


class LayerNormalization(_AxisNormalization):
    """Normalizes each sample over ``axis``; gamma and beta span the normalized axes.

    Example:
        >>> LayerNormalization(axis=[1, 2]).weight_shapes((None, 4, 5))[0].shape
        (4, 5)
    """

    supports_masking = True

    def __init__(self, axis: Any = -1, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer: Any = "zeros",
                 gamma_initializer: Any = "ones", beta_regularizer: Any = None,
                 gamma_regularizer: Any = None, beta_constraint: Any = None,
                 gamma_constraint: Any = None, **kwargs: Any) -> None:
        rms_scaling = bool(kwargs.pop("rms_scaling", False))  # deprecated, as in Keras
        super().__init__(**kwargs)
        self._set_config(locals())
        if not isinstance(axis, (int, list, tuple)) or isinstance(axis, bool):
            raise self.config_error(f"axis must be an int or a list of ints, got {axis!r}")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = rms_scaling

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """gamma (if scale or rms_scaling) and beta (if center and not rms_scaling)."""
        shape = known_axes(self, input_shape, self.axis)
        weights = []
        if self.scale or self.rms_scaling:
            weights.append(Weight("gamma", shape))
        if self.center and not self.rms_scaling:
            weights.append(Weight("beta", shape))
        return weights


class GroupNormalization(_AxisNormalization):
    """Normalizes channel groups; ``groups`` must divide the channels (-1: one per channel).

    Example:
        >>> GroupNormalization(groups=4).explain((None, 8, 8, 16))
        'gamma 16 + beta 16 = 32'
    """

    supports_masking = True

    def __init__(self, groups: int = 32, axis: int = -1, epsilon: float = 1e-3,
                 center: bool = True, scale: bool = True, beta_initializer: Any = "zeros",
                 gamma_initializer: Any = "ones", beta_regularizer: Any = None,
                 gamma_regularizer: Any = None, beta_constraint: Any = None,
                 gamma_constraint: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if isinstance(groups, bool) or not isinstance(groups, int) or (
                groups <= 0 and groups != -1):
            raise self.config_error(f"groups must be a positive integer (or -1 for instance "
                                    f"normalization), got {groups!r}")
        self.groups = groups
        self.axis = axis
        self.center = bool(center)
        self.scale = bool(scale)

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """gamma and beta of shape (channels,)."""
        (channels,) = known_axes(self, input_shape, self.axis)
        groups = channels if self.groups == -1 else self.groups
        if channels < groups or channels % groups:
            raise self.shape_error(input_shape, f"{groups} groups do not divide {channels} "
                                   "channels", "use a number of groups that divides the "
                                   "channel count")
        weights = []
        if self.scale:
            weights.append(Weight("gamma", (channels,)))
        if self.center:
            weights.append(Weight("beta", (channels,)))
        return weights


class RMSNormalization(_AxisNormalization):
    """Root-mean-square normalization with one trainable ``scale`` over ``axis``.

    Example:
        >>> RMSNormalization().explain((None, 10, 32))
        'scale 32 = 32'
    """

    supports_masking = True

    def __init__(self, axis: Any = -1, epsilon: float = 1e-6, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.axis = axis

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """scale, shaped like the normalized axes."""
        return [Weight("scale", known_axes(self, input_shape, self.axis))]


class UnitNormalization(_AxisNormalization):
    """Scales each sample to unit L2 norm along ``axis``; no weights.

    Example:
        >>> UnitNormalization().compute_output_shape((None, 5))
        (None, 5)
    """

    supports_masking = True

    def __init__(self, axis: Any = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if not isinstance(axis, (int, list, tuple)) or isinstance(axis, bool):
            raise self.config_error(f"axis must be an int or a list of ints, got {axis!r}")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
