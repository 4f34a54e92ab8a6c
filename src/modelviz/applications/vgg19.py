"""VGG19 (Keras's ``keras.applications.vgg19``), built with modelviz layers.

``weights`` is accepted with any value and never downloaded or read.

Example:
    >>> VGG19(weights=None).count_params()
    143667240
"""

from __future__ import annotations

from typing import Any

from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.applications.vgg16 import preprocess_input, vgg
from modelviz.models import Model

__all__ = ["VGG19", "decode_predictions", "preprocess_input"]


def VGG19(include_top: bool = True, weights: Any = "imagenet", input_tensor: Any = None,  # noqa: N802
          input_shape: Any = None, pooling: Any = None, classes: int = 1000,
          classifier_activation: Any = "softmax", name: str = "vgg19") -> Model:
    """VGG19 as Keras 3 builds it (``weights`` accepted, never downloaded or read).

    Example:
        >>> VGG19(include_top=False, pooling="max").output_shape
        (None, 512)
    """
    return vgg((2, 2, 4, 4, 4), include_top, weights, input_tensor, input_shape, pooling,
               classes, classifier_activation, name)
