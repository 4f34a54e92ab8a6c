"""A Keras model config (Keras 1 to 3) -> a modelviz ``Sequential`` or functional ``Model``.

Layers are built from their configs and called on tensors following each
layer's ``inbound_nodes``, so shapes come from the same inference as the
definition API. Nodes are processed with a worklist as their inputs become
ready (never recursion); nested models are built innermost first.

Example:
    >>> config = {"class_name": "Sequential", "config": {"name": "s", "layers": [
    ...     {"class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "x"}},
    ...     {"class_name": "Dense", "config": {"units": 2, "name": "d"}}]}}
    >>> model = build_model(config, Context("m.json"))
    >>> model.name, model.count_params()
    ('s', 10)
"""

from __future__ import annotations

from typing import Any, Final

from modelviz.errors import LayerConfigError, ModelFileError, ShapeError
from modelviz.importers.after_unknown import call_after_unknown, replace_layer
from modelviz.importers.layer_factory import (
    MAX_DIM,
    Context,
    _check_dims,
    make_layer,
    rnn_like,
)
from modelviz.importers.recorded import entry_name, recorded_shapes
from modelviz.layers.base import KerasTensor, Layer, flatten_tensors, set_auto_masks
from modelviz.layers.core import InputLayer
from modelviz.models import Model, Sequential

__all__ = ["MODEL_CLASSES", "build_model"]

MODEL_CLASSES: Final = frozenset({"Functional", "Model", "Sequential"})
MAX_PARAMS: Final = 10**12
_TENSOR: Final = "__keras_tensor__"

Ref = tuple[str, int, int]


def build_model(config: dict[str, Any], ctx: Context) -> Model:
    """Build the model a top-level config describes (nested models first)."""
    if config.get("class_name") not in MODEL_CLASSES:
        raise ctx.error(
            f"the config describes a {config.get('class_name')!r}, not a model "
            "(Sequential, Functional or Model)",
            "save the whole model",
        )
    if not ctx.shapes:
        ctx.shapes, ctx.consumed = recorded_shapes(config)
    built: dict[int, Model] = {}
    for entry in _models_innermost_first(config, ctx):
        built[id(entry)] = _build_one(entry, ctx, built)
    return built[id(config)]


def _models_innermost_first(config: dict[str, Any], ctx: Context) -> list[dict[str, Any]]:
    order: list[dict[str, Any]] = []
    stack = [config]
    while stack:
        entry = stack.pop()
        order.append(entry)
        if len(order) > 10_000:
            raise ctx.error("too many nested models", "the file is damaged")
        for child in _layer_entries(entry, ctx):
            if isinstance(child, dict) and child.get("class_name") in MODEL_CLASSES:
                ctx.enter(entry, child, entry_name(child))
                stack.append(child)
    return order[::-1]


def _layer_entries(entry: dict[str, Any], ctx: Context) -> list[Any]:
    config = entry.get("config")
    layers = (
        config
        if isinstance(config, list)
        else (config.get("layers") if isinstance(config, dict) else None)
    )
    if not isinstance(layers, list):
        raise ctx.error(
            f"model {entry.get('class_name')} has no list of layers",
            "the file is damaged or from an unsupported Keras version",
        )
    return layers


def _build_one(entry: dict[str, Any], ctx: Context, built: dict[int, Model]) -> Model:
    config = entry["config"]
    settings = config if isinstance(config, dict) else {"layers": config}
    name = settings.get("name") or entry.get("name")
    ctx.scope = ctx.scopes.get(id(entry), "")  # where its layers' weights are stored
    layers = [built.get(id(e)) or make_layer(e, ctx) for e in _layer_entries(entry, ctx)]
    ctx.scope = ""
    _check_unique_names(layers, name, ctx)
    trainable = bool(settings.get("trainable", True))
    try:
        if entry["class_name"] == "Sequential":
            return _sequential(layers, name, trainable, settings, ctx)
        return _functional(entry, layers, name, trainable, ctx)
    except (LayerConfigError, ShapeError) as err:
        raise ctx.error(err, "the file's model config is not one Keras accepts") from err


