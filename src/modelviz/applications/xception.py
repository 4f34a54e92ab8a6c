"""Xception (Keras's ``keras.applications.xception``), built with modelviz layers.

``weights`` is accepted with any value and never downloaded or read.

Example:
    >>> Xception(weights="imagenet").count_params()
    22910480
    >>> Xception(include_top=False, input_shape=(96, 96, 3), pooling="avg").output_shape
    (None, 2048)
"""

from __future__ import annotations

from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.models import Model

__all__ = ["Xception", "decode_predictions", "preprocess_input"]


def _sepconv_bn(x: Any, filters: int, name: str) -> Any:
    x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False, name=name)(x)
    return layers.BatchNormalization(axis=-1, name=f"{name}_bn")(x)


def _entry_block(x: Any, filters: tuple[int, int], block: int, first_relu: bool) -> Any:
    residual = layers.Conv2D(filters[1], (1, 1), strides=(2, 2), padding="same",
                             use_bias=False)(x)
    residual = layers.BatchNormalization(axis=-1)(residual)
    if first_relu:
        x = layers.Activation("relu", name=f"block{block}_sepconv1_act")(x)
    x = _sepconv_bn(x, filters[0], f"block{block}_sepconv1")
    x = layers.Activation("relu", name=f"block{block}_sepconv2_act")(x)
    x = _sepconv_bn(x, filters[1], f"block{block}_sepconv2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name=f"block{block}_pool")(x)
    return layers.add([x, residual])


def _middle_block(x: Any, prefix: str) -> Any:
    residual = x
    for i in (1, 2, 3):
        x = layers.Activation("relu", name=f"{prefix}_sepconv{i}_act")(x)
        x = _sepconv_bn(x, 728, f"{prefix}_sepconv{i}")
    return layers.add([x, residual])


def _body(x: Any) -> Any:
    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False, name="block1_conv1")(x)
    x = layers.BatchNormalization(axis=-1, name="block1_conv1_bn")(x)
    x = layers.Activation("relu", name="block1_conv1_act")(x)
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=-1, name="block1_conv2_bn")(x)
    x = layers.Activation("relu", name="block1_conv2_act")(x)
    x = _entry_block(x, (128, 128), 2, first_relu=False)
    x = _entry_block(x, (256, 256), 3, first_relu=True)
    x = _entry_block(x, (728, 728), 4, first_relu=True)
    for i in range(8):
        x = _middle_block(x, f"block{i + 5}")
    x = _entry_block(x, (728, 1024), 13, first_relu=True)
    x = _sepconv_bn(x, 1536, "block14_sepconv1")
    x = layers.Activation("relu", name="block14_sepconv1_act")(x)
    x = _sepconv_bn(x, 2048, "block14_sepconv2")
    return layers.Activation("relu", name="block14_sepconv2_act")(x)


def Xception(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
             input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
             classes: int = 1000, classifier_activation: Any = "softmax",
             name: str = "xception") -> Model:
    """Xception as Keras 3 builds it (``weights`` accepted, never downloaded or read).

    Example:
        >>> len(Xception(weights=None).layers)
        134
    """
    utils.check_arguments(weights, include_top, classes)
    input_shape = utils.obtain_input_shape(input_shape, default_size=299, min_size=71,
                                           require_flatten=include_top, weights=weights)
    img_input = utils.image_input(input_tensor, input_shape)
    x = _body(img_input)
    x = utils.average_top(x, include_top, pooling, classes, classifier_activation, weights)
    return utils.finish(input_tensor, img_input, x, name)


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Keras's "tf" preprocessing on a symbolic tensor; anything else comes back unchanged.

    Example:
        >>> preprocess_input(3)
        3
    """
    return utils.preprocess_input(x, data_format=data_format, mode="tf")
