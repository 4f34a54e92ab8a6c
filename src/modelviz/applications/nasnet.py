"""NASNetMobile/NASNetLarge (Keras's ``keras.applications.nasnet``), built with modelviz.

``weights`` is accepted with any value and never downloaded or read. Keras's
``backend.name_scope`` blocks leave layer names unchanged, so they have no
counterpart here.

Example:
    >>> NASNetMobile(weights="imagenet").count_params()
    5326716
    >>> NASNetLarge(include_top=False, pooling="avg", input_shape=(96, 96, 3)).output_shape
    (None, 4032)
"""

from __future__ import annotations

from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.errors import LayerConfigError
from modelviz.models import Model

__all__ = ["NASNetLarge", "NASNetMobile", "decode_predictions", "nasnet", "preprocess_input"]


def _bn(x: Any, name: str | None = None) -> Any:
    return layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name=name)(x)


def _conv1x1(x: Any, filters: int, name: str, strides: Any = (1, 1)) -> Any:
    return layers.Conv2D(filters, (1, 1), strides=strides, padding="same", use_bias=False,
                         name=name, kernel_initializer="he_normal")(x)


def _sep_block(ip: Any, filters: int, kernel_size: Any = (3, 3), strides: Any = (1, 1),
               block_id: str = "") -> Any:
    x = layers.Activation("relu")(ip)
    conv_pad = "same"
    if strides == (2, 2):
        x = layers.ZeroPadding2D(padding=utils.correct_pad(x, kernel_size),
                                 name=f"separable_conv_1_pad_{block_id}")(x)
        conv_pad = "valid"
    x = layers.SeparableConv2D(filters, kernel_size, strides=strides,
                               name=f"separable_conv_1_{block_id}", padding=conv_pad,
                               use_bias=False)(x)
    x = _bn(x, f"separable_conv_1_bn_{block_id}")
    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(filters, kernel_size, name=f"separable_conv_2_{block_id}",
                               padding="same", use_bias=False)(x)
    return _bn(x, f"separable_conv_2_bn_{block_id}")


