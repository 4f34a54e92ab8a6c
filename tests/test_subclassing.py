"""Subclassed layers and models: call() traced, add_weight counted, attributes tracked.

Whole models are compared with real Keras in tests/test_core_fixtures.py; here the
behaviour around them: build(), untraceable calls, unbuilt summaries, diagrams.
"""

from __future__ import annotations

import json
import re

import pytest

import modelviz
from modelviz import Input, Model, Sequential, ShapeError, layers, ops
from modelviz.diagram import DotOptions, to_dot
from modelviz.tables import format_summary


class Scale(layers.Layer):
    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(input_shape[-1],), name="gamma")
        self.count = self.add_weight(shape=(), trainable=False, name="count")

    def call(self, x):
        return x * self.gamma


class Mlp(Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = [layers.Dense(8, activation="relu"), layers.Dense(8)]
        self.heads = {"b": layers.Dense(3), "a": Scale()}
        self.out = layers.Dense(2)

    def call(self, x):
        for layer in self.hidden:
            x = layer(x)
        return self.out(self.heads["a"](self.heads["b"](x)) + 1.0)


def test_build_then_summary_lists_layers_in_assignment_order() -> None:
    model = Mlp()
    model.build((None, 4))
    assert [layer.name for layer in model.layers] == ["dense", "dense_1", "dense_2", "scale",
                                                      "dense_3"]
    assert model.count_params() == 40 + 72 + 27 + 4 + 8
    graph = model.to_graph()
    assert graph.nodes["scale"]["output_shapes"] == [(None, 3)]
    assert (graph.graph["trainable_params"], graph.graph["non_trainable_params"]) == (150, 1)
    text = format_summary(model)
    assert "scale (Scale)" in text and "Connected to" not in text


def test_operations_inside_call_take_no_automatic_names() -> None:
    model = Mlp()
    model.build((None, 4))
    assert ops.add(Input((2,)), 1)._keras_history[0].name == "add"


def test_diagram_joins_layers_through_operations() -> None:
    model = Mlp()
    model.build((None, 4))
    graph = model.to_graph()
    assert list(graph.edges) == [("dense", "dense_1"), ("dense_1", "dense_2"),
                                 ("dense_2", "scale"), ("scale", "dense_3")]
    dot = to_dot(graph, DotOptions(show_shapes=True))
    assert dot.count("->") == 4 and "Scale" in dot


def test_called_on_input_becomes_one_node() -> None:
    inputs = Input((4,))
    inner = Mlp()
    outer = Model(inputs, inner(inputs))
    graph = outer.to_graph()
    assert graph.nodes[inner.name]["output_shapes"] == [(None, 2)]
    assert graph.nodes[inner.name]["class_name"] == "Mlp"
    assert f"{inner.name}/scale" in graph  # expand_nested reaches the traced layers
    assert graph.graph["total_params"] == inner.count_params() == 151


class Branchy(Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(3)
        self.other = layers.Dense(3)

    def call(self, x):
        x = self.dense(x)
        if x > 0:  # Python control flow on a tensor value: cannot be traced
            return x
        return self.other(x)


def test_untraceable_call_names_the_line_and_summary_still_lists_layers() -> None:
    model = Branchy()
    with pytest.raises(ShapeError, match=r"branchy \(Branchy\): call\(\) cannot be traced.*"
                                         r"test_subclassing.py:\d+ \(if x > 0:"):
        model.build((None, 4))
    text = format_summary(model, fmt="rich")
    assert "dense (Dense)" in text and "dense_1 (Dense)" in text
    assert "Total params: 15" in text  # the layer built before the failing line counts


def test_never_built_subclassed_model_shows_unknown_shapes() -> None:
    graph = Mlp().to_graph()
    assert [graph.nodes[k]["output_shapes"] for k in graph] == [[]] * 5
    assert graph.graph["total_params"] == 0


def test_custom_layer_errors_name_layer() -> None:
    class Broken(layers.Layer):
        def call(self, x):
            return x.no_such_attribute

    with pytest.raises(ShapeError, match=r"broken \(Broken\): call\(\) cannot be traced.*"
                                         "no_such_attribute"):
        Broken()(Input((3,)))


def test_add_weight_rejects_unknown_sizes() -> None:
    class Unsized(layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[0], 2))

        def call(self, x):
            return x

    with pytest.raises(modelviz.LayerConfigError, match=r"unsized \(Unsized\): add_weight"):
        Unsized()(Input((3,)))


def test_training_keyword_reaches_call() -> None:
    class WithDropout(Model):
        def __init__(self):
            super().__init__()
            self.drop = layers.Dropout(0.5)
            self.dense = layers.Dense(2)

        def call(self, x, training=False):
            return self.dense(self.drop(x, training=training))

    model = WithDropout()
    model.build((None, 3))
    assert model.output_shape == (None, 2)


class NpInt:
    """A NumPy-like integer (``__index__``), without importing NumPy."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


def test_numpy_like_integers_in_shapes() -> None:
    model = Sequential([layers.Dense(4)])
    model.build((None, NpInt(3)))
    assert model.output_shape == (None, 4)
    assert ops.reshape(Input((4, 6)), (NpInt(-1), NpInt(3))).shape == (None, 3)
    json.dumps(model.to_graph().graph)  # plain ints only


def test_sequential_inside_time_distributed_and_compute_output_shape() -> None:
    encoder = Sequential([layers.Dense(8), layers.Dense(4)])
    assert encoder.compute_output_shape((None, 10)) == (None, 4)
    steps = layers.TimeDistributed(Sequential([layers.Dense(8), layers.Dense(4)]))
    assert steps(Input((6, 10))).shape == (None, 6, 4)
    assert steps.count_params() == 88 + 36


def test_frozen_nested_model_reaches_json_and_diagram() -> None:
    inner_in = Input((8,))
    inner = Model(inner_in, layers.Dense(4)(inner_in), name="backbone")
    inner.trainable = False
    x = Input((8,))
    graph = Model(x, layers.Dense(1)(inner(x))).to_graph()
    assert graph.nodes["backbone/dense"]["trainable"] is False
    assert graph.nodes["backbone/dense"]["trainable_params"] == 0
    rows = json.loads(format_summary(graph, fmt="json", expand_nested=True))["layers"]
    assert [(row["name"], row["trainable"]) for row in rows if row["params"]] == [
        ("backbone", False), ("dense", False), ("dense_1", True)]
    dot = to_dot(graph, DotOptions(show_trainable=True, expand_nested=True))
    assert re.findall(r">(Non-trainable|Trainable)<", dot) == ["Non-trainable", "Trainable"]


def test_functional_subclass_passes_inputs_and_outputs_to_super() -> None:
    class Wrapped(Model):
        def __init__(self):
            inputs = Input((3,))
            super().__init__(inputs, layers.Dense(2)(inputs), name="wrapped")

    model = Wrapped()
    assert [layer.name for layer in model.layers] == ["input_layer", "dense"]
    assert model.count_params() == 8 and model.to_graph().graph["class_name"] == "Wrapped"


def test_subclass_build_runs_before_the_traced_call() -> None:
    class WithOwnWeights(Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(2)

        def build(self, input_shape):
            self.bias = self.add_weight(shape=(input_shape[-1],), name="shift")
            super().build(input_shape)

        def call(self, x):
            return self.dense(x + self.bias)

    inputs = Input((3,))
    model = WithOwnWeights()
    assert model(inputs).shape == (None, 2)
    assert model.count_params() == 3 + 8
    assert [w.name for w in model.weights] == ["shift", "kernel", "bias"]  # as Keras orders them


def test_plot_model_draws_a_built_subclassed_model(tmp_path) -> None:
    model = Mlp()
    model.build((None, 4))
    target = tmp_path / "mlp.svg"
    modelviz.plot_model(model, to_file=target, show_shapes=True, show_layer_names=True,
                        engine="graphviz-pure")
    svg = target.read_text()
    assert all(name in svg for name in ("dense_1", "dense_2", "scale", "dense_3"))
