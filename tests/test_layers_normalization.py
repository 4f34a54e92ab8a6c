"""Normalization layers: weights and shapes as Keras 3 builds them (checked against Keras 3.15)."""

from __future__ import annotations

import pytest

from modelviz import Input, Model, Sequential, ShapeError, layers


def _weights(layer, shape):
    return [(w.name, w.shape, w.trainable) for w in layer.weight_shapes(shape)]



@pytest.mark.parametrize(("layer", "shape", "expected"), [
    (layers.BatchNormalization(), (None, 64),
     [("gamma", (64,), True), ("beta", (64,), True), ("moving_mean", (64,), False),
      ("moving_variance", (64,), False)]),
    (layers.BatchNormalization(axis=1), (None, 3, 8, 8),
     [("gamma", (3,), True), ("beta", (3,), True), ("moving_mean", (3,), False),
      ("moving_variance", (3,), False)]),
    (layers.BatchNormalization(center=False, scale=False), (None, 5),
     [("moving_mean", (5,), False), ("moving_variance", (5,), False)]),
    (layers.BatchNormalization(renorm=True), (None, 5),
     [("gamma", (5,), True), ("beta", (5,), True), ("moving_mean", (5,), False),
      ("moving_variance", (5,), False), ("moving_stddev", (5,), False),
      ("renorm_mean", (5,), False), ("renorm_stddev", (5,), False)]),
    (layers.LayerNormalization(), (None, 10, 32), [("gamma", (32,), True), ("beta", (32,), True)]),
    (layers.LayerNormalization(axis=[-1, 1]), (None, 4, 5, 6),
     [("gamma", (6, 4), True), ("beta", (6, 4), True)]),
    (layers.LayerNormalization(axis=[1, 2]), (None, 4, 5, 6),
     [("gamma", (4, 5), True), ("beta", (4, 5), True)]),
    (layers.LayerNormalization(rms_scaling=True), (None, 10, 32), [("gamma", (32,), True)]),
    (layers.LayerNormalization(center=False), (None, 10, 32), [("gamma", (32,), True)]),
    (layers.GroupNormalization(groups=4), (None, 8, 8, 16),
     [("gamma", (16,), True), ("beta", (16,), True)]),
    (layers.GroupNormalization(groups=-1), (None, 8, 8, 16),
     [("gamma", (16,), True), ("beta", (16,), True)]),
    (layers.GroupNormalization(groups=4, axis=1, center=False), (None, 16, 8),
     [("gamma", (16,), True)]),
    (layers.RMSNormalization(), (None, 10, 32), [("scale", (32,), True)]),
    (layers.RMSNormalization(axis=[1, 2]), (None, 10, 32), [("scale", (10, 32), True)]),
    (layers.UnitNormalization(), (None, 5), []),
])
def test_weights(layer, shape, expected):
    assert _weights(layer, shape) == expected
    assert layer.compute_output_shape(shape) == shape


def test_batchnorm_explain_splits_trainable_and_not():
    assert layers.BatchNormalization().explain((None, 8, 8, 64)) == (
        "gamma 64 + beta 64 (trainable) + moving_mean 64 + moving_variance 64 "
        "(non-trainable) = 256")


def test_batchnorm_in_a_model_counts_non_trainable():
    model = Sequential([Input((28, 28, 32)), layers.BatchNormalization()])
    bn = model.layers[-1]
    assert model.count_params() == 128
    assert sum(w.size for w in bn.non_trainable_weights) == 64


def test_functional_layer_norm():
    inputs = Input((10, 32))
    out = layers.LayerNormalization(epsilon=1e-6)(inputs)
    assert out.shape == (None, 10, 32)
    assert Model(inputs, out).count_params() == 64


@pytest.mark.parametrize(("layer", "shape", "match"), [
    (layers.BatchNormalization(axis=3, name="bn"), (None, 8, 8), "bn .*axis 3 is out of bounds"),
    (layers.BatchNormalization(name="bn"), (None, None), "bn .*undefined"),
    (layers.LayerNormalization(axis=1, name="ln"), (None, None, 32), "ln .*undefined"),
    (layers.GroupNormalization(name="gn"), (None, 8, 8, 16), "gn .*32 groups do not divide 16"),
    (layers.GroupNormalization(groups=3, name="gn"), (None, 16), "gn .*3 groups"),
    (layers.UnitNormalization(axis=3, name="un"), (None, 5), "un .*out of bounds"),
])
def test_shape_errors(layer, shape, match):
    with pytest.raises(ShapeError, match=match):
        layer(Input(batch_shape=shape))


def test_config_errors():
    with pytest.raises(TypeError, match="groups"):
        layers.GroupNormalization(groups=0)
    with pytest.raises(TypeError, match="unrecognized"):
        layers.BatchNormalization(foo=1)
