"""MobileNetV2 (Keras's ``keras.applications.mobilenet_v2``), built with modelviz layers.

``alpha`` (width) as in Keras; ``weights`` is accepted with any value and never
downloaded or read (``"imagenet"`` keeps Keras's checks).

Example:
    >>> MobileNetV2(weights="imagenet").count_params()
    3538984
    >>> MobileNetV2(alpha=0.35, include_top=False, input_shape=(96, 96, 3)).name
    'mobilenetv2_0.35_96'
"""

from __future__ import annotations

import warnings
from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.errors import LayerConfigError
from modelviz.models import Model

__all__ = ["MobileNetV2", "decode_predictions", "make_divisible", "preprocess_input"]

_SIZES = (96, 128, 160, 192, 224)
# (filters, stride, expansion) of the 17 inverted residual blocks
_BLOCKS = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6),
           (64, 1, 6), (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6),
           (160, 1, 6), (160, 1, 6), (320, 1, 6))


def make_divisible(v: float, divisor: int, min_value: int | None = None) -> int:
    """Round ``v`` to a multiple of ``divisor``, never more than 10% down (Keras's rule).

    Example:
        >>> make_divisible(32 * 0.35, 8)
        16
    """
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def _bn(x: Any, name: str) -> Any:
    return layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name=name)(x)


def _inverted_res_block(inputs: Any, expansion: int, stride: int, alpha: float, filters: int,
                        block_id: int) -> Any:
    in_channels = inputs.shape[-1]
    pointwise_filters = make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = f"block_{block_id}_"
    if block_id:
        x = layers.Conv2D(expansion * in_channels, kernel_size=1, padding="same",
                          use_bias=False, activation=None, name=f"{prefix}expand")(x)
        x = _bn(x, f"{prefix}expand_BN")
        x = layers.ReLU(6.0, name=f"{prefix}expand_relu")(x)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        x = layers.ZeroPadding2D(padding=utils.correct_pad(x, 3), name=f"{prefix}pad")(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None, use_bias=False,
                               padding="same" if stride == 1 else "valid",
                               name=f"{prefix}depthwise")(x)
    x = _bn(x, f"{prefix}depthwise_BN")
    x = layers.ReLU(6.0, name=f"{prefix}depthwise_relu")(x)
    x = layers.Conv2D(pointwise_filters, kernel_size=1, padding="same", use_bias=False,
                      activation=None, name=f"{prefix}project")(x)
    x = _bn(x, f"{prefix}project_BN")
    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=f"{prefix}add")([inputs, x])
    return x


def _default_size(input_shape: Any, input_tensor: Any) -> int:
    size = None
    if input_shape is not None:
        size = tuple(input_shape)[:2]
    elif input_tensor is not None and getattr(input_tensor, "shape", None) is not None:
        size = tuple(input_tensor.shape)[1:3]
    if size is not None and size[0] == size[1] and size[0] in _SIZES:
        return int(size[0])
    return 224


def _imagenet_rows(alpha: float, rows: Any, cols: Any) -> Any:
    if alpha not in (0.35, 0.5, 0.75, 1.0, 1.3, 1.4):
        raise LayerConfigError("If imagenet weights are being loaded, alpha must be one of "
                               f"0.35, 0.50, 0.75, 1.0, 1.3 or 1.4 only; received alpha={alpha}")
    if rows != cols or rows not in _SIZES:
        warnings.warn("`input_shape` is undefined or non-square, or `rows` is not in "
                      "[96, 128, 160, 192, 224]. Weights for input shape (224, 224) will be "
                      "loaded as the default.", stacklevel=3)
        return 224
    return rows


def _body(img_input: Any, alpha: float) -> Any:
    x = layers.Conv2D(make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2),
                      padding="same", use_bias=False, name="Conv1")(img_input)
    x = _bn(x, "bn_Conv1")
    x = layers.ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, filters=filters, alpha=alpha, stride=stride,
                                expansion=expansion, block_id=block_id)
    last = make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = _bn(x, "Conv_1_bn")
    return layers.ReLU(6.0, name="out_relu")(x)


def MobileNetV2(input_shape: Any = None, alpha: float = 1.0, include_top: bool = True,  # noqa: N802
                weights: Any = "imagenet", input_tensor: Any = None, pooling: Any = None,
                classes: int = 1000, classifier_activation: Any = "softmax",
                name: str | None = None) -> Model:
    """MobileNetV2 as Keras 3 builds it (``weights`` accepted, never downloaded or read).

    Example:
        >>> MobileNetV2(weights=None, alpha=1.4, input_shape=(96, 96, 3)).count_params()
        6156712
    """
    utils.check_arguments(weights, include_top, classes)
    if input_shape is not None and input_tensor is not None and (
            input_tensor.shape[2] != tuple(input_shape)[1]):
        raise LayerConfigError(f"input_tensor.shape[2] must equal input_shape[1]; received "
                               f"input_tensor.shape={input_tensor.shape}, "
                               f"input_shape={input_shape}")
    default_size = _default_size(input_shape, input_tensor)
    input_shape = utils.obtain_input_shape(input_shape, default_size=default_size, min_size=32,
                                           require_flatten=include_top, weights=weights)
    rows = input_shape[0]
    if weights == "imagenet":
        rows = _imagenet_rows(alpha, rows, input_shape[1])
    img_input = utils.image_input(input_tensor, input_shape)
    x = _body(img_input, alpha)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        utils.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = utils.pool(x, pooling)
    return utils.finish(input_tensor, img_input, x, name or f"mobilenetv2_{alpha:0.2f}_{rows}")


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Keras's "tf" preprocessing on a symbolic tensor; anything else comes back unchanged.

    Example:
        >>> preprocess_input(3)
        3
    """
    return utils.preprocess_input(x, data_format=data_format, mode="tf")
