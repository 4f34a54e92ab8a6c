"""EfficientNetV2 B0-B3, S, M, L (Keras's ``keras.applications.efficientnet_v2``).

Built with modelviz layers: MBConv and Fused-MBConv blocks, ``include_preprocessing``
(B0-B3: ``Rescaling`` + ``Normalization``; S/M/L: one ``Rescaling``) as in Keras.
Keras picks the block table by the model's ``name`` (another name fails there); modelviz
picks it by the variant, so ``name`` only names the model. ``weights`` is accepted with
any value and never downloaded or read.

Example:
    >>> EfficientNetV2B0(weights="imagenet").count_params()
    7200312
    >>> [EfficientNetV2B1(weights=None).count_params(),
    ...  EfficientNetV2B2(weights=None).count_params(),
    ...  EfficientNetV2B3(weights=None).count_params()]
    [8212124, 10178374, 14467622]
    >>> EfficientNetV2M(weights=None).count_params(), EfficientNetV2L(weights=None).count_params()
    (54431388, 119027848)
    >>> EfficientNetV2S(include_top=False, pooling="avg", weights=None).output_shape
    (None, 1280)
"""

from __future__ import annotations

import math
from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.efficientnet import CONV_KERNEL_INITIALIZER, DENSE_KERNEL_INITIALIZER
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.models import Model

__all__ = [*(f"EfficientNetV2{s}" for s in ("B0", "B1", "B2", "B3", "S", "M", "L")),
           "decode_predictions", "efficientnet_v2", "preprocess_input"]

# (kernel_size, num_repeat, input_filters, output_filters, expand_ratio, se_ratio, strides,
#  conv_type: 1 = Fused-MBConv, 0 = MBConv)
_B = ((3, 1, 32, 16, 1, 0, 1, 1), (3, 2, 16, 32, 4, 0, 2, 1), (3, 2, 32, 48, 4, 0, 2, 1),
      (3, 3, 48, 96, 4, 0.25, 2, 0), (3, 5, 96, 112, 6, 0.25, 1, 0),
      (3, 8, 112, 192, 6, 0.25, 2, 0))
DEFAULT_BLOCKS_ARGS = {
    "s": ((3, 2, 24, 24, 1, 0.0, 1, 1), (3, 4, 24, 48, 4, 0.0, 2, 1), (3, 4, 48, 64, 4, 0, 2, 1),
          (3, 6, 64, 128, 4, 0.25, 2, 0), (3, 9, 128, 160, 6, 0.25, 1, 0),
          (3, 15, 160, 256, 6, 0.25, 2, 0)),
    "m": ((3, 3, 24, 24, 1, 0, 1, 1), (3, 5, 24, 48, 4, 0, 2, 1), (3, 5, 48, 80, 4, 0, 2, 1),
          (3, 7, 80, 160, 4, 0.25, 2, 0), (3, 14, 160, 176, 6, 0.25, 1, 0),
          (3, 18, 176, 304, 6, 0.25, 2, 0), (3, 5, 304, 512, 6, 0.25, 1, 0)),
    "l": ((3, 4, 32, 32, 1, 0, 1, 1), (3, 7, 32, 64, 4, 0, 2, 1), (3, 7, 64, 96, 4, 0, 2, 1),
          (3, 10, 96, 192, 4, 0.25, 2, 0), (3, 19, 192, 224, 6, 0.25, 1, 0),
          (3, 25, 224, 384, 6, 0.25, 2, 0), (3, 7, 384, 640, 6, 0.25, 1, 0)),
    "b0": _B, "b1": _B, "b2": _B, "b3": _B,
}


