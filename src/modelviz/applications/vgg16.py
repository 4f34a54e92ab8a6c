"""VGG16 (Keras's ``keras.applications.vgg16``), built with modelviz layers.

``weights`` is accepted with any value and never downloaded or read.

Example:
    >>> VGG16(weights="imagenet").count_params()
    138357544
    >>> VGG16(include_top=False, input_shape=(96, 96, 3), pooling="avg").output_shape
    (None, 512)
"""

from __future__ import annotations

from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.models import Model

__all__ = ["VGG16", "decode_predictions", "preprocess_input", "vgg"]


def vgg(convs: tuple[int, ...], include_top: bool, weights: Any, input_tensor: Any,
        input_shape: Any, pooling: Any, classes: int, classifier_activation: Any,
        name: str) -> Model:
    """A VGG network with ``convs[i]`` 3x3 convolutions in block ``i + 1``.

    Example:
        >>> vgg((1, 1, 1, 1, 1), False, None, None, (32, 32, 3), None, 10, None, "v").output_shape
        (None, 1, 1, 512)
    """
    utils.check_arguments(weights, include_top, classes)
    input_shape = utils.obtain_input_shape(input_shape, default_size=224, min_size=32,
                                           require_flatten=include_top, weights=weights)
    x = img_input = utils.image_input(input_tensor, input_shape)
    widths = (64, 128, 256, 512, 512)
    for block, (count, filters) in enumerate(zip(convs, widths, strict=True), start=1):
        for i in range(1, count + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                              name=f"block{block}_conv{i}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        utils.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = utils.pool(x, pooling)
    return utils.finish(input_tensor, img_input, x, name)


def VGG16(include_top: bool = True, weights: Any = "imagenet", input_tensor: Any = None,  # noqa: N802
          input_shape: Any = None, pooling: Any = None, classes: int = 1000,
          classifier_activation: Any = "softmax", name: str = "vgg16") -> Model:
    """VGG16 as Keras 3 builds it (``weights`` accepted, never downloaded or read).

    Example:
        >>> VGG16(include_top=False, weights=None).output_shape
        (None, None, None, 512)
    """
    return vgg((2, 2, 3, 3, 3), include_top, weights, input_tensor, input_shape, pooling,
               classes, classifier_activation, name)


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Keras's "caffe" preprocessing on a symbolic tensor; anything else comes back unchanged.

    Example:
        >>> preprocess_input(3)
        3
    """
    return utils.preprocess_input(x, data_format=data_format, mode="caffe")
