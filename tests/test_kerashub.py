"""Models saved from KerasHub (``modelviz.importers.kerashub``) against real keras_hub.

The ``.keras`` files and references come from ``scripts/make_kerashub_fixtures.py``
(Keras 3.15.1, keras_hub 0.32.0, JAX): small configurations of every class modelviz
rebuilds, two models that use one as a layer, and two classes it does not rebuild
(read from the weights file instead).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

import modelviz
from modelviz.errors import ModelFileError, ModelvizWarning
from modelviz.importers.kerashub import BACKBONES, TASKS
from modelviz.importers.kerashub.fallback import FileModel, class_from_key
from modelviz.tables import format_summary

FIXTURES = Path(__file__).parent / "fixtures" / "keras3" / "kerashub"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))
FALLBACK = ["albert_text_classifier", "custom_subclass", "f_net_backbone"]
REBUILT = [name for name in NAMES if name not in FALLBACK]
# A KerasHub task's own summary() passes line_length=108 (keras_hub/src/models/task.py).
TASK_NAMES = [n for n in REBUILT if json.loads((FIXTURES / f"{n}.json").read_text())[
    "class_name"] in TASKS]

# The causal LMs' token embedding is a layer of the backbone and of the task.
SHARED_ACROSS_NESTING = ["gemma_causal_lm", "gpt2_causal_lm", "llama_causal_lm",
                         "wrapped_gpt2_causal_lm"]


def _reference(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _load(name: str) -> modelviz.Model:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelvizWarning)  # rebuilt models warn about nothing
        return modelviz.load(FIXTURES / f"{name}.keras")


def _body(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.strip("\n").split("\n")[1:]]
    return [line for line in lines if line.strip(" _=")]


def _count(weights: list) -> tuple[int, int]:
    total = sum(w.size for w in weights)
    return total, sum(w.size for w in weights if w.trainable)


def _rows(model: modelviz.Model) -> list[dict]:
    """Every node of the model, nested models' nodes after them (the reference's order)."""
    rows: list[dict] = []
    stack = [(None, iter(model.operations), model)]
    while stack:
        parent, ops, scope = stack[-1]
        op = next(ops, None)
        if op is None:
            stack.pop()
            continue
        calls = [n for n in op._inbound_nodes if id(n) in scope._node_ids] or op._inbound_nodes
        total, trainable = _count(op.weights) if op.built or op.weights else (0, 0)
        rows.append({
            "name": op.name, "class_name": getattr(op, "class_name", type(op).__name__),
            "parent": parent, "trainable": op.trainable,
            "output_shapes": [[list(t.shape) for t in n.output_tensors] for n in calls],
            "params": total, "trainable_params": trainable,
            "non_trainable_params": total - trainable,
            "weights": [] if isinstance(op, modelviz.Model) or getattr(op, "is_operation", False)
            else [[w.name, list(w.shape), w.trainable] for w in op.weights]})
        if isinstance(op, modelviz.Model):
            path = op.name if parent is None else f"{parent}/{op.name}"
            stack.append((path, iter(op.operations), op))
    return rows


def test_fixtures_cover_every_rebuilt_class() -> None:
    classes = {_reference(name)["class_name"] for name in REBUILT} | {
        row["class_name"] for name in REBUILT for row in _reference(name)["rows"]}
    assert set(BACKBONES) - {"Llama3Backbone"} <= classes
    assert set(TASKS) - {"Llama3CausalLM"} <= classes
    assert {_reference(name)["class_name"] for name in FALLBACK}.isdisjoint(
        set(BACKBONES) | set(TASKS))


@pytest.mark.parametrize("name", REBUILT)
def test_totals_equal_keras(name: str) -> None:
    ref, graph = _reference(name), _load(name).to_graph()
    assert (graph.graph["total_params"], graph.graph["trainable_params"],
            graph.graph["non_trainable_params"]) == (
        ref["total_params"], ref["trainable_params"], ref["non_trainable_params"])
    assert graph.graph["name"] == ref["model_name"]
    assert graph.graph["class_name"] == ref["class_name"]


@pytest.mark.parametrize("name", REBUILT)
def test_every_row_equals_keras(name: str) -> None:
    """Name, class, output shapes, params, trainable split and weights, nested rows too."""
    expected = _reference(name)["rows"]
    ours = _rows(_load(name))
    assert [(r["parent"], r["name"]) for r in ours] == [
        (r["parent"], r["name"]) for r in expected]
    for row, ref in zip(ours, expected, strict=True):
        ref = {key: value for key, value in ref.items() if key != "is_layer"}
        if not ref["weights"]:
            row["weights"] = []
        assert row == ref, row["name"]


def _width(name: str) -> dict:
    return {"line_length": 108} if name in TASK_NAMES else {}


@pytest.mark.parametrize("name", REBUILT)
def test_summary_text_equals_keras(name: str) -> None:
    expected = _reference(name)["summary"]["default"]
    assert _body(format_summary(_load(name), fmt="rich", **_width(name))) == _body(expected)


def _expanded(name: str) -> tuple[list[str], list[str]]:
    expected = _reference(name)["summary"]["expand_nested_show_trainable"]
    ours = format_summary(_load(name), fmt="rich", expand_nested=True, show_trainable=True,
                          **_width(name))
    return _body(ours), _body(expected)


@pytest.mark.parametrize("name", [n for n in REBUILT if n not in SHARED_ACROSS_NESTING])
def test_expanded_summary_equals_keras(name: str) -> None:
    ours, expected = _expanded(name)
    assert ours == expected


@pytest.mark.parametrize("name", SHARED_ACROSS_NESTING)
def test_expanded_summary_differs_only_in_the_shared_row(name: str) -> None:
    """docs/keras.rst: Keras shows a layer shared by a nested model and its parent, inside
    the nested model, with its last call anywhere (the logits); modelviz with its call there."""
    ours, expected = _expanded(name)
    differ = [(a, b) for a, b in zip(ours, expected, strict=True) if a != b]
    assert len(differ) == 1
    assert "└ token_embedding" in differ[0][0] and "(None, None, 100)" in differ[0][1]


def test_tied_embedding_counts_once() -> None:
    """GPT2CausalLM reuses the backbone's token embedding for its logits: Keras counts it once,
    in the total and in the task's own row when it is a layer of another model."""
    model = _load("wrapped_gpt2_causal_lm")
    task = model.get_layer("gpt2_causal_lm")
    backbone = task.get_layer("gpt2_backbone")
    assert task.get_layer("token_embedding") is backbone.get_layer("token_embedding")
    assert task.count_params() == backbone.count_params() == _reference(
        "wrapped_gpt2_causal_lm")["total_params"]
    assert task.output_shape == (None, None, 100)  # the reverse call replays inside the wrapper


