"""Events from ``torch.export.export(..., strict=False)``: ATen operations with their
``nn_module_stack`` (module path and call index) and fake-tensor shapes.

Export traces with fake tensors, so nothing is computed; it fails on data-dependent
control flow, where :mod:`modelviz.torch.recorder` takes over. Code run under
``torch.no_grad()`` or ``torch.autocast(...)`` (a decorated ``forward``, a ``with`` block)
arrives as a wrapper operator around a sub-graph (``wrap_with_set_grad_enabled``,
``wrap_with_autocast``): its operations are read as if written in place. A leaf module
whose call runs no operation (``nn.Identity``, ``StochasticDepth`` or ``DropPath`` in
eval mode) returns its input unchanged and so leaves nothing in the program; a forward
hook then returns ``aten.alias`` of it, which becomes the call's ``identity`` operation,
as the recorder gives it.
"""

from __future__ import annotations

import contextlib
import operator
import warnings
from collections.abc import Iterator
from typing import Any, Final

from modelviz.torch.events import Event, Frame, describe_operator

__all__ = ["export_events"]

# Wrapper operators around a sub-graph that only set a mode for it (the sub-graph's
# operations run once, in place): ``torch.no_grad()`` / ``enable_grad`` and autocast.
_WRAPPERS: Final = frozenset({"wrap_with_set_grad_enabled", "wrap_with_autocast"})


def export_events(module: Any, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None
                  ) -> tuple[list[Event], dict[str, Any], list[str], list[str]]:
    """(events, tensor shapes, input tensor names, output tensor names) of one forward.

    Example:
        >>> import importlib.util
        >>> if importlib.util.find_spec("torch"):  # an optional extra: CI installs it
        ...     import torch
        ...     net = torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.Identity())
        ...     events, shapes, inputs, outputs = export_events(net, (torch.zeros(3, 4),))
        ...     print([event.stack[-1][1:] for event in events], shapes[outputs[0]])
        ... else:  # what torch 2.13's export gives
        ...     print([("0", "Linear"), ("1", "Identity")], (3, 2))
        [('0', 'Linear'), ('1', 'Identity')] (3, 2)
    """
    import torch

    with warnings.catch_warnings(), _identity_markers(torch, module):
        warnings.simplefilter("ignore")  # export's advice to the model's author, not ours
        program = torch.export.export(module, args, kwargs or None, strict=False)
    signature = program.graph_signature
    params = {**signature.inputs_to_parameters, **signature.inputs_to_buffers,
              **getattr(signature, "inputs_to_lifted_tensor_constants", {})}
    shapes: dict[str, Any] = {}
    events: list[Event] = []
    alias: dict[str, str] = {}
    names: dict[Any, str] = {}
    for node in _walk(program.graph_module, names, alias):
        name = names[node]
        shapes[name] = _shape(node.meta.get("val"))
        if node.op != "call_function":
            continue
        if node.target is operator.getitem:
            _getitem(names[node.args[0]], name, events, alias)
            continue
        if not _output_shapes(node):
            continue  # export's own checks (``_assert_tensor_metadata``), symbolic sizes
        inputs, used, arg_shapes = _arguments(node, params, alias, shapes, names)
        op = _op_name(node.target)
        events.append(Event(name, op, _stack(node), inputs, [name], used, arg_shapes,
                            _output_shapes(node), _equation(op, node),
                            describe_operator(op, node.args, node.kwargs,
                                              _values(node.meta.get("val")), _node_shape)))
    outputs = [alias.get(name, name) for name in signature.user_outputs if name]
    inputs = [name for name in signature.user_inputs if isinstance(name, str)]  # not constants
    return _identities(events, outputs), shapes, inputs, outputs


