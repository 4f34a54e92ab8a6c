"""KerasHub image backbones rebuilt from their saved constructor arguments.

:func:`vit_backbone` follows ``keras_hub/src/models/vit/vit_backbone.py``;
:func:`resnet_backbone` follows ``keras_hub/src/models/resnet/resnet_backbone.py``
(the four block types, pre-activation ResNet V2 and the "vd" variants), layer by
layer with Keras's own layers, so the rows equal ``model.summary()``.

Example:
    >>> from modelviz.importers.context import Context
    >>> from modelviz.importers.kerashub.args import HubArgs
    >>> config = {"name": "vit", "image_shape": [32, 32, 3], "patch_size": 8,
    ...           "num_layers": 2, "num_heads": 2, "hidden_dim": 16, "mlp_dim": 32}
    >>> model = vit_backbone(HubArgs("ViTBackbone", config, Context("m.keras")))
    >>> model.output_shape, model.count_params()
    ((None, 17, 16), 7856)
"""

from __future__ import annotations

from typing import Any, Final

from modelviz import ops
from modelviz.importers.kerashub.args import HubArgs
from modelviz.importers.kerashub.text import _finish
from modelviz.importers.kerashub.vision_blocks import ViTEncoder, ViTPatchingAndEmbedding
from modelviz.layers import (
    Activation,
    Add,
    AveragePooling2D,
    BatchNormalization,
    Conv2D,
    Dense,
    Dropout,
    GlobalAveragePooling2D,
    GlobalMaxPooling2D,
    Input,
    MaxPooling2D,
    ZeroPadding2D,
)
from modelviz.models import Model

__all__ = ["BLOCK_TYPES", "image_classifier", "resnet_backbone", "vit_backbone",
           "vit_image_classifier"]

BLOCK_TYPES: Final = ("basic_block", "bottleneck_block", "basic_block_vd", "bottleneck_block_vd")


def _data_format(args: HubArgs) -> str:
    return args.choice("data_format", ("channels_last", "channels_first"), "channels_last")


def _image_shape(args: HubArgs, default: Any) -> tuple[Any, ...]:
    shape = args.ints("image_shape", default, allow_none=True)
    if len(shape) != 3:
        raise args.error(f"image_shape is {shape}, not (height, width, channels)",
                         "the file is damaged")
    return tuple(shape)


def vit_backbone(args: HubArgs) -> Model:
    """``ViTBackbone``: patches and positions, then the encoder (one layer, its blocks inside)."""
    data_format = _data_format(args)
    shape = _image_shape(args, None)
    height, width, channels = shape if data_format == "channels_last" else (*shape[1:], shape[0])
    patch = args.get("patch_size")
    patch = (patch, patch) if isinstance(patch, int) else tuple(args.ints("patch_size"))
    if height is None or width is None or height % patch[0] or width % patch[1]:
        raise args.error(f"image_shape {shape} is not a whole number of {patch} patches",
                         "the file is damaged")
    hidden = args.int("hidden_dim")
    inputs = Input(shape=shape, name="images")
    x = ViTPatchingAndEmbedding(
        image_size=(height, width), patch_size=patch, hidden_dim=hidden,
        num_channels=channels, use_class_token=args.flag("use_class_token", True),
        use_patch_bias=args.flag("use_patch_bias", True), data_format=data_format,
        dtype=args.dtype, name="vit_patching_and_embedding")(inputs)
    x = ViTEncoder(
        num_layers=args.int("num_layers", low=0), num_heads=args.int("num_heads"),
        hidden_dim=hidden, mlp_dim=args.int("mlp_dim"),
        dropout_rate=args.float("dropout_rate", 0.0),
        attention_dropout=args.float("attention_dropout", 0.0),
        layer_norm_epsilon=args.float("layer_norm_epsilon", 1e-6),
        use_mha_bias=args.flag("use_mha_bias", True), use_mlp_bias=args.flag("use_mlp_bias", True),
        dtype=args.dtype, name="vit_encoder")(x)
    return _finish(args, inputs, x)


