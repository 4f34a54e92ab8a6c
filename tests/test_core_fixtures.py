"""Keras code as people write it (tests/fixtures/core_zoo.py), built with modelviz, against
the references real Keras 3 wrote (scripts/make_core_fixtures.py): operators, ``ops``,
subclassed layers and models, dict outputs, models used as layers, frozen nested models.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz
from modelviz.layers.base import clear_session
from modelviz.tables import format_summary

from .fixtures.core_zoo import CORE_ZOO

FIXTURES = Path(__file__).parent / "fixtures" / "keras3" / "core"
NAMES = list(CORE_ZOO)
VARIANTS = {"default": {}, "expand_nested_show_trainable": {"expand_nested": True,
                                                            "show_trainable": True},
            "line_length_120": {"line_length": 120}}


def _reference(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _build(name: str) -> modelviz.Model:
    clear_session()
    return CORE_ZOO[name](modelviz)


def _body(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.strip("\n").split("\n")[1:]]
    return [line for line in lines if line.strip(" _=")]


def _flat_layers(model: modelviz.Model) -> list[tuple[str, object]]:
    out, stack = [], [("", iter(model.layers))]
    while stack:
        prefix, layers = stack[-1]
        layer = next(layers, None)
        if layer is None:
            stack.pop()
            continue
        out.append((prefix + layer.name, layer))
        if isinstance(layer, modelviz.Model):
            stack.append((prefix + layer.name + "/", iter(layer.layers)))
    return out


def test_every_core_model_has_a_reference() -> None:
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
        assert layer.count_params() == expected["params"], path
        assert [[list(w.shape), w.trainable] for w in layer.weights] == [
            [w["shape"], w["trainable"]] for w in expected["weights"]], path


@pytest.mark.parametrize("name", [n for n in NAMES if _reference(n)["operations"]])
def test_operations_match_keras(name: str) -> None:
    """Every node Keras records (operations included): name, class and output shapes."""
    ref, model = _reference(name), _build(name)
    ours = [{"name": op.name, "class_name": getattr(op, "class_name", type(op).__name__),
             "output_shapes": [list(t.shape) for t in op._inbound_nodes[-1].output_tensors]}
            for op in model.operations]
    for op in ours:  # modelviz's functional class is Functional, Keras's too
        op["class_name"] = op["class_name"].replace("Sequential", "Sequential")
    assert ours == ref["operations"]
    assert [list(t.shape) for t in model.outputs] == ref["flat_outputs"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_summary_matches_keras(name: str, variant: str) -> None:
    expected = _reference(name)["summary"][variant]
    assert _body(format_summary(_build(name), fmt="rich", **VARIANTS[variant])) == _body(expected)


SAVED = sorted(p.stem for p in (FIXTURES / "configs").glob("*.json"))


def test_saved_configs_exist() -> None:
    assert len(SAVED) >= 5


@pytest.mark.parametrize("name", SAVED)
def test_saved_config_reads_back_like_keras(name: str) -> None:
    """The .keras/.json importers build operations with the same classes as modelviz.ops."""
    clear_session()
    model = modelviz.load(FIXTURES / "configs" / f"{name}.json")
    expected = _reference(name)
    assert _body(format_summary(model, fmt="rich")) == _body(expected["summary"]["default"])
    assert [op.name for op in model.operations] == [op["name"] for op in expected["operations"]]


APPS = sorted(p.stem for p in (FIXTURES / "apps").glob("*.json"))


@pytest.mark.parametrize("name", APPS)
def test_application_with_operation_nodes_reads_back_like_keras(name: str) -> None:
    clear_session()
    model = modelviz.load(FIXTURES / "apps" / "configs" / f"{name}.json")
    expected = json.loads((FIXTURES / "apps" / f"{name}.json").read_text())
    assert model.count_params() == expected["total_params"]
    assert [(op.name, getattr(op, "class_name", type(op).__name__)) for op in model.operations
            ] == [(op["name"], op["class_name"]) for op in expected["operations"]]
    config = json.loads((FIXTURES / "apps" / "configs" / f"{name}.json").read_text())
    saved_ops = [e["name"] for e in config["config"]["layers"] if ".ops" in e.get("module", "")]
    assert saved_ops and [op.name for op in model.operations
                          if getattr(op, "is_operation", False)] == saved_ops
    assert _body(format_summary(model, fmt="rich")) == _body(expected["summary"]["default"])
