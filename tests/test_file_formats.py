"""Files from the real thing: custom layers saved by Keras 3, models written by TensorFlow.js,
Keras 3 .h5 files with keras.ops calls, and the format table that names what is not Keras.

Expected numbers come from scripts/make_custom_keras_fixtures.py (Keras 3) and
scripts/make_tfjs_fixtures.js (TensorFlow.js); nothing here imports Keras.
"""

from __future__ import annotations

import io
import json
import tracemalloc
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest

from modelviz import ModelFileError, ModelvizWarning, format_summary
from modelviz.importers import load
from modelviz.importers.formats import FORMATS, FileFormat, detect, register_format
from modelviz.layers.base import clear_session

FIXTURES = Path(__file__).parent / "fixtures"
FILES = FIXTURES / "files"
TFJS = FIXTURES / "tfjs"


def _graph(path: Path) -> Any:
    clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ModelvizWarning)
        return load(path).to_graph()


def _rows(graph: Any) -> list[tuple[str, str, list[list[Any]], int | None]]:
    return [(n, d["class_name"], [list(s) for s in d["output_shapes"]], d["params"])
            for n, d in graph.nodes(data=True) if d["parent"] is None and not d["is_operation"]]


def _expected_rows(expected: dict[str, Any]) -> list[tuple[str, str, list[list[Any]], int]]:
    return [(layer["name"], layer["class_name"], layer["output_shapes"], layer["params"])
            for layer in expected["layers"] if layer["parent"] is None]


CUSTOM = ["scaled_dense.keras", "scaled_dense.h5", "scaled_dense_seq.keras",
          "custom_block.keras", "custom_block.h5", "mobilenetv3small.h5", "convnexttiny.h5"]