def test_transformer_block_explains_its_count() -> None:
    layer = _load("bert_backbone").get_layer("transformer_layer_0")
    assert layer.explain() == (
        "self_attention_layer 1,088 + self_attention_layer_norm 32 + feedforward_layer_norm 32 "
        "+ feedforward_intermediate_dense 544 + feedforward_output_dense 528 = 2,224")


@pytest.mark.parametrize("name", FALLBACK)
def test_other_classes_are_read_from_the_weights_file(name: str) -> None:
    ref = _reference(name)
    with pytest.warns(ModelvizWarning, match=f"{ref['class_name']} is saved as its constructor "
                      "arguments and modelviz does not rebuild it; its .* layers are read "
                      "from its weights") as caught:
        model = modelviz.load(FIXTURES / f"{name}.keras")
    assert len(caught) == 1
    assert isinstance(model, FileModel)
    graph = model.to_graph()
    assert graph.graph["total_params"] == ref["total_params"]
    assert graph.graph["class_name"] == ref["class_name"]
    layers = {(r["parent"], r["name"]): r for r in ref["rows"] if r["is_layer"]}
    ours = {(data["parent"], data["name"]): data for _, data in graph.nodes(data=True)}
    assert set(ours) <= set(layers)
    # A task's inputs are its backbone's: the file stores those InputLayers once, at the top.
    assert {layers[key]["class_name"] for key in set(layers) - set(ours)} <= {"InputLayer"}
    for key, data in ours.items():
        assert data["params"] == layers[key]["params"], key
        # A subclassed model's layers are stored under attribute names: class unknown (?).
        assert data["class_name"] in (layers[key]["class_name"], "?"), key
        assert data["output_shapes"] == []  # not in the weights file: shown as ?


