"""Activation, regularization and preprocessing layers (checked against Keras 3.15)."""

from __future__ import annotations

import pytest

from modelviz import Input, LayerConfigError, Sequential, ShapeError, layers


def _weights(layer):
    return [(w.name, w.shape, w.trainable) for w in layer.weights]


@pytest.mark.parametrize(("layer", "shape", "expected_shape", "expected_weights"), [
    (layers.ReLU(max_value=6.0), (None, 8), (None, 8), []),
    (layers.LeakyReLU(), (None, 8), (None, 8), []),
    (layers.PReLU(), (None, 10), (None, 10), [("alpha", (10,), True)]),
    (layers.PReLU(), (None, 26, 26, 32), (None, 26, 26, 32), [("alpha", (26, 26, 32), True)]),
    (layers.PReLU(shared_axes=[1, 2]), (None, 26, 26, 32), (None, 26, 26, 32),
     [("alpha", (1, 1, 32), True)]),
    (layers.PReLU(shared_axes=1), (None, None, 32), (None, None, 32), [("alpha", (1, 32), True)]),
    (layers.ELU(), (None, 4), (None, 4), []),
    (layers.Softmax(), (None, 10), (None, 10), []),
    (layers.GaussianNoise(0.1), (None, 4), (None, 4), []),
    (layers.GaussianDropout(0.3), (None, 7), (None, 7), []),
    (layers.AlphaDropout(0.1), (None, 7), (None, 7), []),
    (layers.ActivityRegularization(l1=0.01), (None, 3), (None, 3), []),
    (layers.SpatialDropout1D(0.5), (None, 100, 64), (None, 100, 64), []),
    (layers.SpatialDropout2D(0.5), (None, 32, 32, 16), (None, 32, 32, 16), []),
    (layers.SpatialDropout3D(0.5), (None, 8, 8, 8, 4), (None, 8, 8, 8, 4), []),
    (layers.Rescaling(1 / 255), (None, 28, 28, 1), (None, 28, 28, 1), []),
    (layers.Normalization(), (None, 3), (None, 3),
     [("mean", (3,), False), ("variance", (3,), False), ("count", (), False)]),
    (layers.Normalization(), (None, 8, 8, 3), (None, 8, 8, 3),
     [("mean", (3,), False), ("variance", (3,), False), ("count", (), False)]),
    (layers.Normalization(axis=(1, 2)), (None, 4, 5, 6), (None, 4, 5, 6),
     [("mean", (4, 5), False), ("variance", (4, 5), False), ("count", (), False)]),
    (layers.Normalization(axis=None), (None, 4, 5, 6), (None, 4, 5, 6),
     [("mean", (), False), ("variance", (), False), ("count", (), False)]),
    (layers.Normalization(mean=0.5, variance=0.25), (None, 3), (None, 3), []),
    (layers.Normalization(mean=[1.0, 2, 3], variance=[1.0, 2, 3]), (None, 3), (None, 3), []),
    (layers.Resizing(64, 48), (None, 256, 256, 3), (None, 64, 48, 3), []),
    (layers.Resizing(64, 48, data_format="channels_first"), (None, 3, 256, 256),
     (None, 3, 64, 48), []),
    (layers.Resizing(64, 48), (None, None, None, 3), (None, 64, 48, 3), []),
    (layers.CenterCrop(24, 20), (None, 32, 32, 3), (None, 24, 20, 3), []),
    (layers.CenterCrop(24, 20, data_format="channels_first"), (None, 3, 32, 32),
     (None, 3, 24, 20), []),
    (layers.CenterCrop(24, 20), (None, 32, 3), (24, 20, 3), []),  # unbatched image
    # Keras's Resizing reads any rank but 4 as one unbatched image.
    (layers.Resizing(8, 8), (None, 5), (8, 8), []),
    (layers.Resizing(8, 8), (None, 4, 5, 6, 3), (8, 8, 5, 6, 3), []),
    # Keras indexes input_shape[1:] with axis - 1: shared axis -1 is the second-last.
    (layers.PReLU(shared_axes=[-1]), (None, 7, 3), (None, 7, 3), [("alpha", (1, 3), True)]),
    (layers.RandomCrop(24, 20), (None, 32, 32, 3), (None, 24, 20, 3), []),
    (layers.RandomCrop(24, 20, data_format="channels_first"), (None, 3, 32, 32),
     (None, 3, 24, 20), []),
    (layers.RandomFlip("horizontal"), (None, 32, 32, 3), (None, 32, 32, 3), []),
    (layers.RandomRotation(0.1), (None, 32, 32, 3), (None, 32, 32, 3), []),
    (layers.RandomZoom(0.2), (None, 32, 32, 3), (None, 32, 32, 3), []),
    (layers.RandomTranslation(0.1, 0.1), (None, 32, 32, 3), (None, 32, 32, 3), []),
    (layers.RandomContrast(0.2), (None, 32, 32, 3), (None, 32, 32, 3), []),
    (layers.RandomBrightness(0.2), (None, 32, 32, 3), (None, 32, 32, 3), []),
    (layers.CategoryEncoding(num_tokens=10), (None, 4), (None, 10), []),
    (layers.CategoryEncoding(num_tokens=10), (None, 1), (None, 10), []),
    (layers.CategoryEncoding(num_tokens=10, output_mode="one_hot"), (None, 4), (None, 4, 10), []),
    (layers.CategoryEncoding(num_tokens=10, output_mode="one_hot"), (None, 1), (None, 10), []),
    (layers.CategoryEncoding(num_tokens=10, output_mode="count"), (None,), (10,), []),
])
def test_shapes_and_weights(layer, shape, expected_shape, expected_weights):
    assert layer(Input(batch_shape=shape)).shape == expected_shape
    assert _weights(layer) == expected_weights


