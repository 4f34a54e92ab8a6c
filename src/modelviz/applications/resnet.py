"""ResNet50/101/152 (Keras's ``keras.applications.resnet``), built with modelviz layers.

``resnet_model`` is Keras's shared ``ResNet`` (also for the V2 family);
``weights`` is accepted with any value and never downloaded or read.

Example:
    >>> ResNet50(weights="imagenet").count_params()
    25636712
    >>> ResNet101(include_top=False, pooling="avg").output_shape
    (None, 2048)
    >>> ResNet152(include_top=False, input_shape=(96, 96, 3)).output_shape
    (None, 3, 3, 2048)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modelviz import layers
from modelviz.applications import imagenet_utils as utils
from modelviz.applications.imagenet_utils import decode_predictions
from modelviz.models import Model

__all__ = ["ResNet50", "ResNet101", "ResNet152", "decode_predictions", "preprocess_input",
           "resnet_model", "stack_v1", "stack_v2"]

_EPS = 1.001e-5


def resnet_model(stack_fn: Callable[[Any], Any], preact: bool, use_bias: bool,
                 include_top: bool = True, weights: Any = "imagenet", input_tensor: Any = None,
                 input_shape: Any = None, pooling: Any = None, classes: int = 1000,
                 classifier_activation: Any = "softmax", name: str = "resnet") -> Model:
    """Keras's ``ResNet``: stem, ``stack_fn``'s blocks, then the top or the pooling.

    Example:
        >>> resnet_model(lambda x: x, False, True, include_top=False, weights=None).output_shape
        (None, None, None, 64)
    """
    utils.check_arguments(weights, include_top, classes)
    input_shape = utils.obtain_input_shape(input_shape, default_size=224, min_size=32,
                                           require_flatten=include_top, weights=weights)
    img_input = utils.image_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name="conv1_pad")(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=use_bias, name="conv1_conv")(x)
    if not preact:
        x = layers.BatchNormalization(axis=3, epsilon=_EPS, name="conv1_bn")(x)
        x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    x = stack_fn(x)
    if preact:
        x = layers.BatchNormalization(axis=3, epsilon=_EPS, name="post_bn")(x)
        x = layers.Activation("relu", name="post_relu")(x)
    x = utils.average_top(x, include_top, pooling, classes, classifier_activation, weights,
                          pool_names=("avg_pool", "max_pool"))
    return utils.finish(input_tensor, img_input, x, name)


def _block_v1(x: Any, filters: int, stride: int, conv_shortcut: bool, name: str) -> Any:
    shortcut = x
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(x)
        shortcut = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_0_bn")(shortcut)
    x = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.Conv2D(filters, 3, padding="SAME", name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_3_bn")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def stack_v1(x: Any, filters: int, blocks: int, stride1: int = 2, name: str = "") -> Any:
    """Keras's ``stack_residual_blocks_v1``: ``blocks`` bottleneck blocks.

    Example:
        >>> stack_v1(layers.Input((8, 8, 16)), 4, 2, name="s").shape
        (None, 4, 4, 16)
    """
    x = _block_v1(x, filters, stride1, True, f"{name}_block1")
    for i in range(2, blocks + 1):
        x = _block_v1(x, filters, 1, False, f"{name}_block{i}")
    return x


def _block_v2(x: Any, filters: int, stride: int, conv_shortcut: bool, name: str) -> Any:
    preact = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_preact_bn")(x)
    preact = layers.Activation("relu", name=f"{name}_preact_relu")(preact)
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(preact)
    else:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x) if stride > 1 else x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=f"{name}_1_conv")(preact)
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=f"{name}_2_pad")(x)
    x = layers.Conv2D(filters, 3, strides=stride, use_bias=False, name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    return layers.Add(name=f"{name}_out")([shortcut, x])


def stack_v2(x: Any, filters: int, blocks: int, stride1: int = 2, name: str = "") -> Any:
    """Keras's ``stack_residual_blocks_v2``: pre-activation blocks, the stride in the last.

    Example:
        >>> stack_v2(layers.Input((8, 8, 16)), 4, 2, name="s").shape
        (None, 4, 4, 16)
    """
    x = _block_v2(x, filters, 1, True, f"{name}_block1")
    for i in range(2, blocks):
        x = _block_v2(x, filters, 1, False, f"{name}_block{i}")
    return _block_v2(x, filters, stride1, False, f"{name}_block{blocks}")


def _v1_stacks(depths: tuple[int, int, int, int]) -> Callable[[Any], Any]:
    def stack_fn(x: Any) -> Any:
        x = stack_v1(x, 64, depths[0], stride1=1, name="conv2")
        x = stack_v1(x, 128, depths[1], name="conv3")
        x = stack_v1(x, 256, depths[2], name="conv4")
        return stack_v1(x, 512, depths[3], name="conv5")
    return stack_fn


def ResNet50(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
             input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
             classes: int = 1000, classifier_activation: Any = "softmax",
             name: str = "resnet50") -> Model:
    """ResNet50 as Keras 3 builds it (``weights`` accepted, never downloaded or read).

    Example:
        >>> len(ResNet50(weights=None).layers)
        177
    """
    return resnet_model(_v1_stacks((3, 4, 6, 3)), False, True, include_top, weights,
                        input_tensor, input_shape, pooling, classes, classifier_activation, name)


def ResNet101(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
              input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
              classes: int = 1000, classifier_activation: Any = "softmax",
              name: str = "resnet101") -> Model:
    """ResNet101 as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return resnet_model(_v1_stacks((3, 4, 23, 3)), False, True, include_top, weights,
                        input_tensor, input_shape, pooling, classes, classifier_activation, name)


def ResNet152(include_top: bool = True, weights: Any = "imagenet",  # noqa: N802
              input_tensor: Any = None, input_shape: Any = None, pooling: Any = None,
              classes: int = 1000, classifier_activation: Any = "softmax",
              name: str = "resnet152") -> Model:
    """ResNet152 as Keras 3 builds it (``weights`` accepted, never downloaded or read)."""
    return resnet_model(_v1_stacks((3, 8, 36, 3)), False, True, include_top, weights,
                        input_tensor, input_shape, pooling, classes, classifier_activation, name)


def preprocess_input(x: Any, data_format: Any = None) -> Any:
    """Keras's "caffe" preprocessing on a symbolic tensor; anything else comes back unchanged.

    Example:
        >>> preprocess_input(3)
        3
    """
    return utils.preprocess_input(x, data_format=data_format, mode="caffe")
