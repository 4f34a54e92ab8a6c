"""The definition API: naming, Sequential and functional models, nesting, sharing, errors."""

from __future__ import annotations

import pytest

import modelviz
from modelviz import Input, LayerConfigError, Model, ModelvizError, Sequential, ShapeError, layers
from modelviz.models import Functional


def test_automatic_names_follow_keras() -> None:
    assert [layers.Dense(1).name, layers.Dense(1).name] == ["dense", "dense_1"]
    assert layers.MaxPooling2D().name == "max_pooling2d"
    assert Sequential().name == "sequential"
    inputs = Input((3,))
    assert inputs._keras_history[0].name == "input_layer"
    model = Model(inputs, layers.Dense(2, name="out")(inputs))
    assert isinstance(model, Functional) and model.name == "functional"
    assert [layer.name for layer in model.layers] == ["input_layer", "out"]


def test_sequential_keras2_arguments() -> None:
    by_dim = Sequential([layers.Dense(2, input_dim=5)])
    by_shape = Sequential([layers.Dense(2, input_shape=(5,))])
    by_batch = Sequential([layers.Dense(2, batch_input_shape=(8, 5))])
    assert by_dim.output_shape == by_shape.output_shape == (None, 2)
    assert by_batch.output_shape == (8, 2)
    assert by_dim.count_params() == 12


def test_sequential_with_input_and_add() -> None:
    model = Sequential(name="net")
    model.add(Input((4,)))
    model.add(layers.Dense(3))
    model.add(layers.Dense(1))
    assert model.name == "net"
    assert [layer.name for layer in model.layers] == ["dense", "dense_1"]
    assert model.get_layer("dense_1").count_params() == 4
    assert model.get_layer(index=0).name == "dense"


def test_unbuilt_sequential_can_be_built() -> None:
    model = Sequential([layers.Dense(3), layers.Dense(1)])
    with pytest.raises(ShapeError, match="not built"):
        model.to_graph()
    model.build((None, 4))
    assert model.count_params() == 15 + 4


def test_dict_inputs_and_outputs() -> None:
    a, b = Input((4,), name="a"), Input((2,), name="b")
    x = layers.Concatenate()([a, b])
    model = Model({"a": a, "b": b}, {"y": layers.Dense(1)(x), "z": layers.Dense(2)(x)})
    graph = model.to_graph()
    assert graph.graph["inputs"] == ["a", "b"]
    assert graph.graph["total_params"] == 7 + 14


def test_shared_layer_counted_once_with_edges_per_call() -> None:
    a, b = Input((8,)), Input((8,))
    shared = layers.Dense(4, name="shared")
    merged = layers.Add()([shared(a), shared(b)])
    model = Model([a, b], merged)
    graph = model.to_graph()
    assert model.count_params() == 36
    assert graph.graph["total_params"] == 36
    assert graph.nodes["shared"]["connected_to"] == ["input_layer[0][0]", "input_layer_1[0][0]"]
    assert graph.edges["shared", "add"]["connections"][1]["position"] == 1
    assert graph.graph["sequential_like"] is False


def test_nested_model_graph_and_params() -> None:
    inner = Sequential([layers.Dense(4, input_dim=3), layers.Dense(2)], name="inner")
    inputs = Input((3,))
    outputs = layers.Dense(1)(inner(inputs))
    model = Model(inputs, outputs)
    graph = model.to_graph()
    assert list(graph.nodes) == ["input_layer_1", "inner", "inner/dense", "inner/dense_1",
                                 "dense_2"] or "inner/dense" in graph
    assert graph.nodes["inner"]["params"] == 16 + 10
    assert graph.nodes["inner/dense"]["parent"] == "inner"
    assert graph.graph["total_params"] == 26 + 3
    assert graph.nodes["inner"]["inner_inputs"] == ["inner/dense"]


def test_frozen_layers_and_models() -> None:
    model = Sequential([layers.Dense(4, input_dim=3), layers.BatchNormalization()])
    model.layers[0].trainable = False
    graph = model.to_graph()
    assert graph.nodes["dense"]["trainable_params"] == 0
    assert graph.nodes["batch_normalization"]["non_trainable_params"] == 8
    assert graph.graph["trainable_params"] == 8
    model.trainable = False
    assert model.to_graph().graph["trainable_params"] == 0


def test_duplicate_names_are_an_error() -> None:
    inputs = Input((3,))
    x = layers.Dense(2, name="same")(inputs)
    with pytest.raises(LayerConfigError, match='"same" is used 2 times'):
        Model(inputs, layers.Dense(2, name="same")(x))
    with pytest.raises(LayerConfigError, match="unique"):
        Sequential([layers.Dense(1, name="d", input_dim=2), layers.Dense(1, name="d")])


def test_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="unrecognized keyword"):
        layers.Dense(3, unitz=4)
    with pytest.raises(LayerConfigError, match="positive integer"):
        layers.Dense(0)


def test_shape_errors_name_the_layer() -> None:
    with pytest.raises(ShapeError, match=r"conv .*\(Conv2D\).*\(None, 2, 2, 64\)"):
        layers.Conv2D(8, 3, name="conv")(Input((2, 2, 64)))
    with pytest.raises(ShapeError, match=r"dense.*undefined"):
        layers.Dense(3)(Input((None,)))
    with pytest.raises(ModelvizError, match="concatenate"):
        layers.Concatenate()([Input((2, 3)), Input((4, 5))])


def test_disconnected_graph_is_an_error() -> None:
    a, b = Input((3,)), Input((3,))
    out = layers.Add()([a, b])
    with pytest.raises(LayerConfigError, match="disconnected"):
        Model(a, out)


def test_calling_without_tensor_is_an_error() -> None:
    with pytest.raises(LayerConfigError, match="called on no tensor"):
        layers.Dense(2)("not a tensor")


def test_model_reused_on_new_shape_reinfers() -> None:
    inputs = Input((None, 8))
    tower = Model(inputs, layers.Dense(4)(inputs), name="tower")
    x = Input((5, 8))
    assert tower(x).shape == (None, 5, 4)


def test_deep_chain_has_no_recursion_limit() -> None:
    model = Sequential([Input((8,))] + [layers.Dense(8) for _ in range(5_000)])
    graph = model.to_graph()
    assert graph.number_of_nodes() == 5_000
    assert graph.graph["total_params"] == 5_000 * 72


def test_compile_is_accepted_and_public_names_exist() -> None:
    model = Sequential([layers.Dense(1, input_dim=1)])
    model.compile(optimizer="adam", loss="mse")
    assert modelviz.models.Sequential is Sequential
    assert callable(modelviz.plot_model) and callable(modelviz.load)
