"""Keras 3's image augmentation layers: random or fixed pixel changes, shape unchanged.

None has weights; each keeps Keras's arguments and defaults (signatures copied from
``keras.layers`` 3.15), so Keras code and saved configs using them load and draw.

Example:
    >>> RandAugment().compute_output_shape((None, 32, 32, 3))
    (None, 32, 32, 3)
    >>> RandomHue(0.2).compute_output_shape((None, 64, 64, 3))
    (None, 64, 64, 3)
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.base import auto_name, to_snake_case
from modelviz.layers.preprocessing import _ImageLayer

# The sublayers Keras creates inside these layers, in creation order: each takes the next
# automatic name of its class, so a user's later Equalization() is equalization_1.
_RAND_AUGMENT_PARTS = ("RandomShear", "RandomTranslation", "RandomRotation", "RandomBrightness",
                       "RandomColorDegeneration", "RandomContrast", "RandomSharpness",
                       "Solarization", "RandomPosterization", "AutoContrast", "Equalization")
_AUG_MIX_PARTS = ("RandomShear", "RandomTranslation", "RandomRotation", "Solarization",
                  "RandomPosterization", "AutoContrast", "Equalization")
_AUG_MIX_ALL_OPS = ("RandomBrightness", "RandomColorDegeneration", "RandomContrast",
                    "RandomSharpness")


def _take_names(*class_names: str) -> None:
    for class_name in class_names:
        auto_name(to_snake_case(class_name))

__all__ = [
    "AugMix",
    "AutoContrast",
    "ContrastLimitedAdaptiveHistogramEqualization",
    "CutMix",
    "Equalization",
    "MixUp",
    "RandAugment",
    "RandomColorDegeneration",
    "RandomColorJitter",
    "RandomElasticTransform",
    "RandomErasing",
    "RandomGaussianBlur",
    "RandomGrayscale",
    "RandomHue",
    "RandomInvert",
    "RandomPerspective",
    "RandomPosterization",
    "RandomSaturation",
    "RandomSharpness",
    "RandomShear",
    "Solarization",
]


class AugMix(_ImageLayer):
    """Performs the AugMix data augmentation technique; the shape is unchanged."""

    def __init__(
        self,
        value_range: Any = (0, 255),
        num_chains: Any = 3,
        chain_depth: Any = 3,
        factor: Any = 0.3,
        alpha: Any = 1.0,
        all_ops: Any = True,
        interpolation: Any = "bilinear",
        seed: Any = None,
        data_format: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())
        _take_names(*_AUG_MIX_PARTS, *(_AUG_MIX_ALL_OPS if all_ops else ()))


class AutoContrast(_ImageLayer):
    """Performs the auto-contrast operation on an image; the shape is unchanged."""

    def __init__(self, value_range: Any = (0, 255), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())


class ContrastLimitedAdaptiveHistogramEqualization(_ImageLayer):
    """Contrast Limited Adaptive Histogram Equalization (CLAHE) layer; the shape is unchanged."""

    def __init__(
        self,
        value_range: Any = (0, 255),
        clip_limit: Any = 4.0,
        tile_grid_size: Any = (8, 8),
        data_format: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class CutMix(_ImageLayer):
    """CutMix data augmentation technique; the shape is unchanged."""

    def __init__(
        self, factor: Any = 1.0, seed: Any = None, data_format: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class Equalization(_ImageLayer):
    """Preprocessing layer for histogram equalization on image channels; the shape is unchanged."""

    def __init__(
        self, value_range: Any = (0, 255), bins: Any = 256, data_format: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class MixUp(_ImageLayer):
    """MixUp implements the MixUp data augmentation technique; the shape is unchanged."""

    def __init__(
        self, alpha: Any = 0.2, data_format: Any = None, seed: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandAugment(_ImageLayer):
    """RandAugment performs the Rand Augment operation on input images; the shape is unchanged."""

    def __init__(
        self,
        value_range: Any = (0, 255),
        num_ops: Any = 2,
        factor: Any = 0.5,
        interpolation: Any = "bilinear",
        seed: Any = None,
        data_format: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())
        _take_names(*_RAND_AUGMENT_PARTS)


class RandomColorDegeneration(_ImageLayer):
    """Randomly performs the color degeneration operation on given images."""

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        data_format: Any = None,
        seed: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomColorJitter(_ImageLayer):
    """RandomColorJitter class randomly apply brightness, contrast, saturation."""

    def __init__(
        self,
        value_range: Any = (0, 255),
        brightness_factor: Any = None,
        contrast_factor: Any = None,
        saturation_factor: Any = None,
        hue_factor: Any = None,
        seed: Any = None,
        data_format: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())
        factors = (brightness_factor, contrast_factor, saturation_factor, hue_factor)
        parts = ("RandomBrightness", "RandomContrast", "RandomSaturation", "RandomHue")
        _take_names(*(part for part, f in zip(parts, factors, strict=True) if f is not None))


class RandomElasticTransform(_ImageLayer):
    """A preprocessing layer that applies random elastic transformations; the shape is unchanged."""

    def __init__(
        self,
        factor: Any = 1.0,
        scale: Any = 1.0,
        interpolation: Any = "bilinear",
        fill_mode: Any = "reflect",
        fill_value: Any = 0.0,
        value_range: Any = (0, 255),
        seed: Any = None,
        data_format: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomErasing(_ImageLayer):
    """Random Erasing data augmentation technique; the shape is unchanged."""

    def __init__(
        self,
        factor: Any = 1.0,
        scale: Any = (0.02, 0.33),
        fill_value: Any = None,
        value_range: Any = (0, 255),
        seed: Any = None,
        data_format: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomGaussianBlur(_ImageLayer):
    """Applies random Gaussian blur to images for data augmentation; the shape is unchanged."""

    def __init__(
        self,
        factor: Any = 1.0,
        kernel_size: Any = 3,
        sigma: Any = 1.0,
        value_range: Any = (0, 255),
        data_format: Any = None,
        seed: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomGrayscale(_ImageLayer):
    """Preprocessing layer for random conversion of RGB images to grayscale."""

    def __init__(
        self, factor: Any = 0.5, data_format: Any = None, seed: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomHue(_ImageLayer):
    """Randomly adjusts the hue on given images; the shape is unchanged."""

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        data_format: Any = None,
        seed: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomInvert(_ImageLayer):
    """Preprocessing layer for random inversion of image colors; the shape is unchanged."""

    def __init__(
        self,
        factor: Any = 1.0,
        value_range: Any = (0, 255),
        seed: Any = None,
        data_format: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomPerspective(_ImageLayer):
    """A preprocessing layer that applies random perspective transformations."""

    def __init__(
        self,
        factor: Any = 1.0,
        scale: Any = 1.0,
        interpolation: Any = "bilinear",
        fill_value: Any = 0.0,
        seed: Any = None,
        data_format: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomPosterization(_ImageLayer):
    """Reduces the number of bits for each color channel; the shape is unchanged."""

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        data_format: Any = None,
        seed: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomSaturation(_ImageLayer):
    """Randomly adjusts the saturation on given images; the shape is unchanged."""

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        data_format: Any = None,
        seed: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomSharpness(_ImageLayer):
    """Randomly performs the sharpness operation on given images; the shape is unchanged."""

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        data_format: Any = None,
        seed: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class RandomShear(_ImageLayer):
    """A preprocessing layer that randomly applies shear transformations to."""

    def __init__(
        self,
        x_factor: Any = 0.0,
        y_factor: Any = 0.0,
        interpolation: Any = "bilinear",
        fill_mode: Any = "reflect",
        fill_value: Any = 0.0,
        data_format: Any = None,
        seed: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_config(locals())


class Solarization(_ImageLayer):
    """Applies `(max_value - pixel + min_value)` for each pixel in the image."""

    def __init__(
        self,
        addition_factor: Any = 0.0,
        threshold_factor: Any = 0.0,
        value_range: Any = (0, 255),
        seed: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._set_config(locals())