class _ResNet:
    """The layers of one ResNet backbone: the keras_hub ``apply_*`` functions as methods."""

    def __init__(self, args: HubArgs) -> None:
        self.block_type = args.choice("block_type", BLOCK_TYPES)
        self.preact = args.flag("use_pre_activation", False)
        self.data_format = _data_format(args)
        self.axis = -1 if self.data_format == "channels_last" else 1
        self.dtype = args.dtype

    def bn(self, name: str | None, x: Any) -> Any:
        return BatchNormalization(axis=self.axis, epsilon=1e-5, momentum=0.9, dtype=self.dtype,
                                  name=name)(x)

    def relu(self, name: str, x: Any) -> Any:
        return Activation("relu", dtype=self.dtype, name=name)(x)

    def conv(self, name: str, x: Any, filters: int, kernel: int, strides: int = 1,
             padding: str = "valid") -> Any:
        return Conv2D(filters, kernel, strides=strides, padding=padding, use_bias=False,
                      data_format=self.data_format, dtype=self.dtype, name=name)(x)

    def pad(self, name: str, x: Any, size: int) -> Any:
        return ZeroPadding2D(size, data_format=self.data_format, dtype=self.dtype, name=name)(x)

    def shortcut(self, name: str, x: Any, preact: Any, filters: int, stride: int) -> Any:
        """The 1x1 projection (after an average pooling in the "vd" variants)."""
        vd = self.block_type.endswith("_vd")
        source = preact if preact is not None else x
        if vd and preact is None and stride > 1:
            source = AveragePooling2D(2, strides=stride, data_format=self.data_format,
                                      dtype=self.dtype, padding="same")(x)
        out = filters * (4 if self.block_type.startswith("bottleneck") else 1)
        shortcut = self.conv(f"{name}_0_conv", source, out, 1, 1 if vd else stride)
        return shortcut if self.preact else self.bn(f"{name}_0_bn", shortcut)

    def strided(self, name: str, x: Any, filters: int, stride: int) -> Any:
        """The 3x3 convolution that carries the stride, zero-padded first when it strides."""
        if stride > 1:
            x = self.pad(f"{name}_pad", x, 1)
        return self.conv(f"{name}_conv", x, filters, 3, stride,
                         "valid" if stride > 1 else "same")

    def block(self, name: str, x: Any, filters: int, stride: int, projection: bool) -> Any:
        preact = None
        if self.preact:
            preact = self.relu(f"{name}_pre_activation_relu",
                               self.bn(f"{name}_pre_activation_bn", x))
        shortcut = self.shortcut(name, x, preact, filters, stride) if projection else x
        x = preact if preact is not None else x
        if self.block_type.startswith("bottleneck"):
            x = self.relu(f"{name}_1_relu", self.bn(f"{name}_1_bn",
                                                    self.conv(f"{name}_1_conv", x, filters, 1)))
            x = self.relu(f"{name}_2_relu",
                          self.bn(f"{name}_2_bn", self.strided(f"{name}_2", x, filters, stride)))
            x, last = self.conv(f"{name}_3_conv", x, 4 * filters, 1), "3"
        else:
            x = self.relu(f"{name}_1_relu",
                          self.bn(f"{name}_1_bn", self.strided(f"{name}_1", x, filters, stride)))
            x, last = self.conv(f"{name}_2_conv", x, filters, 3, padding="same"), "2"
        if self.preact:
            return Add(dtype=self.dtype, name=f"{name}_out")([shortcut, x])
        x = Add(dtype=self.dtype, name=f"{name}_add")([shortcut, self.bn(f"{name}_{last}_bn", x)])
        return self.relu(f"{name}_out", x)


