"""Memory bounds of big imported graphs, with a generous margin (timings: benchmarks/).

``benchmarks/bench_big.py`` measures the ratios to their floors; here the traced Python
memory per operator keeps its order: no copy of the graph per emitter, no per-node copies
of whole configs, nothing quadratic.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from modelviz import format_summary, load
from modelviz.html import model_page
from modelviz.plot import dot_options

onnx = pytest.importorskip("onnx")


def chain(path: Path, operators: int) -> Path:
    """A MatMul/Relu chain with torch-style module paths (benchmarks/onnx_chain.py, small)."""
    from onnx import TensorProto, helper

    nodes, weights, previous = [], [], "x"
    for i in range(operators):
        layer, out = i // 2, f"t{i}"
        if i % 2:
            nodes.append(helper.make_node("Relu", [previous], [out], name=f"/l.{layer}/act/Relu"))
        else:
            weights.append(helper.make_tensor(f"l.{layer}.w", TensorProto.FLOAT, [8, 8],
                                              [0.0] * 64))
            nodes.append(helper.make_node("MatMul", [previous, f"l.{layer}.w"], [out],
                                          name=f"/l.{layer}/fc/MatMul"))
        previous = out
    graph = helper.make_graph(nodes, "chain",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8])],
                              [helper.make_tensor_value_info(previous, TensorProto.FLOAT,
                                                             [1, 8])], weights)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
    return path


def traced_peak(func: object) -> int:
    tracemalloc.start()
    try:
        func()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_onnx_summary_memory_per_operator(tmp_path: Path) -> None:
    path = chain(tmp_path / "chain.onnx", 2000)
    peak = traced_peak(lambda: format_summary(load(path)))
    assert peak < 10_000 * 2000  # about 5.4 kB an operator today; a second graph copy ~8 kB


def test_big_page_memory_per_node(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import modelviz.html.model as page_model

    monkeypatch.setattr(page_model, "ALL_VIEWS_MAX_NODES", 100)  # one view, as a big model
    graph = load(chain(tmp_path / "chain.onnx", 600)).to_graph()
    pages: list[str] = []
    peak = traced_peak(lambda: pages.append(model_page(graph, dot_options(dpi=None),
                                                       engine="graphviz-pure")))
    assert peak < 12_000 * len(graph)  # about 5 kB a node today
    assert pages[0].count("<title>chain</title>") == 1
