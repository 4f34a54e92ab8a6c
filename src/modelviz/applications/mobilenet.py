"""MobileNet (Keras's ``keras.applications.mobilenet``), built with modelviz layers.

``alpha`` (width) and ``depth_multiplier`` as in Keras; ``weights`` is accepted with
any value and never downloaded or read (``"imagenet"`` keeps Keras's checks).

Example:
    >>> MobileNet(weights="imagenet").count_params()
    4253864
    >>> MobileNet(alpha=0.5, include_top=False, input_shape=(128, 128, 3)).name
    'mobilenet_0.50_128'
"""

from __future__ import annotations

import warnings
from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.errors import LayerConfigError
from modelviz.models import Model

__all__ = ["MobileNet", "decode_predictions", "preprocess_input"]

# (pointwise filters, strides) of the 13 depthwise blocks
_BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1),
           (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1))


def _conv_block(inputs: Any, filters: int, alpha: float) -> Any:
    x = layers.Conv2D(int(filters * alpha), (3, 3), padding="same", use_bias=False,
                      strides=(2, 2), name="conv1")(inputs)
    x = layers.BatchNormalization(axis=-1, name="conv1_bn")(x)
    return layers.ReLU(6.0, name="conv1_relu")(x)


def _depthwise_block(x: Any, filters: int, alpha: float, depth_multiplier: int,
                     stride: int, block_id: int) -> Any:
    if stride != 1:
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name=f"conv_pad_{block_id}")(x)
    x = layers.DepthwiseConv2D((3, 3), padding="same" if stride == 1 else "valid",
                               depth_multiplier=depth_multiplier, strides=(stride, stride),
                               use_bias=False, name=f"conv_dw_{block_id}")(x)
    x = layers.BatchNormalization(axis=-1, name=f"conv_dw_{block_id}_bn")(x)
    x = layers.ReLU(6.0, name=f"conv_dw_{block_id}_relu")(x)
    x = layers.Conv2D(int(filters * alpha), (1, 1), padding="same", use_bias=False,
                      strides=(1, 1), name=f"conv_pw_{block_id}")(x)
    x = layers.BatchNormalization(axis=-1, name=f"conv_pw_{block_id}_bn")(x)
    return layers.ReLU(6.0, name=f"conv_pw_{block_id}_relu")(x)


def _default_size(input_shape: Any) -> int:
    if input_shape is not None and input_shape[0] == input_shape[1] and input_shape[0] in (
            128, 160, 192, 224):
        return int(input_shape[0])
    return 224


def _imagenet_rows(depth_multiplier: int, alpha: float, rows: Any, cols: Any) -> Any:
    if depth_multiplier != 1:
        raise LayerConfigError("If imagenet weights are being loaded, depth multiplier must "
                               f"be 1; received depth_multiplier={depth_multiplier}")
    if alpha not in (0.25, 0.5, 0.75, 1.0):
        raise LayerConfigError("If imagenet weights are being loaded, alpha can be one of "
                               f"0.25, 0.50, 0.75 or 1.0 only; received alpha={alpha}")
    if rows != cols or rows not in (128, 160, 192, 224):
        warnings.warn("`input_shape` is undefined or non-square, or `rows` is not in "
                      "[128, 160, 192, 224]. Weights for input shape (224, 224) will be "
                      "loaded as the default.", stacklevel=3)
        return 224
    return rows


def _top(x: Any, classes: int, dropout: float, classifier_activation: Any) -> Any:
    x = layers.GlobalAveragePooling2D(keepdims=True)(x)
    x = layers.Dropout(dropout, name="dropout")(x)
    x = layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
    x = layers.Reshape((classes,), name="reshape_2")(x)
    return layers.Activation(activation=classifier_activation, name="predictions")(x)


def MobileNet(input_shape: Any = None, alpha: float = 1.0, depth_multiplier: int = 1,  # noqa: N802
              dropout: float = 1e-3, include_top: bool = True, weights: Any = "imagenet",
              input_tensor: Any = None, pooling: Any = None, classes: int = 1000,
              classifier_activation: Any = "softmax", name: str | None = None) -> Model:
    """MobileNet as Keras 3 builds it (``weights`` accepted, never downloaded or read).

    Example:
        >>> MobileNet(weights=None, alpha=0.5, depth_multiplier=2, dropout=0.5).count_params()
        2159672
    """
    utils.check_arguments(weights, include_top, classes)
    input_shape = utils.obtain_input_shape(input_shape, default_size=_default_size(input_shape),
                                           min_size=32, require_flatten=include_top,
                                           weights=weights)
    rows = input_shape[0]
    if weights == "imagenet":
        rows = _imagenet_rows(depth_multiplier, alpha, rows, input_shape[1])
    img_input = utils.image_input(input_tensor, input_shape)
    x = _conv_block(img_input, 32, alpha)
    for block_id, (filters, stride) in enumerate(_BLOCKS, start=1):
        x = _depthwise_block(x, filters, alpha, depth_multiplier, stride, block_id)
    if include_top:
        utils.validate_activation(classifier_activation, weights)
        x = _top(x, classes, dropout, classifier_activation)
    else:
        x = utils.pool(x, pooling)
    return utils.finish(input_tensor, img_input, x, name or f"mobilenet_{alpha:0.2f}_{rows}")


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Keras's "tf" preprocessing on a symbolic tensor; anything else comes back unchanged.

    Example:
        >>> preprocess_input(3)
        3
    """
    return utils.preprocess_input(x, data_format=data_format, mode="tf")
