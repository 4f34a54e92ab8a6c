"""Pooling layers: windowed max/average and global max/average, in 1, 2 and 3 dimensions.

Pooling has no weights; one base class per kind takes the rank.

Example:
    >>> MaxPooling2D().compute_output_shape((None, 28, 28, 32))
    (None, 14, 14, 32)
    >>> GlobalAveragePooling2D().compute_output_shape((None, 7, 7, 512))
    (None, 512)
"""

from __future__ import annotations

from typing import Any, ClassVar

from modelviz.layers.base import Layer, Shape
from modelviz.layers.conv_base import Window, join_channels, make_window, split_channels
from modelviz.layers.shape_utils import normalize_data_format

__all__ = [
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "AvgPool1D",
    "AvgPool2D",
    "AvgPool3D",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalAveragePooling3D",
    "GlobalAvgPool1D",
    "GlobalAvgPool2D",
    "GlobalAvgPool3D",
    "GlobalMaxPool1D",
    "GlobalMaxPool2D",
    "GlobalMaxPool3D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
    "GlobalMaxPooling3D",
    "MaxPool1D",
    "MaxPool2D",
    "MaxPool3D",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
]


class BasePooling(Layer):
    """A ``pool_size`` window moved by ``strides`` (default: ``pool_size``) over each axis.

    Keras compares ``padding`` case-sensitively here ("SAME" fails), unlike convolutions.

    Example:
        >>> AveragePooling2D(3, strides=2, padding="same").compute_output_shape((None, 9, 9, 3))
        (None, 5, 5, 3)
    """

    rank: ClassVar[int] = 2

    def __init__(self, pool_size: Any, strides: Any = None, padding: str = "valid",
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        if padding not in ("valid", "same"):
            raise self.config_error(f"padding must be 'valid' or 'same' (lower case), "
                                    f"got {padding!r}")
        strides = pool_size if strides is None else strides
        self.window: Window = make_window(self, self.rank, pool_size, strides, padding,
                                          data_format, size_name="pool_size")
        self._config.update(pool_size=list(self.window.size), strides=list(self.window.strides),
                            data_format=self.window.data_format)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Keras's ``compute_pooling_output_shape``; a window larger than a valid input fails."""
        spatial, channels = split_channels(self, input_shape, self.rank, self.window.data_format)
        lengths = self.window.output_lengths(spatial)
        if any(n is not None and n <= 0 for n in lengths):
            size = "×".join(str(k) for k in self.window.size)
            raise self.shape_error(input_shape, f"{size} pool window does not fit",
                                   'use padding="same", a smaller pool_size or a larger input')
        return join_channels(input_shape[0], lengths, channels, self.window.data_format)


class _MaxPooling(BasePooling):
    """Max pooling: Keras gives ``pool_size`` a default of 2 on every axis."""

    def __init__(self, pool_size: Any = 2, strides: Any = None, padding: str = "valid",
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class MaxPooling1D(_MaxPooling):
    """Max over windows of steps.

    Example:
        >>> MaxPooling1D().compute_output_shape((None, 9, 4))
        (None, 4, 4)
    """

    rank = 1


class MaxPooling2D(_MaxPooling):
    """Max over windows of pixels.

    Example:
        >>> MaxPooling2D(data_format="channels_first").compute_output_shape((None, 3, 8, 8))
        (None, 3, 4, 4)
    """

    rank = 2


class MaxPooling3D(_MaxPooling):
    """Max over windows of voxels.

    Example:
        >>> MaxPooling3D().compute_output_shape((None, 4, 4, 4, 1))
        (None, 2, 2, 2, 1)
    """

    rank = 3


class AveragePooling1D(BasePooling):
    """Average over windows of steps (``pool_size`` is required, as in Keras).

    Example:
        >>> AveragePooling1D(2).compute_output_shape((None, 9, 4))
        (None, 4, 4)
    """

    rank = 1


class AveragePooling2D(BasePooling):
    """Average over windows of pixels (``pool_size`` is required, as in Keras).

    Example:
        >>> AveragePooling2D((2, 3)).compute_output_shape((None, 8, 9, 4))
        (None, 4, 3, 4)
    """

    rank = 2


class AveragePooling3D(BasePooling):
    """Average over windows of voxels (``pool_size`` is required, as in Keras).

    Example:
        >>> AveragePooling3D(2).compute_output_shape((None, 4, None, 4, 1))
        (None, 2, None, 2, 1)
    """

    rank = 3


class BaseGlobalPooling(Layer):
    """Reduces every spatial axis; ``keepdims=True`` keeps them as 1s.

    Example:
        >>> GlobalMaxPooling2D(keepdims=True).compute_output_shape((None, 7, 7, 8))
        (None, 1, 1, 8)
    """

    rank: ClassVar[int] = 2

    def __init__(self, data_format: str | None = None, keepdims: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
        try:
            self.data_format = normalize_data_format(data_format)
        except ValueError as err:
            raise self.config_error(str(err)) from err
        self._config["data_format"] = self.data_format
        self.keepdims = bool(keepdims)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """(batch, channels), or with ``keepdims`` (batch, 1, ..., channels)."""
        _, channels = split_channels(self, input_shape, self.rank, self.data_format)
        if not self.keepdims:
            return (input_shape[0], channels)
        return join_channels(input_shape[0], (1,) * self.rank, channels, self.data_format)


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Max over all steps.

    Example:
        >>> GlobalMaxPooling1D().compute_output_shape((None, None, 16))
        (None, 16)
    """

    rank = 1


class GlobalMaxPooling2D(BaseGlobalPooling):
    """Max over all pixels.

    Example:
        >>> GlobalMaxPooling2D(data_format="channels_first").compute_output_shape((None, 3, 8, 8))
        (None, 3)
    """

    rank = 2


class GlobalMaxPooling3D(BaseGlobalPooling):
    """Max over all voxels.

    Example:
        >>> GlobalMaxPooling3D().compute_output_shape((None, 4, 4, 4, 2))
        (None, 2)
    """

    rank = 3


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Mean over all steps (masked steps excluded when a mask arrives).

    Example:
        >>> GlobalAveragePooling1D(keepdims=True).compute_output_shape((None, 10, 16))
        (None, 1, 16)
    """

    supports_masking = True
    takes_mask = True

    rank = 1


class GlobalAveragePooling2D(BaseGlobalPooling):
    """Mean over all pixels.

    Example:
        >>> GlobalAveragePooling2D().compute_output_shape((None, 7, 7, 512))
        (None, 512)
    """

    rank = 2


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Mean over all voxels.

    Example:
        >>> GlobalAveragePooling3D(data_format="channels_first", keepdims=True
        ...                        ).compute_output_shape((None, 2, 4, 4, 4))
        (None, 2, 1, 1, 1)
    """

    rank = 3


# Keras exports the same classes under these names too.
MaxPool1D = MaxPooling1D
MaxPool2D = MaxPooling2D
MaxPool3D = MaxPooling3D
AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
AvgPool3D = AveragePooling3D
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
