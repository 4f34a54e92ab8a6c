"""Image ``keras.ops`` (``keras/src/ops/image.py``): ``ops.image.resize``, ``extract_patches``.

Example:
    >>> from modelviz import Input, ops
    >>> images = Input((32, 32, 3))
    >>> ops.image.resize(images, (64, 48)).shape, ops.image.extract_patches(images, 8).shape
    ((None, 64, 48, 3), (None, 4, 4, 192))
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.ops import call_op

__all__ = ["extract_patches", "resize"]


def resize(images: Any, size: Any, interpolation: str = "bilinear", antialias: bool = False,
           crop_to_aspect_ratio: bool = False, pad_to_aspect_ratio: bool = False,
           fill_mode: str = "constant", fill_value: float = 0.0,
           data_format: str | None = None) -> Any:
    """``keras.ops.image.resize``: height and width become ``size``.

    Example:
        >>> from modelviz import Input
        >>> y = resize(Input((3, 32, 32)), (64, 48), data_format="channels_first")
        >>> y.shape, y._keras_history[0].class_name
        ((None, 3, 64, 48), 'Resize')
    """
    return call_op("resize", images, size=tuple(size), interpolation=interpolation,
                   data_format=data_format)


def extract_patches(images: Any, size: Any, strides: Any = None, dilation_rate: int = 1,
                    padding: str = "valid", data_format: str | None = None) -> Any:
    """``keras.ops.image.extract_patches``: a grid of patches, each flattened (channels last).

    Example:
        >>> from modelviz import Input
        >>> y = extract_patches(Input((32, 32, 3)), (8, 8), strides=(4, 4))
        >>> y.shape, y._keras_history[0].class_name
        ((None, 7, 7, 192), 'ExtractPatches')
    """
    if data_format == "channels_first":
        raise ValueError("modelviz reads extract_patches with channels_last images only")
    return call_op("extract_patches", images, size=size, strides=strides,
                   dilation_rate=dilation_rate, padding=padding)
