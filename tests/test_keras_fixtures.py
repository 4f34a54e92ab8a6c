"""Every model of tests/fixtures/model_zoo.py, built with modelviz, against real Keras 3.

The references were written by scripts/make_keras_fixtures.py with real Keras
(version in each file and in tests/fixtures/README.md); Keras is not needed here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz
from modelviz.layers.base import clear_session

from .fixtures.model_zoo import ZOO

FIXTURES = Path(__file__).parent / "fixtures" / "keras3"


def _reference(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _shapes(shapes: list) -> list:
    return [list(s) for s in shapes]


def _flat_layers(model) -> list[tuple[str, object]]:
    """(path, layer) in the fixtures' order: model.layers, nested layers after their model."""
    out, stack = [], [(model, "", iter(model.layers))]
    while stack:
        _, prefix, layers = stack[-1]
        layer = next(layers, None)
        if layer is None:
            stack.pop()
            continue
        path = prefix + layer.name
        out.append((path, layer))
        if isinstance(layer, modelviz.Model):
            stack.append((layer, path + "/", iter(layer.layers)))
    return out


ZOO_NAMES = [name for name in ZOO if (FIXTURES / f"{name}.json").exists()]


def test_every_zoo_model_has_a_reference() -> None:
    assert len(ZOO_NAMES) == len(ZOO) >= 30


@pytest.mark.parametrize("name", ZOO_NAMES)
def test_totals_match_keras(name: str) -> None:
    ref = _reference(name)
    clear_session()
    model = ZOO[name](modelviz)
    graph = model.to_graph()
    assert model.name == ref["model_name"]
    assert graph.graph["total_params"] == ref["total_params"]
    assert graph.graph["trainable_params"] == ref["trainable_params"]
    assert graph.graph["non_trainable_params"] == ref["non_trainable_params"]


@pytest.mark.parametrize("name", ZOO_NAMES)
def test_layers_match_keras(name: str) -> None:
    ref = _reference(name)
    clear_session()
    model = ZOO[name](modelviz)
    ours = _flat_layers(model)
    assert [path for path, _ in ours] == [layer["path"] for layer in ref["layers"]]
    for (path, layer), expected in zip(ours, ref["layers"], strict=True):
        assert type(layer).__name__ == expected["class_name"] or (
            expected["class_name"] == "Functional"), path
        assert layer.count_params() == expected["params"], path
        assert sum(w.size for w in layer.trainable_weights) == expected["trainable_params"], path
        ours_weights = [[list(w.shape), w.trainable] for w in layer.weights]
        assert ours_weights == [[w["shape"], w["trainable"]] for w in expected["weights"]], path
        calls = [node for node in layer._inbound_nodes]
        assert _shapes([t.shape for t in calls[-1].output_tensors]) == _shapes(
            expected["calls"][-1]["output_shapes"]), path
