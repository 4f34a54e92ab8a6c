"""keras.io-style model code (tests/fixtures/keras_io_zoo.py) built with modelviz against the
references real Keras 3 wrote (scripts/make_keras_io_fixtures.py): sampling layers with
``keras.random``, ``ops.arange`` position embeddings, batch-size arithmetic in ``call()``,
``Lambda``, eager calls on arrays, explicit ``build()``, and Keras's other namespaces.
The builders take the ``keras`` namespace; here it is ``modelviz`` (only the import differs).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz
from modelviz.layers.base import clear_session
from modelviz.tables import format_summary

from .fixtures.keras_io_zoo import KERAS_IO_ZOO, gan_train_step
from .test_core_fixtures import VARIANTS, _body, _flat_layers

FIXTURES = Path(__file__).parent / "fixtures" / "keras3" / "keras_io"
NAMES = list(KERAS_IO_ZOO)


def _reference(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _build(name: str) -> modelviz.Model:
    clear_session()
    return KERAS_IO_ZOO[name](modelviz)


def _sorted(value: object) -> object:
    """JSON's key order (the references are written with sorted keys)."""
    return json.loads(json.dumps(value, sort_keys=True))


def test_every_model_has_a_reference() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.json")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_totals_match_keras(name: str) -> None:
    ref, model = _reference(name), _build(name)
    graph = model.to_graph()
    assert model.name == ref["model_name"]
    assert (graph.graph["total_params"], graph.graph["trainable_params"],
            graph.graph["non_trainable_params"]) == (
        ref["total_params"], ref["trainable_params"], ref["non_trainable_params"])


@pytest.mark.parametrize("name", NAMES)
def test_layers_and_weights_match_keras(name: str) -> None:
    ref, model = _reference(name), _build(name)
    ours = _flat_layers(model)
    assert [path for path, _ in ours] == [layer["path"] for layer in ref["layers"]]
    for (path, layer), expected in zip(ours, ref["layers"], strict=True):
        if layer.built or layer.weights:
            assert layer.count_params() == expected["params"], path
        assert [list(w.shape) for w in layer.weights] == [
            w["shape"] for w in expected["weights"]], path


