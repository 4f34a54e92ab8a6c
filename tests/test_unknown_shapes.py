"""Unknown shapes (``None``) print as ``?`` / ``null`` in every format, for every source.

Issue 20 item 10: ONNX exports of attention and torch's ``unbind`` leave operators without
an inferred shape; ``--format json --expand-nested`` ended in a traceback. Each source
below is read once; every summary format (with and without compute columns), the DOT
text, the interactive page's records and the diff formats are made from it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from modelviz import Input, Sequential, layers, load
from modelviz.diffing import diff, format_diff
from modelviz.html.records import node_records
from modelviz.plot import to_dot_text
from modelviz.tables import format_summary

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def _keras_definition() -> nx.DiGraph:
    return Sequential([Input((4,)), layers.Dense(3, name="d"), layers.Dense(2, name="out")],
                      name="defined").to_graph()


def _with_unknown_shapes() -> nx.DiGraph:
    """A definition whose layers lost their shapes, as an importer that cannot infer them."""
    graph = _keras_definition()
    graph.nodes["d"]["output_shapes"] = [None]
    graph.nodes["out"]["output_shapes"] = [(None, 2), None]
    return graph


def _torch_attention() -> nx.DiGraph:
    torch = pytest.importorskip("torch")
    from modelviz import from_torch

    class Attention(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.qkv = torch.nn.Linear(8, 24)

        def forward(self, x: Any) -> Any:  # timm's ViT: unbind's first output has no shape
            q, k, v = self.qkv(x).reshape(1, 4, 3, 8).permute(2, 0, 1, 3).unbind(0)
            return (q @ k.transpose(-1, -2)).softmax(-1) @ v

    return from_torch(Attention(), torch.zeros(1, 4, 8)).to_graph()


def _onnx(name: str) -> nx.DiGraph:
    pytest.importorskip("onnx")
    return load(FIXTURES / "onnx" / name).to_graph()


def _onnx_unknown_operator() -> nx.DiGraph:
    """An operator of a domain ONNX does not know: no inference or evaluation gives its shape."""
    import tempfile

    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    node = helper.make_node("Mystery", ["x"], ["y"], domain="com.example", name="mystery")
    relu = helper.make_node("Relu", ["y"], ["z"], name="relu")
    graph = helper.make_graph([node, relu], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
                              [helper.make_tensor_value_info("z", TensorProto.FLOAT, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                    helper.make_opsetid("com.example", 1)])
    path = Path(tempfile.mkdtemp()) / "unknown.onnx"
    onnx.save(model, str(path))
    return load(path).to_graph()


SOURCES = {
    "keras_definition": _keras_definition,
    "python_file": lambda: load(ROOT / "examples" / "mlp.py").to_graph(),
    "keras_file": lambda: load(FIXTURES / "files" / "scaled_dense.keras").to_graph(),
    "h5_file": lambda: load(FIXTURES / "files" / "scaled_dense.h5").to_graph(),
    "tfjs_folder": lambda: load(FIXTURES / "tfjs" / "tfjs_cnn").to_graph(),
    "onnx_attention": lambda: _onnx("transformer.onnx"),
    "torch_attention": _torch_attention,
    "onnx_unknown_operator": _onnx_unknown_operator,
    "unknown_shapes": _with_unknown_shapes,
}
_CACHE: dict[str, nx.DiGraph] = {}


def _graph(source: str) -> nx.DiGraph:
    if source not in _CACHE:
        _CACHE[source] = SOURCES[source]()
    return _CACHE[source].copy()


def _unknown(graph: nx.DiGraph) -> list[str]:
    return [key for key, shapes in graph.nodes(data="output_shapes")
            if any(shape is None for shape in shapes)]


def _as_json(shapes: list[Any]) -> list[Any]:
    return [None if shape is None else list(shape) for shape in shapes]


def test_the_sources_with_unknown_shapes_have_them() -> None:
    for source in ("onnx_unknown_operator", "unknown_shapes"):
        assert _unknown(_graph(source)), source


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "json"])
@pytest.mark.parametrize("source", sorted(SOURCES))
def test_every_summary_format_prints_unknown_shapes(source: str, fmt: str) -> None:
    graph = _graph(source)
    for macs in (False, True):
        text = format_summary(graph, fmt=fmt, expand_nested=True, show_macs=macs, explain=True,
                              line_length=400)  # one line per row
        if fmt == "json":
            shown = {layer["name"]: layer["output_shapes"] for layer in json.loads(text)["layers"]}
            for key in _unknown(graph):
                name = graph.nodes[key]["name"]
                assert shown[name] == _as_json(graph.nodes[key]["output_shapes"])
            continue
        lines = text.splitlines()
        for key in _unknown(graph):
            name = graph.nodes[key]["name"]
            at = next(i for i, line in enumerate(lines) if f"{name} (" in line)
            row = " ".join(lines[at:at + 2])  # text wraps several shapes after "),", as Keras
            assert "?" in row and " None " not in row.replace("(None", ""), row


@pytest.mark.parametrize("source", ["onnx_unknown_operator", "unknown_shapes"])
def test_drawings_pages_and_diffs_print_unknown_shapes(source: str) -> None:
    graph = _graph(source)
    key = _unknown(graph)[0]
    dot = to_dot_text(graph, show_shapes=True, expand_nested=True)
    assert re.search(r"Output shape: <b>[^<]*\?[^<]*</b>", dot)
    assert "?" in dict(node_records(graph)[key]["rows"])["Output shape"]
    changed = graph.copy()
    changed.nodes[key]["output_shapes"] = [(None, 7)]
    result = diff(graph, changed)
    for fmt in ("text", "markdown"):
        assert "?" in format_diff(result, fmt=fmt)
    data = json.loads(format_diff(result, fmt="json"))
    entry = next(e for e in data["affected"] + data["changed"] if e["new"] == key)
    assert entry["fields"]["output_shapes"] == [_as_json(graph.nodes[key]["output_shapes"]),
                                                [[None, 7]]]