def round_filters(filters: float, width_coefficient: float, min_depth: int = 8,
                  depth_divisor: int = 8) -> int:
    """Scale a filter count by the width coefficient, to a multiple of ``depth_divisor``.

    Example:
        >>> round_filters(32, 1.1)
        32
    """
    filters *= width_coefficient
    minimum_depth = min_depth or depth_divisor
    return int(max(minimum_depth,
                   int(filters + depth_divisor / 2) // depth_divisor * depth_divisor))


def _conv(x: Any, filters: int, kernel_size: int, strides: int, name: str) -> Any:
    return layers.Conv2D(filters, kernel_size=kernel_size, strides=strides,
                         kernel_initializer=CONV_KERNEL_INITIALIZER, padding="same",
                         use_bias=False, name=name)(x)


def _bn_act(x: Any, name: str, activation: Any, bn_momentum: float, act_name: str) -> Any:
    x = layers.BatchNormalization(axis=3, momentum=bn_momentum, name=name)(x)
    return layers.Activation(activation, name=act_name)(x)


def _squeeze_excite(x: Any, filters: int, input_filters: int, se_ratio: float,
                    activation: Any, name: str) -> Any:
    filters_se = max(1, int(input_filters * se_ratio))
    se = layers.GlobalAveragePooling2D(name=f"{name}se_squeeze")(x)
    se = layers.Reshape((1, 1, filters), name=f"{name}se_reshape")(se)
    se = layers.Conv2D(filters_se, 1, padding="same", activation=activation,
                       kernel_initializer=CONV_KERNEL_INITIALIZER, name=f"{name}se_reduce")(se)
    se = layers.Conv2D(filters, 1, padding="same", activation="sigmoid",
                       kernel_initializer=CONV_KERNEL_INITIALIZER, name=f"{name}se_expand")(se)
    return layers.multiply([x, se], name=f"{name}se_excite")


def _residual(x: Any, inputs: Any, survival_probability: float, name: str) -> Any:
    if survival_probability:
        x = layers.Dropout(survival_probability, noise_shape=(None, 1, 1, 1),
                           name=f"{name}drop")(x)
    return layers.add([x, inputs], name=f"{name}add")


def _block(inputs: Any, args: tuple, fused: bool, activation: Any, bn_momentum: float,
           survival_probability: float, name: str) -> Any:
    """One MBConv or Fused-MBConv block; ``args`` = (kernel, in, out, expand, se, strides)."""
    kernel, f_in, f_out, expand, se_ratio, strides = args
    filters, x = f_in * expand, inputs
    if expand != 1:
        x = _conv(x, filters, kernel if fused else 1, strides if fused else 1,
                  f"{name}expand_conv")
        x = _bn_act(x, f"{name}expand_bn", activation, bn_momentum, f"{name}expand_activation")
    if not fused:
        x = layers.DepthwiseConv2D(kernel_size=kernel, strides=strides,
                                   depthwise_initializer=CONV_KERNEL_INITIALIZER,
                                   padding="same", use_bias=False, name=f"{name}dwconv2")(x)
        x = _bn_act(x, f"{name}bn", activation, bn_momentum, f"{name}activation")
    if 0 < se_ratio <= 1:
        x = _squeeze_excite(x, filters, f_in, se_ratio, activation, name)
    one = not fused or expand != 1
    x = _conv(x, f_out, 1 if one else kernel, 1 if one else strides, f"{name}project_conv")
    x = layers.BatchNormalization(axis=3, momentum=bn_momentum, name=f"{name}project_bn")(x)
    if fused and expand == 1:
        x = layers.Activation(activation=activation, name=f"{name}project_activation")(x)
    if strides == 1 and f_in == f_out:
        x = _residual(x, inputs, survival_probability, name)
    return x


def _blocks(x: Any, table: tuple, width: float, depth: float, drop_connect_rate: float,
            activation: Any, bn_momentum: float) -> Any:
    total, b = float(sum(args[1] for args in table)), 0
    for i, (kernel, repeats, f_in, f_out, expand, se_ratio, strides, conv) in enumerate(table):
        f_in, f_out = round_filters(f_in, width), round_filters(f_out, width)
        for j in range(math.ceil(depth * repeats)):
            if j > 0:
                strides, f_in = 1, f_out
            x = _block(x, (kernel, f_in, f_out, expand, se_ratio, strides), conv == 1,
                       activation, bn_momentum, drop_connect_rate * b / total,
                       f"block{i + 1}{chr(j + 97)}_")
            b += 1
    return x


def _preprocess(x: Any, variant: str, channels: Any) -> Any:
    if variant.startswith("b") and channels == 3:
        x = layers.Rescaling(scale=1.0 / 255)(x)
        return layers.Normalization(mean=[0.485, 0.456, 0.406],
                                    variance=[0.229**2, 0.224**2, 0.225**2], axis=3)(x)
    return layers.Rescaling(scale=1.0 / 128.0, offset=-1)(x)


def _top(x: Any, dropout_rate: float, classes: int, classifier_activation: Any) -> Any:
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if dropout_rate > 0:
        x = layers.Dropout(dropout_rate, name="top_dropout")(x)
    return layers.Dense(classes, activation=classifier_activation,
                        kernel_initializer=DENSE_KERNEL_INITIALIZER, name="predictions")(x)


def efficientnet_v2(variant: str, width_coefficient: float, depth_coefficient: float,
                    default_size: int, args: dict[str, Any], dropout_rate: float = 0.2,
                    drop_connect_rate: float = 0.2, bn_momentum: float = 0.9,
                    activation: Any = "swish") -> Model:
    """Keras's ``EfficientNetV2`` for one variant; ``args`` holds the builder's arguments.

    Example:
        >>> efficientnet_v2("b0", 0.25, 0.25, 64, {"include_top": False, "weights": None,
        ...     "input_tensor": None, "input_shape": None, "pooling": "avg", "classes": 1000,
        ...     "classifier_activation": None, "include_preprocessing": False,
        ...     "name": "tiny"}).output_shape
        (None, 320)
    """
    a, table = args, DEFAULT_BLOCKS_ARGS[variant]
    utils.check_arguments(a["weights"], a["include_top"], a["classes"])
    input_shape = utils.obtain_input_shape(a["input_shape"], default_size=default_size,
                                           min_size=32, require_flatten=a["include_top"],
                                           weights=a["weights"])
    x = img_input = utils.image_input(a["input_tensor"], input_shape)
    if a["include_preprocessing"]:
        x = _preprocess(x, variant, input_shape[2])
    x = _conv(x, round_filters(table[0][2], width_coefficient), 3, 2, "stem_conv")
    x = _bn_act(x, "stem_bn", activation, bn_momentum, "stem_activation")
    x = _blocks(x, table, width_coefficient, depth_coefficient, drop_connect_rate, activation,
                bn_momentum)
    x = _conv(x, round_filters(1280, width_coefficient), 1, 1, "top_conv")
    x = _bn_act(x, "top_bn", activation, bn_momentum, "top_activation")
    if a["include_top"]:
        utils.validate_activation(a["classifier_activation"], a["weights"])
        x = _top(x, dropout_rate, a["classes"], a["classifier_activation"])
    else:
        x = utils.pool(x, a["pooling"], "avg_pool", "max_pool")
    return utils.finish(a["input_tensor"], img_input, x, a["name"])


def EfficientNetV2B0(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                     input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                     classes: int = 1000, classifier_activation: Any = "softmax",
                     include_preprocessing: bool = True, name: str = "efficientnetv2-b0") -> Model:
    """EfficientNetV2B0 (224x224) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet_v2("b0", 1.0, 1.0, 224, dict(locals()))


def EfficientNetV2B1(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                     input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                     classes: int = 1000, classifier_activation: Any = "softmax",
                     include_preprocessing: bool = True, name: str = "efficientnetv2-b1") -> Model:
    """EfficientNetV2B1 (240x240) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet_v2("b1", 1.0, 1.1, 240, dict(locals()))


def EfficientNetV2B2(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                     input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                     classes: int = 1000, classifier_activation: Any = "softmax",
                     include_preprocessing: bool = True, name: str = "efficientnetv2-b2") -> Model:
    """EfficientNetV2B2 (260x260) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet_v2("b2", 1.1, 1.2, 260, dict(locals()))


def EfficientNetV2B3(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                     input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                     classes: int = 1000, classifier_activation: Any = "softmax",
                     include_preprocessing: bool = True, name: str = "efficientnetv2-b3") -> Model:
    """EfficientNetV2B3 (300x300) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet_v2("b3", 1.2, 1.4, 300, dict(locals()))


def EfficientNetV2S(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                     input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                     classes: int = 1000, classifier_activation: Any = "softmax",
                     include_preprocessing: bool = True, name: str = "efficientnetv2-s") -> Model:
    """EfficientNetV2S (384x384) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet_v2("s", 1.0, 1.0, 384, dict(locals()))


def EfficientNetV2M(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                     input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                     classes: int = 1000, classifier_activation: Any = "softmax",
                     include_preprocessing: bool = True, name: str = "efficientnetv2-m") -> Model:
    """EfficientNetV2M (480x480) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet_v2("m", 1.0, 1.0, 480, dict(locals()))


def EfficientNetV2L(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                     input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                     classes: int = 1000, classifier_activation: Any = "softmax",
                     include_preprocessing: bool = True, name: str = "efficientnetv2-l") -> Model:
    """EfficientNetV2L (480x480) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet_v2("l", 1.0, 1.0, 480, dict(locals()))


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Return ``x`` unchanged, as Keras does here (the model rescales its own input).

    Example:
        >>> preprocess_input(3)
        3
    """
    return x
