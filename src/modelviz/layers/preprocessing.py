"""Preprocessing layers: rescaling, feature normalization, resizing, cropping, augmentation.

Most keep the input shape and have no weights. Resizing, CenterCrop and
RandomCrop set the height and width; Normalization keeps non-trainable
statistics (mean, variance, count) unless given ``mean`` and ``variance``;
CategoryEncoding replaces the last axis by ``num_tokens``.

Example:
    >>> Resizing(64, 64).compute_output_shape((None, 256, 256, 3))
    (None, 64, 64, 3)
    >>> Normalization().explain((None, 3))
    'mean 3 + variance 3 + count 1 (non-trainable) = 7'
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import Layer, Shape, Weight
from modelviz.layers.core import positive_int
from modelviz.layers.normalization import explain_split
from modelviz.layers.shape_utils import normalize_data_format

__all__ = [
    "CategoryEncoding",
    "CenterCrop",
    "Normalization",
    "RandomBrightness",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "Rescaling",
    "Resizing",
]


class Rescaling(Layer):
    """Computes ``inputs * scale + offset``; no weights.

    Example:
        >>> Rescaling(1 / 255).compute_output_shape((None, 28, 28, 1))
        (None, 28, 28, 1)
    """

    supports_masking = True

    def __init__(self, scale: Any, offset: Any = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())


class Normalization(Layer):
    """Standardizes features; ``adapt`` statistics are non-trainable weights.

    The kept ``axis`` (or axes) must be known: mean and variance take their
    sizes, plus a scalar ``count``. Given ``mean`` and ``variance`` the layer
    holds constants, not weights.

    Example:
        >>> [w.shape for w in Normalization(axis=(1, 2)).weight_shapes((None, 4, 5, 6))]
        [(4, 5), (4, 5), ()]
        >>> Normalization(mean=0.5, variance=0.25).weight_shapes((None, 3))
        []
    """

    supports_masking = True

    def __init__(self, axis: Any = -1, mean: Any = None, variance: Any = None,
                 invert: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if axis is None:
            axis = ()
        self.axis: tuple[int, ...] = (axis,) if isinstance(axis, int) else tuple(axis)
        if (mean is None) != (variance is None):
            raise self.config_error("mean and variance must be given together; set both "
                                    "or neither")
        self.has_constants = mean is not None

    def _kept_shape(self, input_shape: Shape) -> tuple[int, ...]:
        rank = len(input_shape)
        if any(not -rank <= a < rank for a in self.axis):
            raise self.shape_error(input_shape, f"axis {self.axis} is out of range",
                                   f"use axes between {-rank} and {rank - 1}")
        kept = sorted(a % rank for a in self.axis)
        if any(input_shape[a] is None for a in kept):
            raise self.shape_error(input_shape, f"kept axis {self.axis} is undefined (None)",
                                   "give the kept axes a size in the Input shape")
        return tuple(input_shape[a] for a in kept)  # type: ignore[misc]

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Shape unchanged, once the kept axes are checked."""
        self._kept_shape(input_shape)
        return input_shape

    def weight_shapes(self, input_shape: Shape) -> list[Weight]:
        """mean, variance (kept axes) and count (scalar), all non-trainable."""
        shape = self._kept_shape(input_shape)
        if self.has_constants:
            return []
        return [Weight("mean", shape, False), Weight("variance", shape, False),
                Weight("count", (), False)]

    def adapt(self, data: Any, batch_size: Any = None, steps: Any = None) -> None:
        """Keras computes mean and variance from ``data``; modelviz builds on its shape."""
        shape = getattr(data, "shape", None)
        if isinstance(shape, tuple) and not self.built:
            self.build((None, *shape[1:]))

    def explain(self, input_shape: Any = None) -> str:
        """``mean 3 + variance 3 + count 1 (non-trainable) = 7``."""
        weights = self.weights if input_shape is None else self.weight_shapes(input_shape)
        return explain_split(weights) if weights else super().explain(input_shape)