@contextlib.contextmanager
def _identity_markers(torch: Any, module: Any) -> Iterator[None]:
    """While exporting: a leaf module's call that returns one of its inputs untouched (no
    in-place operation raised its version) returns ``aten.alias`` of it instead, so the
    call leaves an operation with its ``nn_module_stack``."""
    versions: list[list[tuple[Any, int]]] = []

    def enter(sub: Any, args: Any, kwargs: Any) -> None:
        tensors = [*args, *kwargs.values()]
        versions.append([(t, _version(t)) for t in tensors if isinstance(t, torch.Tensor)])

    def leave(sub: Any, args: Any, kwargs: Any, output: Any) -> Any:
        before = versions.pop() if versions else []
        if any(t is output and version is not None and _version(t) == version
               for t, version in before):
            return torch.ops.aten.alias.default(output)
        return None

    handles = []
    for sub in module.modules():
        if next(sub.children(), None) is None:
            handles.append(sub.register_forward_pre_hook(enter, with_kwargs=True))
            handles.append(sub.register_forward_hook(leave, with_kwargs=True))
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


def _version(tensor: Any) -> int | None:
    """The tensor's version counter (raised by every in-place operation), None where it
    has none (an inference-mode tensor)."""
    try:
        return int(tensor._version)
    except Exception:
        return None


def _identities(events: list[Event], outputs: list[str]) -> list[Event]:
    """An ``alias`` alone in its leaf call is that call's ``identity`` operation (what the
    recorder records for it); one beside other operations is dropped, its readers reading
    its input."""
    per_call: dict[str, int] = {}
    for event in events:
        if event.stack:
            per_call[event.stack[-1][0]] = per_call.get(event.stack[-1][0], 0) + 1
    inner = {frame[0] for event in events for frame in event.stack[:-1]}
    kept: list[Event] = []
    renamed: dict[str, str] = {}
    for event in events:
        event.inputs = list(dict.fromkeys(renamed.get(t, t) for t in event.inputs))
        if (event.op != "alias" or not event.stack or event.stack[-1][0] in inner
                or len(event.inputs) != 1):
            kept.append(event)
        elif per_call[event.stack[-1][0]] == 1:
            event.op = "identity"
            event.operator = {**(event.operator or {}), "op": "identity"}
            kept.append(event)
        else:
            renamed[event.name] = event.inputs[0]
    outputs[:] = [renamed.get(t, t) for t in outputs]
    return kept


def _walk(graph_module: Any, names: dict[Any, str], alias: dict[str, str]) -> Iterator[Any]:
    """The program's nodes in order, each named in ``names``; the sub-graph of a wrapper
    (:data:`_WRAPPERS`) in place of the wrapper: its placeholders named as the wrapper's
    operands, the wrapper's items (``getitem``) as the sub-graph's results."""
    taken = {node.name for node in graph_module.graph.nodes}
    results: dict[Any, list[Any]] = {}  # wrapper node -> its sub-graph's result nodes
    stack = [(graph_module, iter(graph_module.graph.nodes), True)]
    while stack:
        owner, nodes, outer = stack[-1]
        node = next(nodes, None)
        if node is None:
            stack.pop()
            continue
        if node.op == "placeholder" and not outer:
            continue  # named as the wrapper's operand
        item = _result(node, results, names)
        if item is not None:  # the wrapper's result: the sub-graph's node of that name
            names[node] = alias[node.name] = item
            continue
        names[node] = node.name if outer else _unique(node.name, taken)
        body = _wrapped(owner, node)
        if body is None:
            yield node
            continue
        sub, operands = body
        inner = [n for n in sub.graph.nodes if n.op == "placeholder"]
        names.update((p, names[a]) for p, a in zip(inner, operands, strict=False)
                     if _is_node(a) and a in names)
        result = next(n for n in reversed(sub.graph.nodes) if n.op == "output")
        results[node] = list(result.args[0])
        stack.append((sub, iter(sub.graph.nodes), False))


def _result(node: Any, results: dict[Any, list[Any]], names: dict[Any, str]) -> str | None:
    """The name of the sub-graph node that ``wrapper[i]`` stands for, else None."""
    if node.op != "call_function" or node.target is not operator.getitem \
            or node.args[0] not in results:
        return None
    found = results[node.args[0]][node.args[1]]
    return names.get(found) if _is_node(found) else None