def _check_unique_names(layers: list[Layer], model: Any, ctx: Context) -> None:
    """Keras refuses two layers of one name in a model; so does modelviz (edges would merge)."""
    seen: set[str] = set()
    for layer in layers:
        if layer.name in seen:
            raise ctx.error(
                f"model {str(model)!r} has two layers named {layer.name!r}",
                "Keras requires unique layer names; the file is damaged",
            )
        seen.add(layer.name)


def _sequential(
    layers: list[Layer], name: Any, trainable: bool, settings: dict[str, Any], ctx: Context
) -> Sequential:
    model = Sequential(layers, name=name, trainable=trainable)
    shape = settings.get("build_input_shape") or _first_input_shape(settings)
    if not model.built and isinstance(shape, list) and shape:
        _check_dims(shape, model.name, ctx)
        model.build(tuple(shape))
    if not model.built:
        raise ctx.error(
            f"Sequential model {model.name!r} has no input shape",
            "the model was saved unbuilt; build it (model.build(...)) and save again",
        )
    _check_sizes(model.layers, ctx)
    return model


def _first_input_shape(settings: dict[str, Any]) -> Any:
    """Keras 2 kept the input shape on the first layer (also when Keras does not know it)."""
    layers = settings.get("layers")
    first = layers[0] if isinstance(layers, list) and layers else None
    config = first.get("config") if isinstance(first, dict) else None
    if not isinstance(config, dict):
        return None
    build = first.get("build_config")
    return (config.get("batch_input_shape") or config.get("batch_shape")
            or (build.get("input_shape") if isinstance(build, dict) else None))


def _functional(
    entry: dict[str, Any], layers: list[Layer], name: Any, trainable: bool, ctx: Context
) -> Model:
    config = entry["config"]
    entries = _layer_entries(entry, ctx)
    by_name = {layer.name: layer for layer in layers}
    offsets = _node_offsets(config, entries, layers)
    outputs: dict[tuple[str, int], Any] = {}
    for layer in layers:
        if isinstance(layer, InputLayer):
            outputs[(layer.name, 0)] = layer.output
    _run_nodes(entries, layers, by_name, offsets, outputs, ctx, config)
    inputs = _resolve(config.get("input_layers"), outputs, ctx, "input_layers")
    results = _resolve(config.get("output_layers"), outputs, ctx, "output_layers")
    _check_sizes(layers, ctx)
    return Model(inputs, results, name=name, trainable=trainable)


def _node_offsets(
    config: dict[str, Any], entries: list[Any], layers: list[Layer]
) -> dict[str, int]:
    """Nested Functional models count a built-in node first (Keras 2 and 3 both do)."""
    highest: dict[str, int] = {}
    for ref in _all_refs((config.get("output_layers"), [e.get("inbound_nodes") for e in entries])):
        highest[ref[0]] = max(highest.get(ref[0], -1), ref[1])
    return {
        layer.name: int(
            isinstance(layer, Model)
            and highest.get(layer.name, -1) >= len(e.get("inbound_nodes") or [])
        )
        for e, layer in zip(entries, layers, strict=True)
    }


def _run_nodes(
    entries: list[Any],
    layers: list[Layer],
    by_name: dict[str, Layer],
    offsets: dict[str, int],
    outputs: dict[tuple[str, int], Any],
    ctx: Context,
    config: dict[str, Any],
) -> None:
    """Call each layer on its needed inbound nodes once their inputs exist (a worklist)."""
    nodes = {
        (layer.name, position): node
        for entry, layer in zip(entries, layers, strict=True)
        for position, node in enumerate(entry.get("inbound_nodes") or [])
    }
    file_masks = any(isinstance(node, dict) for node in nodes.values())
    needed = _needed(config, nodes, offsets, file_masks)
    pending = [
        (by_name[name], position, nodes[(name, position)])
        for name, position in nodes
        if (name, position) in needed
    ]
    while pending:
        waiting = []
        for layer, position, node in pending:
            earlier = any(w[0] is layer for w in waiting)
            if not earlier and all(_ready(r, outputs) for r in _node_refs(node, file_masks)):
                args = [outputs[r[0], r[1]] for r in _node_refs(node, file_masks)]
                called, result = call_after_unknown(layer, lambda known, node=node: _call(
                    known, node, outputs, ctx, file_masks), args, ctx)
                replace_layer(layers, by_name, layer, called)
                outputs[(layer.name, position + offsets.get(layer.name, 0))] = result
            else:
                waiting.append((layer, position, node))
        if len(waiting) == len(pending):
            raise _stuck(waiting, by_name, ctx)
        pending = waiting


