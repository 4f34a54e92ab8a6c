"""Test session set-up shared by every test module."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests import torchvision_ops

# Model constructors from torchvision, timm and transformers: no network, no hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
torchvision_ops.install()


@pytest.fixture(autouse=True)
def _one_pass_equals_the_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every imported graph a test builds in one pass (ONNX files, torch captures) is
    also built by the general passes, and the two must be the same record for record:
    the one pass is a shortcut, never a second meaning. Graphs over 20,000 operations
    (the big-graph tests) are left to ``tests/test_op_stream.py``'s own checks, and so are
    the builds a test measures with ``tracemalloc`` (the second graph would count)."""
    import tracemalloc

    from modelviz.importers import op_graph

    one_pass = op_graph.stream_graph

    def checked(ops: list[Any], *args: Any) -> Any:
        built = one_pass(ops, *args)
        if len(ops) <= 20_000 and not tracemalloc.is_tracing():
            assert_same_graph(built[0], op_graph._passes(ops, *args)[0])
        return built

    monkeypatch.setattr(op_graph, "stream_graph", checked)


def assert_same_graph(a: Any, b: Any) -> None:
    """Same nodes, records (keys in order), edges and adjacency order, graph attributes."""
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert all(list(a.nodes[key]) == list(b.nodes[key]) for key in b)
    assert list(a.edges(data=True)) == list(b.edges(data=True))
    assert [(k, list(v)) for k, v in a.pred.items()] == [(k, list(v)) for k, v in b.pred.items()]
    assert list(a.graph.items()) == list(b.graph.items())