def test_fallback_summary_shows_unknown_shapes() -> None:
    with pytest.warns(ModelvizWarning):
        model = modelviz.load(FIXTURES / "f_net_backbone.keras")
    text = format_summary(model, fmt="rich", line_length=100)
    assert re.search(r"│ f_net_layer_0 \(FNetEncoder\) +│ \? ", text)
    assert f"Total params: {_reference('f_net_backbone')['total_params']:,}" in text


def test_fallback_trainable_split_is_not_guessed_away() -> None:
    """The file does not say which weights train: all count as trainable, and the warning
    says so (Keras counts a BatchNormalization's moving statistics as non-trainable)."""
    ref = _reference("custom_subclass")
    with pytest.warns(ModelvizWarning, match="all counted as trainable"):
        graph = modelviz.load(FIXTURES / "custom_subclass.keras").to_graph()
    assert graph.graph["total_params"] == ref["total_params"] > ref["trainable_params"]
    assert graph.graph["trainable_params"] == ref["total_params"]
    classes = {data["name"]: data["class_name"] for _, data in graph.nodes(data=True)}
    assert classes == {"batch_normalization": "BatchNormalization", "dense": "?", "dense_1": "?"}


def test_class_names_from_weight_keys() -> None:
    assert [class_from_key(k) for k in ("input_layer_1", "max_pooling2d", "re_lu",
                                        "token_and_position_embedding")] == [
        "InputLayer", "MaxPooling2D", "ReLU", "TokenAndPositionEmbedding"]


def _rewritten(tmp_path: Path, name: str, change) -> Path:
    """A copy of a fixture whose config.json went through ``change``."""
    target = tmp_path / f"{name}.keras"
    with zipfile.ZipFile(FIXTURES / f"{name}.keras") as source, \
            zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "config.json":
                config = json.loads(data)
                change(config)
                data = json.dumps(config).encode()
            out.writestr(info, data)
    return target


def test_damaged_arguments_name_the_class_and_field(tmp_path: Path) -> None:
    path = _rewritten(tmp_path, "bert_backbone",
                      lambda c: c["config"].update(num_layers="two"))
    with pytest.raises(ModelFileError, match=r"BertBackbone: num_layers is 'two', not a whole "
                       r"number of at least 0; the file is damaged"):
        modelviz.load(path)


def test_unknown_class_without_weights_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"class_name": "FNetBackbone",
                                "registered_name": "keras_hub>FNetBackbone",
                                "config": {"name": "f_net_backbone"}}))
    with pytest.raises(ModelFileError, match=r"'FNetBackbone' saved as its constructor "
                       r"arguments.*no weights file.*modelviz rebuilds BertBackbone"):
        modelviz.load(path)


def test_cli_summary_reads_kerashub_files() -> None:
    for name, warned in (("gpt2_causal_lm", False), ("f_net_backbone", True)):
        result = subprocess.run(
            [sys.executable, "-m", "modelviz", "summary", str(FIXTURES / f"{name}.keras")],
            capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr
        assert f'Model: "{_reference(name)["model_name"]}"' in result.stdout
        assert len(result.stderr.splitlines()) == int(warned)


def test_legacy_h5_of_a_rebuilt_class_equals_keras() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelvizWarning)
        model = modelviz.load(FIXTURES / "bert_backbone.h5")
    assert _body(format_summary(model, fmt="rich")) == _body(
        _reference("bert_backbone")["summary"]["default"])


def test_legacy_h5_of_another_class_is_read_from_its_weights() -> None:
    ref = _reference("f_net_backbone")
    with pytest.warns(ModelvizWarning, match="FNetBackbone is saved as its constructor"):
        model = modelviz.load(FIXTURES / "f_net_backbone.h5")
    graph = model.to_graph()
    assert graph.graph["total_params"] == ref["total_params"]
    expected = {r["name"]: r["params"] for r in ref["rows"] if r["is_layer"]}
    assert {data["name"]: data["params"] for _, data in graph.nodes(data=True)} == expected
    assert {data["class_name"] for _, data in graph.nodes(data=True)} == {"?"}  # not recorded
