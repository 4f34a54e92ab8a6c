"""Tensor operations recorded from a PyTorch model, grouped into module nodes.

Both captures (``torch.export`` and the recorder) describe a forward pass as a list of
:class:`Event`: one operation, the module calls it ran inside (outermost first, each a
``(call key, module path, class name)``; a module's second call has its own key), the
tensors it read and wrote, and the parameters or buffers it used. :func:`group_events`
turns them into :class:`~modelviz.importers.op_graph.Op` records: all operations inside
one call of a leaf module (one with no module calls inside it) become that module's
node, named by its path from ``named_modules()`` (``layer1.0.conv1``); other operations
(``add``, ``cat``, ``flatten``...) are operation nodes; the enclosing modules become
nested clusters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelviz.importers.op_graph import Op, count_text

__all__ = ["Event", "describe_operator", "group_events", "module_weights", "trim_outputs"]

Frame = tuple[str, str, str]  # (call key, module path, class name)


@dataclass
class Event:
    """One tensor operation of the forward pass."""

    name: str
    op: str
    stack: list[Frame]
    inputs: list[str]
    outputs: list[str]
    params: list[str] = field(default_factory=list)  # canonical parameter/buffer names
    operator: dict[str, Any] | None = None  # what MAC rules read: see describe_operator


def group_events(events: list[Event], module: Any) -> tuple[list[Op], dict[tuple[str, ...], str]]:
    """Ops for the graph builder, and the class of every module scope.

    Example:
        >>> from types import SimpleNamespace
        >>> root = SimpleNamespace(named_parameters=list, named_buffers=list, extra_repr=str)
        >>> root.get_submodule = lambda path: root  # the torch.nn.Module calls used, no torch
        >>> events = [Event("mul", "mul", [("c0", "scale", "Scale")], ["x"], ["mul"]),
        ...           Event("add", "add", [("c0", "scale", "Scale")], ["mul"], ["add"]),
        ...           Event("relu", "relu", [], ["add"], ["relu"])]
        >>> ops, classes = group_events(events, root)
        >>> for op in ops:
        ...     print(op.name, op.class_name, op.calls, op.is_operation)
        scale Scale [(['x'], ['mul', 'add'])] False
        relu relu [(['add'], ['relu'])] True
        >>> classes
        {('scale',): 'Scale'}
    """
    inner = {frame[0] for e in events for frame in e.stack[:-1]}
    ops: list[Op] = []
    by_path: dict[str, Op] = {}
    call_of: dict[str, tuple[Op, int]] = {}
    classes: dict[tuple[str, ...], str] = {}
    for event in events:
        for depth, frame in enumerate(event.stack):
            classes.setdefault(tuple(f[1] for f in event.stack[:depth + 1]), frame[2])
        leaf = event.stack[-1] if event.stack and event.stack[-1][0] not in inner else None
        if leaf is None:
            scope = tuple(f[1] for f in event.stack)
            ops.append(Op(event.name, event.op, scope, [(list(event.inputs),
                                                         list(event.outputs))],
                          _param_weights(event.params, module), _op_explanation(event, module),
                          {"op": event.op}, is_operation=True,
                          operators=[_operators(event)]))
            continue
        op, call = _leaf_call(leaf, event, module, by_path, call_of, ops)
        _merge(op.calls[call], event)
        op.operators[call].extend(_operators(event))
    return ops, classes


def _leaf_call(leaf: Frame, event: Event, module: Any, by_path: dict[str, Op],
               call_of: dict[str, tuple[Op, int]], ops: list[Op]) -> tuple[Op, int]:
    """The module node of this call (made on first use) and the call's index."""
    key, path, class_name = leaf
    if key in call_of:
        return call_of[key]
    op = by_path.get(path)
    if op is None:
        op = _module_op(path, class_name, tuple(f[1] for f in event.stack[:-1]), module)
        by_path[path] = op
        ops.append(op)
    op.calls.append(([], []))
    op.operators.append([])
    call_of[key] = (op, len(op.calls) - 1)
    return call_of[key]


def _operators(event: Event) -> list[dict[str, Any]]:
    return [] if event.operator is None else [event.operator]


def describe_operator(op: str, args: Any, kwargs: Any, outputs: list[Any],
                      shape_of: Any) -> dict[str, Any]:
    """One operator call as plain data: tensors as their shapes (``shape_of``), lists one
    level deep, scalars and strings as they are, anything else ``None``.

    Example:
        >>> shape_of = lambda value: value.shape if hasattr(value, "shape") else None
        >>> from types import SimpleNamespace as T
        >>> describe_operator("linear", (T(shape=(2, 4)), T(shape=(3, 4)), None), {},
        ...                   [T(shape=(2, 3))], shape_of)  # doctest: +NORMALIZE_WHITESPACE
        {'op': 'linear', 'inputs': [(2, 4), (3, 4), None], 'attrs': {},
         'outputs': [(2, 3)]}
    """
    return {"op": op, "inputs": [_describe(a, shape_of, True) for a in args],
            "attrs": {str(k): _describe(v, shape_of, True) for k, v in kwargs.items()},
            "outputs": [shape_of(t) for t in outputs]}


