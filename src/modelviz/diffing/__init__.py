"""Review what changed between two versions of a model: ``modelviz.diff(old, new)``.

The package is ``modelviz.diffing`` so that ``modelviz.diff`` stays the function.

``diff`` turns both models into graphs (:mod:`modelviz.graph`), matches their layers
in tiers (:mod:`modelviz.diffing.matching`: names, then signatures aligned between
anchors, then structural hashes; never graph edit distance) and returns a
:class:`ModelDiff`: ``added``, ``removed``, ``changed``, ``renamed`` and ``affected``
layers, ``total_params`` before and after, and ``to_graph()``, the union graph whose
schema is in :mod:`modelviz.diffing.union`. Emitters read only that data:
:func:`format_diff` (text, markdown, JSON) and :func:`diff_to_dot` (an overlay or
side-by-side diagram).

A ``Sequential`` model shows no ``InputLayer`` (as in Keras's summary), so when one
side is a ``Sequential`` and the other is not, the other side's top-level
``InputLayer`` nodes are left out of the comparison (listed in ``ignored``).

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> old = Sequential([Input((784,)), layers.Dense(128, name="hidden"),
    ...                   layers.Dense(10, name="out")])
    >>> new = Sequential([Input((784,)), layers.Dense(256, name="hidden"),
    ...                   layers.Dropout(0.2, name="drop"), layers.Dense(10, name="out")])
    >>> d = diff(old, new)
    >>> d.added, [(c.new, c.fields["units"]) for c in d.changed], d.total_params
    (['drop'], [('hidden', (128, 256))], (101770, 203530))
"""

from __future__ import annotations

import os
from typing import Any

import networkx as nx

from modelviz.diffing.dot import DiffDotOptions, diff_to_dot
from modelviz.diffing.formats import DIFF_FORMATS, format_diff
from modelviz.diffing.matching import match_layers
from modelviz.diffing.model import STATUSES, LayerChange, ModelDiff, compare_graphs
from modelviz.diffing.plot import plot_diff
from modelviz.diffing.signatures import Signatures
from modelviz.errors import ModelFileError
from modelviz.fold import fold_graph
from modelviz.gcpause import paused_gc

__all__ = ["DIFF_FORMATS", "STATUSES", "DiffDotOptions", "LayerChange", "ModelDiff", "diff",
           "diff_to_dot", "format_diff", "match_layers", "plot_diff"]


def diff(old: Any, new: Any, *, fold_repeats: bool = False) -> ModelDiff:
    """Compare two models (models, their graphs, or paths :func:`modelviz.load` reads).

    Args:
        old, new: the two versions.
        fold_repeats: compare runs of repeated blocks as one layer each
            (:func:`modelviz.fold.fold_graph`), so ``×12 → ×24`` reads as one change.

    Raises:
        ModelFileError: a path that cannot be read, or something that is not a model.
    """
    old_graph, new_graph = _graph(old, "old"), _graph(new, "new")
    with paused_gc():
        old_graph, new_graph, ignored = _comparable(old_graph, new_graph)
        sources = (old_graph, new_graph)
        if fold_repeats:
            old_graph, new_graph = fold_graph(old_graph), fold_graph(new_graph)
        signatures = Signatures()
        signatures.add("old", old_graph, sources[0])
        signatures.add("new", new_graph, sources[1])
        matching = match_layers(old_graph, new_graph, signatures)
        result = compare_graphs(old_graph, new_graph, matching, *sources)
    if ignored:
        result = ModelDiff(result.old_graph, result.new_graph, result.layers, result.union,
                           tuple(ignored))
    return result


def _graph(value: Any, side: str) -> nx.DiGraph:
    if isinstance(value, nx.DiGraph):
        return value
    from modelviz.importers import load, load_fresh

    model = load_fresh(value) if isinstance(value, (str, os.PathLike)) else load(value)
    if not hasattr(model, "to_graph"):
        raise ModelFileError(f"diff: the {side} model is a {type(model).__name__}; give a model, "
                             "its graph or a path")
    return model.to_graph()


def _comparable(old: nx.DiGraph, new: nx.DiGraph) -> tuple[nx.DiGraph, nx.DiGraph, list[str]]:
    """Leave out top-level InputLayers when only one side can show them (a Sequential)."""
    sequential = (old.graph.get("class_name") == "Sequential",
                  new.graph.get("class_name") == "Sequential")
    if sequential[0] == sequential[1]:
        return old, new, []
    other = new if sequential[0] else old
    inputs = [key for key, data in other.nodes(data=True)
              if data["depth"] == 0 and data["class_name"] == "InputLayer"]
    trimmed = other.copy()
    trimmed.remove_nodes_from(inputs)
    return (old, trimmed, inputs) if sequential[0] else (trimmed, new, inputs)
