"""Reading .onnx files against references from torch itself.

The .onnx fixtures and tests/fixtures/onnx/reference.json come from
scripts/make_torch_fixtures.py (torch exports, weights stripped to external data that is not
committed); these tests need only the ``onnx`` package. Small models with subgraphs and
local functions are built here with ``onnx.helper``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import networkx
import pytest

import modelviz
from modelviz import ModelFileError
from modelviz.cli import main
from modelviz.fold import fold_graph
from modelviz.importers import load
from modelviz.plot import to_dot_text
from modelviz.tables import summary_rows

onnx = pytest.importorskip("onnx", reason="the onnx extra is not installed")
helper = onnx.helper

ONNX_DIR = Path(__file__).parent / "fixtures" / "onnx"
REFERENCE = json.loads((ONNX_DIR / "reference.json").read_text())["models"]


def _module_path(key: str) -> str:
    """``layer1/layer1.0/conv1`` (torch exporter scopes) -> ``layer1.0.conv1``."""
    path = ""
    for part in key.split("/"):
        path = part if not path or part.startswith(path + ".") else f"{path}.{part}"
    return path


def _by_module(graph: Any) -> dict[str, dict[str, Any]]:
    return {_module_path(key): data for key, data in graph.nodes(data=True)}


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_totals_equal_the_initializers_and_torch(name: str) -> None:
    reference = REFERENCE[name]
    graph = load(ONNX_DIR / f"{name}.onnx").to_graph()
    assert graph.graph["total_params"] == reference["initializer_elements"]
    # BatchNorm running statistics are initializers too: non-trainable, as in Keras.
    assert graph.graph["trainable_params"] == reference["total_params"]


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_leaf_modules_match_forward_hooks(name: str) -> None:
    nodes = _by_module(load(ONNX_DIR / f"{name}.onnx").to_graph())
    checked = 0
    for path, leaf in REFERENCE[name]["leaves"].items():
        if path not in nodes or not leaf["params"]:
            continue
        assert nodes[path]["trainable_params"] == leaf["params"], path
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("name", ["resnet18", "unet", "depthwise"])
def test_conv_net_shapes_match_forward_hooks(name: str) -> None:
    nodes = _by_module(load(ONNX_DIR / f"{name}.onnx").to_graph())
    checked = 0
    for path, leaf in REFERENCE[name]["leaves"].items():
        for call, shapes in enumerate(leaf["calls"]):
            # torch's exporter names the second call of a module `pool_1`
            key = path if call == 0 else f"{path}_{call}"
            if key in nodes and not nodes[key]["is_model"]:
                assert nodes[key]["output_shapes"] == [(None, *s[1:]) for s in shapes], key
                checked += 1
    assert checked >= len(REFERENCE[name]["leaves"]) // 2


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_final_output_shape(name: str) -> None:
    graph = load(ONNX_DIR / f"{name}.onnx").to_graph()
    (output,) = graph.graph["outputs"]
    (shape,) = REFERENCE[name]["output_shapes"]
    assert graph.nodes[output]["output_shapes"] == [(None, *shape[1:])]


def test_module_paths_become_nested_clusters() -> None:
    graph = load(ONNX_DIR / "resnet18.onnx").to_graph()
    block = graph.nodes["layer1/layer1.0"]
    assert block["is_model"] and block["parent"] == "layer1" and block["depth"] == 1
    conv = graph.nodes["layer1/layer1.0/conv1"]
    assert (conv["class_name"], conv["parent"], conv["params"]) == ("Conv", "layer1/layer1.0",
                                                                     36864)
    assert conv["explanation"] == "W 64×64×3×3 = 36,864"
    assert graph.nodes["conv1"]["explanation"] == "W 64×3×7×7 = 9,408"
    assert [r.name for r in summary_rows(graph)][:6] == ["input", "conv1", "bn1", "relu",
                                                          "maxpool", "layer1"]


def test_cluster_params_sum_to_total() -> None:
    graph = load(ONNX_DIR / "resnet18.onnx").to_graph()
    top = [data["params"] for _, data in graph.nodes(data=True) if data["depth"] == 0]
    assert sum(top) == graph.graph["total_params"]


def test_symbolic_batch_dimension_is_none_and_named() -> None:
    graph = load(ONNX_DIR / "unet.onnx").to_graph()
    assert graph.nodes["input"]["output_shapes"] == [(None, 1, 32, 32)]
    assert graph.nodes["input"]["config"] == {"dims": ["batch", 1, 32, 32]}


def test_summary_and_diagram_are_deterministic() -> None:
    lines: list[str] = []
    for _ in range(2):
        model = load(ONNX_DIR / "transformer.onnx")
        modelviz.summary(model, expand_nested=True, print_fn=lines.append)
    half = len(lines) // 2
    assert lines[:half] == lines[half:]
    first = to_dot_text(load(ONNX_DIR / "unet.onnx"), expand_nested=True, show_shapes=True)
    assert first == to_dot_text(load(ONNX_DIR / "unet.onnx"), expand_nested=True,
                                show_shapes=True)
    assert "cluster_" in first and "dec2" in first


def test_plot_renders_svg(tmp_path: Path) -> None:
    out = tmp_path / "unet.svg"
    modelviz.plot_model(load(ONNX_DIR / "unet.onnx"), to_file=str(out), show_shapes=True,
                        expand_nested=True, engine="graphviz-pure")
    text = out.read_text()
    assert "<svg" in text and "ConvTranspose" in text and "Concat" in text


def test_shared_initializer_counted_once(tmp_path: Path) -> None:
    weight = helper.make_tensor("w", onnx.TensorProto.FLOAT, [4, 4], [0.0] * 16)
    nodes = [helper.make_node("MatMul", ["x", "w"], ["h"], name="/a/MatMul"),
             helper.make_node("MatMul", ["h", "w"], ["y"], name="/b/MatMul")]
    path = _save(tmp_path, nodes, [weight], ["x"], ["y"])
    graph = load(path).to_graph()
    assert graph.graph["total_params"] == 16
    assert (graph.nodes["a"]["params"], graph.nodes["b"]["params"]) == (16, 0)  # first reader
    assert graph.nodes["b"]["shared_weights"][0]["shape"] == (4, 4)
    assert "shares w (counted at its first reader)" in graph.nodes["b"]["explanation"]


def test_identity_of_an_initializer_folds_into_its_reader(tmp_path: Path) -> None:
    """torch's export of an untrained model keeps one copy of equal tensors and names each
    parameter through an ``Identity``: no rows of their own, each name a parameter,
    statistics non-trainable by their names."""
    ones = helper.make_tensor("bn.weight", onnx.TensorProto.FLOAT, [2], [1.0, 1.0])
    zeros = helper.make_tensor("bn.bias", onnx.TensorProto.FLOAT, [2], [0.0, 0.0])
    nodes = [helper.make_node("Identity", ["bn.bias"], ["bn.running_mean"], name="Identity_0"),
             helper.make_node("Identity", ["bn.weight"], ["bn.running_var"], name="Identity_1"),
             helper.make_node("BatchNormalization", ["x", "bn.weight", "bn.bias",
                                                     "bn.running_mean", "bn.running_var"],
                              ["y"], name="/bn/BatchNormalization")]
    graph = load(_save(tmp_path, nodes, [ones, zeros], ["x"], ["y"])).to_graph()
    assert list(graph) == ["x", "bn"]
    assert graph.nodes["bn"]["params"] == graph.graph["total_params"] == 8
    assert graph.graph["non_trainable_params"] == 4  # running mean and variance


@pytest.mark.parametrize("path", sorted(ONNX_DIR.glob("*.onnx")), ids=lambda p: p.stem)
def test_onnx_graphs_are_acyclic_and_rows_add_up(path: Path) -> None:
    graph = load(path).to_graph()
    assert networkx.is_directed_acyclic_graph(graph)
    top = sum(d["params"] for _, d in graph.nodes(data=True) if d["parent"] is None)
    assert top == graph.graph["total_params"]


def test_a_module_called_again_is_a_new_cluster() -> None:
    """torch's dynamo exporter names both calls of ``relu`` alike: order tells them apart."""
    graph = load(ONNX_DIR / "resnet18_dynamo.onnx").to_graph()
    relus = [k for k in graph if k.startswith("layer1/layer1.0/layer1.0.relu")]
    assert relus == ["layer1/layer1.0/layer1.0.relu", "layer1/layer1.0/layer1.0.relu [2nd call]"]


