"""Convolution layers: output shapes and parameter counts as Keras 3 reports them.

Expected values follow Keras's ``compute_conv_output_shape``,
``compute_conv_transpose_output_shape`` and the weight shapes of its ``build`` methods.
"""

from __future__ import annotations

import pytest

from modelviz import Input, Model, Sequential, layers
from modelviz.errors import LayerConfigError, ShapeError

CASES = [
    ("Conv1D", (8, 3), {}, (None, 10, 4), (None, 8, 8), 104),
    ("Conv1D", (8, 3), {"padding": "causal", "dilation_rate": 2},
     (None, 10, 4), (None, 10, 8), 104),
    ("Conv1D", (8, 3), {"strides": 2, "padding": "same"}, (None, 11, 4), (None, 6, 8), 104),
    ("Conv1D", (6, 5), {"groups": 3, "use_bias": False}, (None, None, 9), (None, None, 6), 90),
    ("Conv1D", (8, 3), {"data_format": "channels_first"}, (None, 4, 10), (None, 8, 8), 104),
    ("Conv2D", (32, 3), {}, (None, 28, 28, 3), (None, 26, 26, 32), 896),
    ("Conv2D", (16, (3, 5)), {"strides": (2, 1)}, (None, 32, 32, 3), (None, 15, 28, 16), 736),
    ("Conv2D", (8, 3), {"dilation_rate": 2}, (None, 10, 10, 4), (None, 6, 6, 8), 296),
    ("Conv2D", (8, 3), {"groups": 2}, (None, 10, 10, 4), (None, 8, 8, 8), 152),
    ("Conv2D", (8, 3), {"lora_rank": 2}, (None, 10, 10, 4), (None, 8, 8, 8), 384),
    ("Conv2D", (8, 3), {"data_format": "channels_first", "padding": "same", "strides": 2},
     (None, 4, 9, 9), (None, 8, 5, 5), 296),
    ("Conv2D", (8, 1), {}, (None, None, None, 4), (None, None, None, 8), 40),
    ("Conv3D", (4, 3), {}, (None, 8, 8, 8, 2), (None, 6, 6, 6, 4), 220),
    ("Conv3D", (4, (1, 2, 3)), {"padding": "same", "strides": 2}, (None, 5, 6, 7, 2),
     (None, 3, 3, 4, 4), 52),
    ("Conv1DTranspose", (4, 3), {"strides": 2}, (None, 10, 8), (None, 21, 4), 100),
    ("Conv1DTranspose", (4, 2), {"strides": 3}, (None, 10, 8), (None, 30, 4), 68),
    ("Conv2DTranspose", (8, 3), {"strides": 2, "padding": "same"}, (None, 7, 7, 4),
     (None, 14, 14, 8), 296),
    ("Conv2DTranspose", (8, 3), {"strides": 2, "padding": "same", "output_padding": 0},
     (None, 7, 7, 4), (None, 13, 13, 8), 296),
    ("Conv2DTranspose", (8, 4), {"strides": 2, "output_padding": 1}, (None, 7, 7, 4),
     (None, 17, 17, 8), 520),
    ("Conv2DTranspose", (8, 3), {"dilation_rate": 2, "data_format": "channels_first"},
     (None, 4, 7, None), (None, 8, 11, None), 296),
    ("Conv3DTranspose", (2, 2), {"strides": 2}, (None, 4, 4, 4, 8), (None, 8, 8, 8, 2), 130),
    ("DepthwiseConv1D", (3,), {"depth_multiplier": 2}, (None, 10, 4), (None, 8, 8), 32),
    ("DepthwiseConv2D", (3,), {"depth_multiplier": 2}, (None, 10, 10, 4), (None, 8, 8, 8), 80),
    ("DepthwiseConv2D", (3,), {"strides": 2, "padding": "same", "use_bias": False},
     (None, 9, 9, 16), (None, 5, 5, 16), 144),
    ("DepthwiseConv2D", ((3, 1),), {"data_format": "channels_first"}, (None, 3, 8, 8),
     (None, 3, 6, 8), 12),
    ("SeparableConv1D", (8, 3), {"depth_multiplier": 2}, (None, 10, 4), (None, 8, 8), 96),
    ("SeparableConv2D", (64, 3), {}, (None, 28, 28, 32), (None, 26, 26, 64), 2400),
    ("SeparableConv2D", (16, 3), {"strides": 2, "dilation_rate": 1, "depth_multiplier": 3,
                                  "padding": "same"}, (None, 9, 9, 4), (None, 5, 5, 16), 316),
    ("Convolution2D", (8, 3), {}, (None, 5, 5, 1), (None, 3, 3, 8), 80),
    ("Convolution2DTranspose", (8, 3), {}, (None, 5, 5, 1), (None, 7, 7, 8), 80),
    ("SeparableConvolution2D", (8, 3), {}, (None, 5, 5, 2), (None, 3, 3, 8), 42),
]



@pytest.mark.parametrize(("cls", "args", "kwargs", "in_shape", "out_shape", "params"), CASES)
def test_shape_and_params(cls: str, args: tuple, kwargs: dict, in_shape: tuple,
                          out_shape: tuple, params: int) -> None:
    layer = getattr(layers, cls)(*args, **kwargs)
    out = layer(Input(batch_shape=in_shape))
    assert out.shape == out_shape
    assert layer.count_params() == params
    assert layer.explain().endswith(f"= {params:,}")


def test_conv_weights_and_explain() -> None:
    layer = layers.Conv2D(32, 3)
    assert [(w.name, w.shape) for w in layer.weight_shapes((None, 28, 28, 3))] == [
        ("kernel", (3, 3, 3, 32)), ("bias", (32,))]
    assert layer.explain((None, 28, 28, 3)) == "kernel 3×3×3×32 + bias 32 = 896"


