"""model_to_dot's pydot.Dot: Keras's structure, built from the graph, text equal to pydot's."""

from __future__ import annotations

from pathlib import Path

import pydot
import pytest

import modelviz
from modelviz import Input, Model, Sequential, layers
from modelviz.errors import LayerConfigError
from modelviz.layers.base import clear_session
from modelviz.plot import model_to_dot, plot_model

from .fixtures.model_zoo import ZOO

KERAS_DOT = Path(__file__).parent / "fixtures" / "keras3" / "dot"
DOT_NAMES = sorted(p.stem for p in KERAS_DOT.glob("*.dot") if p.stem in ZOO)
OPTION_SETS = [{}, {"show_shapes": True, "show_params": True, "expand_nested": True},
               {"show_title": True, "splines": "ortho", "rankdir": "LR", "dpi": None}]


def _zoo(name: str) -> modelviz.Model:
    clear_session()
    return ZOO[name](modelviz)


def _names_by_id(dot: pydot.Dot) -> dict[str, str]:
    """Node id -> layer name, read from the label's bold name (show_layer_names=True)."""
    out = {}
    for node in dot.get_nodes():
        label = node.get("label") or ""
        if "<b>" in label:
            out[node.get_name()] = label.split("<b>", 1)[1].split("</b>", 1)[0]
    return out


def _keras_structure(name: str) -> tuple[list[str], list[tuple[str, str]]]:
    keras = pydot.graph_from_dot_data((KERAS_DOT / f"{name}.dot").read_text())[0]
    ids = _names_by_id(keras)
    nodes = [ids[n.get_name()] for n in keras.get_nodes() if n.get_name() != "node"]
    edges = [(ids[e.get_source()], ids[e.get_destination()]) for e in keras.get_edges()]
    return nodes, edges


@pytest.mark.parametrize("name", DOT_NAMES)
def test_nodes_and_edges_are_keras_s(name: str) -> None:
    """Same boxes in the same order and the same edges as Keras 3's model_to_dot."""
    dot = model_to_dot(_zoo(name), show_shapes=True)
    ids = _names_by_id(dot)
    nodes = [ids[n.get_name()] for n in dot.get_nodes() if n.get_name() != "node"]
    edges = [(ids[e.get_source()], ids[e.get_destination()]) for e in dot.get_edges()]
    keras_nodes, keras_edges = _keras_structure(name)
    assert nodes == keras_nodes
    assert sorted(edges) == sorted(keras_edges)
    assert dot.get_nodes()[0].get_name() == "node"  # the node defaults come first, as in Keras


@pytest.mark.parametrize("options", OPTION_SETS, ids=["plain", "expanded", "title"])
@pytest.mark.parametrize("name", ["siamese", "nested_functional_in_seq",
                                  "nested_seq_in_functional", "resnet_block", "seed_mlp"])
def test_text_is_what_pydot_writes_for_the_built_objects(name: str, options: dict) -> None:
    dot = model_to_dot(_zoo(name), **options)
    fast = dot.to_string()
    assert len(dot.get_nodes()) > 1  # builds the pydot objects
    assert pydot.Dot.to_string(dot) == fast


def test_changes_through_pydot_reach_the_text() -> None:
    dot = model_to_dot(_zoo("seed_mlp"))
    dot.get_nodes()[1].set("color", "red")
    dot.set("bgcolor", "yellow")
    text = dot.to_string()
    assert "color=red" in text and "bgcolor=yellow" in text
    assert pydot.graph_from_dot_data(text)


def test_clusters_are_labelled_with_the_model_name_as_keras() -> None:
    model = _zoo("nested_seq_in_functional")
    dot = model_to_dot(model, expand_nested=True)
    (cluster,) = dot.get_subgraphs()
    assert cluster.get_name() == "cluster_0" and cluster.get("label") == "inner_seq"
    assert "params" not in dot.to_string().split("cluster_0", 1)[1].split("\n", 2)[1:2][0]
    with_params = model_to_dot(model, expand_nested=True, show_params=True)
    label = with_params.get_subgraphs()[0].get("label")
    assert label.startswith('"inner_seq (Sequential) · ') and label.endswith(' params"')


def test_subgraph_returns_a_cluster_as_keras() -> None:
    cluster = model_to_dot(_zoo("seed_mlp"), subgraph=True)
    assert isinstance(cluster, pydot.Cluster)
    assert cluster.get("label") == "sequential"  # the model's name, unquoted as Keras sets it
    assert len(cluster.get_nodes()) == 2 and len(cluster.get_edges()) == 1


def test_hostile_names_stay_valid_dot() -> None:
    inputs = Input((3,), name='in"\\put')
    inner = Sequential([layers.Dense(2, input_dim=3, name="a\\Gb")], name='quo"te\\')
    model = Model(inputs, inner(inputs), name="m")
    dot = model_to_dot(model, expand_nested=True)
    text = dot.to_string()
    parsed = pydot.graph_from_dot_data(text)[0]
    assert parsed.get_subgraphs()[0].get("label") == '"quo\\"te\\\\"'
    assert pydot.Dot.to_string(dot) == text


@pytest.mark.parametrize("splines", ["ortho", "curved", "polyline", "spline", "line"])
def test_splines_reaches_the_graph(splines: str, tmp_path: Path) -> None:
    model = _zoo("seed_mlp")
    assert model_to_dot(model, splines=splines).get("splines") == splines
    plot_model(model, to_file=tmp_path / "m.svg", splines=splines, engine="graphviz-pure")
    assert (tmp_path / "m.svg").read_bytes().startswith(b"<?xml")


def test_bad_splines_names_the_choices() -> None:
    with pytest.raises(LayerConfigError, match="splines must be one of ortho, curved"):
        model_to_dot(_zoo("seed_mlp"), splines="wiggly")


def test_keras_3_positional_order() -> None:
    """plot_model(model, to_file, show_shapes, show_dtype, show_layer_names, rankdir,
    expand_nested, dpi, show_layer_activations, show_trainable, splines), as Keras 3."""
    dot = model_to_dot(_zoo("seed_mlp"), True, False, True, "LR", False, 96, False, False,
                       False, "polyline")
    assert dot.get("splines") == "polyline" and dot.get("rankdir") == "LR"


def test_utils_aliases_as_keras_utils() -> None:
    from modelviz import utils
    from modelviz.utils import model_to_dot as alias

    assert utils.plot_model is plot_model and alias is model_to_dot
    assert modelviz.utils.model_to_dot is model_to_dot


def test_lone_surrogates_in_names_are_written_as_question_marks(tmp_path: Path) -> None:
    inputs = Input((3,), name="in\ud800put")
    inner = Sequential([layers.Dense(2, input_dim=3, name="d\udfffx")], name="lone\ud800x")
    model = Model(inputs, inner(inputs), name="m\ud800")
    for options in ({"show_layer_names": True, "show_title": True},
                    {"expand_nested": True, "show_layer_names": True}):
        text = model_to_dot(model, **options).to_string()
        text.encode("utf-8")  # would raise on a lone surrogate
        assert "in?put" in text
    plot_model(model, to_file=tmp_path / "m.dot", expand_nested=True, show_layer_names=True)
    assert '"lone?x"' in (tmp_path / "m.dot").read_text()
    plot_model(model, to_file=tmp_path / "m.svg", show_title=True, engine="graphviz-pure")
    assert "m?" in (tmp_path / "m.svg").read_text()