def test_if_branches_are_clusters(tmp_path: Path) -> None:
    then = helper.make_graph([helper.make_node("Relu", ["x"], ["t"], name="relu")], "then",
                             [], [_info("t")])
    other = helper.make_graph([helper.make_node("Neg", ["x"], ["e"], name="neg")], "else",
                              [], [_info("e")])
    cond = helper.make_node("Constant", [], ["c"], value=helper.make_tensor(
        "c", onnx.TensorProto.BOOL, [], [True]))
    branch = helper.make_node("If", ["c"], ["y"], name="choose", then_branch=then,
                              else_branch=other)
    graph = load(_save(tmp_path, [cond, branch], [], ["x"], ["y"])).to_graph()
    assert graph.nodes["choose"]["is_model"] and graph.nodes["choose"]["class_name"] == "If"
    # a branch of one operator is that operator's node, named after the branch
    assert graph.nodes["choose/then_branch"]["class_name"] == "Relu"
    assert graph.nodes["choose/else_branch"]["parent"] == "choose"
    assert graph.has_edge("choose/then_branch", "choose/If")
    assert graph.has_edge("x", "choose")


def test_local_function_is_a_cluster(tmp_path: Path) -> None:
    body = [helper.make_node("MatMul", ["a", "w"], ["m"], name="mm"),
            helper.make_node("Relu", ["m"], ["b"], name="act")]
    function = helper.make_function("local", "Block", ["a", "w"], ["b"], body,
                                    [helper.make_opsetid("", 17)])
    weight = helper.make_tensor("w", onnx.TensorProto.FLOAT, [4, 4], [0.0] * 16)
    nodes = [helper.make_node("Block", ["x", "w"], ["y"], name="block", domain="local")]
    path = _save(tmp_path, nodes, [weight], ["x"], ["y"], functions=[function])
    graph = load(path).to_graph()
    assert graph.nodes["block"]["class_name"] == "Block" and graph.nodes["block"]["is_model"]
    assert graph.nodes["block/mm"]["params"] == 16 and graph.graph["total_params"] == 16
    assert graph.has_edge("block/mm", "block/act")


