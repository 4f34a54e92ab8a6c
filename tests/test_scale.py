"""Scale: a 100,000-layer chain builds, summarises and draws without recursing over depth.

Untimed (timings live in benchmarks/ and docs/benchmarks.md); the recursion limit is
lowered to just above the current stack, so any walk that recurses per layer fails.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from modelviz import Input, Sequential, layers
from modelviz.diagram import DotOptions, to_dot
from modelviz.fold import fold_graph
from modelviz.plot import model_to_dot
from modelviz.tables import format_summary

LAYERS = 100_000


@contextlib.contextmanager
def shallow_stack(headroom: int = 120) -> Iterator[None]:
    """Allow only ``headroom`` frames beyond the caller's."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + headroom)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def test_100k_layer_chain_builds_summarises_and_draws() -> None:
    with shallow_stack():
        model = Sequential([Input((8,))] + [layers.Dense(8) for _ in range(LAYERS)])
        graph = model.to_graph()
        text = format_summary(graph)
        dot = to_dot(graph, DotOptions(show_shapes=True))
        pydot_text = model_to_dot(model).to_string()
    assert graph.number_of_nodes() == LAYERS and graph.number_of_edges() == LAYERS - 1
    assert graph.graph["total_params"] == LAYERS * (8 * 8 + 8)
    assert f"Total params: {LAYERS * 72:,}" in text
    assert text.count("(Dense)") == LAYERS
    assert dot.count(" -> ") == LAYERS - 1
    assert pydot_text.count(" -> ") == LAYERS - 1 and pydot_text.endswith("}\n")


def test_10k_layer_chain_folds_to_one_group() -> None:
    graph = Sequential([Input((8,))] + [layers.Dense(8) for _ in range(10_000)]).to_graph()
    with shallow_stack():
        folded = fold_graph(graph)
    assert len(folded) == 1 and folded.graph["total_params"] == graph.graph["total_params"]
