"""``ModelDiff``: what changed between two model graphs, and their union graph.

Example:
    >>> from modelviz import Input, Sequential, layers
    >>> old = Sequential([Input((4,)), layers.Dense(8, name="a"), layers.Dense(2, name="b")])
    >>> new = Sequential([Input((4,)), layers.Dense(16, name="a"), layers.Dense(2, name="b")])
    >>> d = compare_graphs(old.to_graph(), new.to_graph(), {"a": "a", "b": "b"})
    >>> [c.new for c in d.changed], d.changed[0].fields["units"], [c.new for c in d.affected]
    (['a'], (8, 16), ['b'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx

from modelviz.diffing.signatures import class_key, flat_config
from modelviz.diffing.union import layer_name, union_graph

__all__ = ["STATUSES", "LayerChange", "ModelDiff", "compare_graphs"]

STATUSES: Final = ("added", "removed", "changed", "renamed", "same")


@dataclass(frozen=True)
class LayerChange:
    """One layer of the union: its keys on each side, its status and what differs.

    ``fields`` maps a config key (dotted inside nested configs), ``class_name``,
    ``repeats`` (folded blocks), ``params`` or ``output_shapes`` to ``(old, new)``.
    ``affected`` is True when only parameters or shapes differ, as consequences of a
    change upstream.
    """

    old: str | None
    new: str | None
    status: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    affected: bool = False

    @property
    def key(self) -> str:
        """The key on the newer side that has it."""
        return self.new if self.new is not None else str(self.old)


@dataclass(frozen=True)
class ModelDiff:
    """The result of :func:`modelviz.diff`: every layer of both models, old and new graphs.

    ``layers`` is in union order (the new model's order, each removed layer where it
    was in the old model, before the layers added in its place); ``to_graph()`` is the union graph.
    """

    old_graph: nx.DiGraph
    new_graph: nx.DiGraph
    layers: tuple[LayerChange, ...]
    union: nx.DiGraph = field(repr=False)
    ignored: tuple[str, ...] = ()

    @property
    def added(self) -> list[str]:
        """New keys of the layers only the new model has."""
        return [c.key for c in self.layers if c.status == "added"]

    @property
    def removed(self) -> list[str]:
        """Old keys of the layers only the old model has."""
        return [str(c.old) for c in self.layers if c.status == "removed"]

    @property
    def changed(self) -> list[LayerChange]:
        """Matched layers whose class or config differ."""
        return [c for c in self.layers if c.status == "changed"]

    @property
    def renamed(self) -> list[tuple[str, str]]:
        """``(old key, new key)`` of matched layers whose name differs."""
        return [(str(c.old), str(c.new)) for c in self.layers if c.old is not None
                and c.new is not None
                and layer_name(self.old_graph, c.old) != layer_name(self.new_graph, c.new)]

    @property
    def affected(self) -> list[LayerChange]:
        """Layers with only consequences: parameters or shapes changed upstream."""
        return [c for c in self.layers if c.affected]

    @property
    def total_params(self) -> tuple[int, int]:
        """``(old, new)`` total parameter counts."""
        return self.old_graph.graph["total_params"], self.new_graph.graph["total_params"]

    @property
    def has_changes(self) -> bool:
        """True when anything at all differs (the CLI's ``--exit-code`` 1)."""
        return any(c.status != "same" or c.affected for c in self.layers) or any(
            status != "same" for _, _, status in self.union.edges(data="status"))

    def to_graph(self) -> nx.DiGraph:
        """The union graph (schema in :mod:`modelviz.diffing`'s docstring)."""
        return self.union


def compare_graphs(old: nx.DiGraph, new: nx.DiGraph, matching: dict[str, str],
                   old_source: nx.DiGraph | None = None,
                   new_source: nx.DiGraph | None = None) -> ModelDiff:
    """A :class:`ModelDiff` from two graphs and a matching (old key -> new key)."""
    changes = []
    for old_key, new_key in _union_order(old, new, matching):
        if old_key is None:
            changes.append(LayerChange(None, new_key, "added"))
        elif new_key is None:
            changes.append(LayerChange(old_key, None, "removed"))
        else:
            changes.append(_compare(old, new, old_key, new_key, old_source, new_source))
    layers = tuple(changes)
    return ModelDiff(old, new, layers, union_graph(old, new, layers))


def _union_order(old: nx.DiGraph, new: nx.DiGraph, matching: dict[str, str]
                 ) -> list[tuple[str | None, str | None]]:
    """The new order; removed layers come where they were, before the layers added there."""
    back = {n: o for o, n in matching.items()}
    old_keys, new_keys = list(old), list(new)
    old_index = {key: i for i, key in enumerate(old_keys)}
    # the old position of the next matched layer at or after each new position
    upcoming = [len(old_keys)] * (len(new_keys) + 1)
    for position in range(len(new_keys) - 1, -1, -1):
        matched = back.get(new_keys[position])
        upcoming[position] = old_index[matched] if matched is not None else upcoming[
            position + 1]
    order: list[tuple[str | None, str | None]] = []
    cursor = 0
    for position, key in enumerate(new_keys):
        while cursor < upcoming[position]:
            if old_keys[cursor] not in matching:
                order.append((old_keys[cursor], None))
            cursor += 1
        order.append((back.get(key), key))
    order.extend((key, None) for key in old_keys[cursor:] if key not in matching)
    return order


def _compare(old: nx.DiGraph, new: nx.DiGraph, old_key: str, new_key: str,
             old_source: nx.DiGraph | None, new_source: nx.DiGraph | None) -> LayerChange:
    a, b = old.nodes[old_key], new.nodes[new_key]
    fields: dict[str, tuple[Any, Any]] = {}
    if class_key(a, old_source) != class_key(b, new_source):
        fields["class_name"] = (a["class_name"], b["class_name"])
    if a.get("group") and b.get("group") and a["group"]["repeats"] != b["group"]["repeats"]:
        fields["repeats"] = (a["group"]["repeats"], b["group"]["repeats"])
    fields.update(_config_fields(a["config"], b["config"]))
    structural = bool(fields)
    for attribute in ("params", "output_shapes"):
        if a[attribute] != b[attribute]:
            fields[attribute] = (a[attribute], b[attribute])
    if structural:
        status = "changed"
    else:
        status = "renamed" if layer_name(old, old_key) != layer_name(new, new_key) else "same"
    return LayerChange(old_key, new_key, status, fields, not structural and bool(fields))


def _config_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    if len(old) == len(new) and all(k == "name" or new.get(k, old) == v for k, v in old.items()):
        return {}  # the common case, without canonical forms
    a, b = flat_config(old), flat_config(new)
    fields = {key: (a.get(key), value) for key, value in b.items() if a.get(key) != value}
    fields.update((key, (value, None)) for key, value in a.items() if key not in b)
    return fields
