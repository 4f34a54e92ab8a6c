"""Shapes a model config records about its own tensors, gathered before any layer is built.

Keras 3 writes each call's tensor arguments as ``__keras_tensor__`` with their
shape and ``keras_history`` (producer, call, output index); Keras 2.13+ and 3
write each layer's ``build_config`` (its first call's input shape); a
Sequential's layer *i + 1* was built on layer *i*'s output. These are the
output shapes of the producing layers, which an unknown layer needs.

Example:
    >>> tensor = {"class_name": "__keras_tensor__",
    ...           "config": {"shape": [None, 16], "keras_history": ["scaled", 0, 0]}}
    >>> config = {"class_name": "Functional", "config": {"layers": [
    ...     {"class_name": "Dense", "config": {"name": "d"},
    ...      "inbound_nodes": [{"args": [tensor], "kwargs": {}}]}]}}
    >>> shapes, consumed = recorded_shapes(config)
    >>> shapes, sorted(consumed)
    ({('scaled', 0): [(None, 16)]}, ['scaled'])
"""

from __future__ import annotations

import itertools
from typing import Any, Final

__all__ = ["entry_name", "recorded_shapes"]

_TENSOR: Final = "__keras_tensor__"
_MAX_OUTPUTS: Final = 1024
Shapes = dict[tuple[str, int], list[Any]]


def recorded_shapes(config: dict[str, Any]) -> tuple[Shapes, set[str]]:
    """``{(layer, call): [shape per output]}`` and the names of consumed layers."""
    shapes: Shapes = {}
    consumed: set[str] = set()
    stack: list[Any] = [config]
    while stack:
        model = stack.pop()
        layers = _layers(model)
        for entry in layers:
            if isinstance(entry, dict):
                _entry_shapes(entry, shapes, consumed)
                if isinstance(entry.get("config"), (dict, list)) and _layers(entry):
                    stack.append(entry)
        if model.get("class_name") == "Sequential":
            _sequential_shapes(layers, shapes, consumed)
        _inner_outputs(model, layers, shapes)
    return shapes, consumed


def _inner_outputs(model: dict[str, Any], layers: list[Any], shapes: Shapes) -> None:
    """A nested model's outputs are its output layers' outputs: what the outer model's
    entries record about the model (processed first) is their output shape too."""
    name = entry_name(model)
    outer = shapes.get((name, 0)) if name is not None else None
    if not outer:
        return
    config = model.get("config")
    refs = config.get("output_layers") if isinstance(config, dict) else None
    if model.get("class_name") == "Sequential" and layers:
        refs = [[entry_name(layers[-1]), 0, 0]]
    if isinstance(refs, list) and refs and _ref(refs) is not None:
        refs = [refs]  # a single output, stored unwrapped
    for ref, shape in zip(refs if isinstance(refs, list) else [], outer, strict=False):
        ref = _ref(ref)
        if ref is not None:
            _set(shapes, ref, shape)


def _layers(model: dict[str, Any]) -> list[Any]:
    config = model.get("config")
    layers = config if isinstance(config, list) else (
        config.get("layers") if isinstance(config, dict) else None)
    return layers if isinstance(layers, list) else []


def _entry_shapes(entry: dict[str, Any], shapes: Shapes, consumed: set[str]) -> None:
    nodes = entry.get("inbound_nodes")
    if not isinstance(nodes, list):
        return
    for index, node in enumerate(nodes):
        refs = _tensor_refs(node, shapes, consumed)
        if index == 0 and len(refs) == 1:
            _set(shapes, refs[0], _build_shape(entry))


def _tensor_refs(node: Any, shapes: Shapes, consumed: set[str]) -> list[tuple[str, int, int]]:
    """References in one inbound node; Keras 3 tensors also give their shape."""
    refs: list[tuple[str, int, int]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        ref = _ref(item)
        if ref is not None:
            consumed.add(ref[0])
            refs.append(ref)
            if isinstance(item, dict):
                _set(shapes, ref, _shape(item["config"].get("shape")))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return refs


def _ref(item: Any) -> tuple[str, int, int] | None:
    if isinstance(item, dict) and item.get("class_name") == _TENSOR:
        config = item.get("config")
        history = config.get("keras_history") if isinstance(config, dict) else None
        return _ref(history) if isinstance(history, list) else None
    if (isinstance(item, list) and len(item) in (3, 4) and isinstance(item[0], str)
            and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < _MAX_OUTPUTS
                    for v in item[1:3])):
        return (item[0], item[1], item[2])
    return None


def _sequential_shapes(layers: list[Any], shapes: Shapes, consumed: set[str]) -> None:
    for before, after in itertools.pairwise(layers):
        name = entry_name(before)
        if name is not None and isinstance(after, dict):
            consumed.add(name)
            _set(shapes, (name, 0, 0), _build_shape(after))


def entry_name(entry: Any) -> str | None:
    """A config entry's layer name (``config.name``, else ``name``); None if it has none.

    Example:
        >>> entry_name({"config": {"name": "dense"}}), entry_name([])
        ('dense', None)
    """
    if not isinstance(entry, dict):
        return None
    config = entry.get("config")
    name = config.get("name") if isinstance(config, dict) else None
    name = name or entry.get("name")
    return name if isinstance(name, str) else None


def _build_shape(entry: dict[str, Any]) -> tuple[int | None, ...] | None:
    build = entry.get("build_config")
    return _shape(build.get("input_shape")) if isinstance(build, dict) else None


def _shape(value: Any) -> tuple[int | None, ...] | None:
    if isinstance(value, list) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d >= 0) for d in value
    ):
        return tuple(value)
    return None


def _set(shapes: Shapes, ref: tuple[str, int, int], shape: Any) -> None:
    if shape is None:
        return
    outputs = shapes.setdefault((ref[0], ref[1]), [])
    if len(outputs) <= ref[2]:
        outputs.extend([None] * (ref[2] + 1 - len(outputs)))
    if outputs[ref[2]] is None:
        outputs[ref[2]] = shape