def _adjust_reduction(p: Any, filters: int, block_id: str) -> Any:
    p = layers.Activation("relu", name=f"adjust_relu_1_{block_id}")(p)
    p1 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid",
                                 name=f"adjust_avg_pool_1_{block_id}")(p)
    p1 = _conv1x1(p1, filters // 2, f"adjust_conv_1_{block_id}")
    p2 = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(p)
    p2 = layers.Cropping2D(cropping=((1, 0), (1, 0)))(p2)
    p2 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid",
                                 name=f"adjust_avg_pool_2_{block_id}")(p2)
    p2 = _conv1x1(p2, filters // 2, f"adjust_conv_2_{block_id}")
    p = layers.concatenate([p1, p2], axis=-1)
    return _bn(p, f"adjust_bn_{block_id}")


def _adjust_block(p: Any, ip: Any, filters: int, block_id: str) -> Any:
    if p is None:
        return ip
    if p.shape[-2] != ip.shape[-2]:
        return _adjust_reduction(p, filters, block_id)
    if p.shape[-1] != filters:
        p = layers.Activation("relu")(p)
        p = _conv1x1(p, filters, f"adjust_conv_projection_{block_id}")
        return _bn(p, f"adjust_bn_{block_id}")
    return p


def _avg3(x: Any, strides: Any, padding: str, name: str) -> Any:
    return layers.AveragePooling2D((3, 3), strides=strides, padding=padding, name=name)(x)


def _normal_a_cell(ip: Any, p: Any, filters: int, block_id: str) -> tuple[Any, Any]:
    p = _adjust_block(p, ip, filters, block_id)
    h = layers.Activation("relu")(ip)
    h = _bn(_conv1x1(h, filters, f"normal_conv_1_{block_id}"), f"normal_bn_1_{block_id}")
    x1_1 = _sep_block(h, filters, kernel_size=(5, 5), block_id=f"normal_left1_{block_id}")
    x1_2 = _sep_block(p, filters, block_id=f"normal_right1_{block_id}")
    x1 = layers.add([x1_1, x1_2], name=f"normal_add_1_{block_id}")
    x2_1 = _sep_block(p, filters, (5, 5), block_id=f"normal_left2_{block_id}")
    x2_2 = _sep_block(p, filters, (3, 3), block_id=f"normal_right2_{block_id}")
    x2 = layers.add([x2_1, x2_2], name=f"normal_add_2_{block_id}")
    x3 = _avg3(h, (1, 1), "same", f"normal_left3_{block_id}")
    x3 = layers.add([x3, p], name=f"normal_add_3_{block_id}")
    x4_1 = _avg3(p, (1, 1), "same", f"normal_left4_{block_id}")
    x4_2 = _avg3(p, (1, 1), "same", f"normal_right4_{block_id}")
    x4 = layers.add([x4_1, x4_2], name=f"normal_add_4_{block_id}")
    x5 = _sep_block(h, filters, block_id=f"normal_left5_{block_id}")
    x5 = layers.add([x5, h], name=f"normal_add_5_{block_id}")
    x = layers.concatenate([p, x1, x2, x3, x4, x5], axis=-1, name=f"normal_concat_{block_id}")
    return x, ip


def _reduction_a_cell(ip: Any, p: Any, filters: int, block_id: str) -> tuple[Any, Any]:
    p = _adjust_block(p, ip, filters, block_id)
    h = layers.Activation("relu")(ip)
    h = _bn(_conv1x1(h, filters, f"reduction_conv_1_{block_id}"), f"reduction_bn_1_{block_id}")
    h3 = layers.ZeroPadding2D(padding=utils.correct_pad(h, 3),
                              name=f"reduction_pad_1_{block_id}")(h)
    x1_1 = _sep_block(h, filters, (5, 5), (2, 2), f"reduction_left1_{block_id}")
    x1_2 = _sep_block(p, filters, (7, 7), (2, 2), f"reduction_right1_{block_id}")
    x1 = layers.add([x1_1, x1_2], name=f"reduction_add_1_{block_id}")
    x2_1 = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="valid",
                               name=f"reduction_left2_{block_id}")(h3)
    x2_2 = _sep_block(p, filters, (7, 7), (2, 2), f"reduction_right2_{block_id}")
    x2 = layers.add([x2_1, x2_2], name=f"reduction_add_2_{block_id}")
    x3_1 = _avg3(h3, (2, 2), "valid", f"reduction_left3_{block_id}")
    x3_2 = _sep_block(p, filters, (5, 5), (2, 2), f"reduction_right3_{block_id}")
    x3 = layers.add([x3_1, x3_2], name=f"reduction_add3_{block_id}")
    x4 = _avg3(x1, (1, 1), "same", f"reduction_left4_{block_id}")
    x4 = layers.add([x2, x4])
    x5_1 = _sep_block(x1, filters, (3, 3), block_id=f"reduction_left4_{block_id}")
    x5_2 = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="valid",
                               name=f"reduction_right5_{block_id}")(h3)
    x5 = layers.add([x5_1, x5_2], name=f"reduction_add4_{block_id}")
    x = layers.concatenate([x2, x3, x4, x5], axis=-1, name=f"reduction_concat_{block_id}")
    return x, ip


