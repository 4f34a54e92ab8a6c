"""Big branchy functional models work (timings live in benchmarks/bench_branchy.py)."""

from __future__ import annotations

from modelviz import Input, Model, layers
from modelviz.diagram import DotOptions, to_dot
from modelviz.tables import format_summary


def test_twenty_thousand_layers_of_dense_and_add_blocks() -> None:
    inputs = Input((4,))
    x = inputs
    for _ in range(5_000):
        a = layers.Dense(4)(x)
        x = layers.Add()([layers.Dense(4)(x), layers.Dense(4)(a)])
    model = Model(inputs, x)
    graph = model.to_graph()
    assert graph.number_of_nodes() == 20_001 and graph.number_of_edges() == 25_000
    assert graph.graph["total_params"] == 15_000 * 20
    assert "Connected to" in format_summary(graph)
    assert to_dot(graph, DotOptions()).count("->") == 25_000