@pytest.mark.parametrize("name", [n for n in NAMES if _reference(n)["operations"]])
def test_operations_match_keras(name: str) -> None:
    ref, model = _reference(name), _build(name)
    ours = [{"name": op.name, "class_name": getattr(op, "class_name", type(op).__name__),
             "output_shapes": [list(t.shape) for t in op._inbound_nodes[-1].output_tensors]}
            for op in model.operations]
    assert ours == ref["operations"]
    assert [list(t.shape) for t in model.outputs] == ref["flat_outputs"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_summary_matches_keras(name: str, variant: str) -> None:
    expected = _reference(name)["summary"][variant]
    assert _body(format_summary(_build(name), fmt="rich", **VARIANTS[variant])) == _body(expected)


@pytest.mark.parametrize("name", [n for n in NAMES if _reference(n)["configs"]])
def test_initializers_regularizers_constraints_recorded_as_keras(name: str) -> None:
    """What keras.initializers/regularizers/constraints objects say is in the config."""
    model, given = _build(name), 0
    for layer_name, expected in _reference(name)["configs"].items():
        config = model.get_layer(layer_name).get_config()
        for key, value in expected.items():
            # Objects the code passed are kept as Keras serializes them; names given as
            # strings ("zeros") stay strings (a listed difference, docs/keras.rst).
            if isinstance(config[key], dict) or (key == "activation" and config[key]):
                given += 1
                assert _sorted(config[key]) == value, (layer_name, key)
    assert given or name != "vae_encoder"


@pytest.mark.parametrize("name", [n for n in NAMES if _reference(n)["compile"]])
def test_compile_records_what_keras_records(name: str) -> None:
    model, expected = _build(name), _reference(name)["compile"]
    config = model.get_compile_config()
    assert type(model.optimizer).__name__ == expected["optimizer"]
    assert _class_or_name(config["loss"]) == expected["loss"]
    assert _class_or_name(config["metrics"]) == expected["metrics"]


def _class_or_name(value: object) -> object:
    """What Keras's compile config says: a name as given, or the object's class name."""
    if isinstance(value, list):
        return [_class_or_name(v) for v in value]
    return value if value is None or isinstance(value, str) else type(value).__name__


def test_config_shows_in_the_html_details_panel() -> None:
    """The page's details panel shows each layer's config: the regularizer is there."""
    from .test_html import unpack

    data = unpack(modelviz.to_html(_build("vae_encoder")).html)
    configs = {record["name"]: record["config"] for record in data["nodes"].values()}
    expected = _reference("vae_encoder")["configs"]
    assert _sorted(configs["conv2d_1"]["kernel_regularizer"]) == expected["conv2d_1"][
        "kernel_regularizer"]
    assert configs["z_mean"]["kernel_initializer"]["config"]["stddev"] == 0.02


def test_plot_complex_edges_match_keras() -> None:
    """Keras's own test_plot_complex: subclassed models with no layers inside a Sequential and
    a functional model stay boxes, and each output/input of a nested model is wired to the
    layer that uses it. Cluster labels aside (pydot quotes them), every edge is Keras's."""
    from modelviz import Model
    from modelviz import layers as L  # noqa: N812  (the keras.io spelling)

    from .keras_suite.test_model_visualization import SubclassModel, get_edge_dict

    clear_session()
    in1, in2 = L.Input(shape=(10,), name="inner_inpt1"), L.Input(shape=(10,), name="inner_inpt2")
    inner = Model([in1, in2], [L.Dense(10, name="dense1")(in1), L.Dense(10, name="dense2")(in2)],
                  name="inner")
    inputs = [L.Input(shape=(10,), name=f"input{i}") for i in range(4)]
    seq = modelviz.Sequential([L.Dense(10, name="dense0"), SubclassModel(name="subclass0")],
                              name="seq")
    mid = Model(inputs, [seq(inputs[0]), *inner([inputs[1], inputs[2]]),
                         SubclassModel(name="subclass3")(inputs[3])], name="mid")
    outer = L.Input((10,), name="outer_input")
    outs = mid([outer, outer, outer, outer])
    model = Model(outer, [L.Add(name="add1")([outs[0], outs[1]]),
                          L.Add(name="add2")([outs[2], outs[3]])])
    edges = {k.replace('"', ""): v.replace('"', "") if isinstance(v, str) else
             {x.replace('"', "") for x in v}
             for k, v in get_edge_dict(modelviz.model_to_dot(model, expand_nested=True)).items()}
    mid_inputs = {f"mid > input{i} (InputLayer)" for i in range(4)}
    assert edges == {
        "outer_input (InputLayer)": mid_inputs,
        "mid > input0 (InputLayer)": "mid > seq > dense0 (Dense)",
        "mid > input1 (InputLayer)": "mid > inner > inner_inpt1 (InputLayer)",
        "mid > input2 (InputLayer)": "mid > inner > inner_inpt2 (InputLayer)",
        "mid > input3 (InputLayer)": "mid > subclass3 (SubclassModel)",
        "mid > seq > dense0 (Dense)": "mid > seq > subclass0 (SubclassModel)",
        "mid > inner > inner_inpt1 (InputLayer)": "mid > inner > dense1 (Dense)",
        "mid > inner > inner_inpt2 (InputLayer)": "mid > inner > dense2 (Dense)",
        "mid > seq > subclass0 (SubclassModel)": "add1 (Add)",
        "mid > inner > dense1 (Dense)": "add1 (Add)",
        "mid > inner > dense2 (Dense)": "add2 (Add)",
        "mid > subclass3 (SubclassModel)": "add2 (Add)",
    }


@pytest.mark.parametrize("method", ["fit", "predict", "evaluate", "train_on_batch", "save"])
def test_running_a_model_is_refused_in_one_line(method: str) -> None:
    model = _build("vit_patches")
    with pytest.raises(modelviz.ModelvizError, match=f"modelviz does not run models: {method}"):
        getattr(model, method)([[0.0]])


def test_model_subclass_without_call_lists_its_models() -> None:
    """A GAN-style subclass (train_step only): compile records, the summary lists the two
    models it holds with their shapes, fit says modelviz does not train."""
    clear_session()
    gan = gan_train_step(modelviz)
    assert type(gan.d_optimizer).__name__ == "Adam" and type(gan.optimizer).__name__ == "RMSprop"
    rows = {row.name: row for row in modelviz.tables.summary_rows(gan.to_graph())}
    assert list(rows) == ["discriminator", "generator"]
    assert rows["generator"].output_shapes == ((None, 28, 28, 1),)
    assert gan.count_params() == gan.discriminator.count_params() + gan.generator.count_params()
    with pytest.raises(modelviz.ModelvizError, match="does not run models: fit"):
        gan.fit([[0.0]])
