"""Layer signatures for matching: what a layer *is*, with its name left out.

Three strengths, from strict to loose, each a small int per node (equal ints mean
equal signatures; the ints are interned per diff, so they compare in O(1)):

``full``
    depth, class (for a folded group: its block's classes and configs), config
    without any ``name`` key, input and output shapes.
``config``
    the same without shapes (a layer whose input width changed upstream).
``kind``
    depth and class only (a layer whose own config changed, under a new name).

Example:
    >>> strip_names({"name": "d", "units": 3, "layer": {"name": "x", "units": 4}})
    {'units': 3, 'layer': {'units': 4}}
"""

from __future__ import annotations

import json
from typing import Any, Final

import networkx as nx

from modelviz.layers.base import to_snake_case

__all__ = ["STRENGTHS", "Signatures", "class_key", "config_key", "flat_config", "strip_names"]

STRENGTHS: Final = ("full", "config", "kind")
_DROPPED: Final = ("name", "module", "registered_name", "shared_object_id")
# Keras's defaults for initializer settings (keras/src/initializers), so that
# {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}} is "orthogonal".
_DEFAULTS: Final = {"Orthogonal": {"gain": 1.0}, "Identity": {"gain": 1.0},
                    "RandomNormal": {"mean": 0.0, "stddev": 0.05},
                    "TruncatedNormal": {"mean": 0.0, "stddev": 0.05},
                    "RandomUniform": {"minval": -0.05, "maxval": 0.05},
                    "Constant": {"value": 0.0}}


def strip_names(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` as Keras means it, without ``name`` keys at any level (no recursion).

    Serialized objects lose ``module`` / ``registered_name`` / ``shared_object_id``, and
    one without settings (or with Keras's defaults) becomes its short name
    (``{"class_name": "GlorotUniform", "config": {"seed": None}}`` is
    ``"glorot_uniform"``); an ``activation`` of None is ``"linear"``.
    """
    root: dict[str, Any] = {}
    stack = [(config, root)]
    while stack:
        source, target = stack.pop()
        for key, value in source.items():
            if key in _DROPPED:
                continue
            value = _short_form(value)
            if value is None and key.endswith("activation"):
                value = "linear"
            if isinstance(value, dict):
                target[key] = {}
                stack.append((value, target[key]))
            else:
                target[key] = value
    return root


def _short_form(value: Any) -> Any:
    """A serialized object with no settings -> its snake-case name (Keras accepts both)."""
    if not (isinstance(value, dict) and "class_name" in value and "config" in value):
        return value
    inner, name = value["config"], str(value["class_name"])
    defaults = _DEFAULTS.get(name, {})
    if isinstance(inner, dict) and all(v is None or v == {} or (k in defaults and defaults[k] == v)
                                       for k, v in inner.items()):
        return to_snake_case(name)
    return value


def flat_config(config: dict[str, Any]) -> dict[str, Any]:
    """``strip_names(config)`` with nested dicts flattened to dotted keys, in config order.

    Example:
        >>> flat_config({"name": "rnn", "units": 4,
        ...              "cell": {"class_name": "LSTMCell", "config": {"units": 4, "name": "c"}}})
        {'units': 4, 'cell.class_name': 'LSTMCell', 'cell.config.units': 4}
    """
    flat: dict[str, Any] = {}
    stack: list[tuple[str, Any]] = [("", strip_names(config))]
    while stack:
        prefix, value = stack.pop()
        if isinstance(value, dict) and value:
            stack.extend((f"{prefix}{key}.", item) for key, item in reversed(value.items()))
        else:
            flat[prefix[:-1]] = value
    return flat


def config_key(config: dict[str, Any]) -> str:
    """The config without names, as canonical text.

    Example:
        >>> config_key({"name": "dense_7", "units": 2}) == config_key({"name": "out", "units": 2})
        True
        >>> config_key({"name": "out", "units": 2})
        '{"units": 2}'
    """
    return json.dumps(strip_names(config), sort_keys=True, default=repr)


def class_key(data: dict[str, Any], source: nx.DiGraph | None) -> str:
    """The class, or for a folded group its block (classes and configs), repeats left out.

    Example:
        >>> from modelviz import Input, Sequential, layers
        >>> G = Sequential([Input((4,)), layers.Dense(2)]).to_graph()
        >>> class_key(G.nodes["dense"], G)
        'Dense'
    """
    group = data.get("group")
    if not group:
        return str(data["class_name"])
    members = group["members"][:group["block_size"]]
    if source is None:
        return json.dumps(["group", group["block_classes"]])
    block = [[source.nodes[key]["class_name"], config_key(source.nodes[key]["config"])]
             for key in members]
    return json.dumps(["group", block])


class Signatures:
    """Interned signatures of the nodes of both graphs of one diff."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.by_strength: dict[str, dict[tuple[str, str], int]] = {s: {} for s in STRENGTHS}

    def add(self, side: str, graph: nx.DiGraph, source: nx.DiGraph | None) -> None:
        """Compute the three signatures of every node of ``graph`` (``side`` is old/new)."""
        for key, data in graph.nodes(data=True):
            kind = f"{data['depth']}|{class_key(data, source)}"
            config = f"{kind}|{config_key(data['config'])}"
            full = f"{config}|{data['input_shapes']!r}|{data['output_shapes']!r}"
            for strength, text in (("full", full), ("config", config), ("kind", kind)):
                self.by_strength[strength][side, key] = self._ids.setdefault(text, len(self._ids))

    def of(self, strength: str, side: str, key: str) -> int:
        return self.by_strength[strength][side, key]