def _needed(
    config: dict[str, Any], nodes: dict[tuple[str, int], Any], offsets: dict[str, int],
    with_mask: bool,
) -> set[tuple[str, int]]:
    """Nodes the outputs depend on; with ``with_mask`` also the mask operations the calls
    record (Keras 3 files keep them: ``not_equal``, ``any``, ... under their own names)."""
    needed: set[tuple[str, int]] = set()
    stack = _all_refs(config.get("output_layers"))
    while stack:
        name, index, _ = stack.pop()
        key = (name, index - offsets.get(name, 0))
        if key in needed or key not in nodes:
            continue
        needed.add(key)
        stack.extend(_node_refs(nodes[key], with_mask))
    return needed


def _node_refs(node: Any, with_mask: bool = False) -> list[Ref]:
    """References a node depends on, without its ``mask`` argument (unless ``with_mask``)."""
    if isinstance(node, dict):
        kwargs = {k: v for k, v in (node.get("kwargs") or {}).items()
                  if k != "mask" or with_mask}
        return _all_refs((node.get("args"), kwargs))
    return _all_refs(node)


def _stuck(
    waiting: list[tuple[Layer, int, Any]], by_name: dict[str, Layer], ctx: Context
) -> ModelFileError:
    for layer, _, node in waiting:
        for ref in _all_refs(node):
            if ref[0] not in by_name:
                return ctx.error(
                    f"layer {layer.name!r} takes its input from {ref[0]!r}, which is "
                    "not in the model",
                    "the file is damaged",
                )
    names = ", ".join(sorted({layer.name for layer, _, _ in waiting})[:5])
    return ctx.error(
        f"the inbound nodes form a cycle or refer to calls that never happen (through {names})",
        "the file is damaged",
    )


def _ready(ref: Ref, outputs: dict[tuple[str, int], Any]) -> bool:
    return (ref[0], ref[1]) in outputs


def _call(layer: Layer, node: Any, outputs: dict[tuple[str, int], Any], ctx: Context,
          with_mask: bool = False) -> Any:
    if isinstance(node, dict):
        args = _substitute(node.get("args", []), outputs, ctx)
        kwargs = {
            k: _substitute(v, outputs, ctx)
            for k, v in (node.get("kwargs") or {}).items()
            if v is not None and k != "training" and (k != "mask" or with_mask)
        }
        if not with_mask:
            return layer(*args, **kwargs)
        previous = set_auto_masks(False)  # the file's mask operations stand for Keras's
        try:
            return layer(*args, **kwargs)
        finally:
            set_auto_masks(previous)
    tensors, kwargs = _legacy_node(node, outputs, ctx)
    if len(tensors) > 1 and rnn_like(layer):
        return layer(tensors[0], initial_state=tensors[1:], **kwargs)
    return layer(tensors[0] if len(tensors) == 1 else tensors, **kwargs)


