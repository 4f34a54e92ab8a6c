"""Layers checked one at a time against real Keras 3 (issue #10.5): augmentation layers
(Keras cannot chain them in a functional model), LoRA, SpectralNormalization, RNN cells.

References: tests/fixtures/keras3_rules/single_layers.json, by scripts/make_keras_fixtures.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelviz
from modelviz.layers.base import flatten_tensors

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "keras3_rules" /
                      "single_layers.json").read_text())
CASES = FIXTURE["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_layer_equals_keras(name: str) -> None:
    case = CASES[name]
    layer = eval(case["expression"], {"L": modelviz.layers})
    dtype = "int32" if "Embedding" in case["expression"] else "float32"
    outputs = flatten_tensors(layer(modelviz.Input(tuple(case["input_shape"][1:]), dtype=dtype)))
    assert [list(t.shape) for t in outputs] == case["output_shapes"]
    assert layer.count_params() == case["params"]
    ours = [[w.name.split("/")[-1], list(w.shape), w.trainable] for w in layer.weights]
    assert ours == case["weights"]


@pytest.mark.parametrize("name", sorted(FIXTURE["names"]))
def test_automatic_names_equal_keras(name: str) -> None:
    """Layers that make named sublayers take those names, as in Keras."""
    case = FIXTURE["names"][name]
    assert eval(case["expression"], {"L": modelviz.layers}) == case["names"]
