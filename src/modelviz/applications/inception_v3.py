"""InceptionV3 (Keras's ``keras.applications.inception_v3``), built with modelviz layers.

``weights`` is accepted with any value and never downloaded or read.

Example:
    >>> InceptionV3(weights="imagenet").count_params()
    23851784
    >>> InceptionV3(include_top=False, input_shape=(160, 160, 3), pooling="avg").output_shape
    (None, 2048)
"""

from __future__ import annotations

from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.models import Model

__all__ = ["InceptionV3", "conv2d_bn", "decode_predictions", "preprocess_input"]


def conv2d_bn(x: Any, filters: int, num_row: int, num_col: int, padding: str = "same",
              strides: Any = (1, 1), name: str | None = None) -> Any:
    """Convolution without bias, BatchNormalization without scale, ReLU.

    Example:
        >>> conv2d_bn(layers.Input((9, 9, 3)), 8, 3, 3, padding="valid").shape
        (None, 7, 7, 8)
    """
    bn_name = None if name is None else f"{name}_bn"
    conv_name = None if name is None else f"{name}_conv"
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides, padding=padding,
                      use_bias=False, name=conv_name)(x)
    x = layers.BatchNormalization(axis=3, scale=False, name=bn_name)(x)
    return layers.Activation("relu", name=name)(x)


def _avg_branch(x: Any, filters: int) -> Any:
    branch = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x)
    return conv2d_bn(branch, filters, 1, 1)


def _block_35(x: Any, pool_filters: int, name: str) -> Any:
    branch1x1 = conv2d_bn(x, 64, 1, 1)
    branch5x5 = conv2d_bn(x, 48, 1, 1)
    branch5x5 = conv2d_bn(branch5x5, 64, 5, 5)
    dbl = conv2d_bn(x, 64, 1, 1)
    dbl = conv2d_bn(dbl, 96, 3, 3)
    dbl = conv2d_bn(dbl, 96, 3, 3)
    pool = _avg_branch(x, pool_filters)
    return layers.concatenate([branch1x1, branch5x5, dbl, pool], axis=3, name=name)


def _block_17(x: Any, width: int, name: str) -> Any:
    branch1x1 = conv2d_bn(x, 192, 1, 1)
    branch7x7 = conv2d_bn(x, width, 1, 1)
    branch7x7 = conv2d_bn(branch7x7, width, 1, 7)
    branch7x7 = conv2d_bn(branch7x7, 192, 7, 1)
    dbl = conv2d_bn(x, width, 1, 1)
    dbl = conv2d_bn(dbl, width, 7, 1)
    dbl = conv2d_bn(dbl, width, 1, 7)
    dbl = conv2d_bn(dbl, width, 7, 1)
    dbl = conv2d_bn(dbl, 192, 1, 7)
    pool = _avg_branch(x, 192)
    return layers.concatenate([branch1x1, branch7x7, dbl, pool], axis=3, name=name)


def _block_8(x: Any, i: int) -> Any:
    branch1x1 = conv2d_bn(x, 320, 1, 1)
    branch3x3 = conv2d_bn(x, 384, 1, 1)
    branch3x3_1 = conv2d_bn(branch3x3, 384, 1, 3)
    branch3x3_2 = conv2d_bn(branch3x3, 384, 3, 1)
    branch3x3 = layers.concatenate([branch3x3_1, branch3x3_2], axis=3, name=f"mixed9_{i}")
    dbl = conv2d_bn(x, 448, 1, 1)
    dbl = conv2d_bn(dbl, 384, 3, 3)
    dbl_1 = conv2d_bn(dbl, 384, 1, 3)
    dbl_2 = conv2d_bn(dbl, 384, 3, 1)
    dbl = layers.concatenate([dbl_1, dbl_2], axis=3)
    pool = _avg_branch(x, 192)
    return layers.concatenate([branch1x1, branch3x3, dbl, pool], axis=3, name=f"mixed{9 + i}")


def _reductions_a(x: Any) -> Any:
    branch3x3 = conv2d_bn(x, 384, 3, 3, strides=(2, 2), padding="valid")
    dbl = conv2d_bn(x, 64, 1, 1)
    dbl = conv2d_bn(dbl, 96, 3, 3)
    dbl = conv2d_bn(dbl, 96, 3, 3, strides=(2, 2), padding="valid")
    pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return layers.concatenate([branch3x3, dbl, pool], axis=3, name="mixed3")


def _reductions_b(x: Any) -> Any:
    branch3x3 = conv2d_bn(x, 192, 1, 1)
    branch3x3 = conv2d_bn(branch3x3, 320, 3, 3, strides=(2, 2), padding="valid")
    branch7x7x3 = conv2d_bn(x, 192, 1, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 1, 7)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 7, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 3, 3, strides=(2, 2), padding="valid")
    pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return layers.concatenate([branch3x3, branch7x7x3, pool], axis=3, name="mixed8")


def _body(x: Any) -> Any:
    x = conv2d_bn(x, 32, 3, 3, strides=(2, 2), padding="valid")
    x = conv2d_bn(x, 32, 3, 3, padding="valid")
    x = conv2d_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = conv2d_bn(x, 80, 1, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, 3, padding="valid")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    for i, pool_filters in enumerate((32, 64, 64)):
        x = _block_35(x, pool_filters, f"mixed{i}")
    x = _reductions_a(x)
    for i, width in enumerate((128, 160, 160, 192)):
        x = _block_17(x, width, f"mixed{4 + i}")
    x = _reductions_b(x)
    for i in range(2):
        x = _block_8(x, i)
    return x


def InceptionV3(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                classes: int = 1000, classifier_activation: Any = "softmax",
                name: str = "inception_v3") -> Model:
    """InceptionV3 as Keras 3 builds it (``weights`` accepted, never downloaded or read).

    Example:
        >>> InceptionV3(include_top=False, weights=None).output_shape
        (None, None, None, 2048)
    """
    utils.check_arguments(weights, include_top, classes)
    input_shape = utils.obtain_input_shape(input_shape, default_size=299, min_size=75,
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
