"""EfficientNetB0-B7 (Keras's ``keras.applications.efficientnet``), built with modelviz.

The model rescales and normalizes its own input (``Rescaling``, ``Normalization``; with
``weights="imagenet"`` Keras adds a second ``Rescaling`` by the ImageNet deviations, and
so does modelviz). ``weights`` is accepted with any value and never downloaded or read.

Example:
    >>> EfficientNetB0(weights=None).count_params()
    5330571
    >>> [type(layer).__name__ for layer in EfficientNetB0(weights="imagenet").layers[1:4]]
    ['Rescaling', 'Normalization', 'Rescaling']
    >>> [EfficientNetB1(weights=None).count_params(), EfficientNetB2(weights=None).count_params(),
    ...  EfficientNetB3(weights=None).count_params(), EfficientNetB4(weights=None).count_params()]
    [7856239, 9177569, 12320535, 19466823]
    >>> EfficientNetB5(weights=None).count_params(), EfficientNetB6(weights=None).count_params()
    (30562527, 43265143)
    >>> EfficientNetB7(include_top=False, pooling="avg", weights=None).output_shape
    (None, 2560)
"""

from __future__ import annotations

import math
from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.models import Model

__all__ = [*(f"EfficientNetB{i}" for i in range(8)), "decode_predictions", "efficientnet",
           "preprocess_input"]

# (kernel_size, repeats, filters_in, filters_out, expand_ratio, strides); every block has
# id_skip=True and se_ratio=0.25
DEFAULT_BLOCKS_ARGS = ((3, 1, 32, 16, 1, 1), (3, 2, 16, 24, 6, 2), (5, 2, 24, 40, 6, 2),
                       (3, 3, 40, 80, 6, 2), (5, 3, 80, 112, 6, 1), (5, 4, 112, 192, 6, 2),
                       (3, 1, 192, 320, 6, 1))
CONV_KERNEL_INITIALIZER = {"class_name": "VarianceScaling", "config": {
    "scale": 2.0, "mode": "fan_out", "distribution": "truncated_normal"}}
DENSE_KERNEL_INITIALIZER = {"class_name": "VarianceScaling", "config": {
    "scale": 1.0 / 3.0, "mode": "fan_out", "distribution": "uniform"}}
IMAGENET_STDDEV_RGB = (0.229, 0.224, 0.225)