class CategoryEncoding(Layer):
    """Encodes integer ids as one-hot, multi-hot or count vectors of ``num_tokens``.

    Example:
        >>> CategoryEncoding(num_tokens=10).compute_output_shape((None, 4))
        (None, 10)
        >>> CategoryEncoding(10, output_mode="one_hot").compute_output_shape((None, 4))
        (None, 4, 10)
    """

    def __init__(self, num_tokens: int | None = None, output_mode: str = "multi_hot",
                 sparse: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        self.output_mode = "multi_hot" if output_mode == "binary" else output_mode
        if self.output_mode not in ("count", "one_hot", "multi_hot"):
            raise self.config_error(f"output_mode must be 'count', 'one_hot' or 'multi_hot', "
                                    f"got {output_mode!r}")
        if num_tokens is None:
            raise self.config_error("num_tokens must be set; use IntegerLookup when the "
                                    "vocabulary size is unknown")
        self.num_tokens = positive_int(self, num_tokens, "num_tokens")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Keras's rule: one_hot appends the token axis unless the last axis is 1."""
        if not input_shape:
            return (self.num_tokens,)
        if self.output_mode == "one_hot" and (input_shape[-1] != 1 or len(input_shape) == 1):
            return (*input_shape, self.num_tokens)
        return (*input_shape[:-1], self.num_tokens)


class _ImageLayer(Layer):
    """Keras's image preprocessing base: ``bounding_box_format`` and ``data_format``."""

    def __init__(self, bounding_box_format: str | None = None, data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        try:
            self.data_format = normalize_data_format(data_format)
        except ValueError as err:
            raise self.config_error(str(err)) from err
        self.bounding_box_format = bounding_box_format


class _SizedImageLayer(_ImageLayer):
    """A layer whose output has a fixed ``height`` and ``width``."""

    height: int
    width: int
    _check_rank = True

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Set the height and width axes of a batched (4-D) or unbatched (3-D) image."""
        if self._check_rank and len(input_shape) not in (3, 4):
            raise self.shape_error(input_shape, "expects images of rank 4 (batch, height, "
                                   "width, channels) or 3 (unbatched)", "reshape the input "
                                   "to (height, width, channels)")
        if len(input_shape) < 2 + (self.data_format == "channels_first"):
            raise self.shape_error(input_shape, "expects images with a height and width axis",
                                   "reshape the input to (height, width, channels)")
        out = list(input_shape)
        # Keras: rank 4 is batched; any other rank is treated as one unbatched image.
        first = (len(input_shape) == 4) + (self.data_format == "channels_first")
        out[first], out[first + 1] = self.height, self.width
        return tuple(out)


class Resizing(_SizedImageLayer):
    """Resizes images to ``height`` × ``width``.

    Like Keras, any rank but 4 is read as an unbatched image, so the first two
    axes are set.

    Example:
        >>> Resizing(32, 48, data_format="channels_first").compute_output_shape((None, 3, 9, 9))
        (None, 3, 32, 48)
    """

    _check_rank = False

    def __init__(self, height: int, width: int, interpolation: str = "bilinear",
                 crop_to_aspect_ratio: bool = False, pad_to_aspect_ratio: bool = False,
                 fill_mode: str = "constant", fill_value: float = 0.0, antialias: bool = False,
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())
        self.height = positive_int(self, height, "height")
        self.width = positive_int(self, width, "width")


class CenterCrop(_SizedImageLayer):
    """Crops the central ``height`` × ``width`` window (smaller images are resized).

    Example:
        >>> CenterCrop(24, 24).compute_output_shape((None, 32, 32, 3))
        (None, 24, 24, 3)
    """

    def __init__(self, height: int, width: int, data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())
        self.height = positive_int(self, height, "height")
        self.width = positive_int(self, width, "width")


class RandomCrop(_ImageLayer):
    """Crops a random ``height`` × ``width`` window while training.

    Example:
        >>> RandomCrop(24, 24).compute_output_shape((None, 32, 32, 3))
        (None, 24, 24, 3)
    """

    def __init__(self, height: int, width: int, seed: int | None = None,
                 data_format: str | None = None, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(data_format=data_format, name=name, **kwargs)
        self._set_config(locals())
        self.height = positive_int(self, height, "height")
        self.width = positive_int(self, width, "width")

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Keras sets axes -3, -2 (channels_last) or -2, -1 (channels_first)."""
        if len(input_shape) < 3:
            raise self.shape_error(input_shape, "expects images (height, width, channels)",
                                   "give the input a height, width and channel axis")
        out = list(input_shape)
        first = -2 if self.data_format == "channels_first" else -3
        out[first], out[first + 1] = self.height, self.width
        return tuple(out)


class RandomFlip(_ImageLayer):
    """Flips images horizontally and/or vertically while training.

    Example:
        >>> RandomFlip("horizontal").compute_output_shape((None, 32, 32, 3))
        (None, 32, 32, 3)
    """

    def __init__(self, mode: str = "horizontal_and_vertical", seed: int | None = None,
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomRotation(_ImageLayer):
    """Rotates images by a random fraction of a full turn while training.

    Example:
        >>> RandomRotation(0.1).explain((None, 32, 32, 3))
        'RandomRotation has no weights'
    """

    def __init__(self, factor: Any, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomZoom(_ImageLayer):
    """Zooms images in or out at random while training.

    Example:
        >>> RandomZoom(0.2).compute_output_shape((None, 32, 32, 3))
        (None, 32, 32, 3)
    """

    def __init__(self, height_factor: Any, width_factor: Any = None, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomTranslation(_ImageLayer):
    """Shifts images by random fractions of their height and width while training.

    Example:
        >>> RandomTranslation(0.1, 0.1).compute_output_shape((None, 32, 32, 3))
        (None, 32, 32, 3)
    """

    def __init__(self, height_factor: Any, width_factor: Any, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomContrast(_ImageLayer):
    """Scales contrast by a random factor while training.

    Example:
        >>> RandomContrast(0.2).compute_output_shape((None, 32, 32, 3))
        (None, 32, 32, 3)
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())


class RandomBrightness(_ImageLayer):
    """Shifts brightness by a random amount while training.

    Example:
        >>> RandomBrightness(0.2).compute_output_shape((None, 32, 32, 3))
        (None, 32, 32, 3)
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