def _stem(net: _ResNet, args: HubArgs, x: Any) -> Any:
    filters = args.ints("input_conv_filters")
    kernels = args.ints("input_conv_kernel_sizes")
    if len(filters) != len(kernels):
        raise args.error("input_conv_filters and input_conv_kernel_sizes differ in length",
                         "the file is damaged")
    x = net.pad("conv1_pad", x, (kernels[0] - 1) // 2)
    x = net.conv("conv1_conv", x, filters[0], kernels[0], 2)
    for index in range(1, len(filters)):
        x = net.relu(f"conv{index}_relu", net.bn(f"conv{index}_bn", x))
        x = net.conv(f"conv{index + 1}_conv", x, filters[index], kernels[index], 1, "same")
    if net.preact:
        pad = [[1, 1], [1, 1], [0, 0]] if net.data_format == "channels_last" else [
            [0, 0], [1, 1], [1, 1]]
        x = ops.pad(x, [[0, 0], *pad], constant_values=float("-inf"))
    else:
        x = net.relu(f"conv{len(filters)}_relu", net.bn(f"conv{len(filters)}_bn", x))
        x = net.pad("pool1_pad", x, 1)
    return MaxPooling2D(3, strides=2, data_format=net.data_format, dtype=net.dtype,
                        name="pool1_pool")(x)


def resnet_backbone(args: HubArgs) -> Model:
    """``ResNetBackbone``: stem convolutions, max pooling, stacks of residual blocks.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(input_conv_filters=[64], input_conv_kernel_sizes=[7],
        ...               stackwise_num_filters=[64], stackwise_num_blocks=[1],
        ...               stackwise_num_strides=[1], block_type="basic_block",
        ...               image_shape=[32, 32, 3])
        >>> model = resnet_backbone(HubArgs("ResNetBackbone", config, Context("m")))
        >>> model.output_shape, model.count_params()
        ((None, 8, 8, 64), 83904)
    """
    net = _ResNet(args)
    filters = args.ints("stackwise_num_filters")
    blocks = args.ints("stackwise_num_blocks")
    strides = args.ints("stackwise_num_strides")
    if not len(filters) == len(blocks) == len(strides):
        raise args.error("stackwise_num_filters, _blocks and _strides differ in length",
                         "the file is damaged")
    inputs = Input(shape=_image_shape(args, [None, None, 3]))
    x = _stem(net, args, inputs)
    for stack, (width, count, stride) in enumerate(zip(filters, blocks, strides, strict=True)):
        first_projection = net.block_type != "basic_block" or stack > 0
        for index in range(count):
            x = net.block(f"stack{stack}_block{index}", x, width, stride if index == 0 else 1,
                          first_projection if index == 0 else False)
    if net.preact:
        x = net.relu("post_relu", net.bn("post_bn", x))
    return _finish(args, inputs, x)


def _head(args: HubArgs, x: Any, dtype: Any) -> Any:
    """``output_dropout`` and the ``predictions`` dense layer of KerasHub's image classifiers."""
    x = Dropout(args.float("dropout", 0.0), dtype=dtype, name="output_dropout")(x)
    activation = args.get("activation", None)
    return Dense(args.int("num_classes"), activation=activation if isinstance(activation, str)
                 else None, dtype=dtype, name="predictions")(x)


def image_classifier(args: HubArgs, backbone: Model) -> Model:
    """``ImageClassifier`` (``ResNetImageClassifier``): backbone, 2-D pooling, the head.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = dict(input_conv_filters=[64], input_conv_kernel_sizes=[7],
        ...               stackwise_num_filters=[64], stackwise_num_blocks=[1],
        ...               stackwise_num_strides=[1], block_type="basic_block")
        >>> backbone = resnet_backbone(HubArgs("ResNetBackbone", config, Context("m")))
        >>> task = image_classifier(HubArgs("ResNetImageClassifier", {"num_classes": 4},
        ...                                 Context("m")), backbone)
        >>> task.output_shape, task.count_params() - backbone.count_params()
        ((None, 4), 260)
    """
    pooling = args.choice("pooling", ("avg", "max"), "avg")
    dtype = args.get("head_dtype", None) or backbone.dtype
    data_format = backbone.get_config().get("data_format") or "channels_last"
    inputs = backbone.input
    pool = GlobalAveragePooling2D if pooling == "avg" else GlobalMaxPooling2D
    x = pool(data_format, dtype=dtype, name="pooler")(backbone(inputs))
    return _finish(args, inputs, _head(args, x, dtype))


def vit_image_classifier(args: HubArgs, backbone: Model) -> Model:
    """``ViTImageClassifier``: the class token (or the mean over patches), an optional
    ``pre_logits`` dense layer, the head.

    Example:
        >>> from modelviz.importers.context import Context
        >>> config = {"image_shape": [32, 32, 3], "patch_size": 8, "num_layers": 1,
        ...           "num_heads": 2, "hidden_dim": 16, "mlp_dim": 32}
        >>> backbone = vit_backbone(HubArgs("ViTBackbone", config, Context("m")))
        >>> task = vit_image_classifier(HubArgs("ViTImageClassifier", {"num_classes": 4},
        ...                                     Context("m")), backbone)
        >>> [op.name for op in task.operations][2:], task.output_shape
        (['get_item', 'output_dropout', 'predictions'], (None, 4))
    """
    pooling = args.choice("pooling", ("token", "gap"), "token")
    dtype = args.get("head_dtype", None) or backbone.dtype
    inputs = backbone.input
    x = backbone(inputs)
    x = x[:, 0] if pooling == "token" else ops.mean(x, axis=list(range(1, len(x.shape) - 1)))
    intermediate = args.get("intermediate_dim", None)
    if intermediate is not None:
        x = Dense(args.int("intermediate_dim"), activation="tanh", name="pre_logits")(x)
    return _finish(args, inputs, _head(args, x, dtype))
