"""layer_range in diagrams: tf_keras's regular expressions, swapped bounds, complete ranges."""

from __future__ import annotations

import pytest

from modelviz import Input, Model, layers
from modelviz.errors import LayerConfigError, LayerRangeError, ModelvizError
from modelviz.plot import model_to_dot


def _branchy() -> Model:
    inputs = Input((4,), name="input")
    a = layers.Dense(4, name="block1_a")(inputs)
    b = layers.Dense(4, name="block1_b")(a)
    c = layers.Add(name="block1_add")([a, b])
    d = layers.Dense(2, name="block2_dense")(c)
    return Model(inputs, layers.Dense(1, name="head")(d))


def _names(dot) -> list[str]:
    return [n.get("label").split("<b>", 1)[1].split("</b>", 1)[0]
            for n in dot.get_nodes() if n.get_name() != "node"]


def test_names_are_regular_expressions_matched_at_the_start() -> None:
    dot = model_to_dot(_branchy(), show_layer_names=True, layer_range=(r"block\d_a", "block"))
    assert _names(dot) == ["block1_a", "block1_b", "block1_add", "block2_dense"]


def test_reversed_bounds_are_swapped() -> None:
    dot = model_to_dot(_branchy(), show_layer_names=True, layer_range=("block1_b", "block1_a$"))
    assert _names(dot) == ["block1_a", "block1_b"]
    assert len(dot.get_edges()) == 1


def test_a_range_leaving_out_an_input_fails_as_tf_keras_asserts() -> None:
    with pytest.raises(LayerRangeError, match=r"block1_add \(Add\) takes an input from "
                       r"block1_a, outside the range; start the range at block1_a") as info:
        model_to_dot(_branchy(), layer_range=("block1_b", "head"))
    assert isinstance(info.value, (AssertionError, ModelvizError, ValueError))


def test_no_match_names_the_layers() -> None:
    with pytest.raises(LayerConfigError, match=r"matches no layer name .*block1_a, block1_b"):
        model_to_dot(_branchy(), layer_range=("nothing", "head"))