def _describe(value: Any, shape_of: Any, nested: bool) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_describe(v, shape_of, False) for v in value] if nested else None
    return shape_of(value)


def _merge(call: tuple[list[str], list[str]], event: Event) -> None:
    """Inputs from outside the call; every output (trimmed to what leaves it later)."""
    inputs, outputs = call
    for tensor in event.inputs:
        if tensor not in outputs and tensor not in inputs:
            inputs.append(tensor)
    outputs.extend(event.outputs)


def trim_outputs(ops: list[Op], final: list[str]) -> None:
    """A module call's outputs are only the tensors another op reads or the model returns.

    Example:
        >>> scale = Op("scale", "Scale", calls=[(["x"], ["mul", "add"])])
        >>> relu = Op("relu", "relu", calls=[(["add"], ["relu"])], is_operation=True)
        >>> trim_outputs([scale, relu], final=["relu"])
        >>> scale.calls
        [(['x'], ['add'])]
    """
    readers: dict[str, set[int]] = {}
    for index, op in enumerate(ops):
        for inputs, _ in op.calls:
            for tensor in inputs:
                readers.setdefault(tensor, set()).add(index)
    returned = set(final)
    for index, op in enumerate(ops):
        if op.is_operation:
            continue
        for _, outputs in op.calls:
            kept = [t for t in outputs if t in returned or readers.get(t, set()) - {index}]
            outputs[:] = kept or outputs[-1:]


def _module_op(path: str, class_name: str, scope: tuple[str, ...], root: Any) -> Op:
    weights, buffers = module_weights(root, path)
    submodule = root.get_submodule(path)
    config = {"extra_repr": submodule.extra_repr(),
              "buffers": [{"label": b["label"], "shape": b["shape"]} for b in buffers]}
    return Op(path, class_name, scope, [], weights,
              _module_explanation(weights, buffers, class_name),
              config)


def module_weights(root: Any, path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A module's parameters (by their canonical names, so shared ones match) and buffers.

    Example:
        >>> from types import SimpleNamespace
        >>> weight = SimpleNamespace(shape=(2, 4), requires_grad=True, dtype="torch.float32")
        >>> fc = SimpleNamespace(named_parameters=lambda: [("weight", weight)], named_buffers=list)
        >>> root = SimpleNamespace(named_parameters=lambda: [("fc.weight", weight)],
        ...                        get_submodule=lambda path: fc)  # "head" shares fc's weight
        >>> weights, buffers = module_weights(root, "head")
        >>> weights, buffers  # doctest: +NORMALIZE_WHITESPACE
        ([{'name': 'fc.weight', 'label': 'weight', 'shape': (2, 4), 'trainable': True,
           'dtype': 'float32'}], [])
    """
    canonical = _canonical_names(root)
    submodule = root.get_submodule(path)
    weights = [{"name": canonical.get(id(p), f"{path}.{n}"), "label": n, "shape": tuple(p.shape),
                "trainable": bool(p.requires_grad), "dtype": _dtype(p)}
               for n, p in submodule.named_parameters()]
    buffers = [{"name": f"{path}.{n}", "label": n, "shape": tuple(b.shape), "dtype": _dtype(b)}
               for n, b in submodule.named_buffers()]
    return weights, buffers


_CANONICAL: dict[int, tuple[Any, dict[int, str]]] = {}


def _canonical_names(root: Any) -> dict[int, str]:
    cached = _CANONICAL.get(id(root))
    if cached is None or cached[0] is not root:
        _CANONICAL.clear()
        cached = (root, {id(p): n for n, p in root.named_parameters()})
        _CANONICAL[id(root)] = cached
    return cached[1]


def _param_weights(names: list[str], root: Any) -> list[dict[str, Any]]:
    params = dict(root.named_parameters())
    return [{"name": n, "label": n, "shape": tuple(params[n].shape),
             "trainable": bool(params[n].requires_grad), "dtype": _dtype(params[n])}
            for n in dict.fromkeys(names) if n in params]


def _dtype(tensor: Any) -> str:
    return str(tensor.dtype).removeprefix("torch.")


def _terms(items: list[dict[str, Any]]) -> str:
    return " + ".join(f"{w['label']} {count_text(w['shape'])}" for w in items)


def _module_explanation(weights: list[dict[str, Any]], buffers: list[dict[str, Any]],
                        class_name: str) -> str:
    total = sum(_numel(w["shape"]) for w in weights)
    text = f"{_terms(weights)} = {total:,}" if weights else f"{class_name} has no parameters"
    if buffers:
        state = sum(_numel(b["shape"]) for b in buffers)
        text += f"; buffers {_terms(buffers)} = {state:,} (state, not params)"
    return text


def _op_explanation(event: Event, root: Any) -> str:
    weights = _param_weights(event.params, root)
    if not weights:
        return f"{event.op} has no weights"
    return f"{_terms(weights)} = {sum(_numel(w['shape']) for w in weights):,}"


def _numel(shape: tuple[Any, ...]) -> int:
    size = 1
    for dim in shape:
        size *= int(dim)
    return size
