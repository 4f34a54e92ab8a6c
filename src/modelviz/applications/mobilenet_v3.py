"""MobileNetV3Small/Large (Keras's ``keras.applications.mobilenet_v3``), with modelviz.

``alpha``, ``minimalistic``, ``dropout_rate`` and ``include_preprocessing`` as in Keras.
The hard sigmoid of the squeeze-excite blocks is ``ReLU(6)(x + 3) * (1 / 6)``: two
``keras.ops`` nodes (``Add``, ``Multiply``) in the graph, as Keras records them.
``weights`` is accepted with any value and never downloaded or read.

Example:
    >>> MobileNetV3Small(weights=None).count_params()
    2554968
    >>> MobileNetV3Large(include_top=False, pooling="avg", weights=None).output_shape
    (None, 960)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.applications.mobilenet_v2 import make_divisible
from modelviz.errors import LayerConfigError
from modelviz.models import Model

__all__ = ["MobileNetV3Large", "MobileNetV3Small", "decode_predictions", "preprocess_input"]

# (expansion, filters, kernel ("k" = the family's), stride, squeeze-excite, activation ("a"))
_SMALL = ((1, 16, 3, 2, True, "relu"), (72.0 / 16, 24, 3, 2, False, "relu"),
          (88.0 / 24, 24, 3, 1, False, "relu"), (4, 40, "k", 2, True, "a"),
          (6, 40, "k", 1, True, "a"), (6, 40, "k", 1, True, "a"), (3, 48, "k", 1, True, "a"),
          (3, 48, "k", 1, True, "a"), (6, 96, "k", 2, True, "a"), (6, 96, "k", 1, True, "a"),
          (6, 96, "k", 1, True, "a"))
_LARGE = ((1, 16, 3, 1, False, "relu"), (4, 24, 3, 2, False, "relu"),
          (3, 24, 3, 1, False, "relu"), (3, 40, "k", 2, True, "relu"),
          (3, 40, "k", 1, True, "relu"), (3, 40, "k", 1, True, "relu"),
          (6, 80, 3, 2, False, "a"), (2.5, 80, 3, 1, False, "a"), (2.3, 80, 3, 1, False, "a"),
          (2.3, 80, 3, 1, False, "a"), (6, 112, 3, 1, True, "a"), (6, 112, 3, 1, True, "a"),
          (6, 160, "k", 2, True, "a"), (6, 160, "k", 1, True, "a"), (6, 160, "k", 1, True, "a"))


def _relu(x: Any) -> Any:
    return layers.ReLU()(x)


def _hard_sigmoid(x: Any) -> Any:
    return layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)


def _hard_swish(x: Any) -> Any:
    return layers.Activation("hard_swish")(x)


def _bn(x: Any, name: str) -> Any:
    return layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name=name)(x)


def _se_block(inputs: Any, filters: int, se_ratio: float, prefix: str) -> Any:
    x = layers.GlobalAveragePooling2D(keepdims=True,
                                      name=f"{prefix}squeeze_excite_avg_pool")(inputs)
    x = layers.Conv2D(make_divisible(filters * se_ratio, 8), kernel_size=1, padding="same",
                      name=f"{prefix}squeeze_excite_conv")(x)
    x = layers.ReLU(name=f"{prefix}squeeze_excite_relu")(x)
    x = layers.Conv2D(filters, kernel_size=1, padding="same",
                      name=f"{prefix}squeeze_excite_conv_1")(x)
    x = _hard_sigmoid(x)
    return layers.Multiply(name=f"{prefix}squeeze_excite_mul")([inputs, x])


def _inverted_res_block(x: Any, expansion: float, filters: int, kernel_size: int, stride: int,
                        se_ratio: Any, activation: Callable[[Any], Any], block_id: int) -> Any:
    shortcut, prefix, infilters = x, "expanded_conv_", x.shape[-1]
    if block_id:
        prefix = f"expanded_conv_{block_id}_"
        x = layers.Conv2D(make_divisible(infilters * expansion, 8), kernel_size=1,
                          padding="same", use_bias=False, name=f"{prefix}expand")(x)
        x = activation(_bn(x, f"{prefix}expand_bn"))
    if stride == 2:
        x = layers.ZeroPadding2D(padding=utils.correct_pad(x, kernel_size),
                                 name=f"{prefix}depthwise_pad")(x)
    x = layers.DepthwiseConv2D(kernel_size, strides=stride,
                               padding="same" if stride == 1 else "valid", use_bias=False,
                               name=f"{prefix}depthwise")(x)
    x = activation(_bn(x, f"{prefix}depthwise_bn"))
    if se_ratio:
        x = _se_block(x, make_divisible(infilters * expansion, 8), se_ratio, prefix)
    x = layers.Conv2D(filters, kernel_size=1, padding="same", use_bias=False,
                      name=f"{prefix}project")(x)
    x = _bn(x, f"{prefix}project_bn")
    if stride == 1 and infilters == filters:
        x = layers.Add(name=f"{prefix}add")([shortcut, x])
    return x


def _stack(x: Any, blocks: tuple, alpha: float, minimalistic: bool) -> Any:
    kernel, activation, se_ratio = (3, _relu, None) if minimalistic else (5, _hard_swish, 0.25)
    for block_id, (expansion, filters, k, stride, se, act) in enumerate(blocks):
        x = _inverted_res_block(x, expansion, make_divisible(filters * alpha, 8),
                                kernel if k == "k" else k, stride, se_ratio if se else None,
                                activation if act == "a" else _relu, block_id)
    return x


def _input_shape(input_shape: Any, input_tensor: Any) -> tuple:
    if input_shape is not None and input_tensor is not None and (
            input_tensor.shape[2] != tuple(input_shape)[1]):
        raise LayerConfigError(f"input_shape[1] must equal input_tensor.shape[2]; received "
                               f"input_shape={input_shape}, input_tensor.shape="
                               f"{input_tensor.shape}")
    if input_shape is None and input_tensor is not None:
        input_shape = (input_tensor.shape[2], input_tensor.shape[1], 3)  # Keras's order
    input_shape = (None, None, 3) if input_shape is None else tuple(input_shape)
    rows, cols = input_shape[0], input_shape[1]
    if rows and cols and (rows < 32 or cols < 32):
        raise LayerConfigError(f"Input size must be at least 32x32; received "
                               f"input_shape={input_shape}")
    return input_shape


def _check_imagenet(alpha: float, minimalistic: bool, input_shape: tuple) -> None:
    if (not minimalistic and alpha not in (0.75, 1.0)) or (minimalistic and alpha != 1.0):
        raise LayerConfigError("If imagenet weights are being loaded, alpha can be one of "
                               "0.75, 1.0 for non minimalistic or 1.0 for minimalistic only")
    if input_shape[0] != input_shape[1] or input_shape[0] != 224:
        warnings.warn("`input_shape` is undefined or non-square, or `rows` is not 224. "
                      "Weights for input shape (224, 224) will be loaded as the default.",
                      stacklevel=4)


def _top(x: Any, last_point_ch: int, activation: Callable[[Any], Any], dropout_rate: float,
         classes: int, classifier_activation: Any) -> Any:
    x = layers.GlobalAveragePooling2D(keepdims=True)(x)
    x = layers.Conv2D(last_point_ch, kernel_size=1, padding="same", use_bias=True,
                      name="conv_2")(x)
    x = activation(x)
    if dropout_rate > 0:
        x = layers.Dropout(dropout_rate)(x)
    x = layers.Conv2D(classes, kernel_size=1, padding="same", name="logits")(x)
    x = layers.Flatten()(x)
    return layers.Activation(activation=classifier_activation, name="predictions")(x)


def _mobilenet_v3(blocks: tuple, last_point_ch: int, args: dict[str, Any]) -> Model:
    a = args
    utils.check_arguments(a["weights"], a["include_top"], a["classes"])
    input_shape = _input_shape(a["input_shape"], a["input_tensor"])
    if a["weights"] == "imagenet":
        _check_imagenet(a["alpha"], a["minimalistic"], input_shape)
    x = img_input = utils.image_input(a["input_tensor"], input_shape)
    activation = _relu if a["minimalistic"] else _hard_swish
    if a["include_preprocessing"]:
        x = layers.Rescaling(scale=1.0 / 127.5, offset=-1.0)(x)
    x = layers.Conv2D(16, kernel_size=3, strides=(2, 2), padding="same", use_bias=False,
                      name="conv")(x)
    x = activation(_bn(x, "conv_bn"))
    x = _stack(x, blocks, a["alpha"], a["minimalistic"])
    last_conv_ch = make_divisible(x.shape[-1] * 6, 8)
    if a["alpha"] > 1.0:
        last_point_ch = make_divisible(last_point_ch * a["alpha"], 8)
    x = layers.Conv2D(last_conv_ch, kernel_size=1, padding="same", use_bias=False,
                      name="conv_1")(x)
    x = activation(_bn(x, "conv_1_bn"))
    if a["include_top"]:
        utils.validate_activation(a["classifier_activation"], a["weights"])
        x = _top(x, last_point_ch, activation, a["dropout_rate"], a["classes"],
                 a["classifier_activation"])
    else:
        x = utils.pool(x, a["pooling"], "avg_pool", "max_pool")
    return utils.finish(a["input_tensor"], img_input, x, a["name"])


def MobileNetV3Small(input_shape: Any = None, alpha: float = 1.0,  # noqa: N802
                     minimalistic: bool = False, include_top: bool = True,
                     weights: Any = "imagenet", input_tensor: Any = None, classes: int = 1000,
                     pooling: Any = None, dropout_rate: float = 0.2,
                     classifier_activation: Any = "softmax", include_preprocessing: bool = True,
                     name: str = "MobileNetV3Small") -> Model:
    """MobileNetV3Small as Keras 3 builds it (``weights`` accepted, never read).

    Example:
        >>> MobileNetV3Small(weights=None, minimalistic=True, alpha=0.75).count_params()
        1742192
    """
    return _mobilenet_v3(_SMALL, 1024, dict(locals()))


def MobileNetV3Large(input_shape: Any = None, alpha: float = 1.0,  # noqa: N802
                     minimalistic: bool = False, include_top: bool = True,
                     weights: Any = "imagenet", input_tensor: Any = None, classes: int = 1000,
                     pooling: Any = None, dropout_rate: float = 0.2,
                     classifier_activation: Any = "softmax", include_preprocessing: bool = True,
                     name: str = "MobileNetV3Large") -> Model:
    """MobileNetV3Large as Keras 3 builds it (``weights`` accepted, never read).

    Example:
        >>> MobileNetV3Large(weights=None, include_preprocessing=False).layers[1].name
        'conv'
    """
    return _mobilenet_v3(_LARGE, 1280, dict(locals()))


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Return ``x`` unchanged, as Keras does here (the model rescales its own input).

    Example:
        >>> preprocess_input(3)
        3
    """
    return x
