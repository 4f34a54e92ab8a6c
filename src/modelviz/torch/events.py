"""Tensor operations recorded from a PyTorch model, grouped into one node per module call.

Both captures (the recorder and ``torch.export``) describe a forward pass as a list of
:class:`Event`: one operation, the module calls it ran inside (outermost first, each a
``(call key, module path, class name)``; a module's second call has its own key, ending
in ``@1``), the tensors it read and wrote, the parameters or buffers it used and the
shapes of all its tensor arguments. :func:`group_events` turns them into
:class:`~modelviz.importers.op_graph.Op` records, as torchinfo lists a model: every call
of a leaf module (one that calls no other module) is its own node, named by its path
from ``named_modules()`` (``layer1.0.relu``), later calls marked ``[2nd call]``, its
parameters counted at the first call; other operations (``add``, ``cat``,
``flatten``...) are operation nodes; every call of an enclosing module is a cluster.
Operations that only build masks or positions from shapes, constants and integer inputs
(``arange``, ``unsqueeze``, ``expand`` chains) fold into one ``mask`` node per connected
group (:mod:`modelviz.torch.plumbing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelviz.importers.calls import call_label
from modelviz.importers.op_graph import Op, count_text
from modelviz.torch.index import dtype_name

__all__ = ["Event", "call_label", "describe_operator", "group_events", "trim_outputs"]

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
    arg_shapes: list[Any] = field(default_factory=list)  # every tensor argument, in order
    output_shapes: list[Any] = field(default_factory=list)
    arguments: dict[str, Any] = field(default_factory=dict)  # small non-tensor arguments
    operator: dict[str, Any] | None = None  # what MAC rules read: see describe_operator


def _call_index(key: str) -> int:
    """``L__self__fc@1`` / ``fc@1`` -> 1; a first call has no suffix."""
    head, _, tail = key.rpartition("@")
    return int(tail) if head and tail.isdigit() else 0


class _Grouper:
    """State of one pass over the events (module nodes by call key, scope classes)."""

    def __init__(self, events: list[Event], index: Any) -> None:
        self.index = index
        self.inner = {frame[0] for e in events for frame in e.stack[:-1]}
        self.ops: list[Op] = []
        self.by_key: dict[str, Op] = {}
        self.seen_paths: set[str] = set()
        self.claimed: set[str] = set()  # parameters already counted (at their first reader)
        self.classes: dict[tuple[str, ...], str] = {}

    def scope(self, stack: list[Frame]) -> tuple[str, ...]:
        labels = tuple(call_label(path, _call_index(key)) for key, path, _ in stack)
        for depth, frame in enumerate(stack):
            self.classes.setdefault(labels[:depth + 1], frame[2])
        return labels

    def add(self, event: Event) -> None:
        labels = self.scope(event.stack)
        leaf = event.stack[-1] if event.stack and event.stack[-1][0] not in self.inner else None
        if leaf is None:
            op = Op(event.name, event.op, labels, [(list(event.inputs), list(event.outputs))],
                    _param_weights(event.params, self.index.params), "", {"op": event.op},
                    is_operation=True, attributes={"operators": [_operator(event)]},
                    operators=[_counted(event)])
            op.explanation = _op_explanation(event.op, op.weights)
            self.ops.append(self._claim(op))
            return
        op = self.by_key.get(leaf[0])
        if op is None:
            op = self._module_call(leaf, labels)
        _merge(op.calls[0], event)
        op.attributes["operators"].append(_operator(event))
        op.operators[0].extend(_counted(event))

    def _module_call(self, leaf: Frame, labels: tuple[str, ...]) -> Op:
        key, path, class_name = leaf
        call = _call_index(key)
        op = _module_op(path, class_name, labels[:-1], self.index,
                        first=path not in self.seen_paths)
        op.name = labels[-1]
        op.attributes.update(module=path, call=call)
        op.calls.append(([], []))
        op.operators.append([])
        self.seen_paths.add(path)
        self.by_key[key] = op
        self.ops.append(self._claim(op))
        return op

    def _claim(self, op: Op) -> Op:
        """Each parameter counts at its first reader; later readers (a tied embedding, a
        weight two functions read) list it in ``shared_weights``."""
        shared = [w for w in op.weights if w["name"] in self.claimed]
        if shared:
            op.weights = [w for w in op.weights if w["name"] not in self.claimed]
            op.attributes.setdefault("shared_weights", []).extend(shared)
            op.explanation += (f"; shares {', '.join(w['name'] for w in shared)} "
                               "(counted at its first reader)")
        self.claimed.update(w["name"] for w in op.weights)
        return op


def group_events(events: list[Event], index: Any) -> tuple[list[Op], dict[tuple[str, ...], str]]:
    """Ops for the graph builder (one per module call), and the class of every scope.

    Example:
        >>> from types import SimpleNamespace
        >>> index = SimpleNamespace(params={}, weights=lambda path: ([], []),  # no torch
        ...                         modules={"scale": SimpleNamespace(extra_repr=str)})
        >>> events = [Event("mul", "mul", [("c0", "scale", "Scale")], ["x"], ["mul"]),
        ...           Event("relu", "relu", [], ["mul"], ["relu"]),
        ...           Event("mul_1", "mul", [("c0@1", "scale", "Scale")], ["relu"], ["mul_1"])]
        >>> ops, classes = group_events(events, index)
        >>> for op in ops:
        ...     print(op.name, op.class_name, op.calls, op.is_operation)
        scale Scale [(['x'], ['mul'])] False
        relu relu [(['mul'], ['relu'])] True
        scale [2nd call] Scale [(['relu'], ['mul_1'])] False
        >>> classes
        {('scale',): 'Scale', ('scale [2nd call]',): 'Scale'}
    """
    grouper = _Grouper(events, index)
    for event in events:
        grouper.add(event)
    return grouper.ops, grouper.classes


def _operator(event: Event) -> dict[str, Any]:
    record: dict[str, Any] = {"op": event.op, "input_shapes": list(event.arg_shapes),
                              "output_shapes": list(event.output_shapes)}
    if event.arguments:
        record["arguments"] = dict(event.arguments)
    return record


def _counted(event: Event) -> list[dict[str, Any]]:
    """The record :mod:`modelviz.compute.operator_macs` counts (positions kept)."""
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


def _module_op(path: str, class_name: str, scope: tuple[str, ...], index: Any,
               first: bool) -> Op:
    weights, buffers = index.weights(path)
    config = {"extra_repr": index.modules[path].extra_repr(),
              "buffers": [{"label": b["label"], "shape": b["shape"]} for b in buffers]}
    explanation = _module_explanation(weights, buffers, class_name)
    attributes: dict[str, Any] = {"operators": []}
    if not first and weights:  # counted once, at the module's first call
        attributes["shared_weights"] = weights
        explanation = f"{path}'s parameters, counted at its first call"
        weights = []
    return Op(path, class_name, scope, [], weights, explanation, config,
              attributes=attributes)


def _param_weights(names: list[str], params: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": n, "label": n, "shape": tuple(params[n].shape),
             "trainable": bool(params[n].requires_grad), "dtype": dtype_name(params[n])}
            for n in dict.fromkeys(names) if n in params]


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


def _op_explanation(op: str, weights: list[dict[str, Any]]) -> str:
    if not weights:
        return f"{op} has no weights"
    return f"{_terms(weights)} = {sum(_numel(w['shape']) for w in weights):,}"


def _numel(shape: tuple[Any, ...]) -> int:
    size = 1
    for dim in shape:
        size *= int(dim)
    return size
