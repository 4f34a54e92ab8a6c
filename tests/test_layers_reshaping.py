"""Up-sampling, zero-padding and cropping: output shapes as Keras 3 computes them."""

from __future__ import annotations

import pytest

from modelviz import Input, Model, layers
from modelviz.errors import LayerConfigError, ShapeError

CASES = [
    ("UpSampling1D", (), {}, (None, 5, 8), (None, 10, 8), 0),
    ("UpSampling1D", (3,), {}, (None, None, 8), (None, None, 8), 0),
    ("UpSampling2D", (), {}, (None, 4, 4, 3), (None, 8, 8, 3), 0),
    ("UpSampling2D", ((2, 3),), {"interpolation": "bilinear"},
     (None, 4, 4, 3), (None, 8, 12, 3), 0),
    ("UpSampling2D", (2,), {"data_format": "channels_first"}, (None, 3, 4, 5), (None, 3, 8, 10), 0),
    ("UpSampling3D", (), {}, (None, 1, 2, 3, 4), (None, 2, 4, 6, 4), 0),
    ("UpSampling3D", ((1, 2, 3),), {"data_format": "channels_first"}, (None, 1, 2, 3, 4),
     (None, 1, 2, 6, 12), 0),
    ("ZeroPadding1D", (), {}, (None, 10, 4), (None, 12, 4), 0),
    ("ZeroPadding1D", ((1, 2),), {}, (None, 10, 4), (None, 13, 4), 0),
    ("ZeroPadding1D", (3,), {"data_format": "channels_first"}, (None, 4, 10), (None, 4, 16), 0),
    ("ZeroPadding2D", (), {}, (None, 28, 28, 3), (None, 30, 30, 3), 0),
    ("ZeroPadding2D", ((1, 2),), {}, (None, 28, 28, 3), (None, 30, 32, 3), 0),
    ("ZeroPadding2D", (((1, 0), (2, 2)),), {"data_format": "channels_first"}, (None, 3, 8, 8),
     (None, 3, 9, 12), 0),
    ("ZeroPadding2D", (3,), {}, (None, None, 224, 3), (None, None, 230, 3), 0),
    ("ZeroPadding3D", (), {}, (None, 4, 4, 4, 1), (None, 6, 6, 6, 1), 0),
    ("ZeroPadding3D", ((1, 2, 3),), {}, (None, 4, 4, 4, 1), (None, 6, 8, 10, 1), 0),
    ("ZeroPadding3D", (((0, 1), (2, 3), (4, 5)),), {"data_format": "channels_first"},
     (None, 1, 4, 4, 4), (None, 1, 5, 9, 13), 0),
    ("Cropping1D", (), {}, (None, 10, 4), (None, 8, 4), 0),
    ("Cropping1D", ((3, 0),), {}, (None, 10, 4), (None, 7, 4), 0),
    ("Cropping2D", (), {}, (None, 28, 28, 3), (None, 28, 28, 3), 0),
    ("Cropping2D", (2,), {}, (None, 28, 28, 3), (None, 24, 24, 3), 0),
    ("Cropping2D", (((2, 2), (4, 4)),), {}, (None, 28, 28, 3), (None, 24, 20, 3), 0),
    ("Cropping2D", ((1, 3),), {"data_format": "channels_first"}, (None, 3, 10, None),
     (None, 3, 8, None), 0),
    ("Cropping3D", (), {}, (None, 4, 4, 4, 1), (None, 2, 2, 2, 1), 0),
    ("Cropping3D", (((0, 1), (1, 1), (2, 0)),), {"data_format": "channels_first"},
     (None, 1, 4, 4, 4), (None, 1, 3, 2, 2), 0),
]



@pytest.mark.parametrize(("cls", "args", "kwargs", "in_shape", "out_shape", "params"), CASES)
def test_shape_and_params(cls: str, args: tuple, kwargs: dict, in_shape: tuple,
                          out_shape: tuple, params: int) -> None:
    layer = getattr(layers, cls)(*args, **kwargs)
    out = layer(Input(batch_shape=in_shape))
    assert out.shape == out_shape
    assert layer.count_params() == params
    assert layer.explain() == f"{cls} has no weights"


def test_configs_hold_normalized_pairs() -> None:
    assert layers.ZeroPadding2D(2).get_config()["padding"] == [[2, 2], [2, 2]]
    assert layers.ZeroPadding1D().get_config()["padding"] == [1, 1]
    assert layers.Cropping3D(1).get_config()["cropping"] == [[1, 1], [1, 1], [1, 1]]
    assert "data_format" not in layers.Cropping1D().get_config()
    assert layers.UpSampling2D(3).get_config()["size"] == [3, 3]


def test_cropping1d_has_no_data_format_like_keras() -> None:
    with pytest.raises(LayerConfigError, match="unrecognized"):
        layers.Cropping1D(1, data_format="channels_first")


def test_unet_style_skip() -> None:
    inputs = Input((64, 64, 3))
    down = layers.MaxPooling2D()(layers.ZeroPadding2D(((0, 1), (0, 1)))(inputs))
    up = layers.UpSampling2D()(down)
    cropped = layers.Cropping2D(((0, 2), (0, 2)))(up)
    model = Model(inputs, cropped)
    assert down.shape == (None, 32, 32, 3)
    assert cropped.shape == (None, 62, 62, 3)
    assert model.count_params() == 0


@pytest.mark.parametrize(("layer", "in_shape"), [
    (layers.Cropping1D(5), (10, 4)),
    (layers.Cropping2D(5), (None, 10, 4)),
    (layers.Cropping3D(((0, 0), (2, 2), (0, 0))), (3, 4, 5, 1)),
])
def test_cropping_everything_names_layer_and_fix(layer: layers.Layer, in_shape: tuple) -> None:
    with pytest.raises(ShapeError, match=rf"{layer.name} \(.*\): cropping .* removes every "
                                         r"step.*crop less"):
        layer(Input(in_shape))


def test_wrong_rank_is_a_shape_error() -> None:
    with pytest.raises(ShapeError, match="expects a 4-D input"):
        layers.UpSampling2D()(Input((10, 3)))


@pytest.mark.parametrize(("cls", "args"), [
    ("UpSampling1D", ((2, 2),)),
    ("UpSampling2D", (0,)),
    ("ZeroPadding2D", ((1, 2, 3),)),
    ("ZeroPadding1D", (-1,)),
    ("Cropping2D", (-1,)),
    ("Cropping3D", (((1, 2, 3), 1, 1),)),
])
def test_bad_arguments_are_config_errors(cls: str, args: tuple) -> None:
    with pytest.raises(LayerConfigError, match=cls):
        getattr(layers, cls)(*args)
