"""Big drawings stay readable: the main path is one straight column (one row for LR).

Measured on the SVG graphviz-pure renders (no system ``dot``): the centres of the boxes
on the main path (:func:`modelviz.diagram.dot.main_path`) share one x (one y for
``rankdir="LR"``), and the drawing is at most 2.5 times as wide as its widest box.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from modelviz import load
from modelviz.diagram import to_dot
from modelviz.diagram.dot import dot_block, main_path
from modelviz.plot import dot_options
from modelviz.render import render

ROOT = Path(__file__).parent
RESNET50 = ROOT / "fixtures" / "keras3" / "configs" / "app_resnet50.json"
RESNET18_ONNX = ROOT / "fixtures" / "onnx" / "resnet18.onnx"
NODE = re.compile(r'<g id="node\d+" class="node">\s*<title>(n\d+)</title>(.*?)</g>', re.S)
POINTS = re.compile(r'points="([^"]*)"')


def boxes(svg: str) -> dict[str, tuple[float, float, float, float]]:
    """DOT id -> (left, top, right, bottom) of its drawn box, in points."""
    out = {}
    for node_id, body in NODE.findall(svg):
        pairs = [p.split(",") for points in POINTS.findall(body) for p in points.split()]
        xs, ys = [float(x) for x, _ in pairs], [float(y) for _, y in pairs]
        out[node_id] = (min(xs), min(ys), max(xs), max(ys))
    return out


def drawn(graph: Any, **options: Any) -> tuple[list[str], dict[str, Any], float]:
    """The main path's ids, every box, and the drawing's width (points)."""
    opts = dot_options(show_shapes=True, show_layer_names=True, dpi=None, **options)
    svg = render(to_dot(graph, opts), "svg", engine="graphviz-pure").decode()
    width = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1))
    return dot_block(graph, opts).main, boxes(svg), width


def assert_straight(graph: Any, max_ratio: float, **options: Any) -> None:
    path, box, width = drawn(graph, **options)
    assert len(path) > len(box) / 2  # the path is most of the model here
    across = 1 if options.get("rankdir") == "LR" else 0
    centres = [(box[i][across] + box[i][across + 2]) / 2 for i in path]
    assert max(centres) - min(centres) < 1.0, centres
    if across == 0:
        widest = max(right - left for left, _, right, _ in box.values())
        assert width <= max_ratio * widest


def test_main_path_is_the_longest_chain_first_inputs_first() -> None:
    # n0 -> n1 -> n2 -> n4 and a shortcut n0 -> n3 -> n4: the longer branch is the path
    edges = [("n0", "n1"), ("n1", "n2"), ("n0", "n3"), ("n3", "n4"), ("n2", "n4")]
    assert main_path(5, edges) == ["n0", "n1", "n2", "n4"]
    # equal branches: the first input's
    assert main_path(4, [("n0", "n1"), ("n0", "n2"), ("n1", "n3"), ("n2", "n3")]) == \
        ["n0", "n1", "n3"]
    # an edge back to an earlier box (a module called twice) is not followed
    assert main_path(4, [("n0", "n1"), ("n1", "n2"), ("n2", "n1"), ("n0", "n3")]) == \
        ["n0", "n1", "n2"]


def test_main_path_nodes_and_edges_are_marked_in_the_dot_text() -> None:
    graph = load(RESNET50).to_graph()
    text = to_dot(graph, dot_options(dpi=None))
    path = dot_block(graph, dot_options(dpi=None)).main
    assert text.count("group=main") == len(path)
    assert text.count("weight=100") == len(path) - 1
    assert f"{path[0]} -> {path[1]} [color=\"#455a64\", arrowsize=0.8, weight=100];" in text


def test_a_plain_chain_is_left_as_it_was() -> None:
    from modelviz import Input, Sequential, layers

    graph = Sequential([Input((4,)), layers.Dense(4), layers.Dense(2)]).to_graph()
    assert "group=" not in to_dot(graph, dot_options(dpi=None))


def test_keras_resnet50_is_straight_and_narrow() -> None:
    assert_straight(load(RESNET50).to_graph(), 2.0)


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_onnx_resnet18_expanded_is_straight_across_clusters(rankdir: str) -> None:
    pytest.importorskip("onnx")
    assert_straight(load(RESNET18_ONNX).to_graph(), 2.5, expand_nested=True, rankdir=rankdir)


def test_torch_resnet18_capture_expanded_is_straight() -> None:
    torch = pytest.importorskip("torch")
    from torch import nn

    from modelviz.torch import from_torch

    from .fixtures import torch_models

    class Block(torch_models.BasicBlock):
        """The fixture's block with its second ReLU a module of its own (called once)."""

        def __init__(self, inplanes: int, planes: int, stride: int = 1) -> None:
            super().__init__(inplanes, planes, stride)
            self.relu2 = nn.ReLU()

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            identity = x if self.downsample is None else self.downsample(x)
            out = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
            return self.relu2(out + identity)

    model = torch_models.ResNet18()
    for name in ("layer1", "layer2", "layer3", "layer4"):
        layer = getattr(model, name)
        for i, old in enumerate(layer):
            stride = old.conv1.stride[0]
            layer[i] = Block(old.conv1.in_channels, old.conv1.out_channels, stride)
    graph = from_torch(model.eval(), torch.zeros(1, 3, 64, 64), capture="recorder").to_graph()
    assert_straight(graph, 2.5, expand_nested=True)