def test_grouped_kernel_divides_input_channels() -> None:
    kernel = layers.Conv1D(12, 3, groups=4).weight_shapes((None, 10, 8))[0]
    assert kernel.shape == (3, 2, 12)


def test_lora_freezes_kernel_and_adds_low_rank_factors() -> None:
    weights = layers.Conv2D(8, 3, lora_rank=2).weight_shapes((None, 10, 10, 4))
    assert [(w.name, w.shape, w.trainable) for w in weights] == [
        ("kernel", (3, 3, 4, 8), False), ("bias", (8,), True),
        ("lora_kernel_a", (3, 3, 4, 2), True), ("lora_kernel_b", (2, 8), True)]


def test_transpose_kernel_puts_filters_before_inputs() -> None:
    weights = layers.Conv2DTranspose(8, 3).weight_shapes((None, 7, 7, 4))
    assert [w.shape for w in weights] == [(3, 3, 8, 4), (8,)]


def test_conv3d_transpose_keeps_keras_argument_order() -> None:
    layer = layers.Conv3DTranspose(2, 3, 2, "same", "channels_first", 1)
    assert layer.compute_output_shape((None, 8, 4, 4, 4)) == (None, 2, 8, 8, 8)


def test_depthwise_weight_is_named_kernel_as_in_keras3() -> None:
    weights = layers.DepthwiseConv2D(3, depth_multiplier=2).weight_shapes((None, 10, 10, 4))
    assert [(w.name, w.shape) for w in weights] == [("kernel", (3, 3, 4, 2)), ("bias", (8,))]


def test_separable_weights_and_explain() -> None:
    layer = layers.SeparableConv2D(64, 3)
    weights = layer.weight_shapes((None, 28, 28, 32))
    assert [(w.name, w.shape) for w in weights] == [
        ("depthwise_kernel", (3, 3, 32, 1)), ("pointwise_kernel", (1, 1, 32, 64)),
        ("bias", (64,))]
    assert layer.explain((None, 28, 28, 32)) == (
        "depthwise 3×3×32×1 + pointwise 1×1×32×64 + bias 64 = 2,400")


def test_aliases_are_the_same_classes() -> None:
    assert layers.Convolution2D is layers.Conv2D
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.SeparableConvolution2D is layers.SeparableConv2D


def test_config_holds_normalized_window() -> None:
    config = layers.Conv2D(8, 3, padding="SAME").get_config()
    assert config["kernel_size"] == [3, 3]
    assert config["strides"] == [1, 1]
    assert config["padding"] == "same"
    assert config["data_format"] == "channels_last"
    assert config["filters"] == 8


def test_small_cnn_totals() -> None:
    model = Sequential([
        Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.SeparableConv2D(64, 3, activation="relu"),
        layers.DepthwiseConv2D(3, padding="same"),
        layers.Conv2DTranspose(16, 3, strides=2, padding="same"),
    ])
    assert model.layers[-1].output.shape == (None, 48, 48, 16)
    assert model.count_params() == 320 + 2400 + 640 + 9232


def test_functional_conv1d_model() -> None:
    inputs = Input((100, 8))
    x = layers.Conv1D(16, 5, padding="causal", dilation_rate=4)(inputs)
    x = layers.SeparableConv1D(8, 3, strides=2)(x)
    model = Model(inputs, x)
    assert x.shape == (None, 49, 8)
    assert model.count_params() == 656 + 48 + 128 + 8


def test_kernel_larger_than_input_names_layer_and_fix() -> None:
    with pytest.raises(ShapeError, match=r"conv2d \(Conv2D\): 3×3 kernel does not fit.*"
                                         r"\(None, 2, 2, 64\).*padding=\"same\""):
        layers.Conv2D(8, 3)(Input((2, 2, 64)))


def test_dilated_kernel_reports_its_span() -> None:
    with pytest.raises(ShapeError, match="dilated to 5"):
        layers.Conv1D(8, 3, dilation_rate=2)(Input((4, 3)))


def test_wrong_rank_is_a_shape_error() -> None:
    with pytest.raises(ShapeError, match="expects a 4-D input"):
        layers.Conv2D(8, 3)(Input((10, 10, 10, 4)))


def test_unknown_channels_is_a_shape_error() -> None:
    with pytest.raises(ShapeError, match="channel axis is undefined"):
        layers.Conv2D(8, 3)(Input((10, 10, None)))


def test_groups_must_divide_input_channels() -> None:
    with pytest.raises(ShapeError, match="not divisible by groups=2"):
        layers.Conv2D(8, 3, groups=2)(Input((10, 10, 3)))


@pytest.mark.parametrize(("cls", "kwargs", "message"), [
    ("Conv2D", {"filters": 6, "kernel_size": 3, "groups": 4}, "divisible by groups"),
    ("Conv2D", {"filters": 0, "kernel_size": 3}, "filters must be a positive integer"),
    ("Conv2D", {"filters": 4, "kernel_size": (3, 3, 3)}, "kernel_size"),
    ("Conv2D", {"filters": 4, "kernel_size": 0}, "kernel_size must hold positive"),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "causal"}, "padding"),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, "dilation"),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "data_format": "nhwc"}, "data_format"),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "lora_rank": 2, "kernel_constraint": "max_norm"},
     "LoRA"),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 2},
     "output_padding"),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 0}, "depth_multiplier"),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "kernel_size_typo": 1}, "unrecognized"),
])
def test_bad_arguments_are_config_errors(cls: str, kwargs: dict, message: str) -> None:
    with pytest.raises(LayerConfigError, match=message):
        getattr(layers, cls)(**kwargs)
