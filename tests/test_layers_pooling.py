"""Pooling layers: output shapes as Keras 3's ``compute_pooling_output_shape`` gives them."""

from __future__ import annotations

import pytest

from modelviz import Input, Sequential, layers
from modelviz.errors import LayerConfigError, ShapeError

CASES = [
    ("MaxPooling1D", (), {}, (None, 9, 4), (None, 4, 4), 0),
    ("MaxPooling1D", (3,), {"strides": 1, "padding": "same"}, (None, 9, 4), (None, 9, 4), 0),
    ("MaxPooling1D", (), {"data_format": "channels_first"}, (None, 4, 9), (None, 4, 4), 0),
    ("MaxPooling2D", (), {}, (None, 28, 28, 32), (None, 14, 14, 32), 0),
    ("MaxPooling2D", ((3, 3),), {"strides": (2, 2)}, (None, 112, 112, 64), (None, 55, 55, 64), 0),
    ("MaxPooling2D", (3,), {"strides": 2, "padding": "same"}, (None, 112, 112, 64),
     (None, 56, 56, 64), 0),
    ("MaxPooling2D", (), {"data_format": "channels_first"},
     (None, 3, 9, None), (None, 3, 4, None), 0),
    ("MaxPooling3D", (), {}, (None, 5, 4, 4, 1), (None, 2, 2, 2, 1), 0),
    ("AveragePooling1D", (4,), {"strides": 2}, (None, 11, 3), (None, 4, 3), 0),
    ("AveragePooling2D", ((2, 3),), {}, (None, 8, 9, 4), (None, 4, 3, 4), 0),
    ("AveragePooling2D", (3,), {"strides": 2, "padding": "same"},
     (None, 9, 9, 3), (None, 5, 5, 3), 0),
    ("AveragePooling3D", (2,), {"data_format": "channels_first"}, (None, 2, 4, 6, 8),
     (None, 2, 2, 3, 4), 0),
    ("MaxPool2D", (), {}, (None, 4, 4, 1), (None, 2, 2, 1), 0),
    ("AvgPool1D", (2,), {}, (None, 4, 1), (None, 2, 1), 0),
    ("GlobalMaxPooling1D", (), {}, (None, None, 16), (None, 16), 0),
    ("GlobalMaxPooling1D", (), {"keepdims": True}, (None, 10, 16), (None, 1, 16), 0),
    ("GlobalMaxPooling2D", (), {"data_format": "channels_first"}, (None, 3, 8, 8), (None, 3), 0),
    ("GlobalMaxPooling3D", (), {"keepdims": True}, (None, 4, 4, 4, 2), (None, 1, 1, 1, 2), 0),
    ("GlobalAveragePooling1D", (), {"data_format": "channels_first"},
     (None, 16, 10), (None, 16), 0),
    ("GlobalAveragePooling2D", (), {}, (None, 7, 7, 512), (None, 512), 0),
    ("GlobalAveragePooling2D", (), {"keepdims": True, "data_format": "channels_first"},
     (None, 3, 10, 10), (None, 3, 1, 1), 0),
    ("GlobalAveragePooling3D", (), {}, (None, 4, 4, 4, 2), (None, 2), 0),
    ("GlobalAvgPool2D", (), {}, (None, 2, 2, 5), (None, 5), 0),
    ("GlobalMaxPool1D", (), {}, (None, 2, 5), (None, 5), 0),
]



@pytest.mark.parametrize(("cls", "args", "kwargs", "in_shape", "out_shape", "params"), CASES)
def test_shape_and_params(cls: str, args: tuple, kwargs: dict, in_shape: tuple,
                          out_shape: tuple, params: int) -> None:
    layer = getattr(layers, cls)(*args, **kwargs)
    out = layer(Input(batch_shape=in_shape))
    assert out.shape == out_shape
    assert layer.count_params() == params
    assert layer.explain() == f"{type(layer).__name__} has no weights"


def test_aliases_are_the_same_classes_with_keras_names() -> None:
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.AvgPool3D is layers.AveragePooling3D
    assert layers.GlobalAvgPool1D is layers.GlobalAveragePooling1D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D
    assert layers.MaxPool2D().name == "max_pooling2d"


def test_strides_default_to_pool_size_in_config() -> None:
    config = layers.AveragePooling2D(3).get_config()
    assert config["pool_size"] == [3, 3]
    assert config["strides"] == [3, 3]
    assert config["data_format"] == "channels_last"


def test_average_pooling_needs_pool_size_like_keras() -> None:
    with pytest.raises(TypeError):
        layers.AveragePooling2D()  # type: ignore[call-arg]


def test_vgg_block() -> None:
    model = Sequential([
        Input((224, 224, 3)),
        layers.Conv2D(64, 3, padding="same"),
        layers.MaxPooling2D(),
        layers.Conv2D(128, 3, padding="same"),
        layers.MaxPooling2D(),
        layers.GlobalAveragePooling2D(),
    ])
    shapes = [layer.output.shape for layer in model.layers]
    assert shapes[1] == (None, 112, 112, 64)
    assert shapes[3] == (None, 56, 56, 128)
    assert shapes[4] == (None, 128)
    assert model.count_params() == 1792 + 73856


def test_window_larger_than_input_names_layer_and_fix() -> None:
    with pytest.raises(ShapeError, match=r"max_pooling2d \(MaxPooling2D\): 2×2 pool window "
                                         r"does not fit.*\(None, 1, 10, 4\).*padding=\"same\""):
        layers.MaxPooling2D()(Input((1, 10, 4)))


@pytest.mark.parametrize("layer", [layers.MaxPooling2D(), layers.GlobalAveragePooling1D()])
def test_wrong_rank_is_a_shape_error(layer: layers.Layer) -> None:
    with pytest.raises(ShapeError, match="expects a"):
        layer(Input((10, 10, 10, 4)))


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((2,), {"padding": "SAME"}, "lower case"),
    ((2,), {"padding": "causal"}, "padding"),
    (((2, 2, 2),), {}, "pool_size"),
    ((2,), {"strides": 0}, "strides must hold positive"),
    ((2,), {"data_format": "NCHW"}, "data_format"),
])
def test_bad_arguments_are_config_errors(args: tuple, kwargs: dict, message: str) -> None:
    with pytest.raises(LayerConfigError, match=message):
        layers.MaxPooling2D(*args, **kwargs)
