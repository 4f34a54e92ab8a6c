"""Unknown custom layers in saved files: shapes and counts from what the file records only.

References: tests/fixtures/files/<name>.expected.json, written by real Keras 3.15.1 with
scripts/make_custom_keras_fixtures.py (keras.io's OCR captcha model with its CTCLayer
endpoint, the VAE encoder with its Sampling layer, a custom layer with weights of both
kinds, a custom layer as the model's output). Keras runs the custom classes' code; the
file keeps no output shape for a layer no other layer consumes, and no trainable flag.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from modelviz import format_summary
from modelviz.importers import load_fresh

FILES = Path(__file__).parent / "fixtures" / "files"
# name -> (the layer whose output nothing records, layers whose weights' split is not stored)
CASES = {"ocr_ctc": ("ctc_loss", []), "vae_encoder": ("sampling", []),
         "custom_output": ("pairs", []), "custom_weights": (None, ["gate"])}


def _load(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is guessed with a warning
        return load_fresh(path).to_graph()


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
@pytest.mark.parametrize("name", list(CASES))
def test_rows_are_keras_s_or_unknown(name: str, suffix: str) -> None:
    expected = json.loads((FILES / f"{name}.expected.json").read_text())
    unrecorded, _ = CASES[name]
    graph = _load(FILES / f"{name}{suffix}")
    for layer in expected["layers"]:
        node = graph.nodes[layer["name"]]
        assert (node["class_name"], node["params"]) == (layer["class_name"], layer["params"])
        shapes = [list(shape) for shape in node["output_shapes"]]
        assert shapes == ([] if layer["name"] == unrecorded else layer["output_shapes"])
    assert graph.graph["total_params"] == expected["total_params"]


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
@pytest.mark.parametrize("name", list(CASES))
def test_the_split_is_keras_s_where_known(name: str, suffix: str) -> None:
    expected = json.loads((FILES / f"{name}.expected.json").read_text())
    _, unsplit = CASES[name]
    g = _load(FILES / f"{name}{suffix}").graph
    unknown = sum(layer["params"] for layer in expected["layers"] if layer["name"] in unsplit)
    assert g["unknown_split"] == unsplit and g["unknown_split_params"] == unknown
    assert g["trainable_params"] == expected["trainable_params"] - sum(
        layer["trainable_params"] for layer in expected["layers"] if layer["name"] in unsplit)
    assert g["trainable_params"] + g["non_trainable_params"] + unknown == expected["total_params"]


def test_a_ctc_endpoint_shows_question_mark_not_its_first_input() -> None:
    text = format_summary(load_fresh(FILES / "ocr_ctc.keras"), fmt="rich")
    row = next(line for line in text.splitlines() if "ctc_loss (CTCLayer)" in line)
    assert row.split("│")[2].strip() == "?"
    assert "(None, None)" not in row


def test_json_says_null_for_the_unknown_split() -> None:
    data = json.loads(format_summary(load_fresh(FILES / "custom_weights.h5"), fmt="json"))
    gate = next(layer for layer in data["layers"] if layer["name"] == "gate")
    assert (gate["params"], gate["trainable_params"], gate["non_trainable_params"]) == (
        12, None, None)


def test_titles_name_the_params_whose_split_is_unknown() -> None:
    from modelviz.plot import model_to_dot

    model = load_fresh(FILES / "custom_weights.keras")
    text = model_to_dot(model, show_title=True).to_string()
    assert "104 params (12 not known if trainable)" in text


def _mlp_mixer_without_records(tmp_path: Path, drop: tuple[str, ...]) -> Path:
    """The corpus MLP-Mixer .keras with what ``drop`` layers' calls record about their
    inputs removed (as a file that records less would be): the nested Sequential ends in
    a custom layer, so its output is then unknown."""
    import zipfile

    source = Path(__file__).parent / "fixtures" / "keras_examples" / "files" / "ex_mlp_mixer.keras"
    with zipfile.ZipFile(source) as archive:
        items = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    config = json.loads(items["config.json"])
    for entry in config["config"]["layers"]:
        if entry["config"]["name"] in drop:
            entry["inbound_nodes"][0]["args"][0]["config"]["shape"] = None
            entry["build_config"] = None
    items["config.json"] = json.dumps(config).encode()
    target = tmp_path / "mixer.keras"
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in items.items():
            archive.writestr(name, data)
    return target


def test_layers_after_an_unknown_shape_take_the_file_s_shapes(tmp_path: Path) -> None:
    graph = _load(_mlp_mixer_without_records(tmp_path, ("global_average_pooling1d",)))
    shapes = {name: graph.nodes[name]["output_shapes"] for name in graph.nodes}
    assert shapes["sequential_8"] == []  # ? : nothing records it
    assert shapes["global_average_pooling1d"] == [(None, 256)]  # the next call records it
    assert graph.nodes["dense_17"]["params"] == 25_700


def test_a_layer_that_cannot_build_after_an_unknown_shape_shows_question_marks(
        tmp_path: Path) -> None:
    drop = ("global_average_pooling1d", "dropout_8", "dense_17")
    graph = _load(_mlp_mixer_without_records(tmp_path, drop))
    dense = graph.nodes["dense_17"]
    assert dense["class_name"] == "Dense" and dense["output_shapes"] == []
    assert dense["params"] == 25_700 and dense["trainable_params"] is None  # stored weights
    assert "?" in format_summary(load_fresh(tmp_path / "mixer.keras"))
