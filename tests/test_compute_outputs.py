"""MACs in every output: summary formats, JSON keys, diagram boxes, CLI and invariants."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from modelviz import Input, Model, Sequential, layers
from modelviz.errors import LayerConfigError
from modelviz.fold import fold_graph
from modelviz.importers import load
from modelviz.plot import to_dot_text
from modelviz.tables import FORMATS, format_summary, summary_rows

ROOT = Path(__file__).parent.parent
CIFAR = ROOT / "examples" / "cifar_cnn.py"
RESNET50 = ROOT / "tests" / "fixtures" / "keras3" / "configs" / "app_resnet50.json"


def _cifar() -> Model:
    return runpy.run_path(str(CIFAR))["model"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MODELVIZ_ENGINE": "graphviz-pure"}
    return subprocess.run([sys.executable, "-m", "modelviz", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120, check=False)


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown"])
def test_column_and_totals_line(fmt: str) -> None:
    text = format_summary(_cifar(), fmt=fmt, show_macs=True)
    assert "MACs" in text.splitlines()[2]
    assert "Total MACs: 76,145,280 (76.15 M)" in text
    assert "49.84 M" in text and "777.60 K" in text


def test_flops_view_names_its_unit_everywhere() -> None:
    text = format_summary(_cifar(), fmt="rich", count="flops")
    header = text.splitlines()[2]
    assert "FLOPs" in header and "MACs" not in header
    assert "Total FLOPs: 152,290,560 (152.29 M)" in text
    assert "99.68 M" in text  # 2 × 49,840,128


def test_explanations_say_how() -> None:
    text = format_summary(_cifar(), fmt="markdown", show_macs=True, explain=True)
    assert "26×26 positions × 128 filters × (3×3×64) = 49,840,128 MACs" in text
    flops = format_summary(_cifar(), fmt="markdown", count="flops", explain=True)
    assert "= 49,840,128 MACs × 2 = 99,680,256 FLOPs" in flops


def test_default_summary_is_unchanged() -> None:
    model = _cifar()
    plain = format_summary(model)
    assert "MACs" not in plain and plain == format_summary(model, show_macs=False)


def test_json_keys() -> None:
    data = json.loads(format_summary(_cifar(), fmt="json", show_macs=True))
    assert data["total_macs"] == 76_145_280
    assert data["unknown_macs"] == [] and data["total_activation_bytes"] > 0
    assert [layer["macs"] for layer in data["layers"]] == [
        777_600, 14_450_688, 49_840_128, 0, 11_075_584, 1_280]
    assert data["layers"][0]["activation_bytes"] == 30 * 30 * 32 * 4
    flops = json.loads(format_summary(_cifar(), fmt="json", count="flops"))
    assert flops["total_flops"] == 2 * flops["total_macs"]
    assert "macs" not in json.loads(format_summary(_cifar(), fmt="json"))["layers"][0]


def test_unknown_counts_show_a_question_mark() -> None:
    model = Sequential([Input((None, 5)), layers.LSTM(3), layers.Dense(2)])
    text = format_summary(model, fmt="markdown", show_macs=True)
    assert "| lstm (LSTM) | (None, 3) | 108 | ? |" in text
    assert "Unknown MACs: 1 layer(s) (lstm) not counted" in text
    assert json.loads(format_summary(model, fmt="json", show_macs=True))["layers"][0][
        "macs"] is None


def test_rows_sum_to_the_total() -> None:
    graph = load(RESNET50).to_graph()
    rows = summary_rows(graph)
    assert sum(row.macs for row in rows if row.macs is not None) == graph.graph["total_macs"]
    folded = summary_rows(fold_graph(graph))
    assert sum(row.macs for row in folded if row.macs is not None) == graph.graph["total_macs"]


def test_nested_rows_sum_their_layers() -> None:
    inner = Sequential([Input((8,)), layers.Dense(4), layers.Dense(2)], name="inner")
    inputs = Input((8,))
    model = Model(inputs, inner(inputs))
    rows = summary_rows(model.to_graph(), expand_nested=True)
    by_name = {row.name: row.macs for row in rows}
    assert by_name["inner"] == by_name["dense"] + by_name["dense_1"] == 8 * 4 + 4 * 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_model_same_bytes(fmt: str) -> None:
    model = _cifar()
    first = format_summary(model, fmt=fmt, show_macs=True, explain=True)
    assert first == format_summary(model, fmt=fmt, show_macs=True, explain=True)


def test_bad_count_names_the_choices() -> None:
    with pytest.raises(LayerConfigError, match="macs, flops"):
        format_summary(_cifar(), count="mults")
    with pytest.raises(LayerConfigError, match="'macs' or 'flops'"):
        to_dot_text(_cifar(), show_macs=True, count="mults")


def test_diagram_boxes() -> None:
    dot = to_dot_text(_cifar(), show_macs=True)
    assert dot.count("MACs: <b>") == 6 and "MACs: <b>49.84 M</b>" in dot
    flops = to_dot_text(_cifar(), show_macs=True, count="flops")
    assert "FLOPs: <b>99.68 M</b>" in flops
    assert "MACs" not in to_dot_text(_cifar())


def test_graph_without_compute_attributes_is_annotated_on_demand() -> None:
    graph = _cifar().to_graph()
    bare = nx.DiGraph(graph)
    bare.graph = {k: v for k, v in graph.graph.items() if "macs" not in k}
    for _, data in bare.nodes(data=True):
        data.pop("macs", None)
    assert "Total MACs: 76,145,280" in format_summary(bare, show_macs=True)


def test_cli_show_macs_and_count() -> None:
    result = _cli("summary", str(CIFAR), "--show-macs")
    assert result.returncode == 0, result.stderr
    assert "Total MACs: 76,145,280 (76.15 M)" in result.stdout
    flops = _cli("summary", str(CIFAR), "--count", "flops", "--format", "json")
    assert json.loads(flops.stdout)["total_flops"] == 152_290_560
    bad = _cli("summary", str(CIFAR), "--count", "mults")
    assert bad.returncode == 2


def test_cli_plot_show_macs(tmp_path: Path) -> None:
    out = tmp_path / "cifar.dot"
    result = _cli("plot", str(CIFAR), "-o", str(out), "--show-macs")
    assert result.returncode == 0, result.stderr
    assert "MACs: <b>11.08 M</b>" in out.read_text()


def test_model_summary_method_takes_show_macs() -> None:
    lines: list[str] = []
    _cifar().summary(show_macs=True, print_fn=lines.append)
    assert "Total MACs: 76,145,280 (76.15 M)" in lines
