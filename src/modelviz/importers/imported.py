"""What a foreign-model importer hands over: :class:`Op` records, the
:class:`ImportedModel` holding the graph built from them (:mod:`modelviz.importers.op_graph`),
and the weight explanations (``W 64×3×7×7 + B 64 = 9,472``).

Example:
    >>> explain("Gemm", [("B", (10, 4)), ("C", (10,))])
    'B 10×4 + C 10 = 50'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

__all__ = ["ImportedModel", "Op", "count_text", "explain"]

Shape = tuple[Any, ...]


@dataclass(slots=True)
class Op:
    """One operation (or leaf module) of a foreign model."""

    name: str
    class_name: str
    scope: tuple[str, ...] = ()
    calls: list[tuple[list[str], list[str]]] = field(default_factory=list)  # (inputs, outputs)
    weights: list[dict[str, Any]] = field(default_factory=list)  # name, shape, trainable, dtype
    explanation: str = ""
    config: dict[str, Any] = field(default_factory=dict)
    is_operation: bool = False
    operators: list[list[dict[str, Any]]] = field(default_factory=list)  # per call, for MACs
    attributes: dict[str, Any] = field(default_factory=dict)  # extra node attributes


class ImportedModel:
    """A model read from a foreign format: it holds its graph and hands out copies.

    ``summary``, ``plot_model`` and ``to_graph`` accept it like a modelviz model;
    ``capture`` says how the graph was obtained (``"onnx"``, ``"torch.export"``,
    ``"recorder"``).
    """

    def __init__(self, graph: nx.DiGraph, capture: str) -> None:
        self._graph = graph
        self.capture = capture
        self.name = str(graph.graph["name"])

    def to_graph(self) -> nx.DiGraph:
        """A copy of the model graph (schema in :mod:`modelviz.graph`)."""
        return self._graph.copy()

    def held_graph(self) -> nx.DiGraph:
        """The model graph itself, not a copy, for emitters that only read it.

        A 100,000-operation graph copies in about a second and a few hundred MB; the
        summary, the drawing and the page read the held graph (see
        :func:`modelviz.graph.graph_of`). Change nothing in it: take ``to_graph()`` for that.
        """
        return self._graph

    def count_params(self) -> int:
        """Every weight once, as Keras's ``count_params``."""
        return int(self._graph.graph["total_params"])

    def summary(self, **options: Any) -> None:
        """Print the summary (options of :func:`modelviz.summary`)."""
        from modelviz.tables import summary

        summary(self, **options)

    def __repr__(self) -> str:
        return f"<ImportedModel {self.name!r} from {self.capture}, {len(self._graph)} nodes>"


def count_text(shape: Shape) -> str:
    """``64×3×7×7`` for a weight shape.

    Example:
        >>> count_text((64, 3, 7, 7))
        '64×3×7×7'
    """
    return "×".join(str(d) for d in shape) if shape else "scalar"


def explain(class_name: str, weights: list[tuple[str, Shape]]) -> str:
    """``W 64×3×7×7 + B 64 = 9,472`` from (label, shape) pairs.

    Example:
        >>> explain("Conv", [("W", (8, 3, 3, 3)), ("B", (8,))])
        'W 8×3×3×3 + B 8 = 224'
        >>> explain("Relu", [])
        'Relu has no weights'
    """
    if not weights:
        return f"{class_name} has no weights"
    terms = " + ".join(f"{label} {count_text(shape)}" for label, shape in weights)
    return f"{terms} = {sum(math.prod(shape) for _, shape in weights):,}"