def _cells(x: Any, penultimate_filters: int, num_blocks: int, skip_reduction: bool,
           multiplier: int) -> Any:
    filters = penultimate_filters // 24
    p = None
    x, p = _reduction_a_cell(x, p, filters // multiplier**2, block_id="stem_1")
    x, p = _reduction_a_cell(x, p, filters // multiplier, block_id="stem_2")
    for stage in range(3):
        if stage:
            x, p0 = _reduction_a_cell(x, p, filters * multiplier**stage,
                                      block_id=f"reduce_{stage * num_blocks}")
            p = p if skip_reduction else p0
        for i in range(num_blocks):
            x, p = _normal_a_cell(x, p, filters * multiplier**stage,
                                  block_id=f"{stage * num_blocks + i + (stage > 0)}")
    return layers.Activation("relu")(x)


def nasnet(input_shape: Any = None, penultimate_filters: int = 4032, num_blocks: int = 6,
           stem_block_filters: int = 96, skip_reduction: bool = True, filter_multiplier: int = 2,
           include_top: bool = True, weights: Any = "imagenet", input_tensor: Any = None,
           pooling: Any = None, classes: int = 1000, default_size: int | None = None,
           classifier_activation: Any = "softmax", name: str = "NASNet") -> Model:
    """Keras's ``NASNet``: a stem, reduction and normal cells, then the top or pooling.

    Example:
        >>> nasnet((32, 32, 3), 96, 1, 8, include_top=False, weights=None).output_shape
        (None, 1, 1, 96)
    """
    utils.check_arguments(weights, include_top, classes)
    if isinstance(input_shape, tuple) and None in input_shape and weights == "imagenet":
        raise LayerConfigError("When specifying the input shape of a NASNet and loading "
                               "`ImageNet` weights, the input_shape argument must be static "
                               f"(no None entries); received input_shape={input_shape}")
    input_shape = utils.obtain_input_shape(input_shape, default_size=default_size or 331,
                                           min_size=32, require_flatten=include_top,
                                           weights=weights)
    img_input = utils.image_input(input_tensor, input_shape)
    if penultimate_filters % (24 * filter_multiplier**2) != 0:
        raise LayerConfigError("For NASNet-A models, the `penultimate_filters` must be a "
                               "multiple of 24 * (`filter_multiplier` ** 2); received "
                               f"{penultimate_filters}")
    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2), padding="valid",
                      use_bias=False, name="stem_conv1", kernel_initializer="he_normal")(img_input)
    x = _bn(x, "stem_bn1")
    x = _cells(x, penultimate_filters, num_blocks, skip_reduction, filter_multiplier)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        utils.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = utils.pool(x, pooling)
    return utils.finish(input_tensor, img_input, x, name)


def NASNetMobile(input_shape: Any = None, include_top: bool = True,  # noqa: N802
                 weights: Any = "imagenet", input_tensor: Any = None, pooling: Any = None,
                 classes: int = 1000, classifier_activation: Any = "softmax",
                 name: str = "nasnet_mobile") -> Model:
    """NASNetMobile as Keras 3 builds it (``weights`` accepted, never downloaded or read).

    Example:
        >>> NASNetMobile(include_top=False, weights=None).output_shape
        (None, 7, 7, 1056)
    """
    if not include_top and input_shape is None:
        input_shape = (224, 224, 3)
    return nasnet(input_shape, 1056, 4, 32, False, 2, include_top, weights, input_tensor,
                  pooling, classes, 224, classifier_activation, name)


def NASNetLarge(input_shape: Any = None, include_top: bool = True,  # noqa: N802
                weights: Any = "imagenet", input_tensor: Any = None, pooling: Any = None,
                classes: int = 1000, classifier_activation: Any = "softmax",
                name: str = "nasnet_large") -> Model:
    """NASNetLarge as Keras 3 builds it (``weights`` accepted, never downloaded or read).

    Example:
        >>> NASNetLarge(weights=None).count_params()
        88949818
    """
    return nasnet(input_shape, 4032, 6, 96, True, 2, include_top, weights, input_tensor,
                  pooling, classes, 331, classifier_activation, name)


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Keras's "tf" preprocessing on a symbolic tensor; anything else comes back unchanged.

    Example:
        >>> preprocess_input(3)
        3
    """
    return utils.preprocess_input(x, data_format=data_format, mode="tf")
