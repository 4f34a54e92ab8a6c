"""``depth=N`` in summaries and diagrams (Keras nested models, torch module trees, ONNX name
scopes), JSON listing every level, and torchinfo's optional columns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from modelviz import Input, LayerConfigError, Model, Sequential, layers
from modelviz.cli import main
from modelviz.importers import load
from modelviz.plot import to_dot_text
from modelviz.tables import format_summary, summary_rows

ONNX_DIR = Path(__file__).parent / "fixtures" / "onnx"


def _three_levels() -> Model:
    inner = Sequential([Input((4,)), layers.Dense(3, name="d1"), layers.Dense(3, name="d2")],
                       name="inner")
    mid = Sequential([Input((4,)), inner, layers.Dense(2, name="d3")], name="mid")
    x = Input((4,), name="x")
    return Model(x, layers.Dense(1, name="out")(mid(x)), name="outer")


def _keys(graph: Any, depth: int | None, expand: bool = False) -> list[str]:
    return [row.key for row in summary_rows(graph, depth=depth, expand_nested=expand)]


def test_keras_rows_down_to_each_depth() -> None:
    graph = _three_levels().to_graph()
    assert _keys(graph, 1) == _keys(graph, None) == ["x", "mid", "out"]
    assert _keys(graph, 2) == ["x", "mid", "mid/inner", "mid/d3", "out"]
    assert _keys(graph, 3) == _keys(graph, None, expand=True)
    assert "mid/inner/d1" in _keys(graph, 3)


def test_folded_parents_carry_the_sums() -> None:
    graph = _three_levels().to_graph()
    rows = {row.key: row for row in summary_rows(graph, depth=2)}
    assert rows["mid/inner"].params == (4 * 3 + 3) + (3 * 3 + 3)
    assert rows["mid"].params == rows["mid/inner"].params + rows["mid/d3"].params
    assert rows["mid"].macs == rows["mid/inner"].macs + rows["mid/d3"].macs == 12 + 9 + 6


def test_diagram_boxes_down_to_depth() -> None:
    model = _three_levels()
    one = to_dot_text(model, depth=1, show_layer_names=True)
    two = to_dot_text(model, depth=2, show_layer_names=True)
    assert one == to_dot_text(model, show_layer_names=True)
    assert "cluster" not in one
    assert two.count("subgraph cluster_") == 1  # mid expanded, inner one box
    assert "<b>inner</b>" in two and "<b>d1</b>" not in two and "<b>d3</b>" in two
    assert to_dot_text(model, depth=3) == to_dot_text(model, expand_nested=True)


def test_json_lists_every_level_whatever_the_view() -> None:
    model = _three_levels()
    for depth in (None, 1, 2):
        data = json.loads(format_summary(model, fmt="json", depth=depth))
        by_name = {layer["name"]: layer for layer in data["layers"]}
        assert by_name["d1"]["parent"] == "mid/inner" and by_name["d1"]["depth"] == 2
        assert by_name["mid"]["depth"] == 0 and by_name["mid"]["parent"] is None


def test_bad_depth_names_the_fix() -> None:
    with pytest.raises(LayerConfigError, match="depth must be a whole number >= 1"):
        format_summary(_three_levels(), depth=0)
    with pytest.raises(LayerConfigError, match="depth must be"):
        to_dot_text(_three_levels(), depth="2")


def test_onnx_name_scopes_fold_to_depth() -> None:
    pytest.importorskip("onnx", reason="the onnx extra is not installed")
    graph = load(ONNX_DIR / "resnet18.onnx").to_graph()
    top = _keys(graph, 1)
    assert "layer1" in top and not any("/" in key for key in top)
    second = summary_rows(graph, depth=2)
    assert {row.depth for row in second} == {0, 1}
    layer1 = next(row for row in second if row.key == "layer1")
    assert layer1.params == sum(row.params for row in second if row.parent == "layer1")


def test_torch_module_tree_to_depth() -> None:
    torch = pytest.importorskip("torch", reason="torch is not installed")
    from modelviz import from_torch

    from .fixtures.torch_models import MODELS

    build, example = MODELS["transformer"]
    torch.manual_seed(0)
    model = from_torch(build().eval(), example(), capture="recorder")
    rows = summary_rows(model.to_graph(), depth=2)
    assert [row.key for row in rows if row.depth == 1] == ["encoder/encoder.layers.0",
        *[f"encoder/encoder.layers.{i}" for i in range(1, 6)]]
    text = format_summary(model, depth=2, show_macs=True)
    assert "encoder.layers.3" in text and "self_attn" not in text
    assert "?" not in text.split("Total params")[0]  # no unknown MACs anywhere


def test_cli_depth_and_columns(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).parent.parent / "examples" / "cifar_cnn.py"
    assert main(["summary", str(path), "--columns", "input_size,params_percent,kernel_size",
                 "--depth", "2"]) == 0
    out = capsys.readouterr().out
    assert "Input Shape" in out and "Param %" in out and "Kernel Shape" in out
    assert "[3, 3]" in out and "%" in out
    assert main(["summary", str(path), "--columns", "size"]) == 2
    assert "unknown column 'size'" in capsys.readouterr().err


def test_columns_cells() -> None:
    model = Sequential([Input((8, 8, 3)), layers.Conv2D(4, 3, name="conv"),
                        layers.Flatten(name="flat"), layers.Dense(2, name="fc")])
    text = format_summary(model, columns=("input_size", "params_percent", "kernel_size",
                                          "mult_adds"))
    conv = next(line for line in text.splitlines() if line.startswith(" conv"))
    total = 3 * 3 * 3 * 4 + 4 + 6 * 6 * 4 * 2 + 2
    assert "(None, 8, 8, 3)" in conv and "[3, 3]" in conv
    assert f"{100 * 112 / total:.2f}%" in conv
    assert "MACs" in text.splitlines()[2]
