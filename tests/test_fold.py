"""Folding repeated blocks (modelviz.fold): fewer nodes, same totals, readable output."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pydot
import pytest

from modelviz import Input, Model, Sequential, layers, load
from modelviz.fold import fold_graph
from modelviz.plot import plot_model, to_dot_text
from modelviz.tables import format_summary, summary_rows

RESNET50 = Path(__file__).parent / "fixtures" / "keras3" / "configs" / "app_resnet50.json"
_TOTALS = ("total_params", "trainable_params", "non_trainable_params", "total_bytes")


def _transformer(depth: int = 12, width: int = 32) -> Model:
    inputs = x = Input((16, width))
    for _ in range(depth):
        attention = layers.MultiHeadAttention(num_heads=4, key_dim=8)(x, x)
        x = layers.LayerNormalization()(layers.Add()([x, attention]))
        hidden = layers.Dense(4 * width, activation="relu")(x)
        x = layers.LayerNormalization()(layers.Add()([x, layers.Dense(width)(hidden)]))
    return Model(inputs, layers.Dense(2)(x))


def _groups(graph) -> list[dict]:
    return [data for _, data in graph.nodes(data=True) if data.get("group")]


def _check_invariants(graph, folded) -> None:
    for key in _TOTALS:
        assert folded.graph[key] == graph.graph[key]
    rows = summary_rows(folded)
    assert sum(row.params or 0 for row in rows) == graph.graph["total_params"]
    members = sum(len(group["group"]["members"]) for group in _groups(folded))
    assert len(folded) == len(graph) - members + len(_groups(folded))


def test_dense_stack_folds_to_one_row() -> None:
    graph = Sequential([Input((8,))] + [layers.Dense(8) for _ in range(30)]).to_graph()
    folded = fold_graph(graph)
    _check_invariants(graph, folded)
    assert len(folded) == 1
    (group,) = _groups(folded)
    assert group["class_name"] == "Dense ×30" and group["group"]["repeats"] == 30
    text = format_summary(graph, fold_repeats=True, fmt="markdown")
    assert "dense … dense_29 (Dense ×30)" in text
    assert f"Total params: {graph.graph['total_params']:,}" in text


def test_resnet50_identity_blocks_fold() -> None:
    graph = load(RESNET50).to_graph()
    folded = fold_graph(graph)
    _check_invariants(graph, folded)
    assert len(folded) < len(graph) * 0.4
    repeats = [group["group"]["repeats"] for group in _groups(folded)]
    assert repeats == [2, 3, 5, 2]  # identity blocks after each stage's conv block
    assert all(group["group"]["block_size"] == 10 for group in _groups(folded))
    assert _groups(folded)[0]["name"].startswith("conv2_block2_1_conv")


def test_transformer_layers_fold() -> None:
    graph = _transformer().to_graph()
    folded = fold_graph(graph)
    _check_invariants(graph, folded)
    (group,) = _groups(folded)
    assert group["group"]["repeats"] == 12
    assert group["group"]["block_classes"] == ["MultiHeadAttention", "Add", "LayerNormalization",
                                               "Dense", "Dense", "Add", "LayerNormalization"]
    assert group["input_shapes"][0] == (None, 16, 32)
    assert group["output_shapes"] == [(None, 16, 32)]
    assert len(folded) == 3


def test_parallel_branches_and_unique_layers_do_not_fold() -> None:
    inputs = Input((4,))
    a, b = layers.Dense(3)(inputs), layers.Dense(3)(inputs)  # identical but side by side
    graph = Model(inputs, layers.Concatenate()([a, b])).to_graph()
    assert len(fold_graph(graph)) == len(graph)
    graph = Sequential([Input((8,)), layers.Dense(4), layers.Dense(8), layers.Dense(2)]).to_graph()
    assert len(fold_graph(graph)) == len(graph)


def test_fold_does_not_change_the_input_graph() -> None:
    graph = Sequential([Input((8,))] + [layers.Dense(8) for _ in range(4)]).to_graph()
    before = (list(graph.nodes), list(graph.edges))
    fold_graph(graph)
    assert (list(graph.nodes), list(graph.edges)) == before


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "json"])
def test_folded_summary_formats(fmt: str) -> None:
    text = format_summary(_transformer(depth=3), fmt=fmt, fold_repeats=True)
    assert "×3" in text


def test_folded_dot_has_badge_and_shape_range(tmp_path: Path) -> None:
    model = _transformer(depth=4)
    dot = to_dot_text(model, fold_repeats=True, show_shapes=True)
    assert pydot.graph_from_dot_data(dot)
    assert "<b>×4</b>" in dot and "(None, 16, 32) → (None, 16, 32)" in dot
    assert dot.count("[label=") < to_dot_text(model).count("[label=")
    out = tmp_path / "t.svg"
    plot_model(model, to_file=out, fold_repeats=True, engine="graphviz-pure")
    svg = out.read_text()
    ET.fromstring(svg.encode())
    assert "×4" in svg


def test_folding_is_deterministic() -> None:
    graph = load(RESNET50).to_graph()
    assert to_dot_text(fold_graph(graph)) == to_dot_text(fold_graph(graph))