def test_without_onnx_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)
    with pytest.raises(ModelFileError, match='"onnx" extra'):
        load(ONNX_DIR / "unet.onnx")


def test_cli_exits_2_on_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.onnx"
    path.write_bytes(b"\x00not a model")
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelviz: error:") and "broken.onnx" in err and err.count("\n") == 1


def test_cli_summary_of_an_onnx_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(ONNX_DIR / "depthwise.onnx"), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "dw (Conv)" in out and "Total params: 1,610" in out and "W 16×1×3×3 + B 16" in out


def _info(name: str) -> Any:
    return helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, [2, 4])


def _save(tmp_path: Path, nodes: list[Any], initializers: list[Any], inputs: list[str],
          outputs: list[str], functions: list[Any] | None = None) -> Path:
    graph = helper.make_graph(nodes, "g", [_info(n) for n in inputs],
                              [_info(n) for n in outputs], initializers)
    opsets = [helper.make_opsetid("", 17)] + ([helper.make_opsetid("local", 1)]
                                              if functions else [])
    model = helper.make_model(graph, opset_imports=opsets, functions=functions or [])
    path = tmp_path / "model.onnx"
    onnx.save(model, str(path))
    return path


def test_six_encoder_layers_fold_in_the_onnx_export() -> None:
    graph = load(ONNX_DIR / "transformer.onnx").to_graph()
    folded = fold_graph(graph)
    group = folded.nodes["encoder/layers.0 … layers.5"]
    assert group["class_name"] == "Module ×6" and group["parent"] == "encoder"
    assert folded.graph["total_params"] == graph.graph["total_params"]
    assert "cluster_" in to_dot_text(graph, expand_nested=True, fold_repeats=True)


def test_keras_graphs_fold_as_before() -> None:
    from modelviz import Input, Sequential, layers

    graph = Sequential([Input((4,)), *[layers.Dense(4) for _ in range(3)]]).to_graph()
    assert "fold_scopes" not in graph.graph and len(fold_graph(graph)) == 1


@pytest.mark.parametrize("name", ["resnet18", "transformer"])
def test_dynamo_exports_use_the_module_metadata(name: str) -> None:
    graph = load(ONNX_DIR / f"{name}_dynamo.onnx").to_graph()
    assert graph.graph["total_params"] == REFERENCE[name]["dynamo_initializer_elements"]
    (output,) = graph.graph["outputs"]
    assert graph.nodes[output]["output_shapes"] == [tuple(REFERENCE[name]["output_shapes"][0])]


def test_dynamo_export_clusters_carry_module_classes() -> None:
    graph = load(ONNX_DIR / "resnet18_dynamo.onnx").to_graph()
    block = graph.nodes["layer1/layer1.0"]
    assert (block["name"], block["class_name"], block["is_model"]) == ("layer1.0", "BasicBlock",
                                                                       True)
    folded = fold_graph(load(ONNX_DIR / "transformer_dynamo.onnx").to_graph())
    group = folded.nodes["encoder/encoder.layers.0 … encoder.layers.5"]
    assert group["class_name"] == "TransformerEncoderLayer ×6"