def round_filters(filters: float, width_coefficient: float, divisor: int = 8) -> int:
    """Scale a filter count by the width coefficient, to a multiple of ``divisor``.

    Example:
        >>> round_filters(32, 1.1)
        32
    """
    filters *= width_coefficient
    new_filters = max(divisor, int(filters + divisor / 2) // divisor * divisor)
    if new_filters < 0.9 * filters:
        new_filters += divisor
    return int(new_filters)


def _squeeze_excite(x: Any, filters: int, filters_in: int, activation: Any, name: str) -> Any:
    filters_se = max(1, int(filters_in * 0.25))
    se = layers.GlobalAveragePooling2D(name=f"{name}se_squeeze")(x)
    se = layers.Reshape((1, 1, filters), name=f"{name}se_reshape")(se)
    se = layers.Conv2D(filters_se, 1, padding="same", activation=activation,
                       kernel_initializer=CONV_KERNEL_INITIALIZER, name=f"{name}se_reduce")(se)
    se = layers.Conv2D(filters, 1, padding="same", activation="sigmoid",
                       kernel_initializer=CONV_KERNEL_INITIALIZER, name=f"{name}se_expand")(se)
    return layers.multiply([x, se], name=f"{name}se_excite")


def block(inputs: Any, activation: Any, drop_rate: float, name: str, filters_in: int,
          filters_out: int, kernel_size: int, strides: int, expand_ratio: int) -> Any:
    """Keras's inverted residual block with squeeze-excite (``se_ratio=0.25``).

    Example:
        >>> block(layers.Input((8, 8, 16)), "swish", 0.0, "b_", 16, 16, 3, 1, 6).shape
        (None, 8, 8, 16)
    """
    filters = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = layers.Conv2D(filters, 1, padding="same", use_bias=False,
                          kernel_initializer=CONV_KERNEL_INITIALIZER, name=f"{name}expand_conv")(x)
        x = layers.BatchNormalization(axis=3, name=f"{name}expand_bn")(x)
        x = layers.Activation(activation, name=f"{name}expand_activation")(x)
    conv_pad = "same"
    if strides == 2:
        x = layers.ZeroPadding2D(padding=utils.correct_pad(x, kernel_size),
                                 name=f"{name}dwconv_pad")(x)
        conv_pad = "valid"
    x = layers.DepthwiseConv2D(kernel_size, strides=strides, padding=conv_pad, use_bias=False,
                               depthwise_initializer=CONV_KERNEL_INITIALIZER,
                               name=f"{name}dwconv")(x)
    x = layers.BatchNormalization(axis=3, name=f"{name}bn")(x)
    x = layers.Activation(activation, name=f"{name}activation")(x)
    x = _squeeze_excite(x, filters, filters_in, activation, name)
    x = layers.Conv2D(filters_out, 1, padding="same", use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, name=f"{name}project_conv")(x)
    x = layers.BatchNormalization(axis=3, name=f"{name}project_bn")(x)
    if strides == 1 and filters_in == filters_out:
        if drop_rate > 0:
            x = layers.Dropout(drop_rate, noise_shape=(None, 1, 1, 1), name=f"{name}drop")(x)
        x = layers.add([x, inputs], name=f"{name}add")
    return x


def _blocks(x: Any, width: float, depth: float, drop_connect_rate: float,
            activation: Any) -> Any:
    repeats = [math.ceil(depth * args[1]) for args in DEFAULT_BLOCKS_ARGS]
    total, b = float(sum(repeats)), 0
    for i, (kernel, _, f_in, f_out, expand, strides) in enumerate(DEFAULT_BLOCKS_ARGS):
        f_in, f_out = round_filters(f_in, width), round_filters(f_out, width)
        for j in range(repeats[i]):
            if j > 0:
                strides, f_in = 1, f_out
            x = block(x, activation, drop_connect_rate * b / total, f"block{i + 1}{chr(j + 97)}_",
                      f_in, f_out, kernel, strides, expand)
            b += 1
    return x


def _stem(x: Any, width: float, activation: Any, weights: Any) -> Any:
    x = layers.Rescaling(1.0 / 255.0)(x)
    x = layers.Normalization(axis=3)(x)
    if weights == "imagenet":
        x = layers.Rescaling([1.0 / math.sqrt(stddev) for stddev in IMAGENET_STDDEV_RGB])(x)
    x = layers.ZeroPadding2D(padding=utils.correct_pad(x, 3), name="stem_conv_pad")(x)
    x = layers.Conv2D(round_filters(32, width), 3, strides=2, padding="valid", use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, name="stem_conv")(x)
    x = layers.BatchNormalization(axis=3, name="stem_bn")(x)
    return layers.Activation(activation, name="stem_activation")(x)


def _top(x: Any, dropout_rate: float, classes: int, classifier_activation: Any) -> Any:
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if dropout_rate > 0:
        x = layers.Dropout(dropout_rate, name="top_dropout")(x)
    return layers.Dense(classes, activation=classifier_activation,
                        kernel_initializer=DENSE_KERNEL_INITIALIZER, name="predictions")(x)


def efficientnet(width_coefficient: float, depth_coefficient: float, default_size: int,
                 dropout_rate: float = 0.2, drop_connect_rate: float = 0.2,
                 activation: Any = "swish", name: str = "efficientnet",
                 include_top: bool = True, weights: Any = "imagenet", input_tensor: Any = None,
                 input_shape: Any = None, pooling: Any = None, classes: int = 1000,
                 classifier_activation: Any = "softmax") -> Model:
    """Keras's ``EfficientNet`` with the default blocks, scaled in width and depth.

    Example:
        >>> efficientnet(0.5, 0.5, 64, include_top=False, weights=None).output_shape
        (None, None, None, 640)
    """
    utils.check_arguments(weights, include_top, classes)
    input_shape = utils.obtain_input_shape(input_shape, default_size=default_size, min_size=32,
                                           require_flatten=include_top, weights=weights)
    img_input = utils.image_input(input_tensor, input_shape)
    x = _stem(img_input, width_coefficient, activation, weights)
    x = _blocks(x, width_coefficient, depth_coefficient, drop_connect_rate, activation)
    x = layers.Conv2D(round_filters(1280, width_coefficient), 1, padding="same", use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, name="top_conv")(x)
    x = layers.BatchNormalization(axis=3, name="top_bn")(x)
    x = layers.Activation(activation, name="top_activation")(x)
    if include_top:
        utils.validate_activation(classifier_activation, weights)
        x = _top(x, dropout_rate, classes, classifier_activation)
    else:
        x = utils.pool(x, pooling, "avg_pool", "max_pool")
    return utils.finish(input_tensor, img_input, x, name)


def EfficientNetB0(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                   input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                   classes: int = 1000, classifier_activation: Any = "softmax",
                   name: str = "efficientnetb0") -> Model:
    """EfficientNetB0 (224x224) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet(1.0, 1.0, 224, 0.2, name=name, include_top=include_top,
                        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                        pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation)


def EfficientNetB1(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                   input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                   classes: int = 1000, classifier_activation: Any = "softmax",
                   name: str = "efficientnetb1") -> Model:
    """EfficientNetB1 (240x240) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet(1.0, 1.1, 240, 0.2, name=name, include_top=include_top,
                        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                        pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation)


def EfficientNetB2(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                   input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                   classes: int = 1000, classifier_activation: Any = "softmax",
                   name: str = "efficientnetb2") -> Model:
    """EfficientNetB2 (260x260) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet(1.1, 1.2, 260, 0.3, name=name, include_top=include_top,
                        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                        pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation)


def EfficientNetB3(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                   input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                   classes: int = 1000, classifier_activation: Any = "softmax",
                   name: str = "efficientnetb3") -> Model:
    """EfficientNetB3 (300x300) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet(1.2, 1.4, 300, 0.3, name=name, include_top=include_top,
                        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                        pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation)


def EfficientNetB4(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                   input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                   classes: int = 1000, classifier_activation: Any = "softmax",
                   name: str = "efficientnetb4") -> Model:
    """EfficientNetB4 (380x380) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet(1.4, 1.8, 380, 0.4, name=name, include_top=include_top,
                        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                        pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation)


def EfficientNetB5(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                   input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                   classes: int = 1000, classifier_activation: Any = "softmax",
                   name: str = "efficientnetb5") -> Model:
    """EfficientNetB5 (456x456) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet(1.6, 2.2, 456, 0.4, name=name, include_top=include_top,
                        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                        pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation)


def EfficientNetB6(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                   input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                   classes: int = 1000, classifier_activation: Any = "softmax",
                   name: str = "efficientnetb6") -> Model:
    """EfficientNetB6 (528x528) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet(1.8, 2.6, 528, 0.5, name=name, include_top=include_top,
                        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                        pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation)


def EfficientNetB7(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
                   input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
                   classes: int = 1000, classifier_activation: Any = "softmax",
                   name: str = "efficientnetb7") -> Model:
    """EfficientNetB7 (600x600) as Keras 3 builds it (``weights`` never read)."""
    return efficientnet(2.0, 3.1, 600, 0.5, name=name, include_top=include_top,
                        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
                        pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation)


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Return ``x`` unchanged, as Keras does here (the model rescales its own input).

    Example:
        >>> preprocess_input(3)
        3
    """
    return x
