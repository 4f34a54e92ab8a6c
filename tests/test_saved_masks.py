"""Masks in saved Keras 3 models: the mask operations Keras records load with their names.

References: tests/fixtures/files/<name>.expected.json, written by real Keras 3.15.1 with
scripts/make_custom_keras_fixtures.py (the mask models of tests/fixtures/model_zoo.py
MASK_ZOO and keras.io's TokenAndPositionEmbedding with mask_zero=True, saved).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from modelviz import format_summary
from modelviz.importers import load_fresh
from modelviz.layers.base import set_auto_masks

FILES = Path(__file__).parent / "fixtures" / "files"
NAMES = ["token_position", "mask_merge", "mha_masks", "attention_masks"]


# TokenAndPositionEmbedding is a custom class: the file stores its two embeddings but not
# that they are trainable, so modelviz counts them as "not known if trainable".
_SPLIT = {"token_position": [" Total params: 978 (3.82 KB)", " Trainable params: 18 (72.00 B)",
                             " Non-trainable params: 0 (0.00 B)",
                             " Not known if trainable: 960 (3.75 KB) in "
                             "token_and_position_embedding (the file does not say)"]}


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
@pytest.mark.parametrize("name", NAMES)
def test_summary_equals_keras(name: str, suffix: str) -> None:
    expected = json.loads((FILES / f"{name}.expected.json").read_text())["summary"]["default"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing guessed: every operation is known
        model = load_fresh(FILES / f"{name}{suffix}")
    got = format_summary(model, fmt="rich").splitlines()
    if name in _SPLIT:
        expected_lines = expected.splitlines()
        assert got[:-4] == expected_lines[:-3]  # every row, as Keras
        assert got[-4:] == _SPLIT[name]
        assert expected_lines[-3] == " Total params: 978 (3.82 KB)"
        return
    assert got == expected.splitlines()


def test_an_unknown_layer_s_mask_comes_from_the_file() -> None:
    """TokenAndPositionEmbedding's compute_mask is code; the file's not_equal stands for it."""
    graph = load_fresh(FILES / "token_position.keras").to_graph()
    assert graph.nodes["not_equal"]["class_name"] == "NotEqual"
    assert graph.nodes["global_average_pooling1d"]["connected_to"] == [
        "token_and_position_embedding[0][0]", "not_equal[0][0]"]


def test_loading_leaves_automatic_masks_on() -> None:
    load_fresh(FILES / "mask_merge.h5")
    assert set_auto_masks(True) is True