def test_explanations():
    assert layers.PReLU(shared_axes=[1, 2]).explain((None, 26, 26, 32)) == "alpha 1×1×32 = 32"
    assert layers.Normalization().explain((None, 3)) == (
        "mean 3 + variance 3 + count 1 (non-trainable) = 7")
    assert layers.RandomFlip().explain((None, 8, 8, 3)) == "RandomFlip has no weights"


def test_augmentation_model_has_no_params():
    model = Sequential([Input((64, 64, 3)), layers.Rescaling(1 / 255), layers.RandomFlip(),
                        layers.RandomRotation(0.1), layers.RandomCrop(48, 48),
                        layers.Resizing(32, 32), layers.Normalization()])
    assert model.output_shape == (None, 32, 32, 3)
    assert model.count_params() == 7


def test_leaky_relu_keras2_alpha():
    assert layers.LeakyReLU(alpha=0.1).get_config()["negative_slope"] == 0.1


@pytest.mark.parametrize(("layer", "shape", "match"), [
    (layers.PReLU(name="p"), (None, None, 32), "p .*undefined"),
    (layers.SpatialDropout2D(0.5, name="d"), (None, 100, 64), "d .*4-D.*SpatialDropout1D"),
    (layers.SpatialDropout3D(0.5, name="d"), (None, 8, 8, 4), "d .*5-D"),
    (layers.Normalization(name="n"), (None, None), "n .*undefined"),
    (layers.Normalization(axis=4, name="n"), (None, 3), "n .*out of range"),
    (layers.CenterCrop(8, 8, name="r"), (None, 5), "r .*rank"),
])
def test_shape_errors(layer, shape, match):
    with pytest.raises(ShapeError, match=match):
        layer(Input(batch_shape=shape))


@pytest.mark.parametrize("make", [
    lambda: layers.ReLU(max_value=-1.0),
    lambda: layers.LeakyReLU(negative_slope=-0.1),
    lambda: layers.GaussianDropout(1.5),
    lambda: layers.Normalization(mean=1.0),
    lambda: layers.CategoryEncoding(),
    lambda: layers.RandomFlip(fill_mode="nearest"),
])
def test_config_errors(make):
    with pytest.raises(LayerConfigError):
        make()
