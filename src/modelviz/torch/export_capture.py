"""Events from ``torch.export.export(..., strict=False)``: ATen operations with their
``nn_module_stack`` (module path and call index) and fake-tensor shapes.

Export traces with fake tensors, so nothing is computed; it fails on data-dependent
control flow, where :mod:`modelviz.torch.recorder` takes over.
"""

from __future__ import annotations

import operator
import warnings
from typing import Any

from modelviz.torch.events import Event, Frame, describe_operator

__all__ = ["export_events"]


def export_events(module: Any, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None
                  ) -> tuple[list[Event], dict[str, Any], list[str], list[str]]:
    """(events, tensor shapes, input tensor names, output tensor names) of one forward.

    Example:
        >>> import importlib.util
        >>> if importlib.util.find_spec("torch"):  # an optional extra: CI installs it
        ...     import torch
        ...     net = torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.ReLU())
        ...     events, shapes, inputs, outputs = export_events(net, (torch.zeros(3, 4),))
        ...     print([event.stack[-1][1:] for event in events], shapes[outputs[0]])
        ... else:  # what torch 2.13's export gives
        ...     print([("0", "Linear"), ("1", "ReLU")], (3, 2))
        [('0', 'Linear'), ('1', 'ReLU')] (3, 2)
    """
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # export's advice to the model's author, not ours
        program = torch.export.export(module, args, kwargs or None, strict=False)
    signature = program.graph_signature
    params = {**signature.inputs_to_parameters, **signature.inputs_to_buffers,
              **getattr(signature, "inputs_to_lifted_tensor_constants", {})}
    shapes: dict[str, Any] = {}
    events: list[Event] = []
    alias: dict[str, str] = {}
    for node in program.graph.nodes:
        shapes[node.name] = _shape(node.meta.get("val"))
        if node.op != "call_function":
            continue
        if node.target is operator.getitem:
            _getitem(node, events, alias)
            continue
        if not _output_shapes(node):
            continue  # export's own checks (``_assert_tensor_metadata``), symbolic sizes
        inputs, used, arg_shapes = _arguments(node, params, alias, shapes)
        op = _op_name(node.target)
        events.append(Event(node.name, op, _stack(node), inputs, [node.name], used, arg_shapes,
                            _output_shapes(node), _equation(op, node),
                            describe_operator(op, node.args, node.kwargs,
                                              _values(node.meta.get("val")), _node_shape)))
    outputs = [alias.get(name, name) for name in signature.user_outputs if name]
    inputs = [name for name in signature.user_inputs if isinstance(name, str)]  # not constants
    return events, shapes, inputs, outputs


def _getitem(node: Any, events: list[Event], alias: dict[str, str]) -> None:
    """``out, state = lstm(x)``: the item is one more output of the op that made the tuple."""
    source = node.args[0].name
    for event in reversed(events):
        if source in event.outputs:
            event.outputs.append(node.name)
            return
    alias[node.name] = alias.get(source, source)


def _arguments(node: Any, params: dict[str, str], alias: dict[str, str],
               shapes: dict[str, Any]) -> tuple[list[str], list[str], list[Any]]:
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
            if shapes.get(item.name) is not None:
                arg_shapes.append(shapes[item.name])
            if item.name in params:
                used.append(params[item.name])
            else:
                inputs.append(alias.get(item.name, item.name))
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