@pytest.mark.parametrize("name", CUSTOM)
def test_saved_custom_layers_and_ops_match_keras(name: str) -> None:
    expected = json.loads((FILES / f"{Path(name).stem}.expected.json").read_text())
    graph = _graph(FILES / name)
    wanted = _expected_rows(expected)
    names = {row[0] for row in wanted}
    ops = [n for n in graph if n not in names and graph.nodes[n]["parent"] is None]
    assert all(graph.nodes[n]["is_operation"] or "function" in graph.nodes[n]["config"]
               for n in ops), ops
    rows = [row for row in _rows(graph) if row[1] != "InputLayer" and row[0] in names]
    assert rows == [row for row in wanted if row[1] != "InputLayer"]
    assert graph.graph["total_params"] == expected["total_params"]
    assert graph.graph["unknown_params"] == []


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_keras_only_the_trainable_split_of_a_custom_layer_is_not_in_the_file(
        suffix: str) -> None:
    """Neither .keras nor .h5 records which weights are trainable: the split is unknown."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # known numbers only, nothing guessed with a warning
        graph = _graph(FILES / f"scaled_dense{suffix}")
    node = graph.nodes["scaled"]
    assert (node["params"], node["trainable_params"], node["non_trainable_params"]) == (
        1041, None, None)
    g = graph.graph
    assert (g["total_params"], g["trainable_params"], g["non_trainable_params"]) == (
        3204, 2163, 0)
    assert (g["unknown_split"], g["unknown_split_params"]) == (["scaled"], 1041)
    assert format_summary(graph).splitlines()[-2] == (
        "Not known if trainable: 1,041 (4.07 KB) in scaled (the file does not say)")


def test_a_custom_layer_explains_its_stored_weights() -> None:
    assert _graph(FILES / "scaled_dense.h5").nodes["scaled"]["explanation"] == (
        "kernel 64×16 + bias 16 + scale 1 = 1,041")
    assert _graph(FILES / "scaled_dense.keras").nodes["scaled"]["explanation"] == (
        "weight_0 64×16 + weight_1 16 + weight_2 1 = 1,041")


def test_one_class_name_across_formats() -> None:
    names = {_graph(FILES / f"scaled_dense{suffix}").nodes["scaled"]["class_name"]
             for suffix in (".keras", ".h5")}
    assert names == {"ScaledDense"}


def test_a_custom_model_output_without_a_recorded_shape_is_unknown(tmp_path: Path) -> None:
    config = json.loads(zipfile.ZipFile(FILES / "scaled_dense.keras").read("config.json"))
    config["config"]["layers"] = config["config"]["layers"][:3]
    config["config"]["output_layers"] = [["scaled", 0, 0]]
    path = tmp_path / "m.json"
    path.write_text(json.dumps(config))
    assert _graph(path).nodes["scaled"]["output_shapes"] == []  # shown as ?


@pytest.mark.parametrize("name", ["tfjs_cnn", "tfjs_two_io"])
@pytest.mark.parametrize("as_folder", [True, False])
def test_models_written_by_tensorflow_js(name: str, as_folder: bool) -> None:
    expected = json.loads((TFJS / f"{name}.expected.json").read_text())
    graph = _graph(TFJS / name if as_folder else TFJS / name / "model.json")
    assert "tfjs-layers" in json.loads((TFJS / name / "model.json").read_text())[
        "modelTopology"]["keras_version"]
    by_name = {row[0]: row for row in _rows(graph)}
    for layer in expected["layers"]:
        assert by_name[layer["name"]][2:] == (layer["output_shapes"], layer["params"])
    assert (graph.graph["total_params"], graph.graph["trainable_params"]) == (
        expected["total_params"], expected["trainable_params"])


def test_keras1_model_nested_in_time_distributed() -> None:
    """A Keras 1 ``Model`` inside ``TimeDistributed`` is built as a nested model, not unknown.

    (Calling ``TimeDistributed(model)`` on a tensor is the definition API's part.)
    """
    from modelviz.importers.context import Context
    from modelviz.importers.layer_factory import make_layer
    from modelviz.models import Model

    inner = {"class_name": "Model", "config": {
        "name": "inner", "input_layers": [["frame", 0, 0]], "output_layers": [["proj", 0, 0]],
        "layers": [
            {"class_name": "InputLayer", "name": "frame", "inbound_nodes": [],
             "config": {"name": "frame", "batch_input_shape": [None, 8]}},
            {"class_name": "Dense", "name": "proj", "inbound_nodes": [[["frame", 0, 0]]],
             "config": {"name": "proj", "output_dim": 4}}]}}
    clear_session()
    wrapper = make_layer({"class_name": "TimeDistributed", "name": "td",
                          "config": {"name": "td", "layer": inner}}, Context("k1.json"))
    assert isinstance(wrapper.layer, Model)
    assert (wrapper.layer.name, wrapper.layer.count_params()) == ("inner", 36)


def test_keras_weights_are_read_in_place(tmp_path: Path) -> None:
    h5py = pytest.importorskip("h5py")
    np = pytest.importorskip("numpy")
    weights = io.BytesIO()
    with h5py.File(weights, "w") as handle:
        handle.create_dataset("layers/dense/vars/0", data=np.ones((4, 2_000_000), "float32"))
        handle.create_dataset("layers/dense/vars/1", data=np.ones((2_000_000,), "float32"))
    source = zipfile.ZipFile(FIXTURES / "keras3" / "files" / "seed_mlp.keras")
    config = json.loads(source.read("config.json"))
    dense = next(e for e in config["config"]["layers"] if e["class_name"] == "Dense")
    path = tmp_path / "big.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", weights.getvalue())
    assert path.stat().st_size > 30 * 2**20
    del weights
    tracemalloc.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ModelvizWarning)
            load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, f"{peak:,} bytes for {dense['config']['name']}"


def test_register_format_hooks_a_reader_in(tmp_path: Path) -> None:
    lite = tmp_path / "m.tflite"
    lite.write_bytes(b"\x1c\x00\x00\x00TFL3")
    with pytest.raises(ModelFileError, match="this is a TensorFlow Lite flatbuffer, not a Keras"):
        load(lite)
    path = tmp_path / "m.onnx"
    path.write_bytes(b"\x08\x07")
    assert detect(path).name == "onnx"
    original = next(fmt for fmt in FORMATS if fmt.name == "onnx")
    try:
        register_format(FileFormat("onnx", "an ONNX model", original.matches,
                                   lambda p: f"read {p.name}"))
        assert load(path) == "read m.onnx"
    finally:
        register_format(original)


@pytest.mark.parametrize(("content", "kind"), [
    (b"\x80\x04\x95", "pytorch-pickle"), (b"GGUF\x03", "gguf"), (b"\x93NUMPY\x01", "numpy"),
    (b'  {"class_name": 1}', "json"), (b"\x89HDF\r\n\x1a\n", "keras-hdf5")])
def test_detect_by_content_not_by_suffix(content: bytes, kind: str, tmp_path: Path) -> None:
    path = tmp_path / "model.keras"
    path.write_bytes(content)
    assert detect(path).name == kind


def _keras2_sequential(tmp_path: Path, layers: list[dict[str, Any]]) -> Any:
    path = tmp_path / "k2.json"
    path.write_text(json.dumps({"class_name": "Sequential", "keras_version": "2.13.0",
                                "config": {"name": "s", "layers": layers}}))
    return _graph(path)


def test_keras2_unknown_first_layer_keeps_its_batch_input_shape(tmp_path: Path) -> None:
    graph = _keras2_sequential(tmp_path, [
        {"class_name": "MyCustom", "config": {"name": "c", "batch_input_shape": [None, 8]}},
        {"class_name": "Dense", "config": {"name": "d", "units": 3}}])
    assert graph.nodes["c"]["input_shapes"] == [(None, 8)]
    assert graph.nodes["c"]["params"] is None


def test_keras2_build_config_gives_an_unknown_layer_its_output_shape(tmp_path: Path) -> None:
    graph = _keras2_sequential(tmp_path, [
        {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [None, 8]}},
        {"class_name": "MyCustom", "config": {"name": "c"},
         "build_config": {"input_shape": [None, 8]}},
        {"class_name": "Dense", "config": {"name": "d", "units": 3},
         "build_config": {"input_shape": [None, 5]}}])
    assert graph.nodes["c"]["output_shapes"] == [(None, 5)]
    assert graph.nodes["d"]["input_shapes"] == [(None, 5)]


def test_a_compressed_weights_member_is_still_read(tmp_path: Path) -> None:
    source = zipfile.ZipFile(FILES / "scaled_dense.keras")
    path = tmp_path / "deflated.keras"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
    assert _graph(path).nodes["scaled"]["params"] == _graph(FILES / "scaled_dense.keras").nodes[
        "scaled"]["params"]