def _is_node(value: Any) -> bool:
    return type(value).__name__ == "Node" and hasattr(value, "op")  # a torch.fx.Node


def _wrapped(owner: Any, node: Any) -> tuple[Any, list[Any]] | None:
    """(sub-graph module, operand nodes) of a wrapper node, else None."""
    if node.op != "call_function" or getattr(node.target, "__name__", "") not in _WRAPPERS:
        return None
    for position, item in enumerate(node.args):
        if _is_node(item) and item.op == "get_attr":
            return getattr(owner, item.target), list(node.args[position + 1:])
    return None


def _unique(name: str, taken: set[str]) -> str:
    unique, serial = name, 1
    while unique in taken:
        unique, serial = f"{name}_{serial}", serial + 1
    taken.add(unique)
    return unique


def _getitem(source: str, name: str, events: list[Event], alias: dict[str, str]) -> None:
    """``out, state = lstm(x)``: the item is one more output of the op that made the tuple."""
    for event in reversed(events):
        if source in event.outputs:
            event.outputs.append(name)
            return
    alias[name] = alias.get(source, source)


def _arguments(node: Any, params: dict[str, str], alias: dict[str, str],
               shapes: dict[str, Any], names: dict[Any, str]
               ) -> tuple[list[str], list[str], list[Any]]:
    """Tensor inputs (graph nodes), the parameters/buffers read directly, every shape."""
    inputs: list[str] = []
    used: list[str] = []
    arg_shapes: list[Any] = []
    work = [(node.args, node.kwargs)]
    while work:
        item = work.pop()
        if isinstance(item, (list, tuple)):
            work.extend(reversed(item))
        elif isinstance(item, dict):
            work.extend(reversed(list(item.values())))
        elif type(item).__name__ == "Node" and hasattr(item, "op"):  # a torch.fx.Node
            name = names.get(item, item.name)
            if shapes.get(name) is not None:
                arg_shapes.append(shapes[name])
            if name in params:
                used.append(params[name])
            else:
                inputs.append(alias.get(name, name))
    return list(dict.fromkeys(inputs)), used, arg_shapes


def _output_shapes(node: Any) -> list[Any]:
    value = node.meta.get("val")
    values = value if isinstance(value, (list, tuple)) else [value]
    return [shape for shape in (_shape(v) for v in values) if shape is not None]


def _equation(op: str, node: Any) -> dict[str, Any]:
    if op == "einsum" and node.args and isinstance(node.args[0], str):
        return {"equation": node.args[0]}
    return {}


def _stack(node: Any) -> list[Frame]:
    stack = node.meta.get("nn_module_stack") or {}
    frames: list[Frame] = []
    for key, (path, kind) in stack.items():
        if not path:
            continue  # the model itself
        name = kind if isinstance(kind, str) else getattr(kind, "__qualname__", str(kind))
        frames.append((key, path, name.rsplit(".", 1)[-1]))
    return frames


def _op_name(target: Any) -> str:
    """``aten.add.Tensor`` -> ``add``."""
    name = getattr(target, "__name__", None) or str(target)
    schema = getattr(target, "_schema", None)
    if schema is not None:
        name = schema.name.split("::")[-1]
    return name.split(".")[0]


def _shape(value: Any) -> Any:
    shape = getattr(value, "shape", None)
    if shape is None:
        return None
    return tuple(int(d) if isinstance(d, int) or _concrete(d) else None for d in shape)


def _concrete(dim: Any) -> bool:
    try:
        int(dim)
    except Exception:  # a symbolic size that has no value
        return False
    return not hasattr(dim, "node") or dim.node.is_constant()


def _node_shape(value: Any) -> Any:
    """The shape of an argument: an fx node's fake tensor, or a plain tensor constant."""
    if type(value).__name__ == "Node" and hasattr(value, "meta"):
        return _shape(value.meta.get("val"))
    return _shape(value)


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]
