"""Merge layers: Keras 3's broadcasting and concatenation rules (checked against Keras 3.15)."""

from __future__ import annotations

import pytest

from modelviz import Input, Model, ShapeError, layers


def _call(layer, shapes):
    return layer([Input(batch_shape=s) for s in shapes]).shape


@pytest.mark.parametrize(("layer", "shapes", "expected"), [
    (layers.Add(), [(None, 16), (None, 16), (None, 16)], (None, 16)),
    (layers.Add(), [(None, 4, 1), (None, 3)], (None, 4, 3)),
    (layers.Add(), [(None, 4, 1), (None, 1, 3)], (None, 4, 3)),
    (layers.Add(), [(None, None, 3), (None, 5, 3)], (None, None, 3)),
    (layers.Add(), [(None, 4)], (None, 4)),
    (layers.Add(), [(2, 4), (None, 4)], (2, 4)),
    (layers.Subtract(), [(None, 3), (None, 3)], (None, 3)),
    (layers.Multiply(), [(None, 10, 4), (None, 10, 1)], (None, 10, 4)),
    (layers.Average(), [(None, 5), (None, 5)], (None, 5)),
    (layers.Maximum(), [(None, 5), (None, 1)], (None, 5)),
    (layers.Minimum(), [(None, 5, 2), (None, 5, 2)], (None, 5, 2)),
    (layers.Concatenate(), [(None, 8, 3), (None, 8, 5)], (None, 8, 8)),
    (layers.Concatenate(axis=1), [(None, 2, 3), (None, 4, 3)], (None, 6, 3)),
    (layers.Concatenate(axis=1), [(None, None, 3), (None, 4, 3)], (None, None, 3)),
    (layers.Concatenate(), [(None, None, 3), (None, 4, 5)], (None, None, 8)),
    (layers.Concatenate(), [(None, 4, 3), (None, None, 5)], (None, 4, 8)),
    (layers.Concatenate(axis=-2), [(None, 3, 7), (None, 4, 7), (None, 1, 7)], (None, 8, 7)),
    (layers.Concatenate(axis=0), [(None, 3), (None, 3)], (None, 3)),
    (layers.Concatenate(), [(None, 3)], (None, 3)),
    (layers.Dot(axes=(2, 2)), [(None, 5, 8), (None, 7, 8)], (None, 5, 7)),
    (layers.Dot(axes=1), [(None, 8), (None, 8)], (None, 1)),
    (layers.Dot(axes=-1), [(None, 5, 8), (None, 8)], (None, 5)),
    (layers.Dot(axes=[1, 2]), [(None, 8, 5), (None, 7, 8)], (None, 5, 7)),
    (layers.Dot(axes=[-2, -1]), [(None, 8, 5), (None, 7, 8)], (None, 5, 7)),
    (layers.Dot(axes=-1), [(None, 3, None), (None, 4, None)], (None, 3, 4)),
    (layers.Dot(axes=1, normalize=True), [(None, 3, 4), (None, 3, 6)], (None, 4, 6)),
])
def test_output_shape(layer, shapes, expected):
    assert _call(layer, shapes) == expected
    assert layer.weights == []
    assert layer.explain() == f"{type(layer).__name__} has no weights"


@pytest.mark.parametrize(("layer", "shapes", "match"), [
    (layers.Add(name="m"), [(None, 4), (None, 5)], r"m \(Add\): shapes \(4,\) and \(5,\)"),
    (layers.Add(name="m"), [(None, 4, 5), (None, 5, 4)], "m .*incompatible"),
    (layers.Add(name="m"), [(2, 4), (3, 4)], "m .*batch sizes"),
    (layers.Subtract(name="m"), [(None, 3)] * 3, "m .*exactly 2 inputs"),
    (layers.Concatenate(name="m"), [(None, 2, 3), (None, 4, 3)],
     r"m .*\[\(None, 2, 3\), \(None, 4, 3\)\]"),
    (layers.Concatenate(name="m"), [(None, 3), (None, 4, 5)], "m .*differ"),
    (layers.Concatenate(axis=3, name="m"), [(None, 3), (None, 3)], "m .*out of bounds"),
    (layers.Dot(axes=1, name="m"), [(None, 8), (None, 9)], "m .*differs"),
    # Keras's Dot.build compares with !=, so None against 5 is an error too.
    (layers.Dot(axes=-1, name="m"), [(None, 3, None), (None, 4, 5)], "m .*differs"),
])
def test_shape_errors(layer, shapes, match):
    with pytest.raises(ShapeError, match=match):
        _call(layer, shapes)


def test_merge_needs_a_list():
    with pytest.raises(ShapeError, match="list of inputs"):
        layers.Add(name="m")(Input((3,)))


def test_functional_helpers_build_a_model():
    a, b = Input((8,)), Input((8,))
    x = layers.concatenate([layers.add([a, b]), layers.multiply([a, b])])
    y = layers.dot([layers.subtract([a, b]), layers.average([a, b])], axes=1)
    z = layers.maximum([layers.minimum([a, b]), b])
    assert (x.shape, y.shape, z.shape) == ((None, 16), (None, 1), (None, 8))
    model = Model([a, b], [x, y, z])
    assert model.count_params() == 0


def test_dot_config_error():
    with pytest.raises(TypeError, match="axes"):
        layers.Dot(axes=(1, 2, 3))