def _legacy_node(
    node: Any, outputs: dict[tuple[str, int], Any], ctx: Context
) -> tuple[list[Any], dict[str, Any]]:
    """Keras 1/2 ``[[layer, node, tensor, kwargs], ...]`` -> tensors and call kwargs."""
    tensors: list[Any] = []
    kwargs: dict[str, Any] = {}
    for item in node:
        if not isinstance(item, list) or len(item) < 3 or item[0] == "_CONSTANT_VALUE":
            continue
        tensors.append(_tensor((str(item[0]), int(item[1]), int(item[2])), outputs, ctx))
        if len(item) > 3 and isinstance(item[3], dict):
            kwargs.update(_substitute(item[3], outputs, ctx))
    if not tensors:
        raise ctx.error(
            f"an inbound node has no input tensors: {str(node)[:80]}", "the file is damaged"
        )
    return tensors, {k: v for k, v in kwargs.items() if v is not None and k != "name"}


def _substitute(value: Any, outputs: dict[tuple[str, int], Any], ctx: Context) -> Any:
    """Replace tensor references by tensors in a small args/kwargs structure."""
    ref = _as_ref(value)
    if ref is not None:
        return _tensor(ref, outputs, ctx)
    if isinstance(value, dict):
        return {k: _substitute(v, outputs, ctx) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, outputs, ctx) for v in value]
    return value


def _as_ref(value: Any) -> Ref | None:
    """A tensor reference: Keras 3 ``__keras_tensor__`` dict or a ``[name, node, tensor]``."""
    if isinstance(value, dict) and value.get("class_name") == _TENSOR:
        history = (value.get("config") or {}).get("keras_history")
        return _as_ref(history) if isinstance(history, list) else None
    if (
        isinstance(value, list)
        and len(value) in (3, 4)
        and isinstance(value[0], str)
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value[1:3])
    ):
        return (value[0], value[1], value[2])
    return None


def _all_refs(structure: Any) -> list[Ref]:
    refs: list[Ref] = []
    stack = [structure]
    while stack:
        item = stack.pop()
        ref = _as_ref(item)
        if ref is not None:
            refs.append(ref)
            if isinstance(item, list) and len(item) == 4:
                stack.append(item[3])
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return refs


def _tensor(ref: Ref, outputs: dict[tuple[str, int], Any], ctx: Context) -> KerasTensor:
    if (ref[0], ref[1]) not in outputs:
        raise ctx.error(
            f"no output {list(ref)} (layer {ref[0]!r}, call {ref[1]})", "the file is damaged"
        )
    tensors = flatten_tensors(outputs[(ref[0], ref[1])])
    if not 0 <= ref[2] < len(tensors):
        raise ctx.error(f"layer {ref[0]!r} has no output tensor {ref[2]}", "the file is damaged")
    return tensors[ref[2]]


def _resolve(spec: Any, outputs: dict[tuple[str, int], Any], ctx: Context, what: str) -> Any:
    """``input_layers`` / ``output_layers``: one reference, a list, or a dict of them."""
    ref = _as_ref(spec)
    if ref is not None:
        return _tensor(ref, outputs, ctx)
    if isinstance(spec, dict) and spec:
        return {k: _resolve(v, outputs, ctx, what) for k, v in spec.items()}
    if isinstance(spec, list) and len(spec) == 1 and _as_ref(spec[0]) is not None:
        return _resolve(spec[0], outputs, ctx, what)  # Keras treats [x] like x
    if isinstance(spec, list) and spec:
        return [_resolve(v, outputs, ctx, what) for v in spec]
    raise ctx.error(
        f"the model config's {what} is missing or malformed: {str(spec)[:80]}",
        "the file is damaged",
    )


def _check_sizes(layers: list[Layer], ctx: Context) -> None:
    total = 0
    for layer in layers:
        for node in layer._inbound_nodes:
            for tensor in node.output_tensors:
                if any(d is not None and not 0 <= d <= MAX_DIM for d in tensor.shape):
                    raise ctx.error(
                        f"{layer.name}: output shape {tensor.shape} has an absurd dimension",
                        "the file is damaged",
                    )
        if not isinstance(layer, Model) and not getattr(layer, "params_unknown", False):
            total += sum(w.size for w in layer.weights)
        if total > MAX_PARAMS:
            raise ctx.error(
                f"more than {MAX_PARAMS:,} parameters by layer {layer.name!r}",
                "the file is damaged or not a real model",
            )
